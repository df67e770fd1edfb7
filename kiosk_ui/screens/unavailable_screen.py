"""Shown when there is no readable content: a friendly message and a phone number."""

from __future__ import annotations

from kivy.uix.screenmanager import Screen

from content_sync.model import LANGUAGES
from kiosk_ui.i18n import _
from kiosk_ui.richtext import escape_markup, markup_to_text


class UnavailableScreen(Screen):
    """'Information temporarily unavailable', in all three languages at once.

    Nobody can switch languages on a screen that has nothing else to show, so it says
    it three times.
    """

    def show(self, app, **_context) -> None:
        phone = app.settings["HELP_PHONE"]
        blocks = []
        for lang in LANGUAGES:
            heading = _("Information temporarily unavailable", lang)
            call = _("Please call the county office: {phone}", lang).format(phone=phone)
            blocks.append(f"[b]{escape_markup(heading)}[/b]\n{escape_markup(call)}")
        self.ids.message.text = "\n\n".join(blocks)

    def speech(self, app) -> str:
        return markup_to_text(self.ids.message.text)
