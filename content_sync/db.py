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
