"""Residents read the county's published content on the portal, in pl, en and uk."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from flask import template_rendered

from common.polish import LOCAL_TZ
from content_sync import store

PAST = ("2001-01-01T00:00:00Z", "2001-02-01T00:00:00Z")
FUTURE = ("2099-01-01T00:00:00Z", None)
PREFIXES = {"pl": "", "en": "/en", "uk": "/uk"}
KB30 = 30 * 1024


def first_published(content_db, type_name, channel=None):
    return next(
        i
        for i in store.list_items(content_db, type_name)
        if i.published and channel in (None, i.channel)
    )


def page_paths(content_db) -> list[str]:
    """One page of every kind the portal has, without the language prefix."""
    ids = {t: first_published(content_db, t).id for t in ("news", "event", "office", "procedure")}
    return [
        "/",
        "/gmina/garbow",
        "/aktualnosci",
        f"/aktualnosci/{ids['news']}",
        "/wydarzenia",
        "/wydarzenia?miesiac=2026-12",
        f"/wydarzenia/{ids['event']}",
        "/urzedy",
        f"/urzedy/{ids['office']}",
        "/jak-zalatwic",
        f"/jak-zalatwic/{ids['procedure']}",
        f"/komunikaty/{first_published(content_db, 'alert').id}",
    ]


def in_language(path: str, lang: str) -> str:
    if path == "/" and lang == "pl":
        return "/?lang=pl"
    return PREFIXES[lang] + path


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_every_page_type_renders_for_an_anonymous_visitor_in_each_language(
    client, content_db, lang
):
    for path in page_paths(content_db):
        response = client.get(in_language(path, lang))
        assert response.status_code == 200, path
        assert f'<html lang="{lang}">' in text(response), path


def test_a_draft_never_appears(client, add_item):
    draft = add_item(
        "news", data={"title": {"pl": "Szkic tajny"}, "body": {"pl": "x"}}, published=False
    )
    for path in ("/?lang=pl", "/aktualnosci", "/gmina/garbow"):
        assert "Szkic tajny" not in text(client.get(path)), path
    assert client.get(f"/aktualnosci/{draft.id}").status_code == 404


def test_an_expired_alert_never_appears(client, add_item):
    data = {"title": {"pl": "Stary alarm"}, "body": {"pl": "x"}, "severity": "critical"}
    expired = add_item("alert", data=data, window=PAST)
    for path in ("/?lang=pl", "/uk/", "/gmina/garbow"):
        assert "Stary alarm" not in text(client.get(path)), path
    assert client.get(f"/komunikaty/{expired.id}").status_code == 404


def test_an_item_whose_publication_has_not_started_never_appears(client, add_item):
    future = add_item(
        "news", data={"title": {"pl": "Jutrzejsza"}, "body": {"pl": "x"}}, window=FUTURE
    )
    for path in ("/?lang=pl", "/aktualnosci"):
        assert "Jutrzejsza" not in text(client.get(path)), path
    assert client.get(f"/aktualnosci/{future.id}").status_code == 404


def test_another_offices_unpublished_item_is_a_404_even_for_a_signed_in_editor(login, add_item):
    draft = add_item("procedure", "konopnica", published=False)
    editor = login("ed-garbow")
    assert editor.get(f"/jak-zalatwic/{draft.id}").status_code == 404
    assert editor.get(f"/uk/jak-zalatwic/{draft.id}").status_code == 404


def test_an_item_is_found_only_under_its_own_type(client, content_db):
    news = first_published(content_db, "news")
    assert client.get(f"/jak-zalatwic/{news.id}").status_code == 404


def test_a_gmina_channel_shows_the_countys_items_and_its_own_but_no_other_gminas(client, add_item):
    for channel in ("powiat", "garbow", "konopnica"):
        add_item("news", channel, {"title": {"pl": f"Wieść {channel}"}, "body": {"pl": "x"}})
    page = text(client.get("/gmina/garbow"))
    assert "Wieść powiat" in page and "Wieść garbow" in page
    assert "Wieść konopnica" not in page
    assert client.get("/gmina/nie-ma-takiej").status_code == 404


def test_alerts_stand_on_top_of_the_home_page_gravest_first(client, add_item):
    for severity in ("info", "critical", "warning"):
        body = {"title": {"pl": f"Alarm {severity}"}, "body": {"pl": "x"}, "severity": severity}
        add_item("alert", data=body, window=(None, "2099-01-01T00:00:00Z"))
    page = text(client.get("/?lang=pl"))
    positions = [page.index(f"Alarm {s}") for s in ("critical", "warning", "info")]
    assert positions == sorted(positions) and positions[-1] < page.index('id="news-h"')


def test_a_field_shown_in_polish_is_tagged_lang_pl_and_marked(client, add_item):
    item = add_item("news", data={"title": {"pl": "Tylko po polsku"}, "body": {"pl": "x"}})
    marked = re.compile(
        r'<span lang="pl">Tylko po polsku</span> <small class="in-polish">\(польською\)'
    )
    assert marked.search(text(client.get("/uk/aktualnosci")))
    assert '<span lang="pl">Tylko po polsku</span>' in text(
        client.get(f"/uk/aktualnosci/{item.id}")
    )
    assert "in-polish" not in text(client.get(f"/aktualnosci/{item.id}")).split("<main")[1]


def test_every_page_weighs_at_most_30_kb_with_its_css(client, content_db):
    with client.get("/residents-static/residents.css") as stylesheet:
        css = len(stylesheet.data)
    for path in page_paths(content_db):
        for lang in PREFIXES:
            size = len(client.get(in_language(path, lang)).data)
            assert size + css <= KB30, (path, lang, size, css)


def test_a_page_the_browser_already_has_is_answered_304(client, content_db):
    news = first_published(content_db, "news")
    for path in ("/uk/", "/aktualnosci", f"/aktualnosci/{news.id}", "/urzedy"):
        first = client.get(path)
        assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"], path
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and not again.data, path
    listed = client.get("/aktualnosci")
    since = client.get(
        "/aktualnosci", headers={"If-Modified-Since": listed.headers["Last-Modified"]}
    )
    assert since.status_code == 304


def test_a_publication_changes_the_etag_and_last_modified(client, add_item):
    before = client.get("/aktualnosci")
    add_item("news", data={"title": {"pl": "Świeża"}, "body": {"pl": "x"}})
    after = client.get("/aktualnosci", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Świeża" in text(after)


@pytest.mark.parametrize("path", ["/?lang=pl", "/uk/", "/gmina/garbow"])
def test_a_publication_shows_at_once_on_a_page_the_browser_already_has(client, add_item, path):
    before = client.get(path)
    add_item("alert", "garbow", data={"title": {"pl": "Nowy alarm"}, "body": {"pl": "x"}})
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Nowy alarm" in text(after)


def test_an_item_leaves_the_page_when_its_publish_window_closes_with_no_write(client, add_item):
    ends = (datetime.now(UTC) + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    add_item("news", data={"title": {"pl": "Krótka"}, "body": {"pl": "x"}}, window=(None, ends))
    before = client.get("/aktualnosci")
    assert "Krótka" in text(before)
    time.sleep(2.5)
    after = client.get("/aktualnosci", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Krótka" not in text(after)


def test_a_304_is_answered_without_rendering_the_page(app, client, content_db):
    news = first_published(content_db, "news")
    rendered = []

    def record(_app, template, **_context):
        rendered.append(template.name)

    with template_rendered.connected_to(record, app):
        for path in ("/?lang=pl", "/aktualnosci", f"/aktualnosci/{news.id}", "/urzedy"):
            etag = client.get(path).headers["ETag"]
            assert rendered, path
            rendered.clear()
            again = client.get(path, headers={"If-None-Match": etag})
            assert again.status_code == 304 and rendered == [], path


@pytest.mark.parametrize(
    "path", ["/aktualnosci", "/aktualnosci?strona=2", "/?lang=pl", "/gmina/garbow", "/wydarzenia"]
)
def test_a_page_runs_as_many_queries_with_50_items_as_with_10(client, add_item, query_log, path):
    def queries_with(count: int) -> int:
        for n in range(count):
            add_item("news", data={"title": {"pl": f"Nr {n}"}, "body": {"pl": "x"}})
            start = (datetime.now(LOCAL_TZ) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
            add_item("event", data={"title": {"pl": f"Wyd {n}"}, "starts_at": start})
        query_log.clear()
        assert client.get(path).status_code == 200
        return len(query_log[-1])

    assert queries_with(10) == queries_with(40) <= 6


@pytest.mark.parametrize(
    "path",
    [
        "/aktualnosci?strona=0",
        "/aktualnosci?strona=-1",
        "/aktualnosci?strona=abc",
        "/aktualnosci?strona=" + "9" * 5000,
        "/aktualnosci?strona=99999",
        "/aktualnosci?strona=1%00",
        "/wydarzenia?miesiac=2026-13",
        "/wydarzenia?miesiac=" + "x" * 10000,
        "/?lang=xx",
        "/?lang=%00",
        "/xx/aktualnosci",
        "/UK/aktualnosci",
        "/uk/aktualnosci/99999999999999999999999",
        "/gmina/%00",
    ],
)
def test_hostile_page_numbers_and_languages_get_a_4xx_or_a_normal_page(client, path):
    status = client.get(path).status_code
    assert status == 200 or 400 <= status < 500, (path, status)


def test_the_news_list_pages_ten_at_a_time_and_its_last_page_exists(client, content_db):
    total = store.published_items(content_db, "news").__len__()
    last = -(-total // 10)
    assert client.get(f"/aktualnosci?strona={last}").status_code == 200
    assert client.get(f"/aktualnosci?strona={last + 1}").status_code == 404
    assert text(client.get("/aktualnosci")).count('<li class="card">') == 10


def test_the_home_page_follows_the_browser_language_unless_polish_was_chosen(client):
    sent = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/uk/"
    assert "Accept-Language" in sent.headers["Vary"]
    kept = client.get("/?lang=pl", headers={"Accept-Language": "uk"})
    assert kept.status_code == 200 and '<html lang="pl">' in text(kept)
    assert client.get("/", headers={"Accept-Language": "de"}).status_code == 200


def test_events_are_listed_by_day_with_a_month_view_and_a_calendar_link(client, add_item):
    event = add_item(
        "event", data={"title": {"pl": "Kolędy"}, "starts_at": "2031-12-20T18:00+01:00"}
    )
    december = text(client.get("/uk/wydarzenia?miesiac=2031-12"))
    assert "Kolędy" in december and 'datetime="2031-12-20"' in december
    assert "грудень 2031" in december
    assert "Kolędy" not in text(client.get("/wydarzenia?miesiac=2032-01"))
    assert f'href="/uk/wydarzenia/{event.id}.ics"' in text(client.get(f"/uk/wydarzenia/{event.id}"))


def test_an_office_page_says_whether_it_is_open_and_links_its_bip_epuap_and_map(client, content_db):
    office = first_published(content_db, "office", "garbow")
    page = text(client.get(f"/en/urzedy/{office.id}"))
    assert re.search(r'class="status (open|closed)">(open until \d|closed)', page)
    for link in ("bip", "epuap.gov.pl", f"/en/mapa#urzad-{office.id}", "Opening hours"):
        assert link in page, link


def test_a_procedure_page_gives_documents_fees_and_the_online_link(client, content_db):
    procedure = next(
        i for i in store.published_items(content_db, "procedure") if i.published.get("online_url")
    )
    page = text(client.get(f"/jak-zalatwic/{procedure.id}"))
    for part in ("Wymagane dokumenty", "Opłaty", procedure.published["online_url"]):
        assert part in page, part


def test_the_header_and_footer_link_search_the_map_the_statement_and_the_editors_panel(client):
    page = text(client.get("/uk/"))
    for link in (
        'href="/editor/"',
        'action="/uk/szukaj"',
        "/uk/mapa",
        "/uk/deklaracja-dostepnosci",
    ):
        assert link in page, link


def test_kiosk_qr_urls_still_lead_to_the_item(client, content_db):
    news = first_published(content_db, "news")
    for lang in ("pl", "uk"):
        page = client.get(f"/p/news/{news.id}?lang={lang}", follow_redirects=True)
        assert page.status_code == 200 and news.published["title"]["pl"] in text(page)
