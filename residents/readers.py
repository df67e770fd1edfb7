"""The portal's idle read connections to content.db, lent to one request at a time.

Opening a connection is cheap, but its first statement parses content.db's whole schema
(items, the search index's FTS5 tables and triggers): about 1.7 ms, most of what a 304 or
an already rendered page costs. Portal requests only read, so a connection can serve the
next request as it is. Per-thread connections (common.sqlite.kept_connection) would not
help here: gunicorn's gevent workers make every request a greenlet of its own.
"""

from __future__ import annotations

import threading

import sqlite_utils
from flask import current_app, g

from common.sqlite import connect
from content_sync.db import database_path

IDLE_READERS = 8  # the most kept per process; a burst beyond it opens and closes its own


class Readers:
    """Idle connections to one content.db."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._idle: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()

    def borrow(self) -> sqlite_utils.Database:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return connect(self._path)

    def give_back(self, db: sqlite_utils.Database) -> None:
        # A connection left inside a transaction would show the next request old data.
        if not db.conn.in_transaction:
            with self._lock:
                if len(self._idle) < IDLE_READERS:
                    self._idle.append(db)
                    return
        db.close()


def lend() -> None:
    """Before a portal request: its content.db handle (content_sync.db.get_db) is an idle
    one, unless the request already has one."""
    if "content_db" in g:
        return
    readers = current_app.extensions.get("residents_readers")
    if readers is None:
        path = str(database_path(current_app.config["DATA_DIR"]))
        readers = current_app.extensions.setdefault("residents_readers", Readers(path))
    g.content_db = g.residents_lent = readers.borrow()


def take_back(_exc: BaseException | None = None) -> None:
    """After a portal request: the lent connection goes back idle instead of being closed
    (request teardown runs before content_sync's app-context teardown would close it)."""
    lent = g.pop("residents_lent", None)
    if lent is not None and g.get("content_db") is lent:
        g.pop("content_db")
        current_app.extensions["residents_readers"].give_back(lent)
