"""Feeds and machine-readable pages: Atom, iCalendar, sitemap, robots.txt, JSON-LD."""

from __future__ import annotations

import re
from datetime import timedelta

import feedparser
import pytest
from flask import render_template_string

from content_sync import store
from content_sync.model import LANGUAGES
from content_sync.validation import parse_local_datetime
from residents.pages import ITEM_PATHS, item_path
from tests.conftest import require_module


@pytest.fixture
def icalendar():
    """The icalendar library, a dev prerequisite: the reader the calendars are checked with."""
    return require_module("icalendar", "icalendar (pip install .[dev])")


def add(db, type_name: str, data: dict, channel: str = "powiat", published: bool = True):
    item = store.create_item(db, type_name, channel, data, "test")
    return store.publish_item(db, item, "test") if published else item


def event(db, title: str, starts: str, ends: str | None = None, **options):
    """An event starting at `starts` (Polish local time, as editors type it)."""
    data = {"title": {"pl": title}, "starts_at": parse_local_datetime(starts).isoformat()}
    if ends:
        data["ends_at"] = parse_local_datetime(ends).isoformat()
    return add(db, "event", data, **options)


def test_a_channel_news_feed_is_valid_atom_with_its_items(client, content_db):
    news = add(content_db, "news", {"title": {"pl": "Nowy chodnik & <ławki>"}}, "garbow")
    draft = add(content_db, "news", {"title": {"pl": "Szkic"}}, "garbow", published=False)
    response = client.get("/kanal/garbow/aktualnosci.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    links = [entry.link for entry in feed.entries]
    assert f"http://localhost/aktualnosci/{news.id}" in links
    assert f"http://localhost/aktualnosci/{draft.id}" not in links
    assert "Nowy chodnik & <ławki>" in [entry.title for entry in feed.entries]


@pytest.mark.parametrize(
    "path", ["/kanal/powiat/wydarzenia.atom", "/uk/kanal/konopnica/urzedy.atom"]
)
def test_every_type_and_language_has_a_valid_feed(client, path):
    feed = feedparser.parse(client.get(path).data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries


@pytest.mark.parametrize(
    "path",
    ["/kanal/nieznany/aktualnosci.atom", "/kanal/powiat/nic.atom", "/kanal/x/wydarzenia.ics"],
)
def test_an_unknown_channel_or_type_is_not_found(client, path):
    assert client.get(path).status_code == 404


def _events(icalendar, body: bytes) -> dict[str, object]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


def test_calendar_times_keep_warsaw_time_in_winter_and_summer(client, content_db, icalendar):
    winter = event(content_db, "Kolędowanie", "2026-12-20T18:00", "2026-12-20T20:30")
    event(content_db, "Festyn", "2027-07-10T18:00")
    body = client.get("/kanal/powiat/wydarzenia.ics").data
    calendar = icalendar.Calendar.from_ical(body)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    events = _events(icalendar, body)
    for title, offset in (("Kolędowanie", 1), ("Festyn", 2)):
        start = events[title].decoded("DTSTART")
        assert start.tzinfo is not None and "Warsaw" in str(start.tzinfo)
        assert (start.hour, start.minute) == (18, 0)
        assert start.utcoffset() == timedelta(hours=offset)
    assert "DTSTART;TZID=Europe/Warsaw:20261220T180000" in body.decode()
    assert events["Kolędowanie"].decoded("DTEND").utcoffset() == timedelta(hours=1)
    single = client.get(f"/wydarzenia/{winter.id}.ics")
    assert single.mimetype == "text/calendar"
    assert list(_events(icalendar, single.data)) == ["Kolędowanie"]


def test_calendar_text_is_escaped_and_folded(client, content_db, icalendar):
    title = "Zebranie; sołectwo, Łęczna\\Garbów\nDTSTART:19700101T000000 " + "ż" * 80
    item = event(content_db, title, "2026-12-21T17:00")
    body = client.get(f"/wydarzenia/{item.id}.ics").data
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert list(_events(icalendar, body)) == [title]
    assert b"\r\nDTSTART:1970" not in body


def test_a_draft_event_has_no_calendar(client, content_db):
    draft = event(content_db, "Szkic", "2026-12-22T10:00", published=False)
    assert client.get(f"/wydarzenia/{draft.id}.ics").status_code == 404


def _sitemap(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return set(re.findall(r"<loc>http://localhost([^<]*)</loc>", response.get_data(as_text=True)))


def test_the_sitemap_lists_every_published_item_and_no_other(client, content_db):
    draft = add(content_db, "news", {"title": {"pl": "Szkic"}}, published=False)
    future = add(
        content_db, "news", {"title": {"pl": "Jutro"}, "publish_from": "2099-01-01T00:00:00Z"}
    )
    listed = _sitemap(client)
    expected = {
        item_path(item.type, item.id, lang)
        for type_name in ITEM_PATHS
        for item in store.published_items(content_db, type_name)
        for lang in LANGUAGES
    }
    item_pages = {p for p in listed if re.search(r"/\d+$", p)}
    assert item_pages == expected
    for hidden in (draft, future):
        assert not any(p.endswith(f"/{hidden.id}") for p in listed)


def test_every_page_in_the_sitemap_opens(client):
    listed = _sitemap(client)
    assert {"/", "/en/", "/uk/", "/aktualnosci", "/uk/urzedy", "/gmina/garbow"} <= listed
    assert not any("/szukaj" in p or p.endswith((".atom", ".ics")) for p in listed)
    for path in sorted(listed):
        assert client.get(path).status_code == 200, path


def test_robots_keeps_crawlers_on_the_portal(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    for path in ("/editor/", "/fleet/", "/admin/", "/portal/", "/api/"):
        assert f"Disallow: {path}\n" in text
    assert "Allow: /\n" in text and "Sitemap: http://localhost/sitemap.xml" in text


def test_structured_data_cannot_close_its_script(app, content_db):
    item = add(
        content_db,
        "event",
        {
            "title": {"pl": "</script><script>alert(1)</script>"},
            "starts_at": "2026-12-20T18:00+01:00",
        },
    )
    template = '{% import "residents/_meta.html" as meta with context %}{{ meta.structured(item) }}'
    with app.test_request_context("/"):
        html = render_template_string(template, item=item, lang="pl")
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert '"@type": "Event"' in html and "\\u003c/script\\u003e" in html


def test_an_office_is_described_as_a_government_office(app, content_db):
    office = add(
        content_db,
        "office",
        {"name": {"pl": "Urząd Testowy"}, "address": "ul. Długa 1", "phone": "+48 81 000 00 00"},
    )
    template = '{% import "residents/_meta.html" as meta with context %}{{ meta.structured(item) }}'
    with app.test_request_context("/"):
        html = render_template_string(template, item=office, lang="pl")
    assert '"@type": "GovernmentOffice"' in html and '"telephone": "+48 81 000 00 00"' in html


def test_an_event_page_carries_opengraph_and_its_json_ld(client, content_db):
    item = event(content_db, "Koncert kolęd", "2026-12-20T18:00")
    html = client.get(f"/wydarzenia/{item.id}").get_data(as_text=True)
    assert '<meta property="og:title" content="Koncert kolęd">' in html
    assert f'<meta property="og:url" content="http://localhost/wydarzenia/{item.id}">' in html
    assert '<script type="application/ld+json">' in html and '"@type": "Event"' in html


@pytest.mark.parametrize(
    "path", ["/kanal/powiat/aktualnosci.atom", "/kanal/powiat/wydarzenia.ics", "/sitemap.xml"]
)
def test_feeds_are_revalidated_by_etag(client, path):
    first = client.get(path)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("item_id", ["99999999999999999999999", "0", "1"])
def test_a_calendar_for_no_event_is_not_found(client, item_id):
    assert client.get(f"/wydarzenia/{item_id}.ics").status_code == 404
