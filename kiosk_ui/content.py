"""What the kiosk can show, read from the device's current snapshot.

A snapshot carries items ahead of their publish window (so they appear on time while
the kiosk is offline); everything here filters by the window at the moment asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from content_sync.localstore import Snapshot, SnapshotUnavailable, read_current
from content_sync.model import DEFAULT_LANGUAGE, localized

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def parse_moment(text: str | None) -> datetime | None:
    """An ISO timestamp from a document as an aware datetime; None when absent or bad."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _well_formed(item: object) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), int)
        and isinstance(item.get("type"), str)
        and isinstance(item.get("data"), dict)
    )


def _sort_name(item: dict, field: str) -> str:
    return str(localized(item["data"].get(field), DEFAULT_LANGUAGE) or "").casefold()


@dataclass(frozen=True)
class KioskContent:
    """The items of one snapshot, by type, with the questions the screens ask."""

    snapshot: Snapshot

    @classmethod
    def load(cls, data_dir: str | Path) -> KioskContent:
        """The current snapshot of `data_dir` (SnapshotUnavailable when unreadable)."""
        snapshot = read_current(data_dir)
        items = snapshot.content.get("items")
        if not isinstance(items, list) or not all(_well_formed(i) for i in items):
            raise SnapshotUnavailable(f"{snapshot.path} holds malformed items")
        return cls(snapshot)

    @property
    def version(self) -> int:
        """The snapshot's version, as the admin panel and the agent show it."""
        return self.snapshot.version

    @property
    def path(self) -> Path:
        """The snapshot directory: a new one means a new snapshot."""
        return self.snapshot.path

    def visible(self, type_name: str, now: datetime) -> list[dict]:
        """Items of `type_name` inside their publish window at `now`."""
        shown = []
        for item in self.snapshot.items:
            if item.get("type") != type_name:
                continue
            starts = parse_moment(item.get("publish_from"))
            ends = parse_moment(item.get("publish_until"))
            if (starts is None or starts <= now) and (ends is None or now < ends):
                shown.append(item)
        return shown

    def news(self, now: datetime) -> list[dict]:
        """Newest first."""
        return sorted(
            self.visible("news", now), key=lambda i: i.get("published_at") or "", reverse=True
        )

    def offices(self, now: datetime) -> list[dict]:
        """County office first, then the gminas' by name."""
        return sorted(
            self.visible("office", now),
            key=lambda i: (i.get("channel") != "powiat", _sort_name(i, "name")),
        )

    def procedures(self, now: datetime) -> list[dict]:
        """By name."""
        return sorted(self.visible("procedure", now), key=lambda i: _sort_name(i, "title"))

    def upcoming_events(self, now: datetime) -> list[dict]:
        """Events not yet over, soonest first."""
        upcoming = []
        for item in self.visible("event", now):
            starts = parse_moment(item["data"].get("starts_at"))
            ends = parse_moment(item["data"].get("ends_at")) or starts
            if starts and ends and ends >= now:
                upcoming.append((starts, item))
        return [item for _starts, item in sorted(upcoming, key=lambda pair: pair[0])]

    def active_alerts(self, now: datetime) -> list[dict]:
        """Alerts in force, the most severe first."""
        return sorted(
            self.visible("alert", now),
            key=lambda i: (SEVERITY_ORDER.get(i["data"].get("severity"), 3), -i["id"]),
        )

    def locations(self, now: datetime) -> list[dict]:
        """Kiosks and hotspots."""
        return self.visible("location", now)

    def find(self, type_name: str, item_id: int, now: datetime) -> dict | None:
        """The item, if it is still here and visible."""
        return next((i for i in self.visible(type_name, now) if i["id"] == item_id), None)

    def public_url(self, item: dict, lang: str) -> str:
        """The item's page on the web in `lang`: what its QR code holds. The short /p/ form
        (a smaller code, easier to scan across a room) moves to the residents' portal."""
        query = "" if lang == DEFAULT_LANGUAGE else f"?lang={lang}"
        return f"{self.snapshot.content.get('public_url', '')}/p/{item['type']}/{item['id']}{query}"

    def image_path(self, item: dict, rendition: str = "kiosk") -> Path | None:
        """The local file of the item's image at `rendition`, if it has one."""
        image = (item.get("media") or {}).get("image") or {}
        chosen = image.get(rendition) or next(iter(image.values()), None)
        if not chosen:
            return None
        path = self.snapshot.media_path(chosen["sha256"])
        return path if path.exists() else None

    def channel_name(self, channel: str) -> str:
        """'Gmina Garbów' for 'garbow'."""
        return self.snapshot.content.get("channel_names", {}).get(channel, channel)
