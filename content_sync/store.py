"""Reading and changing content items: drafts, publishing, and the audit log.

Every change and its audit record are written in one write transaction (BEGIN
IMMEDIATE), so the log can never disagree with the content, and each change re-reads
the item inside it: an item deleted meanwhile is refused, never written back. Edits go
to the draft; residents see only the published copy, and only inside its publish window.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from common.sqlite import write_transaction
from content_sync.model import CONTENT_TYPES, localized


class ConflictError(RuntimeError):
    """Someone else saved the item after this editor opened it."""


class PublishError(ValueError):
    """The item cannot be published as it is; the message says why, in Polish."""


class ItemGoneError(LookupError):
    """Someone deleted the item after this editor opened it."""

    def __str__(self) -> str:
        return "Tej pozycji już nie ma: ktoś usunął ją w międzyczasie."


# Published and inside the publish window; the two parameters are the instant, twice.
_VISIBLE = (
    "published IS NOT NULL"
    " AND (publish_from IS NULL OR publish_from <= ?)"
    " AND (publish_until IS NULL OR publish_until > ?)"
)


def now_iso() -> str:
    """The current instant in the stored form (UTC, trailing Z)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Item:
    """One content item with its draft and (if any) published version."""

    id: int
    type: str
    channel: str
    draft: dict
    published: dict | None
    revision: int
    updated_at: str
    updated_by: str | None
    published_at: str | None
    source: str

    @classmethod
    def from_row(cls, row: dict) -> Item:
        """Build an Item from an `items` row."""
        return cls(
            id=row["id"],
            type=row["type"],
            channel=row["channel"],
            draft=json.loads(row["draft"]),
            published=json.loads(row["published"]) if row["published"] else None,
            revision=row["revision"],
            updated_at=row["updated_at"],
            updated_by=row["updated_by"],
            published_at=row["published_at"],
            source=row["source"],
        )

    @property
    def title(self) -> str:
        """The Polish title (or name), for lists and the audit log."""
        field = CONTENT_TYPES[self.type].title_field
        return str(localized(self.draft.get(field), "pl") or f"#{self.id}")

    @property
    def status(self) -> str:
        """draft, published, or changed (published, with unpublished edits)."""
        if self.published is None:
            return "draft"
        return "published" if self.published == self.draft else "changed"


def channels(db: sqlite_utils.Database) -> list[dict]:
    """All channels, the county first, then municipalities by name."""
    return list(db["channels"].rows_where(order_by="position, name"))


def channel_exists(db: sqlite_utils.Database, channel: str) -> bool:
    """True if `channel` is a known channel id."""
    return db["channels"].count_where("id = ?", [channel]) > 0


def get_item(db: sqlite_utils.Database, item_id: int) -> Item | None:
    """The item with this id, or None."""
    rows = list(db["items"].rows_where("id = ?", [item_id]))
    return Item.from_row(rows[0]) if rows else None


def _current(db: sqlite_utils.Database, item: Item) -> Item:
    """The item as stored now; call inside the write transaction that changes it."""
    current = get_item(db, item.id)
    if current is None:
        raise ItemGoneError(item.id)
    return current


def list_items(
    db: sqlite_utils.Database, type_name: str, channel_ids: Iterable[str] | None = None
) -> list[Item]:
    """Items of a type, newest change first, limited to `channel_ids` when given."""
    clause, ids = _in_channels(channel_ids)
    rows = db["items"].rows_where(
        "type = ?" + clause, [type_name, *ids], order_by="updated_at DESC, id DESC"
    )
    return [Item.from_row(r) for r in rows]


def _audit(db, actor, action, item: Item, summary: str, changes: dict | None = None) -> None:
    db["audit_log"].insert(
        {
            "at": now_iso(),
            "actor": actor,
            "action": action,
            "item_type": item.type,
            "item_id": item.id,
            "channel": item.channel,
            "summary": summary,
            "changes": json.dumps(changes or {}, ensure_ascii=False),
        }
    )


def _changed_fields(before: dict, after: dict) -> dict:
    keys = sorted(set(before) | set(after))
    return {
        k: {"from": before.get(k), "to": after.get(k)}
        for k in keys
        if before.get(k) != after.get(k)
    }


def create_item(
    db: sqlite_utils.Database,
    type_name: str,
    channel: str,
    data: dict,
    actor: str,
    source: str = "editor",
    guid: str | None = None,
) -> Item:
    """Store a new draft and log who created it."""
    stamp = now_iso()
    with write_transaction(db):
        item_id = (
            db["items"]
            .insert(
                {
                    "type": type_name,
                    "channel": channel,
                    "draft": json.dumps(data, ensure_ascii=False, sort_keys=True),
                    "revision": 1,
                    "created_at": stamp,
                    "created_by": actor,
                    "updated_at": stamp,
                    "updated_by": actor,
                    "source": source,
                    "guid": guid,
                }
            )
            .last_pk
        )
        item = get_item(db, item_id)
        _audit(db, actor, "create", item, f"Utworzono: {item.title}", _changed_fields({}, data))
    return item


