"""What residents may see, read in a fixed number of queries per page.

Every query keeps content_sync's visibility rule (published, inside its publish window)
and pages in SQL, so a list costs the same whether the county has ten items or ten
thousand, and nothing is looked up per item.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlite_utils

from content_sync.model import COUNTY_CHANNEL
from content_sync.store import _VISIBLE, Item, now_iso

SEVERITY_ORDER = (
    "CASE json_extract(published, '$.severity')"
    " WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
)
STARTS_AT = "json_extract(published, '$.starts_at')"


def scope_of(channel: str | None) -> list[str] | None:
    """The channels a page shows: all (None) for the county portal, else county + gmina."""
    return None if channel is None else [COUNTY_CHANNEL, channel]


def _where(type_name: str, scope: Iterable[str] | None, at: str) -> tuple[str, list]:
    sql = "type = ? AND " + _VISIBLE
    params: list = [type_name, at, at]
    if scope is not None:
        ids = list(scope)
        sql += f" AND channel IN ({', '.join('?' for _ in ids)})"
        params += ids
    return sql, params


def visible(
    db: sqlite_utils.Database,
    type_name: str,
    scope: Iterable[str] | None = None,
    *,
    order_by: str = "published_at DESC, id DESC",
    extra: str = "",
    extra_params: Iterable = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[Item]:
    """Visible items of a type in `scope`, one query."""
    where, params = _where(type_name, scope, now_iso())
    if extra:
        where += " AND " + extra
        params += list(extra_params)
    # The clauses are this module's constants; every value is a parameter.
    sql = f"SELECT * FROM items WHERE {where} ORDER BY {order_by}"  # noqa: S608
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [Item.from_row(row) for row in _rows(db, sql, params)]


def _rows(db: sqlite_utils.Database, sql: str, params: list) -> list[dict]:
    # Plain execute: sqlite-utils' table helpers first look the table up in sqlite_master.
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def count_visible(db: sqlite_utils.Database, type_name: str, scope=None) -> int:
    """How many items of a type residents see in `scope`."""
    where, params = _where(type_name, scope, now_iso())
    sql = f"SELECT count(*) FROM items WHERE {where}"  # noqa: S608 (constants, as above)
    return db.execute(sql, params).fetchone()[0]


def alerts_in_force(db: sqlite_utils.Database, scope=None, limit: int = 10) -> list[Item]:
    """Urgent alerts now in force, the gravest first, then the newest."""
    return visible(
        db, "alert", scope, order_by=SEVERITY_ORDER + ", published_at DESC, id DESC", limit=limit
    )


def events_between(
    db: sqlite_utils.Database, scope, start: str, end: str | None = None, limit: int = 200
) -> list[Item]:
    """Events starting from `start` (a local date or time prefix) and before `end`."""
    extra, params = f"{STARTS_AT} >= ?", [start]
    if end is not None:
        extra += f" AND {STARTS_AT} < ?"
        params.append(end)
    return visible(
        db,
        "event",
        scope,
        order_by=STARTS_AT + ", id",
        extra=extra,
        extra_params=params,
        limit=limit,
    )


def channel_names(db: sqlite_utils.Database) -> dict[str, str]:
    """Channel id → its Polish name, in the county's order."""
    rows = db.execute("SELECT id, name FROM channels ORDER BY position, name")
    return dict(rows.fetchall())


def content_version(db: sqlite_utils.Database) -> tuple[str, datetime | None]:
    """What residents see, named before anything is rendered, in one query: a version
    that changes with every write to an item (each one is audited), every publish window
    opening or closing and every change to the channels; and the last instant it changed
    (a publication, withdrawal or deletion, or a window opening or closing)."""
    at = now_iso()
    row = db.execute(
        "SELECT (SELECT max(id) FROM audit_log),"
        " (SELECT count(*) FROM items WHERE publish_from <= ?)"
        " + (SELECT count(*) FROM items WHERE publish_until <= ?),"
        " (SELECT group_concat(id || '=' || name || '@' || ifnull(position, ''), '|')"
        "  FROM channels),"
        " (SELECT max(x) FROM ("
        "  SELECT max(at) AS x FROM audit_log WHERE action IN ('publish', 'unpublish', 'delete')"
        "  UNION ALL SELECT max(published_at) FROM items"
        "  UNION ALL SELECT max(publish_from) FROM items WHERE publish_from <= ?"
        "  UNION ALL SELECT max(publish_until) FROM items WHERE publish_until <= ?))",
        [at, at, at, at],
    ).fetchone()
    try:
        changed = datetime.fromisoformat(row[3]) if row[3] else None
    except ValueError:
        changed = None
    return f"{row[0]}/{row[1]}/{row[2]}", changed


def last_change(db: sqlite_utils.Database) -> datetime | None:
    """The last instant what residents see changed (see content_version)."""
    return content_version(db)[1]
