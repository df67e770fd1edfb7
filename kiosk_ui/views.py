"""What each screen shows, as plain data: list rows and detail pages in one language.

Screens only lay these out, so everything a resident reads — and what is read aloud —
is decided here and tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from babel.dates import get_day_names

from content_sync.hours import office_status, ranges_on
from content_sync.model import WEEKDAYS
from content_sync.validation import LOCAL_TZ
from kiosk_ui.content import KioskContent, parse_moment
from kiosk_ui.i18n import _, clock, day_label, pick, status_line
from kiosk_ui.richtext import escape_markup, html_to_markup, markup_to_text

HOLIDAYS_AHEAD = timedelta(days=60)
LIST_SCREENS = ("news", "offices", "procedures", "events")
SCREEN_TYPES = {"news": "news", "offices": "office", "procedures": "procedure", "events": "event"}


@dataclass(frozen=True)
class Row:
    """One line of a list: an item to open, or a heading (item_id None)."""

    title: str
    subtitle: str = ""
    type_name: str = ""
    item_id: int | None = None


@dataclass(frozen=True)
class Section:
    """A headed block of a detail page; `text` is Kivy markup."""

    heading: str
    text: str


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
    speech: str = field(default="", compare=False)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def _text(value: object, lang: str) -> str:
    return escape_markup(pick(value, lang))


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
        rows.append(Row(pick(data.get("title"), lang), subtitle, "event", item["id"]))
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
    speech = "\n".join(
        [view.title, view.status]
        + [
            f"{s.heading}. {markup_to_text(s.text)}" if s.heading else markup_to_text(s.text)
            for s in view.sections
        ]
    )
    return replace(view, speech=speech.strip())


def _body(item: dict, lang: str, heading: str = "") -> list[Section]:
    html = (item.get("html") or {}).get("body") or {}
    chosen = html.get(lang) or html.get("pl")
    if chosen:
        return [Section(heading, html_to_markup(chosen))]
    plain = pick(item["data"].get("body"), lang)
    return [Section(heading, escape_markup(plain))] if plain else []


def _illustrated(content, item, lang, sections: list[Section]) -> DetailView:
    """A detail page with the item's title, QR link and its image (news, events)."""
    data = item["data"]
    return DetailView(
        pick(data.get("title"), lang),
        content.public_url(item),
        sections=tuple(sections),
        image=content.image_path(item),
        image_alt=pick(data.get("image_alt"), lang),
    )


def _news(content, item, lang, now) -> DetailView:
    data = item["data"]
    published = _local(parse_moment(item.get("published_at")) or now)
    sections = [Section("", day_label(published.date(), lang))]
    if pick(data.get("summary"), lang):
        sections.append(Section("", f"[b]{_text(data.get('summary'), lang)}[/b]"))
    return _illustrated(content, item, lang, sections + _body(item, lang))


def _event(content, item, lang, now) -> DetailView:
    data = item["data"]
    sections = [Section(_("When", lang), escape_markup(_when(data, lang)))]
    if pick(data.get("place"), lang):
        sections.append(Section(_("Where", lang), _text(data.get("place"), lang)))
    return _illustrated(content, item, lang, sections + _body(item, lang))


def _procedure(content, item, lang, now) -> DetailView:
    data = item["data"]
    sections = []
    if pick(data.get("summary"), lang):
        sections.append(Section("", _text(data.get("summary"), lang)))
    documents = data.get("documents") or {}
    chosen = documents.get(lang) or documents.get("pl") or []
    if chosen:
        bullets = "\n".join(f"• {escape_markup(line)}" for line in chosen)
        sections.append(Section(_("Documents you need", lang), bullets))
    for name, heading in (
        ("fees", _("Fees", lang)),
        ("where", _("Where", lang)),
        ("duration", _("How long it takes", lang)),
    ):
        if pick(data.get(name), lang):
            sections.append(Section(heading, _text(data.get(name), lang)))
    if data.get("online_url"):
        sections.append(Section(_("Do it online", lang), escape_markup(data["online_url"])))
    sections += _body(item, lang, _("Details", lang))
    return DetailView(
        pick(data.get("title"), lang), content.public_url(item), sections=tuple(sections)
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
        sections.append(Section("", _text(data.get("note"), lang)))
    return DetailView(
        pick(data.get("name"), lang),
        content.public_url(item),
        status_line(status, local_now.date(), lang),
        status.is_open,
        tuple(sections),
    )


def _week(hours: dict, lang: str) -> str:
    names = get_day_names("wide", locale=lang)
    lines = []
    for index, day in enumerate(WEEKDAYS):
        ranges = hours.get(day) or []
        times = ", ".join(f"{a}–{b}" for a, b in ranges) or _("closed", lang)
        lines.append(f"{names[index].capitalize()}: {times}")
    return "\n".join(lines)
