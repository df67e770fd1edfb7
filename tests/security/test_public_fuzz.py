"""Every route reachable without a login answers malformed input with a 4xx, never a 5xx.

The routes come from the app's url_map, so a new public route is fuzzed without
anyone listing it. Each gets a table of hostile bodies (deep nesting, wrong types,
NaN, NUL bytes, huge strings, invalid UTF-8, not JSON, empty), hostile query strings
and hostile path segments, anonymously, with a garbage bearer token, and with a real
device token (the device API). schemathesis covers /api/v1's documented reads in
test_openapi_conformance; this covers everything else a stranger can reach.
"""

from __future__ import annotations

import base64
import json

import pytest
from werkzeug.routing import Rule

from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from tests.captive_portal.conftest import GATEWAYS, fas_fields, level1, level2
from tests.conftest import csrf_token

DEEP = 2000
BODIES = {
    "empty": (b"", "application/json"),
    "deep arrays": (b"[" * DEEP + b"]" * DEEP, "application/json"),
    "deep objects": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, "application/json"),
    "deep inside a field": (b'{"code":' + b"[" * DEEP + b"]" * DEEP + b"}", "application/json"),
    "a string": (b'"hello"', "application/json"),
    "a number": (b"12345678901234567890123456789", "application/json"),
    "null": (b"null", "application/json"),
    "a list of numbers": (b"[1,2,3]", "application/json"),
    "wrong field types": (
        b'{"code":123,"hostname":[],"device_id":{},"sent_at":"x","reports":{"a":1}}',
        "application/json",
    ),
    "NaN and Infinity": (
        b'{"code":NaN,"sent_at":Infinity,"reports":[-Infinity]}',
        "application/json",
    ),
    "NUL bytes in JSON": (b'{"code":"\\u0000\\u0000","hostname":"a\\u0000b"}', "application/json"),
    "raw NUL bytes": (b"\x00" * 64, "application/json"),
    "huge string": (json.dumps({"code": "x" * 3_000_000}).encode(), "application/json"),
    "invalid UTF-8": (b'{"code":"\xff\xfe\xfa"}', "application/json"),
    "lone surrogate": (b'{"code":"\\ud800"}', "application/json"),
    "not JSON": (b"{not json", "application/json"),
    "form with NUL and invalid UTF-8": (
        b"code=%00&hid=%ff%fe&lang=%00&accept=1&voucher=%ff",
        "application/x-www-form-urlencoded",
    ),
    "broken multipart": (
        b"--x\r\nContent-Disposition: form-data\r\n\r\n\xff",
        "multipart/form-data",
    ),
    "XML": (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'a'>]><x>&a;</x>", "application/xml"),
}
# Every query parameter name a public view reads, set to each hostile value at once.
PARAMETERS = (
    "lang", "page", "q", "sort", "dir", "kind", "state", "municipality", "channel",
    "status", "since", "limit", "day", "type", "at", "next", "fas", "iv", "hid",
    "token", "redir", "gatewayname", "code", "voucher", "tok",
)  # fmt: skip
HOSTILE_VALUES = {
    "NUL": b"%00",
    "invalid UTF-8": b"%ff%fe",
    "huge": b"x" * 100_000,
    "negative": b"-1",
    "overflowing number": b"1" + b"0" * 400,
    "NaN": b"NaN",
    "bracketed": b"%5B%5D%7B%7D",
    "traversal": b"..%2F..%2Fetc%2Fpasswd",
}
PATH_VALUES = (
    "%00", "%ff", "x" * 5000, "..%2F..%2Fetc%2Fpasswd", "%C5%BC%C3%B3%C5%82w", "-1",
    "99999999999999999999999", "a%0Ab", "NaN",
)  # fmt: skip
PORTAL_QUERIES = {
    "fas not base64": {"fas": "%%%not base64"},
    "fas of invalid UTF-8": {"fas": base64.b64encode(b"\xff\xfe hid=1").decode()},
    "fas with a NUL hid": level1(fas_fields(hid="\x00" * 64)),
    "fas for an unknown gateway": level1(fas_fields(gateway="nobody")),
    "fas with a huge field": level1(fas_fields(clientip="1" * 100_000)),
    "fas with no fields": level1(""),
    "level 2 without iv": {"fas": level2(fas_fields("hotspot-08"), "key-of-konopnica")["fas"]},
    "level 2 with a short iv": level2(fas_fields("hotspot-08"), "key-of-konopnica")
    | {"iv": "short"},
    "level 2 with a non-ASCII iv": level2(fas_fields("hotspot-08"), "key-of-konopnica")
    | {"iv": "żółwżółwżółwżółw"},
    "level 2 with the wrong key": level2(fas_fields("hotspot-08"), "not-the-key"),
    "level 2 of garbage": {"fas": base64.b64encode(b"garbage").decode(), "iv": "0123456789abcdef"},
}
# Routes a stranger must reach: if the url_map walk ever stops finding one, the sweep
# has lost its coverage.
MUST_BE_PUBLIC = {
    "/api/v1/enroll", "/api/v1/reports", "/api/v1/commands/<command_id>/screenshot",
    "/sync/v1/pack", "/sync/v1/metadata/<name>", "/sync/v1/objects/<digest>",
    "/sync/v1/targets/<path:path>", "/portal/", "/portal/consent", "/portal/api",
    "/portal/welcome", "/portal/about", "/portal/accounting", "/api/v1/news", "/healthz",
    "/p/<type_name>/<int:item_id>", "/media/<filename>", "/login", "/metrics",
}  # fmt: skip


