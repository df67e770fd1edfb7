"""An item as residents get it: one language (with Polish fallback), body as safe HTML.

The JSON API, the editor's preview and (later) the signed snapshots all present
items through `present_item`, so what an editor previews is what devices show.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from content_sync.markup import render_markdown
from content_sync.media import media_renditions
from content_sync.model import LANGUAGES, ContentType, localized
from content_sync.store import Item


def available_languages(ctype: ContentType, data: dict) -> list[str]:
    """Languages the item's title (or name) is written in."""
    title = data.get(ctype.title_field) or {}
    return [lang for lang in LANGUAGES if lang in title]


def _image(db, data: dict, lang: str, media_url: Callable[[str], str]) -> dict | None:
    renditions = media_renditions(db, data["image"]) if data.get("image") else {}
    if not renditions:
        return None
    return {
        "alt": localized(data.get("image_alt"), lang) or "",
        "renditions": {
            name: {
                "url": media_url(r.filename),
                "sha256": r.sha256,
                "mime": r.mime,
                "width": r.width,
                "height": r.height,
                "bytes": r.bytes,
            }
            for name, r in renditions.items()
        },
    }


def present_item(
    db: sqlite_utils.Database,
    ctype: ContentType,
    item: Item,
    data: dict,
    lang: str,
    media_url: Callable[[str], str],
) -> dict:
    """The item's `data` (draft or published) flattened for one language."""
    shown: dict = {
        "id": item.id,
        "type": item.type,
        "channel": item.channel,
        "lang": lang,
        "available_languages": available_languages(ctype, data),
        "published_at": item.published_at,
        "publish_from": data.get("publish_from"),
        "publish_until": data.get("publish_until"),
    }
    for spec in ctype.fields:
        if spec.name == "image_alt":
            continue
        if spec.kind == "image":
            shown["image"] = _image(db, data, lang, media_url)
            continue
        value = data.get(spec.name)
        shown[spec.name] = localized(value, lang) if spec.translated else value
        if spec.kind == "markdown":
            shown[spec.name + "_html"] = render_markdown(shown[spec.name]) if value else None
    return shown