def update_item(
    db: sqlite_utils.Database, item: Item, data: dict, actor: str, expected_revision: int
) -> Item:
    """Replace the draft, unless someone else saved since `expected_revision`."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE items SET draft = ?, revision = revision + 1, updated_at = ?, updated_by = ?"
            " WHERE id = ? AND revision = ?",
            [
                json.dumps(data, ensure_ascii=False, sort_keys=True),
                now_iso(),
                actor,
                item.id,
                expected_revision,
            ],
        )
        if cursor.rowcount != 1:
            _current(db, item)
            raise ConflictError(item.id)
        updated = get_item(db, item.id)
        _audit(
            db,
            actor,
            "update",
            updated,
            f"Zmieniono: {updated.title}",
            _changed_fields(item.draft, data),
        )
    return updated


def publish_item(db: sqlite_utils.Database, item: Item, actor: str) -> Item:
    """Make the draft as stored now what residents see, within its publish window."""
    with write_transaction(db):
        item = _current(db, item)
        stamp = now_iso()
        until = item.draft.get("publish_until")
        if until and until <= stamp:
            raise PublishError("Data końca publikacji już minęła — zmień ją przed publikacją.")
        db["items"].update(
            item.id,
            {
                "published": json.dumps(item.draft, ensure_ascii=False, sort_keys=True),
                "publish_from": item.draft.get("publish_from"),
                "publish_until": until,
                "published_at": stamp,
                "published_by": actor,
            },
        )
        _audit(db, actor, "publish", item, f"Opublikowano: {item.title}")
        return get_item(db, item.id)


def unpublish_item(db: sqlite_utils.Database, item: Item, actor: str) -> Item:
    """Withdraw the item from residents; the draft stays for later."""
    with write_transaction(db):
        item = _current(db, item)
        db["items"].update(
            item.id,
            {"published": None, "publish_from": None, "publish_until": None, "published_at": None},
        )
        _audit(db, actor, "unpublish", item, f"Wycofano: {item.title}")
        return get_item(db, item.id)


def delete_item(db: sqlite_utils.Database, item: Item, actor: str) -> Item:
    """Remove the item for good and return what it was; the audit log keeps it too."""
    with write_transaction(db):
        item = _current(db, item)
        _audit(db, actor, "delete", item, f"Usunięto: {item.title}", {"draft": item.draft})
        db["items"].delete(item.id)
    return item


def published_items(
    db: sqlite_utils.Database,
    type_name: str,
    channel_ids: Iterable[str] | None = None,
    at: str | None = None,
) -> list[Item]:
    """What residents see now: published items whose window includes `at`."""
    at = at or now_iso()
    clause, ids = _in_channels(channel_ids)
    rows = db["items"].rows_where(
        "type = ? AND " + _VISIBLE + clause,
        [type_name, at, at, *ids],
        order_by="published_at DESC, id DESC",
    )
    return [Item.from_row(r) for r in rows]


def visible_item(db: sqlite_utils.Database, item_id: int, at: str | None = None) -> Item | None:
    """The item if residents may see it now (published, inside its window), else None."""
    at = at or now_iso()
    rows = list(db["items"].rows_where("id = ? AND " + _VISIBLE, [item_id, at, at]))
    return Item.from_row(rows[0]) if rows else None


def distributable_items(
    db: sqlite_utils.Database, channel: str, at: str | None = None
) -> list[Item]:
    """Published items of a channel that have not expired, including ones not yet shown.

    Devices get items before their publish_from so they can show them on time even
    while offline; they hide each item outside its window themselves.
    """
    at = at or now_iso()
    rows = db["items"].rows_where(
        "channel = ? AND published IS NOT NULL AND (publish_until IS NULL OR publish_until > ?)",
        [channel, at],
        order_by="type, id",
    )
    return [Item.from_row(r) for r in rows]


def audit_entries(
    db: sqlite_utils.Database, channel_ids: Iterable[str] | None = None, limit: int = 200
) -> list[dict]:
    """The newest audit entries, limited to `channel_ids` when given."""
    clause, ids = _in_channels(channel_ids)
    return list(db["audit_log"].rows_where("1 = 1" + clause, ids, order_by="id DESC", limit=limit))


def _in_channels(channel_ids: Iterable[str] | None) -> tuple[str, list[str]]:
    """An SQL condition (and its parameters) keeping rows of `channel_ids`; none for None."""
    if channel_ids is None:
        return "", []
    ids = list(channel_ids)
    return f" AND channel IN ({', '.join('?' for _ in ids)})", ids
