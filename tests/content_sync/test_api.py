"""The read-only JSON API serves what residents may see now, in their language."""

from __future__ import annotations

import pytest

from content_sync import store


def titles(response):
    return [item.get("title") or item.get("name") for item in response.get_json()["items"]]


def test_only_published_items_inside_their_window_are_served(client, content_db, make_item):
    draft = make_item("news", "garbow")
    live = make_item("news", "garbow", published=True)
    future = make_item("news", "garbow")
    store.update_item(
        content_db, future, future.draft | {"publish_from": "2099-01-01T00:00:00Z"}, "t", 1
    )
    store.publish_item(content_db, store.get_item(content_db, future.id), "t")
    ids = {item["id"] for item in client.get("/api/v1/news?limit=500").get_json()["items"]}
    assert live.id in ids and draft.id not in ids and future.id not in ids


def test_unpublished_items_disappear_from_the_api(client, content_db, make_item):
    item = make_item("news", "garbow", published=True)
    store.unpublish_item(content_db, item, "t")
    ids = {i["id"] for i in client.get("/api/v1/news?limit=500").get_json()["items"]}
    assert item.id not in ids


def test_channels_filter_what_a_kiosk_of_one_municipality_sees(client):
    response = client.get("/api/v1/news?channel=powiat,garbow&limit=500")
    assert {i["channel"] for i in response.get_json()["items"]} == {"powiat", "garbow"}


def test_text_falls_back_to_polish_per_field(client):
    items = client.get("/api/v1/alerts?lang=uk").get_json()["items"]
    assert items[0]["title"] == "Попередження про ожеледицю"
    offices = client.get("/api/v1/offices?lang=uk&channel=garbow").get_json()["items"]
    assert offices[0]["name"] == "Urząd Gminy Garbów"
    assert offices[0]["available_languages"] == ["pl", "en"]


def test_markdown_bodies_come_with_sanitized_html(client, content_db):
    item = store.create_item(
        content_db,
        "news",
        "garbow",
        {"title": {"pl": "T"}, "body": {"pl": "**ważne** [x](javascript:alert(1))"}},
        "t",
    )
    store.publish_item(content_db, item, "t")
    news = client.get("/api/v1/news?channel=garbow&limit=500").get_json()["items"]
    shown = next(n for n in news if n["id"] == item.id)
    assert "<strong>ważne</strong>" in shown["body_html"]
    assert "javascript:" not in shown["body_html"].replace("[x](javascript:alert(1))", "")
    assert "<a" not in shown["body_html"]


def test_links_in_bodies_keep_only_safe_schemes_and_never_pass_on_the_reader(client, content_db):
    item = store.create_item(
        content_db,
        "news",
        "garbow",
        {
            "title": {"pl": "T"},
            "body": {
                "pl": "[bip](https://bip.example) [f](ftp://x.example/f) [i](intent://x)\n\n---"
            },
        },
        "t",
    )
    store.publish_item(content_db, item, "t")
    news = client.get("/api/v1/news?channel=garbow&limit=500").get_json()["items"]
    html = next(n for n in news if n["id"] == item.id)["body_html"]
    assert '<a href="https://bip.example" rel="noopener noreferrer nofollow">bip</a>' in html
    assert "ftp:" not in html
    assert "intent:" not in html
    assert "<hr" not in html


def test_events_come_in_order_of_their_start(client):
    starts = [e["starts_at"] for e in client.get("/api/v1/events").get_json()["items"]]
    assert len(starts) >= 10 and starts == sorted(starts)


@pytest.mark.parametrize(
    "query",
    [
        "lang=de",
        "channel=GARBOW",
        "channel=a,,b",
        "limit=0",
        "limit=9999",
        "limit=abc",
        "offset=-1",
        "lang=%00",
    ],
)
def test_bad_query_parameters_get_a_json_400_with_a_message(client, query):
    response = client.get(f"/api/v1/news?{query}")
    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"]


def test_an_unknown_channel_is_a_json_404(client):
    response = client.get("/api/v1/news?channel=powiat,nowhere")
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown channel: nowhere"


def test_an_unchanged_collection_answers_304_to_its_etag(client):
    first = client.get("/api/v1/offices")
    again = client.get("/api/v1/offices", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_unknown_api_paths_answer_json_not_html(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.get_json()["status"] == 404


def test_the_openapi_document_lists_every_collection(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths) >= {
        f"/api/v1/{p}" for p in ("offices", "news", "events", "procedures", "alerts")
    }


def test_the_largest_documented_offset_is_accepted(client):
    response = client.get("/api/v1/news?offset=1000000")
    assert response.status_code == 200 and response.get_json()["items"] == []


def test_a_method_the_api_does_not_offer_answers_405_naming_the_allowed_ones(client):
    response = client.delete("/api/v1/news")
    assert response.status_code == 405 and response.get_json()["status"] == 405
    allowed = {method.strip() for method in response.headers.get("Allow", "").split(",")}
    assert allowed >= {"GET", "HEAD"}, response.headers
