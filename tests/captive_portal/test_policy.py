"""Each hotspot's policy: edited by county admins, applied at consent (session length,
rates and quota to openNDS; hours of operation; a client limit)."""

from __future__ import annotations

import base64
import re
import time
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from captive_portal.policy import Policy
from tests.captive_portal.conftest import fas_fields, level1
from tests.conftest import csrf_token


def save(admin, name="hotspot-04", **fields):
    token = csrf_token(admin, f"/admin/wifi/hotspots/{name}")
    return admin.post(f"/admin/wifi/hotspots/{name}", data={"csrf_token": token, **fields})


def consent(phone):
    token = csrf_token(phone)
    return phone.post("/portal/consent", data=level1(fas_fields()) | {"csrf_token": token})


def granted(answer) -> str:
    target = re.search(r'url=([^"]+)"', answer.get_data(as_text=True)).group(1)
    query = parse_qs(urlsplit(target.replace("&amp;", "&")).query)
    return base64.b64decode(query["custom"][0]).decode()


def test_an_admin_sets_a_hotspots_session_and_limits_and_openNDS_gets_them(admin, phone):
    answer = save(
        admin, session_minutes="30", upload_kbps="512", download_kbps="2048", quota_mb="100"
    )
    assert answer.status_code == 302
    assert granted(consent(phone)) == (
        "session_length=1800, upload_rate=512, download_rate=2048, "
        "upload_quota=102400, download_quota=102400"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"session_minutes": "abc"}, "Długość sesji: podaj liczbę."),
        ({"session_minutes": "0"}, "Długość sesji: od 1"),
        ({"opens": "06:00"}, "podaj obie godziny"),
        ({"opens": "6", "closes": "23:00"}, "GG:MM"),
        ({"max_clients": "-3"}, "Maksymalna liczba użytkowników: od 1"),
    ],
)
def test_a_bad_policy_is_refused_with_a_message_and_nothing_changes(
    admin,
    portal_db,
    fields,
    message,
):
    answer = save(admin, **fields)
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert portal_db["gateways"].get("hotspot-04")["session_minutes"] is None


def test_outside_its_hours_a_hotspot_says_when_it_works(admin, phone):
    hour = datetime.now().hour
    closed_from = f"{(hour + 2) % 24:02d}:00"
    closed_to = f"{(hour + 3) % 24:02d}:00"
    save(admin, opens=closed_from, closes=closed_to)
    answer = consent(phone)
    assert answer.status_code == 403
    assert f"w godz. {closed_from}–{closed_to}" in answer.get_data(as_text=True)


def test_a_full_hotspot_asks_to_try_later(admin, phone):
    save(admin, max_clients="1")
    assert consent(phone).status_code == 200
    token = csrf_token(phone)
    another_phone = level1(fas_fields(clientmac="02:00:00:00:00:07"))
    answer = phone.post("/portal/consent", data=another_phone | {"csrf_token": token})
    assert answer.status_code == 503 and "zajęte" in answer.get_data(as_text=True)


def test_a_session_never_runs_past_closing_time():
    rules = Policy(60, 0, 0, 0, 0, "06:00", "22:00", None)
    assert rules.session_seconds(datetime(2026, 11, 25, 21, 45)) == 15 * 60
    assert rules.session_seconds(datetime(2026, 11, 25, 12, 0)) == 3600
    assert rules.session_seconds(datetime(2026, 11, 25, 23, 0)) == 0
    overnight = Policy(60, 0, 0, 0, 0, "18:00", "02:00", None)
    assert overnight.session_seconds(datetime(2026, 11, 25, 1, 30)) == 30 * 60
    assert overnight.session_seconds(datetime(2026, 11, 25, 12, 0)) == 0


def test_editors_cannot_change_hotspot_policies(portal_app):
    from tests.conftest import log_in

    editor = portal_app.test_client()
    log_in(editor, "ed-garbow")
    assert editor.get("/admin/wifi/hotspots/hotspot-04").status_code == 403


def test_a_daily_quota_per_device_shrinks_the_session_quota_and_then_refuses(
    admin, phone, portal_db
):
    from captive_portal.accounting import signature
    from tests.captive_portal.conftest import GATEWAYS

    save(admin, daily_quota_mb="10", quota_mb="8")
    assert granted(consent(phone)).endswith("upload_quota=8192, download_quota=8192")

    def used(megabytes: int, token: str):
        now = int(time.time())
        values = {
            "gateway": "hotspot-04",
            "method": "timeout_deauth",
            "clientmac": "96:d3:0e:3a:75:f9",
            "bytes_in": str(megabytes * 1048576),
            "bytes_out": "0",
            "start": str(now - 60),
            "end": str(now),
            "token": token,
        }
        sig = signature(values, GATEWAYS[0]["faskey"])
        assert phone.post("/portal/accounting", data=values | {"sig": sig}).status_code == 204

    used(7, "a")
    assert granted(consent(phone)).endswith("upload_quota=3072, download_quota=3072")
    used(3, "b")
    answer = consent(phone)
    assert answer.status_code == 403 and "limit danych" in answer.get_data(as_text=True)
