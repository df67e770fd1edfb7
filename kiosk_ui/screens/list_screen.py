"""The list screens (news, offices, procedures, events): one class, four names."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.uix.screenmanager import Screen

from kiosk_ui.i18n import _
from kiosk_ui.richtext import escape_markup
from kiosk_ui.speech import Speech
from kiosk_ui.views import list_rows, list_title


class ListScreen(Screen):
    """A heading and a scrolling column of rows; the screen's name says which list."""

    _key: tuple | None = None

    def show(self, app, **_context) -> None:
        now = app.now()
        # offices say "open now", which changes by the minute
        minute = now.strftime("%Y%m%d%H%M") if self.name == "offices" else now.date()
        key = (app.lang, app.font_scale, app.content.path, minute)
        if key == self._key:
            return
        self._key = key
        self.ids.title.text = list_title(self.name, app.lang)
        column = self.ids.rows
        column.clear_widgets()
        small = int(28 * app.font_scale)
        self.rows = list_rows(self.name, app.content, app.lang, now)
        for row in self.rows:
            if row.item_id is None:
                column.add_widget(Factory.DayHeading(text=escape_markup(row.title)))
                continue
            widget = Factory.ItemRow(text=row.markup(app.lang, small), speech=row.title)
            widget.bind(on_release=lambda _w, r=row: app.open_item(r.type_name, r.item_id))
            column.add_widget(widget)
        if not self.rows:
            column.add_widget(Factory.BodyLabel(text=escape_markup(self.empty_text(app))))
        self.ids.scroller.scroll_y = 1

    def empty_text(self, app) -> str:
        return _("Nothing here at the moment.", app.lang)

    def speech(self, app) -> Speech:
        titles = [(row.title_lang or app.lang, row.title) for row in self.rows[:12]]
        return [(app.lang, self.ids.title.text), *titles]
