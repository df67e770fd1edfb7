"""Whether an office is open now, and when it opens next, from its published hours.

Hours come as the editor form stores them: a weekday → list of ["HH:MM", "HH:MM"]
ranges, and holiday exceptions (a date with its own ranges, empty = closed, and a
note). A holiday always wins over the weekday. Times are the office's local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from content_sync.model import WEEKDAYS

LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class OfficeStatus:
    """Open until `closes_at`, or closed and opening on `opens_on` at `opens_at`."""

    is_open: bool
    closes_at: str | None = None
    opens_on: date | None = None
    opens_at: str | None = None
    note: str = ""


def ranges_on(day: date, hours: dict, holidays: list) -> tuple[list[list[str]], str]:
    """The opening ranges of `day` and the holiday note that set them, if any."""
    for holiday in holidays or ():
        if holiday.get("date") == day.isoformat():
            return list(holiday.get("hours") or []), holiday.get("note", "")
    return list((hours or {}).get(WEEKDAYS[day.weekday()], [])), ""


def office_status(hours: dict, holidays: list, now: datetime) -> OfficeStatus:
    """Open now or not, computed for the naive or local-aware wall-clock time `now`."""
    clock = now.strftime("%H:%M")
    today, note = ranges_on(now.date(), hours, holidays)
    for start, end in sorted(today):
        if start <= clock < end:
            return OfficeStatus(True, closes_at=end, note=note)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = now.date() + timedelta(days=offset)
        ranges, _note = ranges_on(day, hours, holidays)
        starts = sorted(start for start, _end in ranges if offset or start > clock)
        if starts:
            return OfficeStatus(False, opens_on=day, opens_at=starts[0], note=note)
    return OfficeStatus(False, note=note)
