"""The residents' county map: published offices, infomats and Wi-Fi hotspots, read from
the content and drawn as inline SVG on the server (no JavaScript, no map tiles).

The outline, its projection and the spreading of markers that would cover each other
are the kiosk's (content_sync.county_map); this module only chooses what is shown and
writes it as SVG in which every marker is a link with a name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import sqlite_utils
from markupsafe import Markup

from content_sync import store
from content_sync.county_map import Projection, clusters, lublin_centre, spread
from content_sync.model import localized

KINDS = ("office", "kiosk", "hotspot")
KIND_LABELS = {
    "pl": {"office": "Urząd", "kiosk": "Infomat", "hotspot": "Hotspot Wi-Fi"},
    "en": {"office": "Office", "kiosk": "Information kiosk", "hotspot": "Wi-Fi hotspot"},
    "uk": {"office": "Установа", "kiosk": "Інфомат", "hotspot": "Точка Wi-Fi"},
}
CITY_LABELS = {"pl": "Lublin", "en": "Lublin", "uk": "Люблін"}
MARKER_SIZE = 14
WIDTH, HEIGHT = 430, 560  # the county is about 0.74 as wide as it is tall


@dataclass(frozen=True)
class Place:
    """One published office or device location, in the visitor's language."""

    kind: str  # office, kiosk or hotspot
    item_id: int
    channel: str
    name: str
    address: str
    lon: float | None
    lat: float | None

    @property
    def on_map(self) -> bool:
        """Whether the place has coordinates to be drawn at."""
        return self.lon is not None and self.lat is not None


def _coordinate(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def published_places(db: sqlite_utils.Database, lang: str, kinds=KINDS) -> list[Place]:
    """Offices and device locations residents may see now, in `kinds`, by name."""
    places = []
    for item in store.published_items(db, "office") + store.published_items(db, "location"):
        data = item.published
        kind = "office" if item.type == "office" else data.get("kind")
        if kind not in kinds:
            continue
        places.append(
            Place(
                kind=kind,
                item_id=item.id,
                channel=item.channel,
                name=str(localized(data.get("name"), lang) or ""),
                address=str(data.get("address") or ""),
                lon=_coordinate(data.get("lon")),
                lat=_coordinate(data.get("lat")),
            )
        )
    return sorted(places, key=lambda p: (KINDS.index(p.kind), p.name.casefold(), p.item_id))


def by_channel(places: list[Place], channels: list[dict]) -> list[tuple[dict, list[Place]]]:
    """Places grouped under their channel (the county, then gminas by name), empty ones left out."""
    return [
        (channel, members)
        for channel in channels
        if (members := [p for p in places if p.channel == channel["id"]])
    ]


def marker(kind: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """One marker's shape centred on (x, y) inside a `size` square: the map's and the legend's.

    Each kind has its own shape as well as colour, so the map reads without colour."""
    half = size / 2
    if kind == "office":
        return (
            f'<rect class="m-office" x="{x - half:.0f}" y="{y - half:.0f}" '
            f'width="{size:g}" height="{size:g}"/>'
        )
    if kind == "hotspot":
        return (
            f'<polygon class="m-hotspot" points="{x - half:.0f},{y + half:.0f} '
            f'{x + half:.0f},{y + half:.0f} {x:.0f},{y - half:.0f}"/>'
        )
    return f'<circle class="m-kiosk" cx="{x:.0f}" cy="{y:.0f}" r="{half:g}"/>'


def legend_icon(kind: str) -> Markup:
    """The marker of `kind` as a small decorative SVG for the legend."""
    return Markup(  # noqa: S704 - numbers and a fixed class only
        f'<svg class="legend-icon" viewBox="0 0 18 18" width="18" height="18" aria-hidden="true">'
        f"{marker(kind, 9, 9)}</svg>"
    )


def _points(flat: list[float]) -> str:
    """A flat x0, y0, … list (origin bottom-left) as SVG points (origin top-left)."""
    return " ".join(f"{x:.0f},{HEIGHT - y:.0f}" for x, y in zip(flat[::2], flat[1::2], strict=True))


def county_svg(places: list[Place], lang: str, title: str, href: Callable[[Place], str]) -> Markup:
    """The county with Lublin cut out and every place that has coordinates as a named link."""
    projection = Projection(0, 0, WIDTH, HEIGHT, margin=24)
    shown = [p for p in places if p.on_map]
    where = projection.points([(p.lon, p.lat) for p in shown])
    drawn = spread(where, MARKER_SIZE, gap=3)
    cx, cy = projection.point(*lublin_centre())
    parts = [
        f'<svg class="county-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        f'aria-labelledby="county-map-title"><title id="county-map-title">{escape(title)}</title>',
        f'<polygon class="county" points="{_points(projection.outline())}"/>',
        f'<polygon class="city" id="lublin" points="{_points(projection.hole())}"/>',
        f'<text class="city-name" x="{cx:.1f}" y="{HEIGHT - cy + 5:.1f}" text-anchor="middle" '
        f'aria-hidden="true">{escape(CITY_LABELS[lang])}</text>',
    ]
    # spokes from a spread-out group's common place to its markers; one path keeps it small
    spokes = "".join(
        f"M{group.x:.0f} {HEIGHT - group.y:.0f}L{drawn[i][0]:.0f} {HEIGHT - drawn[i][1]:.0f}"
        for group in clusters(where, MARKER_SIZE, gap=3)
        if len(group.members) > 1
        for i in group.members
    )
    if spokes:
        parts.append(f'<path class="spokes" d="{spokes}"/>')
    kinds = KIND_LABELS[lang]
    for place, (x, y) in zip(shown, drawn, strict=True):
        name = escape(f"{place.name} ({kinds[place.kind]})")
        parts.append(
            f'<a href="{escape(href(place))}" aria-label="{name}">'
            f"{marker(place.kind, x, HEIGHT - y)}</a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()
