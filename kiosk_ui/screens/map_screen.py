"""The county on one screen: its outline, Lublin, offices, kiosks and hotspots.

Drawn from coordinates in the content (no map tiles, nothing from the internet).
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line, Rectangle, Triangle
from kivy.properties import ListProperty, StringProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from content_sync.county_map import Projection
from kiosk_ui.i18n import _, pick
from kiosk_ui.theme import rgba

MARKER_COLOURS = {"office": "#0B4F8A", "kiosk": "#1B6E2A", "hotspot": "#B34700", "here": "#A3001B"}


def _coordinates(data: dict) -> tuple[float, float] | None:
    lon, lat = data.get("lon"), data.get("lat")
    if isinstance(lon, int | float) and isinstance(lat, int | float):
        return float(lon), float(lat)
    return None


class CountyMap(Widget):
    """The outline and the markers, redrawn when resized or given new places."""

    places = ListProperty([])  # (kind, lon, lat)
    here = ListProperty([])  # [lon, lat] of this kiosk, if known
    land = ListProperty([0.86, 0.91, 0.84, 1])
    city = ListProperty([0.79, 0.81, 0.83, 1])
    edge = ListProperty([0.04, 0.31, 0.54, 1])
    city_label = StringProperty("Lublin")

    def on_size(self, *_args):
        self.redraw()

    def on_pos(self, *_args):
        self.redraw()

    def on_places(self, *_args):
        self.redraw()

    def on_land(self, *_args):
        self.redraw()

    def redraw(self) -> None:
        """Draw everything again at the widget's size."""
        projection = Projection(self.x, self.y, self.width, self.height)
        self.canvas.clear()
        with self.canvas:
            Color(*self.land)
            points = projection.outline()
            centre = projection.point(22.45, 51.17)
            for i in range(0, len(points) - 2, 2):
                Triangle(points=[*centre, points[i], points[i + 1], points[i + 2], points[i + 3]])
            Color(*self.edge)
            Line(points=points, width=3, close=True)
            Color(*self.city)
            x, y, radius = projection.lublin()
            Ellipse(pos=(x - radius, y - radius), size=(2 * radius, 2 * radius))
            for kind, lon, lat in self.places:
                px, py = projection.point(lon, lat)
                Color(*rgba(MARKER_COLOURS[kind]))
                if kind == "office":
                    Rectangle(pos=(px - 14, py - 14), size=(28, 28))
                elif kind == "hotspot":
                    Triangle(points=[px - 16, py - 12, px + 16, py - 12, px, py + 16])
                else:
                    Ellipse(pos=(px - 14, py - 14), size=(28, 28))
            if self.here:
                px, py = projection.point(*self.here)
                Color(*rgba(MARKER_COLOURS["here"]))
                Line(circle=(px, py, 34), width=5)


class MapScreen(Screen):
    """The county map with a legend."""

    def show(self, app, **_context) -> None:
        now, lang = app.now(), app.lang
        places, here = [], []
        for office in app.content.offices(now):
            if _coordinates(office["data"]):
                places.append(("office", *_coordinates(office["data"])))
        for location in app.content.locations(now):
            data = location["data"]
            if not _coordinates(data):
                continue
            kind = data.get("kind") if data.get("kind") in ("kiosk", "hotspot") else "kiosk"
            places.append((kind, *_coordinates(data)))
            if data.get("device_id") and data.get("device_id") == app.settings["DEVICE_ID"]:
                here = list(_coordinates(data))
        self.ids.county.places = places
        self.ids.county.here = here
        self.ids.title.text = _("Map of the county", lang)
        self.ids.legend_office.text = _("Office", lang)
        self.ids.legend_kiosk.text = _("Information kiosk", lang)
        self.ids.legend_hotspot.text = _("Free Wi-Fi", lang)
        self.ids.legend_here.text = _("You are here", lang) if here else ""
        self.names = [pick(o["data"].get("name"), lang) for o in app.content.offices(now)]

    def speech(self, app) -> str:
        return ". ".join([self.ids.title.text, *self.names])
