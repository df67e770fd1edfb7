"""Every portal route a stranger can reach answers malformed input with a 4xx or its
normal page, never a 5xx: each parameter of a request that is otherwise good is
replaced in turn by a table of hostile values."""

from __future__ import annotations

import base64
import time

import pytest
from flask import url_for

from captive_portal import accounting
from tests.captive_portal.conftest import fas_fields, level2
from tests.conftest import csrf_token

PREFIXES = ("/portal", "/admin/wifi")
MALFORMED = {
    "16 non-ASCII characters": "ąęółśżźćńĄĘÓŁŚŻŹ",
    "16 emoji": "🙂" * 16,
    "NUL bytes": "\x00" * 16,
    "a NUL inside": "hotspot-08\x00<script>",
    "huge": "A" * 300_000,
    "empty": "",
    "not base64": "%%%not base64!!%%",
    "15 characters": "0123456789abcde",
    "17 characters": "0123456789abcdefg",
    "base64 of binary": base64.b64encode(bytes(range(256))).decode(),
    "base64 of base64 of binary": base64.b64encode(base64.b64encode(bytes(range(256)))).decode(),
    "broken JSON": '{"captive": false,',
    "control characters": "\r\n\t\x1b[31m\u202e",
    "a huge number": "9" * 400,
    "a negative number": "-1",
    "unknown language": "xx-YY",
}


def anonymous_routes(app) -> list[tuple[str, str, dict]]:
    """(endpoint, method, path arguments) of every route under the portal's prefixes."""
    return [
        (rule.endpoint, method, {name: "hotspot-08" for name in rule.arguments})
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIXES)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def signed_report(**changes) -> dict:
    report = {
        "gateway": "hotspot-08", "method": "client_deauth", "clientmac": "96:d3:0e:3a:75:f9",
        "bytes_in": "1000", "bytes_out": "2000", "start": str(int(time.time()) - 60),
        "end": str(int(time.time())), "token": "a" * 16,
    } | changes  # fmt: skip
    return report | {"sig": accounting.signature(report, "key-of-konopnica")}


@pytest.fixture
def good_request(portal_app, phone, portal_db):
    """Parameters that make every portal route do its real work, voucher check included."""
    portal_db.execute("UPDATE gateways SET voucher_required = 1 WHERE name = 'hotspot-08'")
    portal_db.conn.commit()
    return {
        **level2(fas_fields("hotspot-08"), "key-of-konopnica"),
        "lang": "uk",
        "voucher": "ABCD-EFGH",
        "origin": "http://example.org/",
        "gw": "hotspot-08",
        "csrf_token": csrf_token(phone),
        **signed_report(),
    }


def path_of(app, endpoint: str, path_args: dict) -> str:
    with app.test_request_context():
        return url_for(endpoint, **path_args)


def call(app, client, endpoint: str, method: str, path_args: dict, params: dict):
    path = path_of(app, endpoint, path_args)
    if method == "GET":
        return client.get(path, query_string=params)
    return client.open(path, method=method, data=params)


@pytest.mark.parametrize("value", MALFORMED.values(), ids=MALFORMED.keys())
def test_no_parameter_of_any_portal_route_gives_a_server_error(
    portal_app, phone, good_request, value
):
    failures = []
    for endpoint, method, path_args in anonymous_routes(portal_app):
        for name in good_request:
            params = good_request | {name: value}
            for args in (path_args, dict.fromkeys(path_args, value)):
                answer = call(portal_app, phone, endpoint, method, args, params)
                if answer.status_code >= 500:
                    failures.append((endpoint, method, name, answer.status_code))
    assert failures == []


@pytest.mark.parametrize("value", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_iv_with_a_good_fas_is_refused_with_a_4xx(phone, good_request, value):
    query = level2(fas_fields("hotspot-08"), "key-of-konopnica") | {"iv": value}
    assert 400 <= phone.get("/portal/", query_string=query).status_code < 500


@pytest.mark.parametrize(
    "changes",
    [{"bytes_in": "9" * 40}, {"end": "9" * 19}, {"start": "-5"}, {"bytes_out": "١٢٣"}],
    ids=["bytes beyond 64 bits", "end beyond 64 bits", "negative start", "Arabic digits"],
)
def test_a_signed_accounting_report_with_impossible_counters_is_refused(phone, changes):
    answer = phone.post("/portal/accounting", data=signed_report(**changes))
    assert answer.status_code == 400


@pytest.mark.parametrize("value", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_session_cookie_or_json_body_is_not_a_server_error(portal_app, phone, value):
    phone.set_cookie("infomat_wifi", value.encode().hex()[:4000])
    assert phone.get("/portal/api").status_code == 200
    for endpoint, method, path_args in anonymous_routes(portal_app):
        path = path_of(portal_app, endpoint, path_args)
        answer = phone.open(path, method=method, data=value, content_type="application/json")
        assert answer.status_code < 500, (endpoint, method)


def test_a_raw_query_string_that_is_not_utf8_is_not_a_server_error(portal_app, phone):
    for raw in ("fas=%ff%fe%fd&iv=%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff", "fas=%", "%"):
        for endpoint, method, path_args in anonymous_routes(portal_app):
            path = path_of(portal_app, endpoint, path_args)
            answer = phone.open(f"{path}?{raw}", method=method)
            assert answer.status_code < 500, (endpoint, method, raw)


def test_the_routes_thrown_at_include_every_portal_and_wifi_admin_page(portal_app):
    endpoints = {endpoint for endpoint, _method, _args in anonymous_routes(portal_app)}
    assert {
        "portal.splash", "portal.consent", "portal.welcome", "portal.captive_api",
        "portal.about", "portal.accounting_report", "portal.static", "portal_admin.index",
        "portal_admin.set_required", "portal_admin.create", "portal_admin.hotspot_policy",
        "portal_admin.usage", "portal_admin.overview",
    } == endpoints  # fmt: skip


@pytest.mark.parametrize("value", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_county_admins_malformed_wifi_form_is_not_a_server_error(portal_app, admin, value):
    form = {
        "gateway": "hotspot-08", "count": "3", "days": "7", "required": "1",
        "session_minutes": "30", "upload_kbps": "0", "download_kbps": "0", "quota_mb": "0",
        "daily_quota_mb": "0", "opens": "08:00", "closes": "20:00", "max_clients": "10",
        "csrf_token": csrf_token(admin, "/admin/wifi/vouchers"),
    }  # fmt: skip
    failures = []
    for endpoint, method, path_args in anonymous_routes(portal_app):
        if not endpoint.startswith("portal_admin."):
            continue
        for name in form:
            for args in (path_args, dict.fromkeys(path_args, value)):
                answer = call(portal_app, admin, endpoint, method, args, form | {name: value})
                if answer.status_code >= 500:
                    failures.append((endpoint, method, name, answer.status_code))
    assert failures == []
