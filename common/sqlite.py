"""Opening a package's own SQLite file: WAL, a busy timeout, and its migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_SECONDS = 15


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the SQLite file at `path` the way every Infomat process should.

    WAL so readers never block the one writer, a busy timeout so gunicorn workers
    wait for each other instead of failing, and foreign keys enforced.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def open_database(path: str | Path, migrations: sqlite_utils.Migrations) -> sqlite_utils.Database:
    """Create the file if needed, switch it to WAL and bring its schema up to date.

    Applying migrations is idempotent; each runs in its own transaction. Callers do
    this once per process start (gunicorn preloads the app), not once per request.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    db.enable_wal()
    migrations.apply(db)
    return db
