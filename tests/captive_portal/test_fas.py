"""The FAS side of the portal against hostile and broken input: every refusal is a 4xx
page, never a redirect, never a 5xx; consent once per openNDS session; CSRF."""

from __future__ import annotations

import base64
import hashlib
import random
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.captive_portal.conftest import fas_fields, level1, level2
from tests.conftest import csrf_token


def consent(phone, query: dict, lang="pl", token: str | None = None):
    token = token or csrf_token(phone)  # any page of the session carries the same token
    return phone.post("/portal/consent", data={**query, "lang": lang, "csrf_token": token})


def test_a_level_1_splash_shows_the_hotspot_terms_news_and_one_button(phone):
    page = phone.get("/portal/", query_string=level1(fas_fields()))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert '<html lang="pl">' in text and "Garbów" in text
    assert text.count('type="submit"') == 1 and "Akceptuję i łączę się" in text
    assert "Regulamin" in text and "Aktualności" in text and "<script" not in text


def test_the_splash_page_in_ukrainian_and_its_size(phone):
    page = phone.get("/portal/", query_string=level1(fas_fields()) | {"lang": "uk"})
    text = page.get_data(as_text=True)
    assert '<html lang="uk">' in text and "Приймаю та підключаюся" in text
    # news without a Ukrainian version is shown in Polish, tagged and said to be Polish
    marked = re.findall(r'<li lang="(\w+)">[^<]*(?:<small lang="uk">([^<]*)</small>)?</li>', text)
    assert marked, text
    assert all(bool(note) == (tag == "pl") for tag, note in marked), marked
    assert ("pl", "(польською)") in marked
    polish = phone.get("/portal/", query_string=level1(fas_fields())).get_data(as_text=True)
    assert "<small" not in polish.split('aria-labelledby="news-h"')[1]
    with phone.get("/portal/static/portal.css") as css:
        assert len(page.data) + len(css.data) < 50_000


def test_consent_hands_the_browser_to_the_gateways_own_auth_url(phone):
    fields = fas_fields()
    answer = consent(phone, level1(fields))
    assert answer.status_code == 200
    target = (
        re.search(r'url=([^"]+)"', answer.get_data(as_text=True)).group(1).replace("&amp;", "&")
    )
    url = urlsplit(target)
    assert (url.scheme, url.netloc, url.path) == ("http", "198.51.100.1:2050", "/opennds_auth/")
    query = parse_qs(url.query)

    hid = re.search(r"hid=([0-9a-f]{64})", fields).group(1)  # the gateway's token for it
    assert query["tok"] == [hashlib.sha256((hid + "key-of-garbow").encode()).hexdigest()]
    assert query["redir"][0].startswith("http://localhost/portal/welcome?")
    policy = base64.b64decode(query["custom"][0]).decode()
    assert policy.startswith("session_length=3600, upload_rate=0")


def test_a_level_2_fas_is_decrypted_with_the_gateways_key(phone):
    page = phone.get("/portal/", query_string=level2(fas_fields("hotspot-08"), "key-of-konopnica"))
    assert page.status_code == 200 and "Kozubszczyzna" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("no fas", 400),
        ("not base64", 400),
        ("unknown gateway", 403),
        ("missing hid", 400),
        ("hid not a hash", 400),
        ("host name as gateway address", 400),
        ("public gateway address", 400),
        ("level 1 for a level 2 gateway", 403),
        ("level 2 with a wrong key", 403),
        ("level 2 with a bad iv", 400),
        ("script in the gateway name", 403),
    ],
)
def test_a_forged_or_broken_fas_gets_a_4xx_page_and_no_redirect(phone, case, status):
    queries = {
        "no fas": {},
        "not base64": {"fas": "%%%not-base64%%%"},
        "unknown gateway": level1(fas_fields("hotspot-99")),
        "missing hid": level1(fas_fields(hid="")),
        "hid not a hash": level1(fas_fields(hid="1234")),
        "host name as gateway address": level1(fas_fields(gatewayaddress="evil.example:80")),
        "public gateway address": level1(fas_fields(gatewayaddress="8.8.8.8:2050")),
        "level 1 for a level 2 gateway": level1(fas_fields("hotspot-08")),
        "level 2 with a wrong key": level2(fas_fields("hotspot-08"), "guessed-key"),
        "level 2 with a bad iv": level2(fas_fields("hotspot-08"), "key-of-konopnica") | {"iv": "x"},
        "script in the gateway name": level1(fas_fields("<script>alert(1)</script>")),
    }
    page = phone.get("/portal/", query_string=queries[case])
    assert page.status_code == status
    assert "Location" not in page.headers
    assert "<script>alert" not in page.get_data(as_text=True)
    assert "Odłącz się od sieci Wi-Fi" in page.get_data(as_text=True)


def test_random_garbage_in_fas_never_gives_a_server_error(phone):
    generator = random.Random(8908)
    alphabet = "ABCDEFabcdef0123456789+/=%&?, :<>\"'"
    for _ in range(300):
        junk = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 300)))
        variants = [{"fas": junk}, {"fas": base64.b64encode(junk.encode()).decode()},
                    {"fas": junk, "iv": junk[:16]}]  # fmt: skip
        for query in variants:
            assert phone.get("/portal/", query_string=query).status_code < 500, query


def test_a_consent_is_taken_once_per_openNDS_session(phone, portal_app):
    query = level1(fas_fields())
    assert consent(phone, query).status_code == 200
    assert consent(phone, query).status_code == 409


def test_consent_without_the_csrf_token_is_refused(phone):
    answer = phone.post("/portal/consent", data=level1(fas_fields()))
    assert answer.status_code == 400 and "Location" not in answer.headers


def test_the_page_they_wanted_is_a_plain_escaped_link_and_never_a_redirect(phone):
    for origin, shown in (
        ("http://example.org/a?b=1&c=<x>", "http://example.org/a?b=1&amp;c=&lt;x&gt;"),
        ("javascript:alert(1)", None),
    ):
        page = phone.get("/portal/welcome", query_string={"origin": origin, "lang": "en"})
        assert page.status_code == 200 and "Location" not in page.headers
        text = page.get_data(as_text=True)
        if shown:
            assert f'href="{shown}"' in text
        else:
            assert "javascript:" not in text


def test_the_captive_portal_api_follows_rfc_8908(phone):
    before = phone.get("/portal/api")
    assert before.mimetype == "application/captive+json"
    assert before.headers["Cache-Control"] == "no-store"
    assert before.json["captive"] is True and before.json["user-portal-url"].endswith(
        "/portal/about"
    )
    consent(phone, level1(fas_fields()))
    after = phone.get("/portal/api").json
    assert after["captive"] is False and 3590 < after["seconds-remaining"] <= 3600
    assert after["can-extend-session"] is False


def test_macs_are_stored_only_as_salted_hashes(phone, portal_app, data_dir):
    from captive_portal.db import open_portal_db

    consent(phone, level1(fas_fields()))
    rows = list(open_portal_db(data_dir)["consents"].rows)
    assert len(rows) == 1 and "96:d3" not in str(rows) and len(rows[0]["mac_hash"]) == 64
