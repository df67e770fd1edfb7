"""What the portal tells browsers and caches: its session cookie is Secure whenever the
portal is reached over HTTPS (directly or through the configured proxies), and no page
of it, error pages included, is kept by a cache."""

from __future__ import annotations

import pytest

from tests.captive_portal.conftest import fas_fields, level1
from tests.captive_portal.test_fas import consent
from tests.captive_portal.test_vouchers import consent_with, require_vouchers
from tests.conftest import csrf_token


def session_cookie(answer) -> str:
    cookies = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("infomat_wifi=")]
    assert len(cookies) == 1, answer.headers
    return cookies[0]


def test_the_session_cookie_is_secure_when_the_portal_is_on_https(portal_app):
    phone = portal_app.test_client()
    data = level1(fas_fields()) | {"lang": "pl", "csrf_token": csrf_token(phone)}
    answer = phone.post("/portal/consent", data=data, base_url="https://localhost")
    cookie = session_cookie(answer)
    assert "; Secure" in cookie and "; HttpOnly" in cookie


def test_the_session_cookie_is_secure_behind_a_trusted_https_proxy(make_portal_app):
    phone = make_portal_app(PROXY_HOPS=1).test_client()
    phone.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"
    assert "; Secure" in session_cookie(consent(phone, level1(fas_fields())))


def test_a_plain_http_portal_still_gets_its_cookie_and_a_forged_proxy_header_is_ignored(
    portal_app,
):
    phone = portal_app.test_client()
    phone.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"  # no proxy configured: not trusted
    assert "; Secure" not in session_cookie(consent(phone, level1(fas_fields())))


@pytest.mark.parametrize(
    "case",
    [
        "broken fas",
        "used session",
        "no csrf token",
        "wrong voucher",
        "too many wrong vouchers",
        "unknown gateway on consent",
    ],
)
def test_every_portal_error_page_is_kept_by_no_cache(phone, admin, case):
    fields = fas_fields()
    if case == "broken fas":
        answer = phone.get("/portal/", query_string={"fas": "%%%"})
    elif case == "used session":
        consent(phone, level1(fields))
        answer = consent(phone, level1(fields))
    elif case == "no csrf token":
        answer = phone.post("/portal/consent", data=level1(fields))
    elif case == "unknown gateway on consent":
        answer = consent(phone, level1(fas_fields("hotspot-99")))
    else:
        require_vouchers(admin)
        tries = 1 if case == "wrong voucher" else 12
        for _ in range(tries):
            answer = consent_with(phone, "WRONG-CODE")
    assert 400 <= answer.status_code < 500
    assert answer.headers.get("Cache-Control") == "no-store"
