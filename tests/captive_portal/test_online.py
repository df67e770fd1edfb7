"""One answer to "how many people are online": distinct devices with a live session in
the last few minutes, computed by captive_portal.online and shown the same on the
Wi-Fi pages and the fleet dashboard, with what it means beside it."""

from __future__ import annotations

import re
import time

from captive_portal.online import MEANING, WINDOW_MINUTES, people_online
from tests.captive_portal.conftest import fas_query
from tests.conftest import csrf_token

PHONE_MAC = "96:d3:0e:3a:75:f9"


def consent(phone, gateway="hotspot-04", mac=PHONE_MAC):
    data = fas_query(gateway, clientmac=mac) | {
        "lang": "pl", "csrf_token": csrf_token(phone),
    }  # fmt: skip
    return phone.post("/portal/consent", data=data)


def shown_number(text: str) -> int:
    """The number printed just before the explanation of what it counts."""
    match = re.search(r"<strong>(\d+)</strong>[^<]*<small>\(" + re.escape(MEANING), text)
    assert match, text
    return int(match.group(1))


def test_one_phone_consenting_six_times_is_one_person_online(phone, portal_db):
    for _ in range(6):
        assert consent(phone).status_code == 200
    assert portal_db.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 6
    assert people_online(portal_db) == 1
    assert people_online(portal_db, gateways=["hotspot-04"]) == 1
    assert people_online(portal_db, hotspots=["hotspot-04"]) == 1
    assert people_online(portal_db, hotspots=["hotspot-08"]) == 0


def test_every_page_shows_the_same_number_of_people_online_and_what_it_means(phone, admin):
    for _ in range(6):
        consent(phone)
    consent(phone, "hotspot-08", mac="02:00:00:00:00:02")
    for path in ("/admin/wifi/", "/admin/wifi/usage", "/fleet/"):
        assert shown_number(admin.get(path).get_data(as_text=True)) == 2, path
    policy = admin.get("/admin/wifi/hotspots/hotspot-04").get_data(as_text=True)
    assert shown_number(policy) == 1


def insert_consent(db, hid, at, seconds, mac_hash="a" * 64, gateway="hotspot-04"):
    db.execute(
        "INSERT INTO consents(hid, gateway, mac_hash, lang, consented_at, session_seconds)"
        " VALUES (?, ?, ?, 'pl', ?, ?)",
        [hid, gateway, mac_hash, at, seconds],
    )


def test_a_session_counts_while_live_and_for_the_window_after_it_ends(portal_db):
    now = time.time()
    window = WINDOW_MINUTES * 60
    insert_consent(portal_db, "live", now - 60, 3600, "a" * 64)
    insert_consent(portal_db, "just-over", now - 3600 - window + 30, 3600, "b" * 64)
    insert_consent(portal_db, "long-over", now - 3600 - window - 30, 3600, "c" * 64)
    insert_consent(portal_db, "tomorrow", now + 3600, 3600, "d" * 64)
    # the gateway reported that this device logged off long ago: not online any more
    insert_consent(portal_db, "logged-off", now - 1200, 3600, "e" * 64)
    portal_db.execute(
        "INSERT INTO sessions(gateway, token, mac_hash, reason, started_at, ended_at,"
        " bytes_in, bytes_out) VALUES ('hotspot-04', 't', ?, 'client_deauth', ?, ?, 0, 0)",
        ["e" * 64, now - 1200, now - window - 60],
    )
    portal_db.conn.commit()
    assert people_online(portal_db, now=now) == 2


def test_a_full_hotspot_lets_the_same_phone_back_in_but_not_another(admin, phone):
    token = csrf_token(admin, "/admin/wifi/hotspots/hotspot-04")
    admin.post("/admin/wifi/hotspots/hotspot-04", data={"csrf_token": token, "max_clients": "1"})
    assert consent(phone).status_code == 200
    assert consent(phone).status_code == 200
    assert consent(phone, mac="02:00:00:00:00:03").status_code == 503


def test_an_editor_sees_the_people_online_at_the_hotspots_of_their_gmina(phone, login):
    consent(phone, "hotspot-04")
    consent(phone, "hotspot-08", mac="02:00:00:00:00:02")
    garbow = login("ed-garbow").get("/fleet/").get_data(as_text=True)
    assert shown_number(garbow) == 1