@pytest.fixture
def app(make_app):
    """The whole server room, with the portal's test gateways."""
    return make_app(PORTAL_GATEWAYS=GATEWAYS)


@pytest.fixture
def device_token(app, data_dir) -> str:
    """A real token of hotspot-04, from a real enrollment."""
    fleet = open_fleet_db(data_dir)
    code = registry.create_enrollment_code(fleet, "hotspot-04", "admin")
    fleet.close()
    answer = app.test_client().post("/api/v1/enroll", json={"code": code})
    return answer.get_json()["token"]


def sample_path(rule: Rule, value: str = "x") -> str:
    """The rule's URL with every variable part set to `value` (1 for integers)."""
    path = rule.rule
    for name, converter in rule._converters.items():
        filled = "1" if type(converter).__name__ == "IntegerConverter" else value
        placeholder = next(p for p in _placeholders(rule.rule) if p.endswith(f"{name}>"))
        path = path.replace(placeholder, filled)
    return path


def _placeholders(rule: str) -> list[str]:
    return [f"<{part.split('>')[0]}>" for part in rule.split("<")[1:]]


def public_rules(app) -> list[tuple[Rule, str]]:
    """(rule, method) for every route a stranger reaches: not sent to the login page.

    A probe that changes something carries a valid CSRF token, so a form view behind
    the login is told apart by its redirect rather than hidden behind the CSRF refusal.
    """
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            client = app.test_client()  # a fresh session: /logout ends the last one
            data = {"csrf_token": csrf_token(client)} if method != "GET" else None
            answer = client.open(sample_path(rule), method=method, data=data)
            gated = answer.status_code in (302, 303) and "/login" in answer.headers.get(
                "Location", ""
            )
            if not gated:
                found.append((rule, method))
    return found


def server_errors(client, requests: list[tuple[str, str, dict]]) -> list[str]:
    """Send every (method, url, keyword arguments); describe each 5xx."""
    failures = []
    for method, url, kwargs in requests:
        answer = client.open(url, method=method, **kwargs)
        if answer.status_code >= 500:
            failures.append(f"{answer.status_code} {method} {url[:120]} {str(kwargs)[:160]}")
    return failures


def body_requests(rule: Rule, method: str) -> list[tuple[str, str, dict]]:
    url = sample_path(rule)
    return [
        (method, url, {"data": body, "content_type": content_type})
        for body, content_type in BODIES.values()
    ]


def query_requests(rule: Rule, method: str) -> list[tuple[str, str, dict]]:
    url = sample_path(rule)
    requests = []
    for value in HOSTILE_VALUES.values():
        query = b"&".join(name.encode() + b"=" + value for name in PARAMETERS)
        query += b"&lang=pl&lang=" + value  # repeated too
        requests.append((method, url, {"query_string": query.decode("ascii")}))
    return requests


def path_requests(rule: Rule, method: str) -> list[tuple[str, str, dict]]:
    if not rule._converters:
        return []
    return [(method, sample_path(rule, value), {}) for value in PATH_VALUES]


def test_the_sweep_finds_every_public_route_and_no_gated_one(app):
    public = {rule.rule for rule, _method in public_rules(app)}
    assert public >= MUST_BE_PUBLIC, MUST_BE_PUBLIC - public
    assert not {r for r in public if r.startswith(("/editor", "/fleet/devices", "/admin/"))}


@pytest.mark.parametrize("credentials", ["anonymous", "garbage token", "device token"])
def test_no_public_route_answers_malformed_bodies_with_a_5xx(app, device_token, credentials):
    headers = {
        "anonymous": {},
        "garbage token": {"Authorization": "Bearer " + "\x00" * 10 + "ż" * 50},
        "device token": {"Authorization": f"Bearer {device_token}"},
    }[credentials]
    client = app.test_client()
    client.environ_base.update({"HTTP_" + k.upper(): v for k, v in headers.items()})
    requests = [
        request for rule, method in public_rules(app) for request in body_requests(rule, method)
    ]
    assert server_errors(client, requests) == []


def test_no_public_route_answers_malformed_queries_or_paths_with_a_5xx(app):
    requests = [
        request
        for rule, method in public_rules(app)
        for request in query_requests(rule, method) + path_requests(rule, method)
    ]
    assert server_errors(app.test_client(), requests) == []


@pytest.mark.parametrize("case", list(PORTAL_QUERIES))
@pytest.mark.parametrize("path", ["/portal/", "/portal/welcome", "/portal/about"])
def test_the_portal_answers_a_malformed_fas_query_with_a_4xx(app, case, path):
    answer = app.test_client().get(path, query_string=PORTAL_QUERIES[case])
    assert answer.status_code < 500, answer.get_data(as_text=True)[:300]


@pytest.mark.parametrize("path", ["/api/v1/enroll", "/sync/v1/pack", "/api/v1/reports"])
def test_two_thousand_deep_json_is_a_4xx_not_a_recursion_error(app, device_token, path):
    answer = app.test_client().post(
        path,
        data=b"[" * DEEP + b"]" * DEEP,
        content_type="application/json",
        headers={"Authorization": f"Bearer {device_token}"},
    )
    assert 400 <= answer.status_code < 500
