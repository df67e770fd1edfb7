"""The county on one screen: its outline with Lublin cut out, offices, kiosks, hotspots.

Drawn from coordinates in the content (no map tiles, nothing from the internet).
Markers that would cover each other are set around their common place and the place
is named once; the legend draws each kind with the same shape as the map.
"""

from __future__ import annotations

import logging

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line, Mesh, Rectangle, Triangle
from kivy.graphics.tesselator import TYPE_POLYGONS, WINDING_ODD, Tesselator
from kivy.properties import ListProperty, StringProperty
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from content_sync.county_map import Projection, clusters, lublin_centre, spread
from kiosk_ui.i18n import _, pick
from kiosk_ui.theme import rgba

log = logging.getLogger(__name__)
MARKER_COLOURS = {"office": "#0B4F8A", "kiosk": "#1B6E2A", "hotspot": "#B34700", "here": "#A3001B"}
MARKER_SIZE = 30
LABEL_GAP = 8


def draw_marker(kind: str, x: float, y: float, size: float = MARKER_SIZE) -> None:
    """One marker centred on (x, y), inside a `size` square: the map's and the legend's."""
    half = size / 2
    Color(*rgba(MARKER_COLOURS[kind]))
    if kind == "office":
        Rectangle(pos=(x - half, y - half), size=(size, size))
    elif kind == "hotspot":
        Triangle(points=[x - half, y - half, x + half, y - half, x, y + half])
    else:
        Ellipse(pos=(x - half, y - half), size=(size, size))
    if kind == "here":
        dot = size / 5
        Color(1, 1, 1, 1)
        Ellipse(pos=(x - dot, y - dot), size=(2 * dot, 2 * dot))


def _fill(closed: list[float], colour: list[float]) -> None:
    """Fill a closed flat outline, concave or not, in `colour`."""
    tesselator = Tesselator()
    tesselator.add_contour(closed[:-2])
    if tesselator.tesselate(WINDING_ODD, TYPE_POLYGONS):
        Color(*colour)
        for vertices, indices in tesselator.meshes:
            Mesh(vertices=vertices, indices=indices, mode="triangle_fan")


def _coordinates(data: dict) -> tuple[float, float] | None:
    lon, lat = data.get("lon"), data.get("lat")
    if isinstance(lon, int | float) and isinstance(lat, int | float):
        return float(lon), float(lat)
    return None


def _overlaps(box, boxes) -> bool:
    return any(
        box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
        for other in boxes
    )


def _within(box, bounds) -> bool:
    left, bottom, right, top = bounds
    return left <= box[0] and bottom <= box[1] and box[2] <= right and box[3] <= top


class MarkerIcon(Widget):
    """A legend's marker, drawn by the map's own function."""

    kind = StringProperty("office")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # once per frame, with the layout settled
        self.bind(kind=self._redraw_soon, pos=self._redraw_soon, size=self._redraw_soon)

    def _redraw_soon(self, *_args) -> None:
        Clock.unschedule(self.redraw)
        Clock.schedule_once(self.redraw, 0)

    def redraw(self, *_args) -> None:
        """Draw the marker in the middle of the widget."""
        self.canvas.clear()
        with self.canvas:
            draw_marker(self.kind, self.center_x, self.center_y)


