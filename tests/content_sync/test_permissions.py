"""Every write route refuses anonymous visitors and editors of other offices."""

from __future__ import annotations

import pytest

from content_sync import store
from content_sync.model import CONTENT_TYPES
from tests.conftest import csrf_token

# Routes that change something, found in the app itself so a new one cannot be forgotten.
# Public POSTs: the login form, and the devices' pack request (a read: it lists hashes).
# The fleet's device API authenticates devices by bearer token, not by login; its
# refusals are tested in tests/device_agent/test_hostile_devices.py. The Wi-Fi consent is
# for anonymous residents by nature (tests/captive_portal/test_fas.py), and gateways sign
# their accounting reports (tests/captive_portal/test_accounting.py).
PUBLIC_POSTS = {
    "auth.login",
    "auth.logout",
    "sync.pack",
    "fleet_api.enroll",
    "fleet_api.reports",
    "portal.consent",
    "portal.accounting_report",
}
# Logged-in users' own account (changing one's own password needs the current one): an
# editor of Garbów may use them, so they are only swept for anonymous visitors.
OWN_ACCOUNT_POSTS = {"account.password"}


def item_write_paths(app, item, skip=frozenset()):
    """Every POST route of the app but the public ones and `skip`, filled in for `item`."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in PUBLIC_POSTS | skip:
            continue
        values = {}
        if "type_name" in rule.arguments:
            values["type_name"] = item.type
        if "item_id" in rule.arguments:
            values["item_id"] = item.id
        if "username" in rule.arguments:
            values["username"] = "ed-powiat"
        if "name" in rule.arguments:
            values["name"] = "hotspot-04"
        if "device_id" in rule.arguments:
            values["device_id"] = "kiosk-08"  # Konopnica's infomat
        paths.append(rule.build(values)[1])
    return paths


def snapshot(content_db):
    rows = content_db.execute("SELECT id, draft, published, revision FROM items ORDER BY id")
    return rows.fetchall(), content_db["audit_log"].count


def test_the_app_has_write_routes_to_check(app, make_item):
    paths = item_write_paths(app, make_item("news", "garbow"))
    assert len(paths) >= 5


def test_anonymous_visitors_are_sent_to_login_and_change_nothing(
    app, client, make_item, content_db, valid_form
):
    item = make_item("news", "konopnica")
    before = snapshot(content_db)
    token = csrf_token(client)
    for path in item_write_paths(app, item):
        response = client.post(path, data=valid_form("news", channel="garbow", csrf_token=token))
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login"), path
    assert snapshot(content_db) == before


def test_an_editor_of_garbow_cannot_change_anything_of_konopnica(
    app, login, make_item, content_db, valid_form
):
    item = make_item("news", "konopnica", published=True)
    client = login("ed-garbow")
    before = snapshot(content_db)
    token = csrf_token(client, "/editor/")
    for path in item_write_paths(app, item, skip=OWN_ACCOUNT_POSTS):
        form = valid_form("news", channel="konopnica", revision="1", csrf_token=token)
        assert client.post(path, data=form).status_code == 403, path
    assert snapshot(content_db) == before


@pytest.mark.parametrize("type_name", list(CONTENT_TYPES))
def test_an_editor_of_garbow_cannot_see_konopnica_drafts(login, make_item, type_name):
    item = make_item(type_name, "konopnica")
    client = login("ed-garbow")
    assert client.get(f"/editor/{type_name}/{item.id}/edit").status_code == 403
    assert client.get(f"/editor/{type_name}/{item.id}/preview").status_code == 403
    assert item.title not in client.get(f"/editor/{type_name}/").get_data(as_text=True)


def test_a_municipal_editor_cannot_publish_to_the_county_channel(
    login, valid_form, content_db, make_item
):
    client = login("ed-garbow")
    token = csrf_token(client, "/editor/")
    before = snapshot(content_db)
    form = valid_form("alert", channel="powiat", csrf_token=token)
    assert client.post("/editor/alert/new", data=form).status_code == 403
    assert snapshot(content_db) == before
    county_item = make_item("news", "powiat")
    before = snapshot(content_db)
    response = client.post(f"/editor/news/{county_item.id}/publish", data={"csrf_token": token})
    assert response.status_code == 403
    assert snapshot(content_db) == before


def test_the_county_office_editor_and_the_county_admin_may_publish_county_wide(
    login, make_item, content_db
):
    for username in ("ed-powiat", "admin"):
        item = make_item("news", "powiat")
        client = login(username)
        token = csrf_token(client, "/editor/")
        client.post(f"/editor/news/{item.id}/publish", data={"csrf_token": token})
        assert store.get_item(content_db, item.id).status == "published"
