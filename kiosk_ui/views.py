"""What each screen shows, as plain data: list rows and detail pages in one language.

Screens only lay these out, so everything a resident reads — and what is read aloud —
is decided here and tested without a window. A field shown in Polish because it has no
translation carries the language it is in, so it is marked on screen and read aloud in
the Polish voice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from babel.dates import get_day_names

from content_sync.hours import office_status, ranges_on
from content_sync.labels import shown_language
from content_sync.model import WEEKDAYS
from content_sync.validation import LOCAL_TZ
from kiosk_ui.content import KioskContent, parse_moment
from kiosk_ui.i18n import _, clock, day_label, in_polish_note, pick, status_line
from kiosk_ui.richtext import escape_markup, html_to_markup, markup_to_text
from kiosk_ui.speech import Speech

HOLIDAYS_AHEAD = timedelta(days=60)
SCREEN_TYPES = {"news": "news", "offices": "office", "procedures": "procedure", "events": "event"}


@dataclass(frozen=True)
class Row:
    """One line of a list: an item to open, or a heading (item_id None)."""

    title: str
    subtitle: str = ""
    type_name: str = ""
    item_id: int | None = None
    title_lang: str = ""  # the language the title is in, when not the screen's

    def markup(self, lang: str, small: int) -> str:
        """The row as a button's markup, marked when its title is a Polish fallback."""
        text = f"[b]{escape_markup(self.title)}[/b]"
        note = in_polish_note(self.title_lang or lang, lang)
        if note:
            text += f" [i]{escape_markup(note)}[/i]"
        if self.subtitle:
            text += f"\n[size={small}]{escape_markup(self.subtitle)}[/size]"
        return text


@dataclass(frozen=True)
class Section:
    """A headed block of a detail page; `text` is Kivy markup."""

    heading: str
    text: str
    lang: str = ""  # the language `text` is in, when not the screen's


@dataclass(frozen=True)
class DetailView:
    """A whole detail page."""

    title: str
    qr_url: str
    status: str = ""
    is_open: bool = False
    sections: tuple[Section, ...] = ()
    image: Path | None = None
    image_alt: str = ""
    title_lang: str = ""
    speech: Speech = field(default_factory=list, compare=False)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def _field(heading: str, value: object, lang: str) -> Section:
    """A section showing one translated field, in the language it is shown in."""
    return Section(heading, escape_markup(pick(value, lang)), shown_language(value, lang))


def _when(data: dict, lang: str) -> str:
    starts = parse_moment(data.get("starts_at"))
    if starts is None:
        return ""
    starts = _local(starts)
    ends = parse_moment(data.get("ends_at"))
    text = f"{day_label(starts.date(), lang)}, {clock(starts)}"
    if ends:
        ends = _local(ends)
        same_day = ends.date() == starts.date()
        text += (
            f"–{clock(ends)}" if same_day else f" – {day_label(ends.date(), lang)}, {clock(ends)}"
        )
    return text


def list_title(screen: str, lang: str) -> str:
    """The heading of a list screen."""
    return {
        "news": _("News", lang),
        "offices": _("Offices", lang),
        "procedures": _("How do I get this done?", lang),
        "events": _("Events", lang),
    }[screen]


def list_rows(screen: str, content: KioskContent, lang: str, now: datetime) -> list[Row]:
    """The rows of one of the list screens."""
    if screen == "news":
        return [
            Row(
                pick(i["data"].get("title"), lang),
                day_label(_local(parse_moment(i["published_at"]) or now).date(), lang),
                "news",
                i["id"],
                shown_language(i["data"].get("title"), lang),
            )
            for i in content.news(now)
        ]
    if screen == "offices":
        today = _local(now)
        return [
            Row(
                pick(i["data"].get("name"), lang),
                status_line(_office_status(i, today), today.date(), lang),
                "office",
                i["id"],
                shown_language(i["data"].get("name"), lang),
            )
            for i in content.offices(now)
        ]
    if screen == "procedures":
        return [
            Row(
                pick(i["data"].get("title"), lang),
                pick(i["data"].get("summary"), lang),
                "procedure",
                i["id"],
                shown_language(i["data"].get("title"), lang),
            )
            for i in content.procedures(now)
        ]
    return _event_rows(content, lang, now)


def _event_rows(content: KioskContent, lang: str, now: datetime) -> list[Row]:
    rows: list[Row] = []
    current_day: date | None = None
    for item in content.upcoming_events(now):
        data = item["data"]
        starts = _local(parse_moment(data["starts_at"]))
        if starts.date() != current_day:
            current_day = starts.date()
            rows.append(Row(day_label(current_day, lang)))
        place = pick(data.get("place"), lang)
        subtitle = f"{clock(starts)} · {place}" if place else clock(starts)
        title_lang = shown_language(data.get("title"), lang)
        rows.append(Row(pick(data.get("title"), lang), subtitle, "event", item["id"], title_lang))
    return rows


def _office_status(item: dict, local_now: datetime):
    data = item["data"]
    return office_status(data.get("opening_hours") or {}, data.get("holidays") or [], local_now)


