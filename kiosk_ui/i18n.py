"""UI strings in pl, en and uk through gettext catalogs, and dates in each language.

Message ids are English; kiosk_ui/locale/<lang>/LC_MESSAGES/kiosk.po hold pl and uk.
The catalogs are compiled in memory on first use (Babel), so a .po edit can never be
shadowed by a stale .mo. Content fields fall back to Polish one field at a time, and
a field shown in Polish on a screen in another language says so ("(in Polish)").
"""

from __future__ import annotations

import gettext
import io
import logging
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from content_sync.hours import OfficeStatus
from content_sync.labels import LABELS
from content_sync.model import DEFAULT_LANGUAGE, LANGUAGES, localized

log = logging.getLogger(__name__)
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "kiosk"
LANGUAGE_BUTTONS = {"pl": "PL", "en": "EN", "uk": "УКР"}
# espeak-ng voice names per language
VOICES = {"pl": "pl", "en": "en-gb", "uk": "uk"}


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang`; English (the message ids) needs none."""
    po_file = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en":
        return gettext.NullTranslations()
    if not po_file.exists():
        # an install without its catalogs would show English under the Polish button
        log.error("no %s catalog at %s: showing English", lang, po_file)
        return gettext.NullTranslations()
    with po_file.open("rb") as source:
        messages = read_po(source, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`message` in `lang` (also what .kv files call, passing app.lang so they rebind)."""
    return catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(message)


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """`singular` or `plural` in `lang` by the language's plural rule, `{count}` filled in."""
    translations = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    return translations.ngettext(singular, plural, count).format(count=count)


def pick(value: object, lang: str) -> str:
    """A content field in `lang`, else in Polish, else empty."""
    chosen = localized(value, lang)
    return "" if chosen is None else str(chosen)


def in_polish_note(shown: str, lang: str) -> str:
    """'(in Polish)' in `lang` when text shown in `shown` is a fallback, else ''.

    The same words as the public pages and the Wi-Fi splash (content_sync.labels).
    """
    return LABELS[lang]["in_polish"] if shown != lang and lang in LABELS else ""


def day_label(day: date, lang: str, today: date | None = None) -> str:
    """'czwartek, 4 grudnia' / 'Thursday, 4 December' / 'четвер, 4 грудня', with the year
    when it is not this year's (an alert valid until 2027 must not read as this January)."""
    this_year = (today or date.today()).year
    return format_date(
        day, "EEEE, d MMMM" if day.year == this_year else "EEEE, d MMMM y", locale=lang
    )


def status_line(status: OfficeStatus, today: date, lang: str) -> str:
    """'Open now, until 15:30' or 'Closed, opens tomorrow at 7:30', in `lang`."""
    if status.is_open:
        line = _("Open now, until {time}", lang).format(time=status.closes_at)
    elif status.opens_on is None:
        line = _("Closed", lang)
    elif status.opens_on == today:
        line = _("Closed, opens today at {time}", lang).format(time=status.opens_at)
    elif (status.opens_on - today).days == 1:
        line = _("Closed, opens tomorrow at {time}", lang).format(time=status.opens_at)
    else:
        line = _("Closed, opens {day} at {time}", lang).format(
            day=day_label(status.opens_on, lang), time=status.opens_at
        )
    return f"{line} ({status.note})" if status.note else line


def clock(moment: datetime) -> str:
    """HH:MM, the way all three languages write times on the kiosk."""
    return moment.strftime("%H:%M")
