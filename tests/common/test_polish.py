"""Polish for readers: Babel's plural forms for counts and the county's local time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from common.polish import local_time, plural


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 pozycji"), (1, "1 pozycja"), (2, "2 pozycje"), (4, "4 pozycje"), (5, "5 pozycji"),
     (12, "12 pozycji"), (14, "14 pozycji"), (21, "21 pozycji"), (22, "22 pozycje"),
     (42, "42 pozycje"), (101, "101 pozycji"), (112, "112 pozycji"), (1_024, "1024 pozycje")],
)  # fmt: skip
def test_a_count_takes_the_polish_form_of_its_word(count, text):
    assert plural(count, "pozycja", "pozycje", "pozycji") == text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("2026-01-15T23:30:00+00:00", "16.01.2026 00:30"),
     ("2026-07-01T10:30:00Z", "01.07.2026 12:30"), (None, ""), ("", "")],
    ids=["winter-crosses-midnight", "summer-time", "none", "empty"],
)  # fmt: skip
def test_a_stored_utc_instant_is_shown_in_warsaw_time(stored, shown):
    assert local_time(stored) == shown


# Second-person past and conditional forms carry a gender: otwierałeś / otwierałaś.
GENDERED = re.compile(r"\w+(?:łeś|łaś|łbyś|łabyś)\b|\b(?:pewien|pewna)\b", re.IGNORECASE)
ROOT = Path(__file__).parents[2]
READER_TEXTS = sorted(
    path
    for package in ("backoffice", "captive_portal", "content_sync", "device_agent", "kiosk_ui")
    for pattern in ("**/*.html", "**/*.py", "**/*.kv", "**/pl/**/*.po")
    for path in (ROOT / package).glob(pattern)
)


def test_nothing_a_reader_sees_assumes_their_gender():
    found = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in READER_TEXTS
        for match in GENDERED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert READER_TEXTS and found == []
