"""The county admins' Wi-Fi pages: /admin/wifi/ is an index of its sections, and
hotspots are named by place (from the published locations) beside their ids."""

from __future__ import annotations

import pytest

from tests.captive_portal.conftest import fas_query
from tests.conftest import csrf_token, log_in


def test_the_wifi_index_links_every_section_and_every_hotspot(admin):
    page = admin.get("/admin/wifi/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for link in (
        "/admin/wifi/vouchers",
        "/admin/wifi/usage",
        "/admin/wifi/hotspots/hotspot-04",
        "/admin/wifi/hotspots/hotspot-08",
    ):
        assert f'href="{link}"' in text, link
        assert admin.get(link).status_code == 200, link


def test_the_wifi_menu_entry_leads_to_the_index(admin):
    assert 'href="/admin/wifi/"' in admin.get("/admin/wifi/vouchers").get_data(as_text=True)


def test_anonymous_visitors_of_the_wifi_index_are_sent_to_log_in(phone):
    answer = phone.get("/admin/wifi/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_editors_cannot_open_the_wifi_index(portal_app):
    editor = portal_app.test_client()
    log_in(editor, "ed-garbow")
    assert editor.get("/admin/wifi/").status_code == 403


@pytest.mark.parametrize("path", ["/admin/wifi/", "/admin/wifi/vouchers", "/admin/wifi/usage"])
def test_hotspots_are_named_by_place_beside_their_ids(admin, phone, path):
    for gateway in ("hotspot-04", "hotspot-08"):
        data = fas_query(gateway) | {"lang": "pl", "csrf_token": csrf_token(phone)}
        assert phone.post("/portal/consent", data=data).status_code == 200
    text = admin.get(path).get_data(as_text=True)
    assert "hotspot-04" in text and "Garbów — biblioteka" in text
    assert "hotspot-08" in text and "Kozubszczyzna — biblioteka" in text


def test_a_hotspots_policy_page_names_its_place(admin):
    text = admin.get("/admin/wifi/hotspots/hotspot-04").get_data(as_text=True)
    assert "hotspot-04" in text and "Garbów — biblioteka" in text
