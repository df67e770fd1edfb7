"""One item in full, with a QR code to take it away on a phone."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.uix.screenmanager import Screen

from kiosk_ui.i18n import _, in_polish_note
from kiosk_ui.richtext import escape_markup
from kiosk_ui.speech import Speech
from kiosk_ui.views import detail_view


class DetailScreen(Screen):
    """A news item, event, procedure or office."""

    _key: tuple | None = None
    view = None

    def show(self, app, type=None, id=None, **_context) -> None:  # noqa: A002 - the item's own words
        now = app.now()
        item = app.content.find(type, id, now)
        if item is None:
            raise LookupError(f"{type} {id}")
        minute = now.strftime("%Y%m%d%H%M")
        key = (app.lang, app.font_scale, item.get("sha256", item["id"]), minute)
        if key == self._key:
            return
        self._key = key
        view = self.view = detail_view(app.content, item, app.lang, now)
        note = in_polish_note(view.title_lang, app.lang)
        self.ids.title.text = escape_markup(view.title) + (
            f" [i][size={int(32 * app.font_scale)}]{escape_markup(note)}[/size][/i]" if note else ""
        )
        self.ids.status.text = escape_markup(view.status)
        self.ids.status.kind = "open" if view.is_open else "closed"
        self.ids.image.source = str(view.image) if view.image else ""
        self.ids.image.opacity = 1 if view.image else 0
        self.ids.image.height = 520 if view.image else 0
        column = self.ids.sections
        column.clear_widgets()
        for section in view.sections:
            if section.heading:
                column.add_widget(Factory.Heading(text=escape_markup(section.heading)))
            column.add_widget(Factory.BodyLabel(text=section.text))
        self.ids.qr.payload = view.qr_url
        self.ids.qr_caption.text = _("Take it with you: scan the code with your phone.", app.lang)
        self.ids.scroller.scroll_y = 1

    def speech(self, app) -> Speech:
        return self.view.speech if self.view else []
