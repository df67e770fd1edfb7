"""The collector's SQLite file (fleet.db): devices, tokens, reports, commands, problems.

Every device writes here once a minute, so each server thread keeps its connection
open (closing the last connection to a WAL file checkpoints it, which costs more
than the insert) and commits with synchronous=NORMAL: a crashed process loses
nothing, a power cut of the server may lose the last second of health reports.
Content (content.db) keeps full durability.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from flask import current_app

from common.sqlite import end_transaction, kept_connection, open_database

migrations = sqlite_utils.Migrations("device_agent.collector")


@migrations()
def m001_fleet(db: sqlite_utils.Database) -> None:
    """Registry, enrollment, raw reports and aggregates, commands, problems, audit."""
    db["devices"].create(
        {
            "id": str,
            "kind": str,
            "name": str,
            "municipality": str,
            "address": str,
            "lat": float,
            "lon": float,
            "token_hash": str,
            "enrolled_at": float,
            "revoked_at": float,
            "hostname": str,
            "first_seen": float,
            "last_seen": float,
            "boot_id": str,
            "last_report": str,
            "clock_offset": float,
            "stopping": int,
            "rejected": int,
        },
        pk="id",
        defaults={"rejected": 0, "stopping": 0},
    )
    db["devices"].create_index(["token_hash"], unique=True)
    db["enrollment_codes"].create(
        {
            "code_hash": str,
            "device_id": str,
            "created_by": str,
            "created_at": float,
            "expires_at": float,
            "used_at": float,
        },
        pk="code_hash",
    )
    db["reports"].create(
        {
            "device_id": str,
            "boot_id": str,
            "seq": int,
            "sampled_at": float,
            "received_at": float,
            "body": str,
        }
    )
    db["reports"].create_index(["device_id", "boot_id", "seq"], unique=True)
    db["reports"].create_index(["received_at"])
    # The last sequence of every boot ever seen: replays are refused even after the raw
    # reports that proved them have been pruned.
    db["boots"].create(
        {"device_id": str, "boot_id": str, "last_seq": int, "first_at": float},
        pk=("device_id", "boot_id"),
    )
    db["aggregates"].create(
        {
            "device_id": str,
            "bucket": int,
            "samples": int,
            "cpu_sum": float,
            "memory_sum": float,
            "disk_max": float,
            "temperature_max": float,
            "clients_max": int,
        },
        pk=("device_id", "bucket"),
    )
    db["commands"].create(
        {
            "id": str,
            "device_id": str,
            "verb": str,
            "arguments": str,
            "created_by": str,
            "created_at": float,
            "expires_at": float,
            "delivered_at": float,
            "finished_at": float,
            "ok": int,
            "result": str,
        },
        pk="id",
    )
    db["commands"].create_index(["device_id", "finished_at"])
    db["screenshots"].create(
        {"device_id": str, "command_id": str, "taken_at": float, "png": bytes}, pk="device_id"
    )
    db["problems"].create(
        {
            "id": int,
            "device_id": str,
            "kind": str,
            "detail": str,
            "opened_at": float,
            "resolved_at": float,
            "notified_open": int,
            "notified_resolved": int,
        },
        pk="id",
        defaults={"notified_open": 0, "notified_resolved": 0},
    )
    db["problems"].create_index(["device_id", "kind", "resolved_at"])
    db["rejections"].create({"reason": str, "count": int, "last_at": float}, pk="reason")
    db["audit"].create(
        {"id": int, "at": float, "actor": str, "action": str, "device_id": str, "detail": str},
        pk="id",
    )
    db["audit"].create_index(["device_id", "at"])
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m002_latest_values(db: sqlite_utils.Database) -> None:
    """The newest report's numbers as columns: 10,000 devices are judged without JSON."""
    from device_agent.collector.reports import LATEST_COLUMNS

    for name, kind in LATEST_COLUMNS.items():
        db["devices"].add_column(f"latest_{name}", kind)


@migrations()
def m003_latest_ui_alerts(db: sqlite_utils.Database) -> None:
    """Which alerts each kiosk shows, as a column (databases m002 made before it existed)."""
    if "latest_ui_alerts" not in db["devices"].columns_dict:
        db["devices"].add_column("latest_ui_alerts", str)


def database_path(data_dir: str | Path) -> Path:
    """Where fleet.db lives inside a data dir."""
    return Path(data_dir) / "fleet.db"


def open_fleet_db(data_dir: str | Path) -> sqlite_utils.Database:
    """Open fleet.db outside a request, creating and migrating it if needed."""
    return open_database(database_path(data_dir), migrations)


def get_db() -> sqlite_utils.Database:
    """This thread's kept connection to the app's fleet.db."""
    return kept_connection(database_path(current_app.config["DATA_DIR"]), "NORMAL")


def end_request(_exc: BaseException | None = None) -> None:
    """Leave no transaction open on the kept connection, whatever the view did."""
    end_transaction(get_db())
