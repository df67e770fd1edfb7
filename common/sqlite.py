"""Opening a package's own SQLite file: WAL, a busy timeout, and its migrations."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


_kept = threading.local()


def kept_connection(path: str | Path, synchronous: str = "FULL") -> sqlite_utils.Database:
    """This thread's long-lived connection to `path` (closed when the thread ends).

    For files written on every request (device reports, Wi-Fi consents): closing the
    last connection to a WAL file checkpoints it, which costs more than the write.
    synchronous=NORMAL there means a crashed process loses nothing and a power cut may
    lose the last transactions; callers choose it explicitly.
    """
    cache = _kept.__dict__.setdefault("by_path", {})
    key = (str(path), synchronous)
    if key not in cache:
        db = connect(path)
        db.execute(f"PRAGMA synchronous = {synchronous}")
        cache[key] = db
    return cache[key]


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write, with the write lock taken first: BEGIN IMMEDIATE ... COMMIT.

    Every path that writes goes through here. A deferred transaction that reads and
    then writes must upgrade its lock, and in WAL mode SQLite fails that upgrade at
    once with "database is locked" when another writer got there first (the busy
    timeout cannot help). Taking the lock up front makes writers queue on the busy
    timeout instead, and what the block reads stays true until it commits, so checks
    made inside it (does the item still exist?) hold for its writes. Nested use, and
    sqlite-utils' own atomic() inside it, become savepoints of the outer transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.conn.commit()


def end_transaction(db: sqlite_utils.Database) -> None:
    """Leave no transaction open on a kept connection, whatever a request did."""
    if db.conn.in_transaction:
        db.conn.rollback()


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
