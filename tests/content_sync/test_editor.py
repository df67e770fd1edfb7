"""Editors create, edit, preview, publish and unpublish content through the web UI."""

from __future__ import annotations

import json
import re

import pytest

from content_sync import store
from content_sync.model import CONTENT_TYPES
from tests.conftest import csrf_token


def post_form(client, path, data, **kwargs):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/editor/")}, **kwargs)


@pytest.mark.parametrize("type_name", list(CONTENT_TYPES))
def test_an_editor_creates_edits_publishes_and_unpublishes_every_type(
    login, valid_form, content_db, type_name
):
    client = login("ed-garbow")
    form = valid_form(type_name, channel="garbow")
    created = post_form(client, f"/editor/{type_name}/new", form)
    assert created.status_code == 302
    item_id = int(created.headers["Location"].split("/")[-2])
    item = store.get_item(content_db, item_id)
    assert item.channel == "garbow" and item.status == "draft"

    title_field = CONTENT_TYPES[type_name].title_field
    form[f"{title_field}.pl"] = "Poprawiony tytuł"
    form["revision"] = str(item.revision)
    assert post_form(client, f"/editor/{type_name}/{item_id}/edit", form).status_code == 302
    assert store.get_item(content_db, item_id).title == "Poprawiony tytuł"

    assert post_form(client, f"/editor/{type_name}/{item_id}/publish", {}).status_code == 302
    assert store.get_item(content_db, item_id).status == "published"
    preview = client.get(f"/editor/{type_name}/{item_id}/preview?lang=uk")
    assert "Poprawiony tytuł" in preview.get_data(as_text=True)

    assert post_form(client, f"/editor/{type_name}/{item_id}/unpublish", {}).status_code == 302
    assert store.get_item(content_db, item_id).published is None
    actions = [e["action"] for e in store.audit_entries(content_db, ["garbow"])]
    assert actions[:4] == ["unpublish", "publish", "update", "create"]


def test_edits_to_a_published_item_stay_unpublished_until_published_again(
    login, valid_form, content_db, make_item
):
    item = make_item("news", "garbow", published=True)
    client = login("ed-garbow")
    form = valid_form("news", revision=str(item.revision))
    post_form(client, f"/editor/news/{item.id}/edit", form)
    changed = store.get_item(content_db, item.id)
    assert changed.status == "changed"
    assert changed.published["title"]["pl"] == "Pozycja garbow"


def test_a_stale_form_is_refused_instead_of_overwriting_someone_elses_change(
    login, valid_form, content_db, make_item
):
    item = make_item("news", "garbow")
    client = login("ed-garbow")
    stale = valid_form("news", revision=str(item.revision))
    post_form(client, f"/editor/news/{item.id}/edit", valid_form("news", revision="1"))
    response = post_form(client, f"/editor/news/{item.id}/edit", stale | {"title.pl": "Stary"})
    assert response.status_code == 409
    assert "Ktoś inny zmienił" in response.get_data(as_text=True)
    assert store.get_item(content_db, item.id).title == "Nowa droga w Garbowie"


TEXT_FIELDS = [
    (ctype.name, f"{spec.name}.pl" if spec.translated else spec.name)
    for ctype in CONTENT_TYPES.values()
    for spec in ctype.fields
    if spec.kind in ("text", "markdown", "lines", "holidays", "url", "email", "phone")
]


