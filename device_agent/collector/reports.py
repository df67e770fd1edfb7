"""Checking and storing a batch of reports: in order, exactly once, as its own device.

A batch is all-or-nothing: one bad report refuses the batch, and nothing of it is
stored. A sequence the collector already holds (a lost acknowledgement, or a replay
of a captured request) is refused with 409 and the last sequence it holds, so an
honest agent deletes those rows and sends the rest.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import sqlite_utils

from common.sqlite import write_transaction
from device_agent.collector import registry
from device_agent.measures import BOUNDS

BUCKET_SECONDS = 300
# metric_values() names → column types of devices.latest_<name>
LATEST_COLUMNS = {
    "cpu": float,
    "memory": float,
    "disk": float,
    "temperature": float,
    "clients": float,
    "ui_liveness_age": float,
    "sync_age": float,
    "wan_ok": int,
    "sync_error": str,
    "portal_alive": int,
    "ui_alerts": str,
}
MAX_REPORTS_PER_BATCH = 500


class ReportRejected(Exception):
    """A request to refuse: HTTP status, a counter reason and a message."""

    def __init__(self, status: int, reason: str, message: str, acked: dict | None = None):
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.acked = acked or {}


@dataclass
class BatchOutcome:
    """What was stored, what is acknowledged, and the commands to hand out."""

    stored: int = 0
    acked: dict[str, int] = field(default_factory=dict)
    commands: list[dict] = field(default_factory=list)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_bounds(report: dict) -> None:
    values = metric_values(report) | {"clock_offset": _float(report.get("clock_offset"))}
    for name, (low, high) in BOUNDS.items():
        if values[name] is not None and not low <= values[name] <= high:
            raise ReportRejected(400, "out-of-range", f"{name} must be within {low}..{high}")


def _check_report(
    report: object, now: float, max_skew: float, since: float
) -> tuple[str, int, float]:
    if not isinstance(report, dict):
        raise ReportRejected(400, "malformed", "each report must be an object")
    boot_id, seq, sampled_at = report.get("boot_id"), report.get("seq"), report.get("sampled_at")
    if not isinstance(boot_id, str) or not 0 < len(boot_id) <= 64:
        raise ReportRejected(400, "malformed", "boot_id must be a short string")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 < seq < 2**53:
        raise ReportRejected(400, "malformed", "seq must be a positive integer")
    if not _number(sampled_at) or sampled_at < 0:
        raise ReportRejected(400, "malformed", "sampled_at must be a UNIX time")
    if sampled_at > now + max_skew:
        raise ReportRejected(400, "future-timestamp", "sampled_at is far in the future")
    if sampled_at < since - max_skew:
        raise ReportRejected(400, "before-enrollment", "sampled_at is before the enrollment")
    _check_bounds(report)
    return boot_id, seq, float(sampled_at)


def store_batch(
    db: sqlite_utils.Database, device: dict, payload: object, now: float, max_skew: float
) -> BatchOutcome:
    """Validate the whole batch, then store it in one transaction.

    `device` is the token's device: its id and, when known, when it first enrolled or
    reported; reports sampled before that (beyond the allowed skew) are refused.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("reports"), list):
        raise ReportRejected(400, "malformed", "expected {device_id, sent_at, reports: [...]}")
    if payload.get("device_id") != device["id"]:
        raise ReportRejected(403, "impersonation", "this token belongs to another device")
    sent_at = payload.get("sent_at")
    if not _number(sent_at) or sent_at < 0:
        raise ReportRejected(400, "malformed", "sent_at must be a UNIX time")
    if sent_at > now + max_skew:
        raise ReportRejected(400, "future-timestamp", "sent_at is far in the future")
    batch = payload["reports"]
    if not 0 < len(batch) <= MAX_REPORTS_PER_BATCH:
        raise ReportRejected(400, "malformed", f"1 to {MAX_REPORTS_PER_BATCH} reports per batch")
    since = min(t for t in (device.get("enrolled_at"), device.get("first_seen"), now) if t)
    checked = [_check_report(report, now, max_skew, since) for report in batch]

    with write_transaction(db):
        known = {
            boot: last
            for boot, last in db.execute(
                "SELECT boot_id, last_seq FROM boots WHERE device_id = ?", [device["id"]]
            )
        }
        last_seen = dict(known)
        for boot_id, seq, _sampled in checked:
            if seq <= last_seen.get(boot_id, 0):
                held = {b: known[b] for b in {b for b, _s, _t in checked} if b in known}
                raise ReportRejected(
                    409, "replayed", f"sequence {seq} of this boot already received", held
                )
            last_seen[boot_id] = seq
        for (boot_id, seq, sampled_at), report in zip(checked, batch, strict=True):
            _store_one(db, device["id"], boot_id, seq, sampled_at, report, now)
        for boot_id, seq in last_seen.items():
            if known.get(boot_id) != seq:
                db.execute(
                    "INSERT INTO boots(device_id, boot_id, last_seq, first_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(device_id, boot_id) DO UPDATE SET last_seq = excluded.last_seq",
                    [device["id"], boot_id, seq, now],
                )
        _update_device(db, device["id"], checked, batch, sent_at, now)
        for report in batch:
            _record_results(db, device["id"], report.get("command_results"), now)
        commands = _deliver_commands(db, device["id"], now)
    acked = {boot: seq for boot, seq in last_seen.items() if boot in {b for b, _s, _t in checked}}
    return BatchOutcome(stored=len(batch), acked=acked, commands=commands)


