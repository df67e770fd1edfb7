"""The daily digest: one plain-language e-mail on the state of the fleet."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import sqlite_utils

from captive_portal import online
from common.polish import LOCAL_TZ, local_timestamp
from common.sqlite import write_transaction
from device_agent.collector.alerts import PROBLEM_TITLES
from device_agent.collector.fleet_state import STATE_LABELS, DeviceState
from device_agent.collector.notify import Notifier

KIND_NAMES = {"kiosk": "infomaty", "hotspot": "punkty Wi-Fi"}


def digest_text(
    db: sqlite_utils.Database, states: list[DeviceState], now: float, people_online: int
) -> str:
    """What an IT admin reads over morning coffee: counts, what is down, yesterday's problems.

    `people_online` is captive_portal.online's number, the one every page shows.
    """
    lines = [
        f"Dzień dobry. Stan urządzeń powiatu na {local_timestamp(now)}:",
        "",
    ]
    for kind, name in KIND_NAMES.items():
        of_kind = [s for s in states if s.row["kind"] == kind]
        up = sum(s.up for s in of_kind)
        lines.append(f"- {name}: działa {up} z {len(of_kind)}")
    lines.append(f"- osoby w sieci Wi-Fi teraz: {people_online} ({online.MEANING})")
    down = [s for s in states if not s.up]
    lines += ["", "Nie działa teraz:" if down else "Wszystkie urządzenia działają."]
    for device in down:
        lines.append(
            f"- {device.id} ({device.row['name']}): {STATE_LABELS[device.state]}"
            + (f" — {device.reason}" if device.reason else "")
        )
    unhealthy = [s for s in states if s.problems]
    if unhealthy:
        lines += ["", "Działa, ale z problemem:"]
        lines += [f"- {s.id}: {'; '.join(s.problems.values())}" for s in unhealthy]
    day_ago = now - 86_400
    count = db.execute(
        "SELECT kind, COUNT(*) FROM problems WHERE opened_at >= ? GROUP BY kind", [day_ago]
    ).fetchall()
    if count:
        lines += ["", "Problemy w ciągu ostatniej doby:"]
        lines += [f"- {PROBLEM_TITLES.get(kind, kind)}: {n}" for kind, n in count]
    return "\n".join(lines) + "\n"


def send_digest_if_due(
    db: sqlite_utils.Database,
    states: list[DeviceState],
    notifier: Notifier,
    people_online: Callable[[], int],
    now: float | None = None,
    hour: int = 7,
) -> bool:
    """Send today's digest once, at or after `hour` Warsaw time; `people_online` is asked
    only then (it reads portal.db)."""
    now = time.time() if now is None else now
    local = datetime.fromtimestamp(now, LOCAL_TZ)
    if hour < 0 or local.hour < hour:
        return False
    today = local.date().isoformat()
    row = db.execute("SELECT value FROM meta WHERE key = 'digest_sent'").fetchone()
    if row and row[0] == today:
        return False
    if not notifier.email(
        f"[Infomat] Stan urządzeń {local:%d.%m.%Y}", digest_text(db, states, now, people_online())
    ):
        return False
    with write_transaction(db):
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('digest_sent', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [today],
        )
    return True
