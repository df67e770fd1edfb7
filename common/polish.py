"""Writing for Polish readers: the county's clock and Polish plural forms.

Times are stored in UTC and shown in Europe/Warsaw; a count takes the noun form that
Babel's CLDR plural rules give for Polish (1 pozycja, 2 pozycje, 5 pozycji, 22 pozycje).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel import Locale

LOCAL_TZ = ZoneInfo("Europe/Warsaw")
_POLISH = Locale("pl")


def local_time(iso_utc: str | None) -> str:
    """A stored UTC instant as Polish local time, e.g. 24.11.2026 22:43 ('' for none)."""
    if not iso_utc:
        return ""
    instant = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    return instant.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")


def local_timestamp(timestamp: float | None) -> str:
    """A UNIX time (as fleet.db keeps them) in local_time's form ('' for none)."""
    if timestamp is None:
        return ""
    return local_time(datetime.fromtimestamp(timestamp, UTC).isoformat())


def plural_form(count: int, one: str, few: str, many: str) -> str:
    """The form of a word that goes with `count`: plural_form(3, 'kod', 'kody', 'kodów')."""
    # CLDR's Polish categories for whole numbers are one, few and many ('other' is for
    # fractions, which a count never is).
    return {"one": one, "few": few}.get(_POLISH.plural_form(abs(count)), many)


def plural(count: int, one: str, few: str, many: str) -> str:
    """The count with its word: plural(5, 'pozycja', 'pozycje', 'pozycji') is '5 pozycji'."""
    return f"{count} {plural_form(count, one, few, many)}"