def _store_one(db, device_id, boot_id, seq, sampled_at, report, now) -> None:
    db.execute(
        "INSERT INTO reports(device_id, boot_id, seq, sampled_at, received_at, body) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [device_id, boot_id, seq, sampled_at, now, json.dumps(report, separators=(",", ":"))],
    )
    values = metric_values(report)
    db.execute(
        "INSERT INTO aggregates(device_id, bucket, samples, cpu_sum, memory_sum, disk_max,"
        " temperature_max, clients_max) VALUES (?, ?, 1, ?, ?, ?, ?, ?)"
        " ON CONFLICT(device_id, bucket) DO UPDATE SET samples = samples + 1,"
        " cpu_sum = cpu_sum + excluded.cpu_sum, memory_sum = memory_sum + excluded.memory_sum,"
        " disk_max = MAX(COALESCE(disk_max, 0), COALESCE(excluded.disk_max, 0)),"
        " temperature_max = MAX(COALESCE(temperature_max, -273),"
        "   COALESCE(excluded.temperature_max, -273)),"
        " clients_max = MAX(COALESCE(clients_max, 0), COALESCE(excluded.clients_max, 0))",
        [
            device_id,
            int(sampled_at // BUCKET_SECONDS),
            values["cpu"] or 0.0,
            values["memory"] or 0.0,
            values["disk"],
            values["temperature"],
            values["clients"],
        ],
    )


def _section(report: dict, key: str) -> dict:
    value = report.get(key)
    return value if isinstance(value, dict) else {}


def _float(value: object) -> float | None:
    return float(value) if _number(value) else None


def metric_values(report: dict) -> dict:
    """The numbers charts, alerts and /metrics use, None where a report lacks them.

    Reports come from devices: any part may be missing or of the wrong type.
    """
    system = _section(report, "system")
    return {
        "cpu": _float(system.get("cpu_percent")),
        "memory": _float(_section(system, "memory").get("percent")),
        "disk": _float(_section(system, "disk").get("percent")),
        "temperature": _float(system.get("temperature_c")),
        "clients": _float(_section(report, "hotspot").get("clients")),
        "ui_liveness_age": _float(report.get("ui_liveness_age")),
        "sync_age": _float(_section(report, "sync").get("last_success_age")),
        "wan_ok": _section(report, "wan").get("ok") is not False,
        "sync_error": str(_section(report, "sync").get("last_error") or "")[:200] or None,
        "portal_alive": _section(report, "hotspot").get("alive") is not False,
        "ui_alerts": _alert_ids(_section(report, "ui").get("alerts")),
    }


def _alert_ids(value: object) -> str | None:
    """The alert ids a kiosk says it shows, as ",12,15," (None for none), so the dashboard
    can tell who shows an alert without reading every kiosk's report."""
    if not isinstance(value, list):
        return None
    ids = [str(a) for a in value[:50] if isinstance(a, int) and not isinstance(a, bool)]
    return f",{','.join(ids)}," if ids else None


# Column names come from the LATEST_COLUMNS constant, never from a request.
_LATEST_ASSIGNMENTS = ", ".join(f"latest_{name} = ?" for name in LATEST_COLUMNS)
_UPDATE_DEVICE = (
    "UPDATE devices SET last_seen = ?, first_seen = COALESCE(first_seen, ?), boot_id = ?,"  # noqa: S608
    f" last_report = ?, clock_offset = ?, stopping = ?, {_LATEST_ASSIGNMENTS} WHERE id = ?"
)


def _update_device(db, device_id, checked, batch, sent_at, now) -> None:
    newest = max(range(len(batch)), key=lambda i: (checked[i][2], checked[i][1]))
    report = batch[newest]
    offset = report.get("clock_offset")
    if not _number(offset):
        offset = now - sent_at  # one-way estimate until the agent measures its own
    values = metric_values(report)
    db.execute(
        _UPDATE_DEVICE,
        [
            now,
            now,
            checked[newest][0],
            json.dumps(report, separators=(",", ":")),
            round(float(offset), 3),
            1 if report.get("stopping") is True else 0,
            *(values[name] for name in LATEST_COLUMNS),
            device_id,
        ],
    )


def _record_results(db, device_id: str, results: object, now: float) -> None:
    if not isinstance(results, list):
        return
    for result in results[:50]:
        if not isinstance(result, dict) or not isinstance(result.get("id"), str):
            continue
        ok = result.get("ok") is True
        detail = result.get("detail") if ok else result.get("error")
        finished = db.execute(
            "UPDATE commands SET finished_at = ?, ok = ?, result = ? "
            "WHERE id = ? AND device_id = ? AND finished_at IS NULL RETURNING verb",
            [now, int(ok), str(detail or "")[:500], result["id"], device_id],
        ).fetchall()
        if finished:
            registry.audit(
                db,
                device_id,
                "command-done" if ok else "command-failed",
                device_id,
                {"id": result["id"], "verb": finished[0][0], "result": str(detail or "")[:300]},
            )


def _deliver_commands(db, device_id: str, now: float) -> list[dict]:
    rows = db.execute(
        "SELECT id, verb, arguments, expires_at FROM commands WHERE device_id = ? AND"
        " finished_at IS NULL AND expires_at > ? ORDER BY created_at",
        [device_id, now],
    ).fetchall()
    for command_id, *_rest in rows:
        db.execute(
            "UPDATE commands SET delivered_at = COALESCE(delivered_at, ?) WHERE id = ?",
            [now, command_id],
        )
    return [
        {"id": cid, "verb": verb, "arguments": json.loads(args), "expires_at": expires}
        for cid, verb, args, expires in rows
    ]


def prune_history(db: sqlite_utils.Database, raw_hours: float, aggregate_days: float) -> None:
    """Forget raw reports after `raw_hours` and 5-minute aggregates after `aggregate_days`."""
    now = time.time()
    with write_transaction(db):
        db.execute("DELETE FROM reports WHERE received_at < ?", [now - raw_hours * 3600])
        db.execute(
            "DELETE FROM aggregates WHERE bucket < ?",
            [int((now - aggregate_days * 86_400) // BUCKET_SECONDS)],
        )
