"""Residents open a published item's page from a kiosk QR code, in their language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from content_sync import store
from content_sync.validation import utc_iso
from tests.content_sync.sync_helpers import publish_news

PORTAL_PAGES = {
    "news": "/aktualnosci",
    "event": "/wydarzenia",
    "alert": "/komunikaty",
    "office": "/urzedy",
    "procedure": "/jak-zalatwic",
}


@pytest.mark.parametrize("type_name", PORTAL_PAGES)
def test_a_printed_qr_code_moves_permanently_to_the_items_portal_page_in_its_language(
    client, content_db, type_name
):
    item = next(i for i in store.list_items(content_db, type_name) if i.published)
    for query, prefix in (("", ""), ("?lang=uk", "/uk"), ("?lang=en", "/en"), ("?lang=xx", "")):
        answer = client.get(f"/p/{type_name}/{item.id}{query}")
        assert answer.status_code == 301
        assert answer.location == f"{prefix}{PORTAL_PAGES[type_name]}/{item.id}"
        assert client.get(answer.location).status_code == 200


def test_a_published_item_has_a_public_page_in_each_language(client, content_db):
    alert = next(i for i in store.list_items(content_db, "alert") if i.published)
    polish = client.get(f"/p/alert/{alert.id}", follow_redirects=True).get_data(as_text=True)
    assert "Ostrzeżenie przed oblodzeniem" in polish and '<html lang="pl">' in polish
    ukrainian = client.get(f"/p/alert/{alert.id}?lang=uk", follow_redirects=True)
    assert "Попередження про ожеледицю" in ukrainian.get_data(as_text=True)
    assert '<html lang="uk">' in ukrainian.get_data(as_text=True)


def test_a_location_without_a_portal_page_keeps_its_qr_page(client, content_db):
    location = next(i for i in store.list_items(content_db, "location") if i.published)
    page = client.get(f"/p/location/{location.id}?lang=uk")
    assert page.status_code == 200 and '<html lang="uk">' in page.get_data(as_text=True)


def test_a_missing_translation_says_so_and_shows_polish(client, content_db):
    office = next(i for i in store.list_items(content_db, "office") if i.channel == "garbow")
    page = client.get(f"/p/office/{office.id}?lang=uk", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Переклад ще не готовий" in page
    assert "Urząd Gminy Garbów" in page and "Години роботи" in page


def test_drafts_expired_and_mistyped_items_are_not_public(client, content_db, make_item):
    draft = make_item("news", "garbow")
    assert client.get(f"/p/news/{draft.id}").status_code == 404
    expired = make_item("news", "garbow", published=True)
    content_db.execute(
        "UPDATE items SET publish_until = ? WHERE id = ?",
        [utc_iso(datetime(2001, 1, 1, tzinfo=UTC)), expired.id],
    )
    assert client.get(f"/p/news/{expired.id}").status_code == 404
    published = make_item("news", "garbow", published=True)
    assert client.get(f"/p/event/{published.id}").status_code == 404
    assert client.get(f"/p/news/{published.id}", follow_redirects=True).status_code == 200


def test_editor_markup_stays_escaped_on_the_public_page(client, content_db, hub):
    item = publish_news(hub, content_db, "garbow", "Zebranie")
    store.update_item(
        content_db,
        item,
        item.draft | {"body": {"pl": "<img src=x onerror=alert(1)> **ok**"}},
        "t",
        1,
    )
    store.publish_item(content_db, store.get_item(content_db, item.id), "t")
    page = client.get(f"/p/news/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert "<img src=x" not in page and "<strong>ok</strong>" in page


def test_devices_learn_the_public_base_url_from_the_signed_directory(live_server, make_device):
    device = make_device(live_server)
    device.sync_once()
    assert device.store.current().content["public_url"] == "http://127.0.0.1:8000"