def detail_view(content: KioskContent, item: dict, lang: str, now: datetime) -> DetailView:
    """The detail page of `item`."""
    builders = {
        "news": _news,
        "event": _event,
        "procedure": _procedure,
        "office": _office,
    }
    view = builders[item["type"]](content, item, lang, now)
    title_lang = view.title_lang or lang
    speech: Speech = [(lang, in_polish_note(title_lang, lang)), (title_lang, view.title)]
    speech.append((lang, view.status))
    sections = []
    for section in view.sections:
        shown = section.lang or lang
        note = in_polish_note(shown, lang)
        speech.append((lang, ". ".join(filter(None, [section.heading, note]))))
        speech.append((shown, markup_to_text(section.text)))
        if note:
            section = replace(section, text=f"[i]{escape_markup(note)}[/i]\n{section.text}")
        sections.append(section)
    speech = [(said_in, text.strip()) for said_in, text in speech if text.strip()]
    return replace(view, sections=tuple(sections), title_lang=title_lang, speech=speech)


def _body(item: dict, lang: str, heading: str = "") -> list[Section]:
    html = (item.get("html") or {}).get("body") or {}
    chosen = html.get(lang) or html.get("pl")
    if chosen:
        return [Section(heading, html_to_markup(chosen), shown_language(html, lang))]
    body = item["data"].get("body")
    return [_field(heading, body, lang)] if pick(body, lang) else []


def _illustrated(content, item, lang, sections: list[Section]) -> DetailView:
    """A detail page with the item's title, QR link and its image (news, events)."""
    data = item["data"]
    return DetailView(
        pick(data.get("title"), lang),
        content.public_url(item, lang),
        sections=tuple(sections),
        image=content.image_path(item),
        image_alt=pick(data.get("image_alt"), lang),
        title_lang=shown_language(data.get("title"), lang),
    )


def _news(content, item, lang, now) -> DetailView:
    data = item["data"]
    published = _local(parse_moment(item.get("published_at")) or now)
    sections = [Section("", day_label(published.date(), lang))]
    if pick(data.get("summary"), lang):
        summary = _field("", data.get("summary"), lang)
        sections.append(replace(summary, text=f"[b]{summary.text}[/b]"))
    return _illustrated(content, item, lang, sections + _body(item, lang))


def _event(content, item, lang, now) -> DetailView:
    data = item["data"]
    sections = [Section(_("When", lang), escape_markup(_when(data, lang)))]
    if pick(data.get("place"), lang):
        sections.append(_field(_("Where", lang), data.get("place"), lang))
    return _illustrated(content, item, lang, sections + _body(item, lang))


def _procedure(content, item, lang, now) -> DetailView:
    data = item["data"]
    sections = []
    if pick(data.get("summary"), lang):
        sections.append(_field("", data.get("summary"), lang))
    documents = data.get("documents") or {}
    chosen = documents.get(lang) or documents.get("pl") or []
    if chosen:
        bullets = "\n".join(f"• {escape_markup(line)}" for line in chosen)
        shown = shown_language(documents, lang)
        sections.append(Section(_("Documents you need", lang), bullets, shown))
    for name, heading in (
        ("fees", _("Fees", lang)),
        ("where", _("Where", lang)),
        ("duration", _("How long it takes", lang)),
    ):
        if pick(data.get(name), lang):
            sections.append(_field(heading, data.get(name), lang))
    if data.get("online_url"):
        sections.append(Section(_("Do it online", lang), escape_markup(data["online_url"])))
    sections += _body(item, lang, _("Details", lang))
    return DetailView(
        pick(data.get("title"), lang),
        content.public_url(item, lang),
        sections=tuple(sections),
        title_lang=shown_language(data.get("title"), lang),
    )


def _office(content, item, lang, now) -> DetailView:
    data = item["data"]
    local_now = _local(now)
    hours, holidays = data.get("opening_hours") or {}, data.get("holidays") or []
    status = _office_status(item, local_now)
    contacts = [escape_markup(data.get("address", ""))]
    if data.get("phone"):
        contacts.append(_("Phone: {phone}", lang).format(phone=escape_markup(data["phone"])))
    if data.get("email"):
        contacts.append(_("E-mail: {email}", lang).format(email=escape_markup(data["email"])))
    sections = [
        Section(_("Address and contact", lang), "\n".join(contacts)),
        Section(_("Opening hours", lang), _week(hours, lang)),
    ]
    upcoming = [
        h
        for h in holidays
        if local_now.date().isoformat()
        <= h.get("date", "")
        <= (local_now + HOLIDAYS_AHEAD).date().isoformat()
    ]
    if upcoming:
        lines = []
        for holiday in upcoming:
            day = date.fromisoformat(holiday["date"])
            ranges, note = ranges_on(day, hours, holidays)
            times = ", ".join(f"{a}–{b}" for a, b in ranges) or _("closed", lang)
            lines.append(
                f"{day_label(day, lang)}: {times}" + (f" ({escape_markup(note)})" if note else "")
            )
        sections.append(Section(_("Holidays and exceptions", lang), "\n".join(lines)))
    for name, heading in (
        ("bip_url", _("Public information bulletin (BIP)", lang)),
        ("epuap_url", _("ePUAP inbox", lang)),
    ):
        if data.get(name):
            sections.append(Section(heading, escape_markup(data[name])))
    if pick(data.get("note"), lang):
        sections.append(_field("", data.get("note"), lang))
    return DetailView(
        pick(data.get("name"), lang),
        content.public_url(item, lang),
        status_line(status, local_now.date(), lang),
        status.is_open,
        tuple(sections),
        title_lang=shown_language(data.get("name"), lang),
    )


def _week(hours: dict, lang: str) -> str:
    names = get_day_names("wide", locale=lang)
    lines = []
    for index, day in enumerate(WEEKDAYS):
        ranges = hours.get(day) or []
        times = ", ".join(f"{a}–{b}" for a, b in ranges) or _("closed", lang)
        lines.append(f"{names[index].capitalize()}: {times}")
    return "\n".join(lines)
