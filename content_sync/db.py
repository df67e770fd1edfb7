"""The content hub's SQLite file (content.db): schema migrations and the per-request handle."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from flask import current_app, g

from common.sqlite import connect, open_database

migrations = sqlite_utils.Migrations("content_sync")


@migrations()
def m001_content(db: sqlite_utils.Database) -> None:
    """Channels, items with a draft and a published version, media, audit log."""
    db["channels"].create(
        {"id": str, "name": str, "kind": str, "position": int},
        pk="id",
    )
    db["items"].create(
        {
            "id": int,
            "type": str,
            "channel": str,
            "draft": str,
            "published": str,
            "publish_from": str,
            "publish_until": str,
            "published_at": str,
            "published_by": str,
            "revision": int,
            "created_at": str,
            "created_by": str,
            "updated_at": str,
            "updated_by": str,
            "source": str,
            "guid": str,
        },
        pk="id",
        foreign_keys=[("channel", "channels", "id")],
        not_null={"type", "channel", "draft", "revision", "created_at", "updated_at"},
        defaults={"revision": 1, "source": "editor"},
    )
    db["items"].create_index(["type", "channel"])
    db["items"].create_index(["channel", "guid"], unique=True)
    db["media"].create(
        {
            "id": int,
            "channel": str,
            "sha256": str,
            "mime": str,
            "width": int,
            "height": int,
            "bytes": int,
            "renditions": str,
            "original_name": str,
            "created_at": str,
            "created_by": str,
        },
        pk="id",
        foreign_keys=[("channel", "channels", "id")],
    )
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "item_type": str,
            "item_id": int,
            "channel": str,
            "summary": str,
            "changes": str,
        },
        pk="id",
    )
    db["audit_log"].create_index(["channel", "at"])


# The search index: one row per item, rowid = items.id, a title and a body column per
# language. Triggers, not calls from store.py, keep it in step with `items.published`:
# every writer (editor, feed import, demo loader, a bench, a hand-run UPDATE) updates it
# in its own transaction, and the index can hold nothing but published text. unicode61
# folds case and strips diacritics (ś→s, ó→o); ł has no decomposition, so the triggers
# fold it to l and residents.search folds queries the same way.
SEARCH_LANGUAGES = ("pl", "en", "uk")
_FOLD_L = "replace(replace({}, 'ł', 'l'), 'Ł', 'L')"


def _search_text(lang: str, row: str) -> tuple[str, str]:
    """SQL for the folded title and body of `row`'s published JSON in `lang`."""
    title = f"coalesce(json_extract({row}.published, '$.title.{lang}'),"
    title += f" json_extract({row}.published, '$.name.{lang}'), '')"
    # Every other translated value in the language; addresses are Polish only.
    # `row` and `lang` are this module's constants, never input.
    body = (
        f"(SELECT coalesce(group_concat(value, ' '), '') FROM json_tree({row}.published)"  # noqa: S608
        f" WHERE type = 'text' AND ((key = '{lang}' AND path NOT IN ('$.title', '$.name'))"
        + (" OR (path = '$' AND key = 'address')" if lang == "pl" else "")
        + "))"
    )
    return _FOLD_L.format(title), _FOLD_L.format(body)


def _search_insert(row: str) -> str:
    columns = ", ".join(f"title_{lang}, body_{lang}" for lang in SEARCH_LANGUAGES)
    values = ", ".join(", ".join(_search_text(lang, row)) for lang in SEARCH_LANGUAGES)
    return f"INSERT INTO search_index (rowid, {columns}) SELECT {row}.id, {values}"


@migrations()
def m002_search_index(db: sqlite_utils.Database) -> None:
    """A full-text index of published items, kept by triggers on `items`."""
    columns = ", ".join(f"title_{lang}, body_{lang}" for lang in SEARCH_LANGUAGES)
    db.execute(
        f"CREATE VIRTUAL TABLE search_index USING fts5({columns},"
        " tokenize = 'unicode61 remove_diacritics 2', prefix = '4 6')"
    )
    db.execute(
        "CREATE TRIGGER items_search_insert AFTER INSERT ON items"
        f" WHEN NEW.published IS NOT NULL BEGIN {_search_insert('NEW')}; END"
    )
    db.execute(
        "CREATE TRIGGER items_search_update AFTER UPDATE OF published ON items BEGIN"  # noqa: S608
        " DELETE FROM search_index WHERE rowid = OLD.id;"
        f" {_search_insert('NEW')} WHERE NEW.published IS NOT NULL; END"
    )
    db.execute(
        "CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN"
        " DELETE FROM search_index WHERE rowid = OLD.id; END"
    )
    db.execute(f"{_search_insert('items')} FROM items WHERE items.published IS NOT NULL")


def database_path(data_dir: str | Path) -> Path:
    """Where the content database lives inside a data dir."""
    return Path(data_dir) / "content.db"


def open_content_db(data_dir: str | Path) -> sqlite_utils.Database:
    """Open content.db outside a request (CLI, demo loader, feed import)."""
    return open_database(database_path(data_dir), migrations)


def get_db() -> sqlite_utils.Database:
    """The request's connection to content.db, opened on first use."""
    if "content_db" not in g:
        g.content_db = connect(database_path(current_app.config["DATA_DIR"]))
    return g.content_db


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection, if one was opened."""
    db = g.pop("content_db", None)
    if db is not None:
        db.close()
