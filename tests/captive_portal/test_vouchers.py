"""Voucher codes: printed in batches by county admins, each good once, guessing slowed."""

from __future__ import annotations

import re
import time

import pytest

from captive_portal import vouchers
from tests.captive_portal.conftest import fas_fields, level1
from tests.conftest import csrf_token, log_in


def require_vouchers(admin, gateway="hotspot-04"):
    token = csrf_token(admin, "/admin/wifi/vouchers")
    admin.post(
        "/admin/wifi/vouchers/required",
        data={"gateway": gateway, "required": "1", "csrf_token": token},
    )


def make_codes(admin, count=3, days=30, gateway="hotspot-04") -> list[str]:
    token = csrf_token(admin, "/admin/wifi/vouchers")
    sheet = admin.post(
        "/admin/wifi/vouchers",
        data={"gateway": gateway, "count": str(count), "days": str(days), "csrf_token": token},
    ).get_data(as_text=True)
    return re.findall(r'<p class="code">([A-Z0-9-]+)</p>', sheet)


def consent_with(phone, code: str, fields: str | None = None):
    token = csrf_token(phone)
    data = level1(fields or fas_fields()) | {"voucher": code, "lang": "pl", "csrf_token": token}
    return phone.post("/portal/consent", data=data)


def test_a_county_admin_prints_a_sheet_of_codes_with_a_join_qr(admin, portal_db):
    token = csrf_token(admin, "/admin/wifi/vouchers")
    sheet = admin.post(
        "/admin/wifi/vouchers",
        data={"gateway": "hotspot-04", "count": "12", "days": "7", "csrf_token": token},
    ).get_data(as_text=True)
    codes = re.findall(r'<p class="code">([A-Z0-9-]+)</p>', sheet)
    assert len(codes) == 12 and len(set(codes)) == 12
    assert sheet.count("<svg") == 12 and "Powiat Lubelski – Wi-Fi" in sheet
    stored = [row["code_hash"] for row in portal_db["vouchers"].rows]
    assert len(stored) == 12 and not any(code.replace("-", "") in str(stored) for code in codes)


def test_only_county_admins_manage_vouchers(portal_app, client):
    assert client.get("/admin/wifi/vouchers").status_code == 302
    editor = portal_app.test_client()
    log_in(editor, "ed-garbow")
    assert editor.get("/admin/wifi/vouchers").status_code == 403
    token = csrf_token(editor, "/editor/")
    answer = editor.post(
        "/admin/wifi/vouchers",
        data={"gateway": "hotspot-04", "count": "5", "days": "1", "csrf_token": token},
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(("count", "days"), [("0", "5"), ("201", "5"), ("x", "5"), ("5", "400")])
def test_a_bad_batch_is_refused_with_a_message(admin, portal_db, count, days):
    token = csrf_token(admin, "/admin/wifi/vouchers")
    answer = admin.post(
        "/admin/wifi/vouchers",
        data={"gateway": "hotspot-04", "count": count, "days": days, "csrf_token": token},
        follow_redirects=True,
    )
    assert "Nie utworzono kodów" in answer.get_data(as_text=True)
    assert portal_db["vouchers"].count == 0


def test_a_hotspot_that_requires_a_code_asks_for_it_and_takes_each_code_once(
    admin, phone, portal_db
):
    require_vouchers(admin)
    splash = phone.get("/portal/", query_string=level1(fas_fields())).get_data(as_text=True)
    assert 'name="voucher"' in splash and "Kod dostępu" in splash
    code = make_codes(admin, 1)[0]
    assert consent_with(phone, "WRONG-CODE").status_code == 403
    assert portal_db["consents"].count == 0
    assert consent_with(phone, code.lower()).status_code == 200
    assert consent_with(phone, code).status_code == 403  # a new client, the same paper slip
    assert portal_db["consents"].count == 1


def test_guessing_codes_is_slowed_down(admin, phone):
    require_vouchers(admin)
    code = make_codes(admin, 1)[0]
    statuses = [consent_with(phone, f"AAAA-AAA{n}").status_code for n in range(2, 7)]
    assert statuses == [403] * 5
    answer = consent_with(phone, code)
    assert answer.status_code == 429 and "Za dużo błędnych kodów" in answer.get_data(as_text=True)


def test_an_expired_code_is_refused(admin, phone, portal_db):
    require_vouchers(admin)
    code = make_codes(admin, 1)[0]
    portal_db.execute("UPDATE vouchers SET expires_at = ?", [time.time() - 1])
    portal_db.conn.commit()
    assert consent_with(phone, code).status_code == 403


def test_codes_avoid_look_alike_characters():
    assert not set("01ILO") & set(vouchers.ALPHABET)
