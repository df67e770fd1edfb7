"""Home: a greeting and six large tiles."""

from __future__ import annotations

from kivy.uix.screenmanager import Screen

from content_sync.validation import LOCAL_TZ
from kiosk_ui.i18n import _, day_label
from kiosk_ui.views import list_title

TILES = ("news", "offices", "procedures", "events", "map", "help")


def tile_label(name: str, lang: str) -> str:
    """The word on a tile."""
    if name == "map":
        return _("Map", lang)
    if name == "help":
        return _("Help", lang)
    return list_title(name, lang)


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
        self.ids.today.text = day_label(now.astimezone(LOCAL_TZ).date(), lang).capitalize()
        for name in TILES:
            tile = self.ids[f"tile_{name}"]
            tile.text = f"[b]{tile_label(name, lang)}[/b]"
            if name in counts:
                tile.text += f"\n[size={int(30 * app.font_scale)}]{counts[name]}[/size]"
            tile.speech = tile_label(name, lang)

    def speech(self, app) -> str:
        words = [self.ids.greeting.text] + [tile_label(name, app.lang) for name in TILES]
        return ". ".join(words)
