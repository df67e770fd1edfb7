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


def a_device(number: int) -> str:
    """openNDS's fields for the phone with this number (its own MAC and session)."""
    return fas_fields(clientmac=f"02:00:00:00:{number // 256:02x}:{number % 256:02x}")


def test_sixty_wrong_codes_from_sixty_devices_do_not_lock_out_a_resident_with_a_valid_code(
    admin, phone
):
    require_vouchers(admin)
    code = make_codes(admin, 1)[0]
    assert {consent_with(phone, "AAAA-AAAA", a_device(n)).status_code for n in range(60)} == {403}
    assert consent_with(phone, code, a_device(60)).status_code == 200


def test_a_single_device_guessing_waits_longer_after_each_wrong_code(admin, phone, portal_db):
    require_vouchers(admin)
    code = make_codes(admin, 1)[0]
    guesser = a_device(1)
    tries = [consent_with(phone, "AAAA-AAAA", guesser).status_code for _ in range(5)]
    assert tries == [403] * vouchers.FREE_TRIES + [429] * (5 - vouchers.FREE_TRIES)
    answer = consent_with(phone, code, guesser)  # not even checked while it must wait
    assert answer.status_code == 429 and "Za dużo błędnych kodów" in answer.get_data(as_text=True)
    waits = []
    for _ in range(3):
        wait = vouchers.wait_seconds(portal_db, "hotspot-04", portal_db.execute(
            "SELECT mac_hash FROM voucher_failures ORDER BY at DESC").fetchone()[0])  # fmt: skip
        waits.append(wait)
        # Time passes: the device may try once more, and is wrong again.
        portal_db.execute("UPDATE voucher_failures SET at = at - ?", [wait + 1])
        portal_db.conn.commit()
        assert consent_with(phone, "AAAA-AAAA", guesser).status_code == 403
        assert consent_with(phone, "AAAA-AAAA", guesser).status_code == 429
    # Each wrong code doubles the wait (a constant wait also grows by the milliseconds the
    # test takes, so "larger" is not enough).
    assert waits[0] > 0 and waits[-1] <= vouchers.LONGEST_WAIT
    assert all(b >= 1.5 * a for a, b in zip(waits, waits[1:], strict=False)), waits
    assert consent_with(phone, code, a_device(2)).status_code == 200  # others are not held up


def test_a_device_that_keeps_typing_valid_codes_is_never_slowed_down(admin, phone):
    require_vouchers(admin)
    codes = make_codes(admin, vouchers.FREE_TRIES + 2)
    mac = "96:d3:0e:3a:75:f9"  # one phone, a new openNDS session each day
    assert [consent_with(phone, c, fas_fields(clientmac=mac)).status_code for c in codes] == [
        200
    ] * len(codes)


def test_an_expired_code_is_refused(admin, phone, portal_db):
    require_vouchers(admin)
    code = make_codes(admin, 1)[0]
    portal_db.execute("UPDATE vouchers SET expires_at = ?", [time.time() - 1])
    portal_db.conn.commit()
    assert consent_with(phone, code).status_code == 403


def test_codes_avoid_look_alike_characters():
    assert not set("01ILO") & set(vouchers.ALPHABET)