class CountyMap(Widget):
    """The outline, the markers and the place names, redrawn when resized or refilled."""

    places = ListProperty([])  # (kind, lon, lat, name)
    land = ListProperty([0.86, 0.91, 0.84, 1])
    city = ListProperty([0.79, 0.81, 0.83, 1])
    edge = ListProperty([0.04, 0.31, 0.54, 1])
    text = ListProperty([0, 0, 0, 1])
    surface = ListProperty([1, 1, 1, 1])
    city_label = StringProperty("Lublin")
    font_size = ListProperty([26])

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.marker_boxes: list[tuple[float, float, float, float]] = []
        self.label_boxes: list[tuple[float, float, float, float]] = []
        # once per frame, with the layout settled: names are measured and placed each time
        for name in ("pos", "size", "places", "land", "text"):
            self.bind(**{name: self._redraw_soon})

    def _redraw_soon(self, *_args) -> None:
        Clock.unschedule(self.redraw)
        Clock.schedule_once(self.redraw, 0)

    def redraw(self, *_args) -> None:
        """Draw everything again at the widget's size."""
        projection = Projection(self.x, self.y, self.width, self.height)
        self.canvas.clear()
        self.clear_widgets()
        with self.canvas:
            self._draw_county(projection)
        places = projection.points([(lon, lat) for _kind, lon, lat, _name in self.places])
        drawn = spread(places, MARKER_SIZE)
        half = MARKER_SIZE / 2
        self.marker_boxes = [(x - half, y - half, x + half, y + half) for x, y in drawn]
        with self.canvas:
            Color(*self.edge)
            for group in clusters(places, MARKER_SIZE):
                if len(group.members) > 1:  # spokes from the places' common centre
                    for i in group.members:
                        Line(points=[group.x, group.y, *drawn[i]], width=1.2)
                    Ellipse(pos=(group.x - 4, group.y - 4), size=(8, 8))
            for (kind, *_rest), (x, y) in zip(self.places, drawn, strict=True):
                draw_marker(kind, x, y)
        self._name_places(projection, places)

    def _draw_county(self, projection: Projection) -> None:
        outline, hole = projection.outline(), projection.hole()
        # the register's county ring runs round Lublin, so filled alone it leaves the city
        # out; the city gets its own colour, as the county it is
        _fill(outline, self.land)
        _fill(hole, self.city)
        Color(*self.edge)
        Line(points=outline, width=3, close=True)
        Line(points=hole, width=1.5, close=True)

    def _name_places(self, projection: Projection, places: list[tuple[float, float]]) -> None:
        """A name beside each group of markers where it covers nothing else."""
        taken = list(self.marker_boxes)
        bounds = (self.x, self.y, self.right, self.top)
        named = [(self.city_label, [*projection.point(*lublin_centre())], 0.0)]
        for group in clusters(places, MARKER_SIZE):
            names = [self.places[i][3] for i in group.members if self.places[i][3]]
            if names:
                name = min((n.split(" — ")[0] for n in names), key=len)
                named.append((name, [group.x, group.y], group.radius))
        self.label_boxes = []
        for text, (x, y), radius in named:
            label = Label(text=text, font_size=self.font_size[0], color=self.text, bold=True)
            label.texture_update()
            w, h = label.texture_size[0] + 12, label.texture_size[1] + 4
            reach = radius + LABEL_GAP
            candidates = [
                (x - w / 2, y - h / 2) if not radius else None,
                (x + reach, y - h / 2),
                (x - reach - w, y - h / 2),
                (x - w / 2, y + reach),
                (x - w / 2, y - reach - h),
            ]
            for spot in filter(None, candidates):
                box = (spot[0], spot[1], spot[0] + w, spot[1] + h)
                if _within(box, bounds) and not _overlaps(box, taken):
                    break
            else:
                log.info("map: no free room for the name %r", text)
                continue
            taken.append(box)
            self.label_boxes.append(box)
            label.pos, label.size = spot, (w, h)
            with label.canvas.before:
                Color(*self.surface[:3], 0.85)
                Rectangle(pos=label.pos, size=label.size)
            self.add_widget(label)


class MapScreen(Screen):
    """The county map with a legend."""

    def show(self, app, **_context) -> None:
        now, lang = app.now(), app.lang
        places, here_id = [], app.settings["DEVICE_ID"]
        for office in app.content.offices(now):
            if _coordinates(office["data"]):
                places.append(("office", *_coordinates(office["data"]), self._name(office, lang)))
        for location in app.content.locations(now):
            data = location["data"]
            if not _coordinates(data):
                continue
            kind = data.get("kind") if data.get("kind") in ("kiosk", "hotspot") else "kiosk"
            if here_id and data.get("device_id") == here_id:
                kind = "here"
            places.append((kind, *_coordinates(data), self._name(location, lang)))
        county = self.ids.county
        county.city_label = "Lublin"
        county.font_size = [int(26 * app.font_scale)]
        county.places = places
        self.ids.title.text = _("Map of the county", lang)
        self.ids.legend_office.text = _("Office", lang)
        self.ids.legend_kiosk.text = _("Information kiosk", lang)
        self.ids.legend_hotspot.text = _("Free Wi-Fi", lang)
        here = any(kind == "here" for kind, *_rest in places)
        self.ids.legend_here.text = _("You are here", lang) if here else ""
        self.names = [pick(o["data"].get("name"), lang) for o in app.content.offices(now)]

    @staticmethod
    def _name(item: dict, lang: str) -> str:
        return pick(item["data"].get("name"), lang)

    def speech(self, app) -> str:
        return ". ".join([self.ids.title.text, *self.names])
