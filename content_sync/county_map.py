"""The county drawn without map tiles: its real outline, a projection onto a box, and
markers spread so that none hides another.

The outline is Powiat Lubelski's border from the national register (maps/, with its
licence); the city of Lublin, a city county of its own, is the hole in its middle.
Places are projected equirectangularly with the cosine of the mid latitude, which at
this size is indistinguishable from a proper map projection.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OUTLINE_FILE = Path(__file__).with_name("maps") / "powiat-lubelski.geojson"

Ring = tuple[tuple[float, float], ...]


@cache
def _rings() -> dict[str, Ring]:
    """{'county': ring, 'city-hole': ring} as (longitude, latitude), read on first use."""
    features = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))["features"]
    return {
        feature["properties"]["role"]: tuple(
            (float(lon), float(lat)) for lon, lat in feature["geometry"]["coordinates"][0][:-1]
        )
        for feature in features
    }


def county_outline() -> Ring:
    """The county's border, without the closing repeat of the first point."""
    return _rings()["county"]


def lublin_outline() -> Ring:
    """The border of the city of Lublin: the hole in the county."""
    return _rings()["city-hole"]


def lublin_centre() -> tuple[float, float]:
    """The middle of Lublin (the mean of its border points), where its name goes."""
    ring = lublin_outline()
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def _inside(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@dataclass(frozen=True)
class Projection:
    """Maps (longitude, latitude) into a box of `width` × `height` pixels at (x, y)."""

    x: float
    y: float
    width: float
    height: float
    margin: float = 40

    def _frame(self) -> tuple[float, float, float, float, float, float]:
        """west, south, cos(mid latitude), pixels per degree, left and bottom edges."""
        ring = county_outline()
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        west, south = min(lons), min(lats)
        squeeze = math.cos(math.radians((south + max(lats)) / 2))
        span_x, span_y = (max(lons) - west) * squeeze, max(lats) - south
        scale = min(
            (self.width - 2 * self.margin) / span_x, (self.height - 2 * self.margin) / span_y
        )
        left = self.x + (self.width - span_x * scale) / 2
        bottom = self.y + (self.height - span_y * scale) / 2
        return west, south, squeeze, scale, left, bottom

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen coordinates (origin bottom-left, as Kivy's; SVG flips y) of a place."""
        return self.points([(lon, lat)])[0]

    def points(self, places: list[tuple[float, float]]) -> list[tuple[float, float]]:
        """Screen coordinates of many places at once (the frame is computed once)."""
        west, south, squeeze, scale, left, bottom = self._frame()
        return [
            (left + (lon - west) * squeeze * scale, bottom + (lat - south) * scale)
            for lon, lat in places
        ]

    def outline(self) -> list[float]:
        """The county border as a flat closed list x0, y0, x1, y1, … for a Line."""
        return self._flat(county_outline())

    def hole(self) -> list[float]:
        """Lublin's border, the hole in the county, as a flat closed list."""
        return self._flat(lublin_outline())

    def _flat(self, ring: Ring) -> list[float]:
        return [c for point in self.points([*ring, ring[0]]) for c in point]

    def lublin(self) -> tuple[float, float, float]:
        """Centre and radius in pixels of a circle as large as the city of Lublin."""
        x, y = self.point(*lublin_centre())
        flat = self.hole()
        xs, ys = flat[0::2], flat[1::2]
        area = abs(sum(xs[i] * ys[i + 1] - xs[i + 1] * ys[i] for i in range(len(xs) - 1))) / 2
        return x, y, math.sqrt(area / math.pi)

    def contains(self, lon: float, lat: float) -> bool:
        """Whether a place lies in the county: inside its border, outside Lublin.

        The register's ring already runs round Lublin; the second test keeps that true
        for an outline drawn the other way (an outer ring and a hole)."""
        return _inside(county_outline(), lon, lat) and not _inside(lublin_outline(), lon, lat)


@dataclass(frozen=True)
class Cluster:
    """Markers that would have touched, set on a ring around their common centre."""

    members: tuple[int, ...]
    x: float
    y: float
    radius: float  # of the circle holding the whole cluster, markers included


def _cluster(points: list[tuple[float, float]], members: tuple[int, ...], size: float, gap: float):
    x = sum(points[i][0] for i in members) / len(members)
    y = sum(points[i][1] for i in members) / len(members)
    if len(members) == 1:
        return Cluster(members, x, y, size / 2)
    # neighbours on the ring are one marker and one gap apart (the chord of the ring)
    ring = (size + gap) / (2 * math.sin(math.pi / len(members)))
    return Cluster(members, x, y, ring + size / 2)


def clusters(points: list[tuple[float, float]], size: float, gap: float = 8) -> list[Cluster]:
    """Group markers of `size` px at `points` so that no two groups' circles touch.

    A marker counts as the circle around its square (size × √2 across), so markers
    kept apart this way are apart in their bounding boxes too, at any angle.
    """
    size *= math.sqrt(2)
    groups = [_cluster(points, (i,), size, gap) for i in range(len(points))]
    merged = True
    while merged:
        merged = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                one, other = groups[a], groups[b]
                if math.dist((one.x, one.y), (other.x, other.y)) < one.radius + other.radius + gap:
                    groups[a] = _cluster(points, one.members + other.members, size, gap)
                    del groups[b]
                    merged = True
                    break
            if merged:
                break
    return groups


def spread(points: list[tuple[float, float]], size: float, gap: float = 8):
    """Where to draw markers of `size` px meant for `points` so no two overlap.

    A marker alone stays on its place; markers that would touch are set around their
    common centre, each `gap` px from the next. Returns positions in the order given.
    """
    placed: list[tuple[float, float]] = [(0.0, 0.0)] * len(points)
    for group in clusters(points, size, gap):
        if len(group.members) == 1:
            placed[group.members[0]] = (group.x, group.y)
            continue
        ring = group.radius - size * math.sqrt(2) / 2
        for n, i in enumerate(sorted(group.members, key=lambda i: points[i])):
            angle = math.pi / 2 - 2 * math.pi * n / len(group.members)
            placed[i] = (group.x + ring * math.cos(angle), group.y + ring * math.sin(angle))
    return placed
