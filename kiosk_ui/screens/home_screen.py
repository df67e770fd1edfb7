"""Home: a greeting and six large tiles, each with its icon and what it holds."""

from __future__ import annotations

from pathlib import Path

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from content_sync.validation import LOCAL_TZ
from kiosk_ui.i18n import _, day_label, ngettext
from kiosk_ui.views import list_title
from kiosk_ui.widgets import Tile

ICONS = Path(__file__).parents[1] / "assets" / "icons"
TILES = ("news", "offices", "procedures", "events", "map", "help")
# what the number on a tile counts, singular and plural message ids
COUNTED = {
    "news": ("{count} new", "{count} new"),
    "offices": ("{count} office", "{count} offices"),
    "procedures": ("{count} guide", "{count} guides"),
    "events": ("{count} event", "{count} events"),
}


def count_label(name: str, count: int, lang: str) -> str:
    """'13 nowych', '2 wydarzenia', '1 office': a tile's number with its noun."""
    singular, plural = COUNTED[name]
    return ngettext(singular, plural, count, lang)


def tile_label(name: str, lang: str) -> str:
    """The word on a tile."""
    if name == "map":
        return _("Map", lang)
    if name == "help":
        return _("Help", lang)
    return list_title(name, lang)


class HomeTile(Tile):
    """A tile opening screen `target`, in colour `index`, with the target's icon."""

    index = NumericProperty(0)
    target = StringProperty("news")
    room = NumericProperty(0)
    icon_size = NumericProperty(0)


class HomeScreen(Screen):
    """Where every visit starts."""

    def show(self, app, **_context) -> None:
        lang, now = app.lang, app.now()
        counts = {
            "news": len(app.content.news(now)),
            "offices": len(app.content.offices(now)),
            "procedures": len(app.content.procedures(now)),
            "events": len(app.content.upcoming_events(now)),
        }
        self.ids.greeting.text = _("Hello! What would you like to find?", lang)
        today = day_label(now.astimezone(LOCAL_TZ).date(), lang)
        self.ids.today.text = today[:1].upper() + today[1:]  # 'Tuesday, 1 December'
        for name in TILES:
            tile = self.ids[f"tile_{name}"]
            tile.text = f"[b]{tile_label(name, lang)}[/b]"
            tile.speech = tile_label(name, lang)
            if name in counts:
                count = count_label(name, counts[name], lang)
                tile.text += f"\n[size={int(30 * app.font_scale)}]{count}[/size]"
                tile.speech += f". {count}"

    def speech(self, app) -> str:
        words = [self.ids.greeting.text] + [self.ids[f"tile_{name}"].speech for name in TILES]
        return ". ".join(words)