@pytest.mark.parametrize(("type_name", "field"), TEXT_FIELDS)
def test_script_tags_in_any_text_field_are_refused_and_nothing_is_stored(
    login, valid_form, content_db, type_name, field
):
    client = login("admin")
    before = content_db["items"].count
    form = valid_form(type_name, channel="garbow") | {field: 'Hej <script>alert("x")</script>'}
    response = post_form(client, f"/editor/{type_name}/new", form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nie zapisano" in page and "<script>alert" not in page
    assert content_db["items"].count == before


@pytest.mark.parametrize(
    ("type_name", "overrides", "field", "message"),
    [
        ("event", {"starts_at": "2026-13-45T25:00"}, "starts_at", "Nieprawidłowa data"),
        ("event", {"starts_at": "jutro"}, "starts_at", "Nieprawidłowa data"),
        ("event", {"ends_at": "2026-12-19T10:00"}, "ends_at", "przed początkiem"),
        (
            "news",
            {"publish_from": "2027-01-02T10:00", "publish_until": "2027-01-01T10:00"},
            "publish_until",
            "po jej początku",
        ),
        ("news", {"title.pl": "", "title.en": "Only English"}, "title.pl", "wymagane"),
        ("alert", {"publish_until": ""}, "publish_until", "datę wygaśnięcia"),
        ("office", {"opening_hours.tue": "16:00-8:00"}, "opening_hours.tue", "Koniec przed"),
        ("location", {"lat": "dużo"}, "lat", "Podaj liczbę"),
        ("procedure", {"online_url": "javascript:alert(1)"}, "online_url", "https://"),
        ("news", {"title.pl": "x" * 201}, "title.pl", "Za długi"),
    ],
)
def test_bad_input_gets_a_clear_polish_message_and_nothing_half_stored(
    login, valid_form, content_db, type_name, overrides, field, message
):
    client = login("admin")
    before = (content_db["items"].count, content_db["audit_log"].count)
    form = valid_form(type_name, channel="garbow") | overrides
    response = post_form(client, f"/editor/{type_name}/new", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert f'id="{field}"' in response.get_data(as_text=True)
    assert (content_db["items"].count, content_db["audit_log"].count) == before


def test_a_wrong_csrf_token_is_refused_with_a_message(login, valid_form, content_db):
    client = login("ed-garbow")
    before = content_db["items"].count
    response = client.post(
        "/editor/news/new", data=valid_form("news", channel="garbow", csrf_token="forged")
    )
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)
    assert content_db["items"].count == before


def test_an_expired_item_cannot_be_published(login, valid_form, content_db, make_item):
    client = login("admin")
    item = make_item("news", "garbow")
    form = valid_form("news", revision=str(item.revision), publish_until="2020-01-01T10:00")
    post_form(client, f"/editor/news/{item.id}/edit", form)
    response = post_form(client, f"/editor/news/{item.id}/publish", {}, follow_redirects=True)
    assert "już minęła" in response.get_data(as_text=True)
    assert store.get_item(content_db, item.id).published is None


def test_the_audit_log_records_who_changed_which_fields(login, valid_form, content_db, make_item):
    item = make_item("news", "garbow")
    client = login("ed-garbow")
    post_form(client, f"/editor/news/{item.id}/edit", valid_form("news", revision="1"))
    entry = store.audit_entries(content_db, ["garbow"], limit=1)[0]
    assert entry["actor"] == "ed-garbow" and entry["action"] == "update"
    assert json.loads(entry["changes"])["title"]["to"] == {"pl": "Nowa droga w Garbowie"}
    assert "ed-garbow" in client.get("/editor/audit").get_data(as_text=True)


def test_lists_filter_by_status_and_show_only_the_editors_channel(login, make_item):
    make_item("news", "konopnica")
    client = login("ed-garbow")
    page = client.get("/editor/news/?status=draft").get_data(as_text=True)
    assert "Pozycja konopnica" not in page
    assert client.get("/editor/news/?channel=konopnica").status_code == 403


def test_deleting_needs_a_confirmation_and_the_audit_log_keeps_the_item(
    login, content_db, make_item
):
    item = make_item("news", "garbow")
    client = login("ed-garbow")
    post_form(client, f"/editor/news/{item.id}/delete", {})
    assert store.get_item(content_db, item.id) is not None
    post_form(client, f"/editor/news/{item.id}/delete", {"confirm": "1"})
    assert store.get_item(content_db, item.id) is None
    entry = store.audit_entries(content_db, ["garbow"], limit=1)[0]
    assert entry["action"] == "delete" and "Pozycja garbow" in entry["changes"]


def preview_publish_form(page: str) -> tuple[str, str]:
    """The action and CSRF token of the preview's "Opublikuj" form."""
    form = re.search(
        r'<form method="post" action="([^"]+/publish)">\s*'
        r'<input type="hidden" name="csrf_token" value="([^"]+)">\s*'
        r'<button type="submit" class="primary">Opublikuj</button>',
        page,
    )
    assert form, "the preview has no Opublikuj form"
    return form.group(1), form.group(2)


def test_the_preview_publishes_the_draft_in_one_click(login, content_db, make_item):
    item = make_item("news", "garbow")
    client = login("ed-garbow")
    page = client.get(f"/editor/news/{item.id}/preview").get_data(as_text=True)
    action, token = preview_publish_form(page)
    response = client.post(action, data={"csrf_token": token}, follow_redirects=True)
    assert "Opublikowano: Pozycja garbow" in response.get_data(as_text=True)
    assert store.get_item(content_db, item.id).status == "published"
    published = client.get(f"/editor/news/{item.id}/preview").get_data(as_text=True)
    assert ">Opublikuj</button>" not in published


def test_an_editor_of_another_office_cannot_publish_through_the_preview(
    login, content_db, make_item
):
    theirs = make_item("news", "konopnica")
    own = make_item("news", "garbow")
    client = login("ed-garbow")
    assert client.get(f"/editor/news/{theirs.id}/preview").status_code == 403
    own_page = client.get(f"/editor/news/{own.id}/preview").get_data(as_text=True)
    action, token = preview_publish_form(own_page)
    forged = action.replace(f"/{own.id}/", f"/{theirs.id}/")
    assert client.post(forged, data={"csrf_token": token}).status_code == 403
    assert store.get_item(content_db, theirs.id).published is None


def test_the_editor_home_counts_in_polish_plural_forms(login):
    home = login("admin").get("/editor/").get_data(as_text=True)
    tiles = [
        " ".join(re.sub(r"<[^>]+>", " ", tile).split())
        for tile in re.findall(r'<a class="tile".*?</a>', home, re.DOTALL)
    ]
    assert "Komunikaty pilne 1 pozycja · 1 opublikowana" in tiles
    assert "Aktualności 42 pozycje · 42 opublikowane" in tiles
    assert "Urzędy 17 pozycji · 17 opublikowanych" in tiles


def test_editor_pages_name_things_in_plain_polish(login, content_db, make_item):
    item = make_item("news", "garbow")
    client = login("ed-garbow")
    listing = client.get("/editor/news/").get_data(as_text=True)
    row = listing.split(f"/editor/news/{item.id}/edit")[1].split("</tr>")[0]
    assert "<td>polski</td>" in row
    form = client.get(f"/editor/news/{item.id}/edit").get_data(as_text=True)
    assert "wersja" not in form.lower() and "Ostatnia zmiana" in form
