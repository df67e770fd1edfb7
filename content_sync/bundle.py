"""What devices receive: item documents and channel indexes built from published content.

An item document carries every language of a published item, its Markdown already
rendered to safe HTML per language, and the hashes of its image renditions. A
channel index lists the item documents of one channel by SHA-256 and length; the
indexes are the TUF targets, so the signature over them covers every document and
image transitively. Nothing here imports Flask.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from content_sync import store
from content_sync.formats import (
    CHANNEL_FORMAT,
    DIRECTORY_FORMAT,
    DIRECTORY_TARGET,
    ITEM_FORMAT,
    channel_target,
)
from content_sync.markup import render_markdown
from content_sync.media import media_renditions
from content_sync.model import CONTENT_TYPES


def canonical_json(document: dict) -> bytes:
    """One byte string per document, so equal content always has the same hash."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class Bundle:
    """Everything the hub publishes: TUF targets and the content-addressed documents."""

    targets: dict[str, bytes] = field(default_factory=dict)
    documents: dict[str, bytes] = field(default_factory=dict)


def item_document(db: sqlite_utils.Database, item: store.Item) -> dict:
    """The published item in every language, ready to show without further processing."""
    ctype = CONTENT_TYPES[item.type]
    data = item.published
    html = {
        spec.name: {lang: render_markdown(text) for lang, text in data[spec.name].items()}
        for spec in ctype.fields
        if spec.kind == "markdown" and data.get(spec.name)
    }
    media = {}
    for spec in ctype.fields:
        if spec.kind == "image" and data.get(spec.name):
            media[spec.name] = {
                name: {
                    "sha256": r.sha256,
                    "length": r.bytes,
                    "mime": r.mime,
                    "width": r.width,
                    "height": r.height,
                }
                for name, r in media_renditions(db, data[spec.name]).items()
            }
    return {
        "format": ITEM_FORMAT,
        "id": item.id,
        "type": item.type,
        "channel": item.channel,
        "published_at": item.published_at,
        "publish_from": data.get("publish_from"),
        "publish_until": data.get("publish_until"),
        "data": data,
        "html": html,
        "media": media,
    }


def build_bundle(
    db: sqlite_utils.Database, public_url: str = "", now: datetime | None = None
) -> Bundle:
    """Item documents and one index per channel, from what is published now or later.

    The directory names the channels and the public base URL, under which every
    item has a page at /p/<type>/<id> (what a kiosk's QR code points to).
    """
    at = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    bundle = Bundle()
    channels = store.channels(db)
    for channel in channels:
        entries = []
        for item in store.distributable_items(db, channel["id"], at):
            payload = canonical_json(item_document(db, item))
            digest = hashlib.sha256(payload).hexdigest()
            bundle.documents[digest] = payload
            entries.append(
                {
                    "id": item.id,
                    "type": item.type,
                    "sha256": digest,
                    "length": len(payload),
                    "publish_from": item.published.get("publish_from"),
                    "publish_until": item.published.get("publish_until"),
                }
            )
        bundle.targets[channel_target(channel["id"])] = canonical_json(
            {"format": CHANNEL_FORMAT, "channel": channel["id"], "items": entries}
        )
    bundle.targets[DIRECTORY_TARGET] = canonical_json(
        {
            "format": DIRECTORY_FORMAT,
            "public_url": public_url.rstrip("/"),
            "channels": [{"id": c["id"], "name": c["name"], "kind": c["kind"]} for c in channels],
        }
    )
    return bundle
