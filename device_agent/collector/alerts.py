"""Alerts: a problem opens once, is told once, and its recovery is told once.

Each evaluation compares what is wrong now (offline devices, thresholds crossed)
with the open problems in fleet.db. A problem opened while its device is muted
(outside its opening hours, in a maintenance window) is told when the mute ends if
it is still there; a recovery is told only for a problem that was told.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

import sqlite_utils

from common.polish import local_timestamp
from common.sqlite import write_transaction
from device_agent.collector.fleet_state import STATE_LABELS, DeviceState
from device_agent.collector.notify import Notifier

log = logging.getLogger(__name__)

PROBLEM_TITLES = {
    "offline": "nie działa",
    "disk": "pełny dysk",
    "temperature": "za wysoka temperatura",
    "sync": "brak synchronizacji treści",
    "ui": "aplikacja kiosku nie odpowiada",
    "portal": "portal Wi-Fi nie odpowiada",
}


def current_problems(states: list[DeviceState]) -> dict[tuple[str, str], str]:
    """(device, problem kind) → detail, for everything wrong now."""
    problems = {}
    for device in states:
        if device.state == "offline":
            problems[(device.id, "offline")] = device.reason
        for kind, detail in device.problems.items():
            problems[(device.id, kind)] = detail
    return problems


def _describe(
    device: dict, kind: str, detail: str, opened_at: float, office_names: Mapping[str, str]
) -> str:
    office = office_names.get(device["municipality"], device["municipality"])
    return (
        f"Urządzenie: {device['id']} ({device['name']})\n"
        f"Gdzie: {office}, {device['address'] or '-'}\n"
        f"Problem: {PROBLEM_TITLES.get(kind, kind)} — {detail}\n"
        f"Od: {local_timestamp(opened_at)}\n"
    )


def evaluate(
    db: sqlite_utils.Database,
    states: list[DeviceState],
    notifier: Notifier,
    muted: Callable[[dict, float], bool],
    now: float | None = None,
    office_names: Mapping[str, str] | None = None,
) -> list[str]:
    """Open, resolve and tell problems; returns the subjects of what was sent.

    `office_names` (gmina id → name) lets the mails name a device's gmina.
    """
    now = time.time() if now is None else now
    office_names = office_names or {}
    by_id = {device.id: device for device in states}
    wrong = current_problems(states)
    sent = []
    with write_transaction(db):
        open_rows = list(db["problems"].rows_where("resolved_at IS NULL"))
        open_keys = {(row["device_id"], row["kind"]) for row in open_rows}
        for row in open_rows:
            if (row["device_id"], row["kind"]) not in wrong:
                db.execute("UPDATE problems SET resolved_at = ? WHERE id = ?", [now, row["id"]])
        for (device_id, kind), detail in wrong.items():
            if (device_id, kind) not in open_keys:
                db["problems"].insert(
                    {"device_id": device_id, "kind": kind, "detail": detail, "opened_at": now}
                )
    for row in db["problems"].rows_where("resolved_at IS NULL AND notified_open = 0"):
        state = by_id.get(row["device_id"])
        if state is None or muted(state.row, now):
            continue
        subject = f"[Infomat] {row['device_id']}: {PROBLEM_TITLES.get(row['kind'], row['kind'])}"
        body = _describe(state.row, row["kind"], row["detail"], row["opened_at"], office_names)
        payload = {
            "event": "problem",
            "device": row["device_id"],
            "kind": row["kind"],
            "detail": row["detail"],
            "since": row["opened_at"],
        }
        if notifier.send(subject, body, payload):
            _mark(db, row, "notified_open", 1)
            sent.append(subject)
    for row in db["problems"].rows_where("resolved_at IS NOT NULL AND notified_resolved = 0"):
        state = by_id.get(row["device_id"])
        if not row["notified_open"] or state is None:
            # Nobody was told it broke, so nobody needs telling it is fixed.
            _mark(db, row, "notified_resolved", -1)
            continue
        minutes = round((row["resolved_at"] - row["opened_at"]) / 60)
        title = PROBLEM_TITLES.get(row["kind"], row["kind"])
        subject = f"[Infomat] {row['device_id']}: znów w porządku ({title})"
        body = (
            _describe(state.row, row["kind"], row["detail"], row["opened_at"], office_names)
            + f"Naprawione po {minutes} min; stan teraz: {STATE_LABELS[state.state]}.\n"
            + _reboot_note(db, row)
        )
        payload = {
            "event": "recovery",
            "device": row["device_id"],
            "kind": row["kind"],
            "since": row["opened_at"],
            "resolved": row["resolved_at"],
        }
        if notifier.send(subject, body, payload):
            _mark(db, row, "notified_resolved", 1)
            sent.append(subject)
    for subject in sent:
        log.info("alert sent: %s", subject)
    return sent


def _mark(db: sqlite_utils.Database, problem: dict, flag: str, value: int) -> None:
    """Record at once that a problem was told (or needs no telling), whatever comes next."""
    with write_transaction(db):
        db["problems"].update(problem["id"], {flag: value})


def _reboot_note(db: sqlite_utils.Database, problem: dict) -> str:
    """Whether the device came back with a new boot id (it was rebooted or lost power)."""
    rows = db.execute(
        "SELECT COUNT(*) FROM boots WHERE device_id = ? AND first_at >= ?",
        [problem["device_id"], problem["opened_at"]],
    ).fetchone()
    return "Urządzenie wróciło po ponownym uruchomieniu (nowy rozruch).\n" if rows[0] else ""
