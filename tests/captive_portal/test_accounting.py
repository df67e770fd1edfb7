"""Accounting: gateways' signed session-end reports, hashed MACs, retention, the usage page."""

from __future__ import annotations

import time

import pytest

from captive_portal.accounting import FIELDS, signature
from captive_portal.db import purge_older_than
from tests.captive_portal.conftest import GATEWAYS, fas_fields, level1
from tests.conftest import csrf_token

KEY = GATEWAYS[0]["faskey"]


def report(**overrides) -> dict:
    now = int(time.time())
    values = {
        "gateway": "hotspot-04",
        "method": "timeout_deauth",
        "clientmac": "96:d3:0e:3a:75:f9",
        "bytes_in": "52000",
        "bytes_out": "7100",
        "start": str(now - 900),
        "end": str(now),
        "token": "557ec629",
    } | overrides
    return values | {"sig": signature({k: values[k] for k in FIELDS}, KEY)}


def test_a_signed_session_end_is_stored_with_a_hashed_mac_once(phone, portal_db):
    body = report()
    assert phone.post("/portal/accounting", data=body).status_code == 204
    assert phone.post("/portal/accounting", data=body).status_code == 204
    rows = list(portal_db["sessions"].rows)
    assert len(rows) == 1 and rows[0]["bytes_in"] == 52000 and rows[0]["reason"] == "timeout_deauth"
    assert "96:d3" not in str(rows)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (report() | {"sig": "0" * 64}, 403),
        (report(gateway="hotspot-99"), 403),
        (report(method="auth_client"), 400),
        (report(bytes_in="lots"), 400),
        (report(start="2000000000", end="1000"), 400),
        ({"gateway": "hotspot-04"}, 400),
    ],
)
def test_a_forged_or_broken_report_is_refused(phone, portal_db, body, status):
    assert phone.post("/portal/accounting", data=body).status_code == status
    assert portal_db["sessions"].count == 0


def test_records_older_than_the_retention_period_are_purged(phone, portal_db):
    old = int(time.time()) - 400 * 86_400
    phone.post("/portal/accounting", data=report(start=str(old - 60), end=str(old)))
    phone.post("/portal/accounting", data=report(token="fresh"))
    assert [row["token"] for row in portal_db["sessions"].rows] == ["fresh"]
    assert purge_older_than(portal_db, 0.0, now=time.time() + 1) == 1


def test_admins_see_devices_and_data_per_hotspot_per_day(admin, phone, portal_db):
    token = csrf_token(phone)
    phone.post("/portal/consent", data=level1(fas_fields()) | {"csrf_token": token})
    phone.post("/portal/accounting", data=report(bytes_in=str(3 * 1048576), bytes_out="0"))
    page = admin.get("/admin/wifi/usage").get_data(as_text=True)
    assert "hotspot-04" in page and "3.0 MB" in page and "<svg" in page


def test_editors_do_not_see_usage(portal_app):
    from tests.conftest import log_in

    editor = portal_app.test_client()
    log_in(editor, "ed-garbow")
    assert editor.get("/admin/wifi/usage").status_code == 403
