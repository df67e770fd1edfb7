"""The county drawn without map tiles: a simplified outline and a projection onto a box.

The outline is a hand-simplified trace of Powiat Lubelski's border (about 1-2 km
accuracy, good enough to tell north from south and near from far); Lublin, a city
county of its own, sits in its middle and is drawn as a circle. Places are projected
equirectangularly with the cosine of the mid latitude, which at this size is
indistinguishable from a proper map projection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# (longitude, latitude), clockwise from the north-west
COUNTY_OUTLINE = (
    (22.13, 51.33), (22.25, 51.42), (22.40, 51.46), (22.55, 51.43), (22.68, 51.38),
    (22.78, 51.30), (22.80, 51.20), (22.76, 51.10), (22.80, 51.00), (22.75, 50.90),
    (22.62, 50.86), (22.50, 50.90), (22.40, 50.95), (22.28, 50.98), (22.15, 51.02),
    (22.08, 51.10), (22.06, 51.20), (22.08, 51.28),
)  # fmt: skip
LUBLIN_CENTRE = (22.568, 51.246)
LUBLIN_RADIUS_KM = 7.5
KM_PER_DEGREE_LAT = 111.2


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
        lons = [p[0] for p in COUNTY_OUTLINE]
        lats = [p[1] for p in COUNTY_OUTLINE]
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
        west, south, squeeze, scale, left, bottom = self._frame()
        return left + (lon - west) * squeeze * scale, bottom + (lat - south) * scale

    def points(self, places: list[tuple[float, float]]) -> list[tuple[float, float]]:
        """Screen coordinates of many places at once (the frame is computed once)."""
        west, south, squeeze, scale, left, bottom = self._frame()
        return [
            (left + (lon - west) * squeeze * scale, bottom + (lat - south) * scale)
            for lon, lat in places
        ]

    def outline(self) -> list[float]:
        """The county border as a flat closed list x0, y0, x1, y1, … for a Line."""
        flat: list[float] = []
        for lon, lat in (*COUNTY_OUTLINE, COUNTY_OUTLINE[0]):
            flat.extend(self.point(lon, lat))
        return flat

    def lublin(self) -> tuple[float, float, float]:
        """Centre and radius in pixels of the city of Lublin."""
        x, y = self.point(*LUBLIN_CENTRE)
        scale = self._frame()[3]
        return x, y, LUBLIN_RADIUS_KM / KM_PER_DEGREE_LAT * scale

    def contains(self, lon: float, lat: float) -> bool:
        """Whether a place lies inside the county outline (even-odd rule)."""
        inside = False
        points = COUNTY_OUTLINE
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            if (y1 > lat) != (y2 > lat):
                crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                if lon < crossing:
                    inside = not inside
        return inside
