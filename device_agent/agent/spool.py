"""The agent's store-and-forward spool (spool.db): every report is written here first.

Reports carry (boot id, sequence); the sender drains them oldest first and a row is
deleted only when the collector acknowledged it, so a report survives a dead uplink,
a collector outage and an agent restart. The spool is bounded by age and size: the
oldest reports go first, and how many went is carried in the next report.
The same file remembers which commands ran, so none runs twice.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from common.sqlite import open_database

migrations = sqlite_utils.Migrations("device_agent.spool")


@migrations()
def m001_spool(db: sqlite_utils.Database) -> None:
    """Reports waiting for an acknowledgement, counters, and commands already run."""
    db["reports"].create(
        {"id": int, "boot_id": str, "seq": int, "created_at": float, "body": str}, pk="id"
    )
    db["reports"].create_index(["boot_id", "seq"], unique=True)
    db["counters"].create({"name": str, "value": int}, pk="name")
    db["commands_run"].create(
        {"id": str, "finished_at": float, "result": str, "reported": int}, pk="id"
    )


@dataclass(frozen=True)
class SpooledReport:
    """One report as it waits in the spool."""

    boot_id: str
    seq: int
    body: dict


class Spool:
    """The spool file of one agent, bounded by `max_age_seconds` and `max_bytes`."""

    def __init__(self, path: str | Path, max_age_seconds: float, max_bytes: int) -> None:
        self.db = open_database(path, migrations)
        self.max_age_seconds = max_age_seconds
        self.max_bytes = max_bytes

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def _counter(self, name: str) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = ?", [name]).fetchone()
        return row[0] if row else 0

    def _set_counter(self, name: str, value: int) -> None:
        self.db.execute(
            "INSERT INTO counters(name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [name, value],
        )

    def add(self, boot_id: str, body: dict, now: float | None = None) -> SpooledReport:
        """Number `body` with the next sequence of this boot, store it, enforce the bounds.

        The report also carries how many reports the bounds dropped since the last one.
        """
        now = time.time() if now is None else now
        with self.db.conn:
            seq_name = f"seq:{boot_id}"
            seq = self._counter(seq_name) + 1
            self.db.execute(
                "DELETE FROM counters WHERE name LIKE 'seq:%' AND name != ?", [seq_name]
            )
            self._set_counter(seq_name, seq)
            body = body | {"boot_id": boot_id, "seq": seq, "dropped": self._counter("dropped")}
            self._set_counter("dropped", 0)
            self.db.execute(
                "INSERT INTO reports(boot_id, seq, created_at, body) VALUES (?, ?, ?, ?)",
                [boot_id, seq, now, json.dumps(body, separators=(",", ":"))],
            )
            self._enforce_bounds(now)
        return SpooledReport(boot_id, seq, body)

    def _enforce_bounds(self, now: float) -> None:
        too_old = self.db.execute(
            "SELECT id, body FROM reports WHERE created_at < ? ORDER BY id",
            [now - self.max_age_seconds],
        ).fetchall()
        victims = list(too_old)
        size = self.size_bytes() - sum(len(body) for _id, body in victims)
        if size > self.max_bytes:
            skip = {row_id for row_id, _body in victims}
            for row_id, body in self.db.execute("SELECT id, body FROM reports ORDER BY id"):
                if size <= self.max_bytes:
                    break
                if row_id not in skip:
                    victims.append((row_id, body))
                    size -= len(body)
        if not victims:
            return
        # A dropped report may itself have carried a count of earlier drops.
        lost = sum(1 + json.loads(body).get("dropped", 0) for _id, body in victims)
        self.db.conn.executemany(
            "DELETE FROM reports WHERE id = ?", [(row_id,) for row_id, _body in victims]
        )
        self._set_counter("dropped", self._counter("dropped") + lost)

    def size_bytes(self) -> int:
        """Bytes of report bodies waiting."""
        return self.db.execute("SELECT COALESCE(SUM(LENGTH(body)), 0) FROM reports").fetchone()[0]

    def pending(self, limit: int) -> list[SpooledReport]:
        """The oldest `limit` reports not yet acknowledged, in the order they were taken."""
        rows = self.db.execute(
            "SELECT boot_id, seq, body FROM reports ORDER BY id LIMIT ?", [limit]
        ).fetchall()
        return [SpooledReport(boot, seq, json.loads(body)) for boot, seq, body in rows]

    def count(self) -> int:
        """Reports waiting."""
        return self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]

    def acknowledge(self, boot_id: str, through_seq: int) -> int:
        """Delete this boot's reports up to `through_seq`, which the collector holds."""
        with self.db.conn:
            cursor = self.db.execute(
                "DELETE FROM reports WHERE boot_id = ? AND seq <= ?", [boot_id, through_seq]
            )
        return cursor.rowcount

    def dropped_pending(self) -> int:
        """Reports dropped by the bounds that no report has told about yet."""
        return self._counter("dropped")

    # -- commands -----------------------------------------------------------------------

    def command_seen(self, command_id: str) -> bool:
        """Whether this command already ran here (it must run at most once)."""
        return (
            self.db.execute("SELECT 1 FROM commands_run WHERE id = ?", [command_id]).fetchone()
            is not None
        )

    def record_command(self, command_id: str, result: dict) -> None:
        """Remember that the command ran (or was refused) and how it ended."""
        with self.db.conn:
            self.db.execute(
                "INSERT OR IGNORE INTO commands_run(id, finished_at, result, reported) "
                "VALUES (?, ?, ?, 0)",
                [command_id, time.time(), json.dumps(result)],
            )

    def unreported_results(self) -> list[dict]:
        """Results not yet put into a report."""
        rows = self.db.execute(
            "SELECT id, result FROM commands_run WHERE reported = 0 ORDER BY finished_at"
        ).fetchall()
        return [{"id": command_id} | json.loads(result) for command_id, result in rows]

    def mark_results_reported(self, command_ids: list[str]) -> None:
        """The results are in a spooled report now, which carries them to the collector."""
        with self.db.conn:
            for command_id in command_ids:
                self.db.execute("UPDATE commands_run SET reported = 1 WHERE id = ?", [command_id])
            self.db.execute(
                "DELETE FROM commands_run WHERE reported = 1 AND finished_at < ?",
                [time.time() - 30 * 86_400],
            )
