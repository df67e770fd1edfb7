"""Help: how to use the kiosk, its accessibility features, and privacy."""

from __future__ import annotations

from kivy.uix.screenmanager import Screen

from kiosk_ui.i18n import _
from kiosk_ui.richtext import escape_markup


def help_sections(lang: str) -> list[tuple[str, str]]:
    """(heading, text) pairs of the help page."""
    return [
        (
            _("How to use this screen", lang),
            _(
                "Touch a tile to open it. Each button needs one short touch. "
                "Back returns to the previous screen, Home to the start. "
                "Up and Down move through long pages.",
                lang,
            ),
        ),
        (
            _("Language", lang),
            _("PL, EN and УКР at the top right switch the language of every screen.", lang),
        ),
        (
            _("Easier to see and hear", lang),
            _(
                "The buttons along the bottom edge: Read aloud (bottom left corner) reads "
                "each screen aloud, Large text makes all text larger, Contrast switches "
                "to yellow on black.",
                lang,
            ),
        ),
        (
            _("Take it with you", lang),
            _(
                "Every page has a QR code: scan it with your phone's camera to open the "
                "same page on your phone.",
                lang,
            ),
        ),
        (
            _("Privacy", lang),
            _(
                "This kiosk does not ask who you are and stores nothing about you. After "
                "a short time without a touch it returns to the start and forgets your "
                "choices.",
                lang,
            ),
        ),
    ]


class HelpScreen(Screen):
    """Static help text in the visitor's language."""

    def show(self, app, **_context) -> None:
        self.ids.title.text = _("Help", app.lang)
        self.sections = help_sections(app.lang)
        self.ids.body.text = "\n\n".join(
            f"[b]{escape_markup(heading)}[/b]\n{escape_markup(text)}"
            for heading, text in self.sections
        )

    def speech(self, app) -> str:
        return "\n".join(f"{heading}. {text}" for heading, text in self.sections)
