"""The demo county holds the real municipalities and enough content to try everything."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from content_sync import store
from content_sync.demo import demo_items, load_demo_county
from content_sync.demo_data import MUNICIPALITIES
from content_sync.forms import form_values
from content_sync.model import CONTENT_TYPES
from content_sync.validation import validate_form

# Powiat Lubelski surrounds Lublin; every device must stand inside this box.
COUNTY_BOX = {"lat": (50.85, 51.45), "lon": (22.10, 22.90)}


def test_the_demo_has_the_county_and_its_sixteen_real_gminas(content_db):
    names = {c["name"] for c in store.channels(content_db)}
    assert len(names) == 17
    assert {"Gmina Garbów", "Gmina Konopnica", "Gmina Niedrzwica Duża", "Gmina Wólka"} <= names


def test_the_demo_has_the_content_the_issue_asks_for(content_db):
    counts = Counter(
        (row["type"], row["published"] is not None) for row in content_db["items"].rows
    )
    assert counts[("news", True)] >= 30
    assert counts[("event", True)] >= 10
    assert counts[("procedure", True)] >= 10
    assert counts[("office", True)] == 17
    kinds = Counter(i.draft["kind"] for i in store.list_items(content_db, "location"))
    assert kinds == {"kiosk": 20, "hotspot": 22}


def test_every_device_location_lies_inside_the_county(content_db):
    for item in store.list_items(content_db, "location"):
        for axis, (low, high) in COUNTY_BOX.items():
            assert low <= item.draft[axis] <= high, item.title


def test_illustrative_office_data_is_labelled_as_such(content_db):
    for office in store.list_items(content_db, "office"):
        assert "przykładowe" in office.draft["note"]["pl"]


def test_some_items_are_translated_to_english_and_ukrainian(content_db):
    langs = Counter(lang for i in store.list_items(content_db, "news") for lang in i.draft["title"])
    assert langs["en"] >= 3 and langs["uk"] >= 3


@pytest.mark.parametrize("type_name", list(CONTENT_TYPES))
def test_every_demo_item_passes_the_editor_validation_unchanged(type_name):
    for kind, _channel, data in demo_items(datetime.now(UTC)):
        if kind != type_name:
            continue
        ctype = CONTENT_TYPES[kind]
        result = validate_form(ctype, form_values(ctype, data))
        assert result.ok, result.errors
        assert result.data == data


def test_loading_the_demo_twice_changes_nothing(content_db):
    before = content_db["items"].count
    assert load_demo_county(content_db) is False
    assert content_db["items"].count == before
    assert len(MUNICIPALITIES) == 16
