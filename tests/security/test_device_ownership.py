"""A device id names one device of one gmina: an editor cannot take another gmina's
hotspot or kiosk by naming it on a location, and the fleet registry never moves a
device to another gmina because a location says so."""

from __future__ import annotations

import pytest

from content_sync import store
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from tests.conftest import csrf_token

KONOPNICA_HOTSPOT = "hotspot-08"  # the demo county's, on Konopnica's library
GARBOW_HOTSPOT = "hotspot-04"


def location_form(client, device_id: str, channel: str = "garbow", **extra) -> dict:
    return {
        "csrf_token": csrf_token(client, "/editor/location/new"),
        "channel": channel,
        "name.pl": "Garbów — świetlica",
        "kind": "hotspot",
        "device_id": device_id,
        "address": "ul. Krakowskie Przedmieście 1, Garbów",
        "lat": "51.35",
        "lon": "22.34",
    } | extra


def holders(content_db, device_id: str) -> list[str]:
    """The channels of every location (draft or published) naming `device_id`."""
    return [
        item.channel
        for item in store.list_items(content_db, "location")
        if device_id in (item.draft.get("device_id"), (item.published or {}).get("device_id"))
    ]


@pytest.fixture
def fleet_db(app, data_dir):
    db = open_fleet_db(data_dir)
    yield db
    db.close()


def test_an_editor_cannot_attach_another_gminas_hotspot_to_a_new_location(login, content_db):
    garbow = login("ed-garbow")
    answer = garbow.post("/editor/location/new", data=location_form(garbow, KONOPNICA_HOTSPOT))
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "jest już przypisane do lokalizacji" in page
    assert holders(content_db, KONOPNICA_HOTSPOT) == ["konopnica"]


def test_an_editor_cannot_rename_their_own_location_to_another_gminas_kiosk(login, content_db):
    own = next(
        i for i in store.list_items(content_db, "location") if i.draft["device_id"] == "kiosk-04"
    )
    garbow = login("ed-garbow")
    form = location_form(garbow, "kiosk-08", kind="kiosk", revision=str(own.revision))
    answer = garbow.post(f"/editor/location/{own.id}/edit", data=form)
    assert answer.status_code == 400
    assert "jest już przypisane do lokalizacji" in answer.get_data(as_text=True)
    assert holders(content_db, "kiosk-08") == ["konopnica"]


def test_a_device_id_is_unique_even_within_one_gmina(login, content_db):
    garbow = login("ed-garbow")
    answer = garbow.post("/editor/location/new", data=location_form(garbow, GARBOW_HOTSPOT))
    assert answer.status_code == 400
    assert holders(content_db, GARBOW_HOTSPOT) == ["garbow"]


def test_a_device_of_another_gmina_stays_theirs_after_its_location_is_gone(
    login, content_db, fleet_db
):
    for item in store.list_items(content_db, "location"):
        if item.draft["device_id"] == KONOPNICA_HOTSPOT:
            store.delete_item(content_db, item, "admin")
    garbow = login("ed-garbow")
    answer = garbow.post("/editor/location/new", data=location_form(garbow, KONOPNICA_HOTSPOT))
    assert answer.status_code == 400
    assert "należy do innej gminy" in answer.get_data(as_text=True)
    assert holders(content_db, KONOPNICA_HOTSPOT) == []
    # the county admin may give it to Garbów
    admin = login("admin")
    answer = admin.post("/editor/location/new", data=location_form(admin, KONOPNICA_HOTSPOT))
    assert answer.status_code == 302
    assert holders(content_db, KONOPNICA_HOTSPOT) == ["garbow"]


def test_an_editor_may_attach_a_new_device_and_their_own(login, content_db):
    garbow = login("ed-garbow")
    answer = garbow.post("/editor/location/new", data=location_form(garbow, "hotspot-99"))
    assert answer.status_code == 302
    assert holders(content_db, "hotspot-99") == ["garbow"]


def test_the_registry_never_moves_a_device_to_the_gmina_a_location_names(fleet_db):
    claim = {
        "device_id": KONOPNICA_HOTSPOT,
        "kind": "hotspot",
        "name": "Garbów — przejęty",
        "municipality": "garbow",
        "address": "Garbów",
        "lat": 51.35,
        "lon": 22.34,
    }
    registry.sync_locations(fleet_db, [claim])
    device = registry.device(fleet_db, KONOPNICA_HOTSPOT)
    assert device["municipality"] == "konopnica"
    assert device["name"] != "Garbów — przejęty"
    new = claim | {"device_id": "hotspot-99"}
    registry.sync_locations(fleet_db, [new])
    assert registry.device(fleet_db, "hotspot-99")["municipality"] == "garbow"


def test_a_county_admin_moves_a_device_to_another_gmina_in_the_fleet(login, fleet_db):
    admin = login("admin")
    token = csrf_token(admin, f"/fleet/devices/{KONOPNICA_HOTSPOT}")
    answer = admin.post(
        f"/fleet/devices/{KONOPNICA_HOTSPOT}/municipality",
        data={"csrf_token": token, "municipality": "garbow"},
    )
    assert answer.status_code == 302
    assert registry.device(fleet_db, KONOPNICA_HOTSPOT)["municipality"] == "garbow"
    editor = login("ed-konopnica")
    token = csrf_token(editor, "/fleet/")
    answer = editor.post(
        f"/fleet/devices/{GARBOW_HOTSPOT}/municipality",
        data={"csrf_token": token, "municipality": "konopnica"},
    )
    assert answer.status_code == 403
    assert registry.device(fleet_db, GARBOW_HOTSPOT)["municipality"] == "garbow"
