"""Slowing down password guessing: failed logins counted per user+address and per address.

Counts live in accounts.db, so every gunicorn worker sees the same numbers.
"""

from __future__ import annotations

import math
import time

import sqlite_utils


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"user:{username.lower()}|{address}", f"ip:{address}"


def retry_after_seconds(
    db: sqlite_utils.Database,
    username: str,
    address: str,
    max_per_user: int,
    max_per_ip: int,
    window_seconds: int,
    now: float | None = None,
) -> int:
    """Seconds until another attempt is allowed; 0 when it is allowed now."""
    now = time.time() if now is None else now
    since = now - window_seconds
    wait = 0.0
    for key, limit in zip(_keys(username, address), (max_per_user, max_per_ip), strict=True):
        times = [
            row["at"]
            for row in db["login_failures"].rows_where(
                "key = ? AND at > ?", [key, since], order_by="at DESC", limit=limit
            )
        ]
        if len(times) >= limit:
            wait = max(wait, times[-1] + window_seconds - now)
    return math.ceil(wait)


def record_failure(
    db: sqlite_utils.Database, username: str, address: str, window_seconds: int
) -> None:
    """Count one failed login, and forget failures older than the window."""
    now = time.time()
    with db.atomic():
        db["login_failures"].insert_all(
            [{"key": key, "at": now} for key in _keys(username, address)]
        )
        db.execute("DELETE FROM login_failures WHERE at < ?", [now - window_seconds])


def clear_failures(db: sqlite_utils.Database, username: str, address: str) -> None:
    """Forget this user's failures from this address after a successful login."""
    db.execute("DELETE FROM login_failures WHERE key = ?", [_keys(username, address)[0]])
