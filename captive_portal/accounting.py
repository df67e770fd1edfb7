"""Accounting: gateways report each ended session (time and bytes) and admins see how
many devices used each hotspot per day. MACs arrive raw from the gateway and are
hashed before anything is stored.

openNDS's BinAuth runs on every deauthentication with the session's counters; our
script (provisioning/opennds/binauth_infomat.sh) posts them here, signed like openNDS
signs its own tokens: sha256(fields joined by "|" + faskey).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import date, datetime, timedelta

import sqlite_utils

from common.sqlite import write_transaction

# Decimal ASCII digits only (int() takes "١٢٣" too), small enough for SQLite's INTEGER.
COUNTER = re.compile(r"[0-9]{1,18}")
COUNTERS = ("bytes_in", "bytes_out", "start", "end")
FIELDS = ("gateway", "method", "clientmac", "bytes_in", "bytes_out", "start", "end", "token")
DEAUTH_METHODS = {
    "client_deauth", "idle_deauth", "timeout_deauth", "downquota_deauth", "upquota_deauth",
    "ndsctl_deauth", "shutdown_deauth",
}  # fmt: skip


class AccountingError(ValueError):
    """A report to refuse, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def signature(values: dict, faskey: str) -> str:
    """What the gateway's script computes over a report."""
    text = "|".join(str(values[name]) for name in FIELDS) + faskey
    return hashlib.sha256(text.encode()).hexdigest()


def check(form: dict, faskey_for) -> dict:
    """A verified report as numbers, or AccountingError."""
    try:
        values = {name: str(form[name])[:80] for name in FIELDS}
    except KeyError as exc:
        raise AccountingError(400, f"missing {exc.args[0]}") from exc
    known = faskey_for(values["gateway"])
    if known is None:
        raise AccountingError(403, "unknown gateway")
    expected = signature(values, known[0]).encode()
    if not hmac.compare_digest(expected, str(form.get("sig", "")).encode()):
        raise AccountingError(403, "bad signature")
    if values["method"] not in DEAUTH_METHODS:
        raise AccountingError(400, "not a session end")
    if not all(COUNTER.fullmatch(values[name]) for name in COUNTERS):
        raise AccountingError(400, "counters must be whole numbers below 10^18")
    numbers = {name: int(values[name]) for name in COUNTERS}
    if numbers["end"] < numbers["start"]:
        raise AccountingError(400, "impossible counters")
    return values | numbers


def record(db: sqlite_utils.Database, report: dict, mac_hash: str) -> None:
    """Store one ended session (a repeated report is stored once)."""
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO sessions(gateway, token, mac_hash, reason, started_at, ended_at,"
            " bytes_in, bytes_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [report["gateway"], report["token"], mac_hash, report["method"], report["start"],
             report["end"], report["bytes_in"], report["bytes_out"]],
        )  # fmt: skip


def daily_usage(db: sqlite_utils.Database, days: int = 14, today: date | None = None) -> dict:
    """Per hotspot per day: distinct devices (from consents) and data (from sessions)."""
    today = today or date.today()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time()).timestamp()
    usage: dict = {}
    for gateway, day, devices in db.execute(
        "SELECT gateway, date(consented_at, 'unixepoch', 'localtime') AS day,"
        " COUNT(DISTINCT mac_hash) FROM consents WHERE consented_at >= ? GROUP BY gateway, day",
        [since],
    ):
        usage.setdefault(gateway, {})[day] = {"devices": devices, "bytes": 0}
    for gateway, day, total in db.execute(
        "SELECT gateway, date(ended_at, 'unixepoch', 'localtime') AS day,"
        " SUM(bytes_in + bytes_out) FROM sessions WHERE ended_at >= ? GROUP BY gateway, day",
        [since],
    ):
        usage.setdefault(gateway, {}).setdefault(day, {"devices": 0, "bytes": 0})["bytes"] = total
    return {
        "days": [(first + timedelta(days=n)).isoformat() for n in range(days)],
        "gateways": usage,
        "generated": time.time(),
    }
