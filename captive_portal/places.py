"""Where the hotspots are: each hotspot's place name and gmina channel, from the
published locations of content.db (the same records that place kiosks on the map)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from content_sync import store
from content_sync.model import localized


@dataclass(frozen=True)
class Place:
    """A hotspot's place in one language, and the channel of its gmina."""

    name: str
    channel: str


def hotspot_places(content_db: sqlite_utils.Database, lang: str = "pl") -> dict[str, Place]:
    """Device id → its published place; hotspots without a published location are absent."""
    places: dict[str, Place] = {}
    for item in store.published_items(content_db, "location"):
        device_id = item.published.get("device_id")
        if device_id and device_id not in places:
            name = str(localized(item.published.get("name"), lang) or device_id)
            places[device_id] = Place(name, item.channel)
    return places
