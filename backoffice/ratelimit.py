"""Slowing down guessing: attempts counted per key in accounts.db, checked and recorded
in one write transaction so simultaneous requests cannot all slip under the limit.

Counts live in accounts.db, so every gunicorn worker sees the same numbers. A key names
what it counts and for whom, "<purpose>:<who>" (`login-ip:203.0.113.9`,
`enroll:203.0.113.9`), so counters of different purposes never share a key.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from common.sqlite import write_transaction

FORGET_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Limit:
    """At most `max_attempts` counted attempts under `key` within `window_seconds`.

    Windows longer than FORGET_AFTER_SECONDS are cut to it: any caller's clean-up
    forgets older rows.
    """

    key: str
    max_attempts: int
    window_seconds: int


@dataclass(frozen=True)
class Attempt:
    """The outcome of asking to try: refused for `retry_after` seconds, or counted."""

    retry_after: int
    row_ids: tuple[int, ...] = ()


def take_attempt(
    db: sqlite_utils.Database, limits: Sequence[Limit], now: float | None = None
) -> Attempt:
    """Count one attempt under every limit's key, unless one of them is used up.

    The check and the count are one BEGIN IMMEDIATE transaction: the attempt is counted
    before the caller checks the password or code, so forty requests at once get at
    most `max_attempts` checks. A refused attempt is not counted.
    """
    now = time.time() if now is None else now
    with write_transaction(db):
        wait = 0.0
        for limit in limits:
            times = [
                row[0]
                for row in db.execute(
                    "SELECT at FROM login_failures WHERE key = ? AND at > ? "
                    "ORDER BY at DESC LIMIT ?",
                    [limit.key, now - limit.window_seconds, limit.max_attempts],
                )
            ]
            if len(times) >= limit.max_attempts:
                wait = max(wait, times[-1] + limit.window_seconds - now)
        if wait:
            return Attempt(max(1, math.ceil(wait)))
        row_ids = tuple(
            db.execute(
                "INSERT INTO login_failures (key, at) VALUES (?, ?)", [limit.key, now]
            ).lastrowid
            for limit in limits
        )
        # Other purposes' keys may need their rows for up to a day.
        keep = max(FORGET_AFTER_SECONDS, *(limit.window_seconds for limit in limits))
        db.execute("DELETE FROM login_failures WHERE at < ?", [now - keep])
    return Attempt(0, row_ids)


def succeeded(db: sqlite_utils.Database, attempt: Attempt, forget: Sequence[str] = ()) -> None:
    """The attempt succeeded: it no longer counts, nor does anything under `forget`."""
    with write_transaction(db):
        for row_id in attempt.row_ids:
            db.execute("DELETE FROM login_failures WHERE rowid = ?", [row_id])
        for key in forget:
            db.execute("DELETE FROM login_failures WHERE key = ?", [key])
