"""The portal speaks the phone's language: `?lang=` first, then the browser's
Accept-Language (q-values, regional variants), then Polish; every page, error pages
included, offers the switcher."""

from __future__ import annotations

import re

import pytest

from tests.captive_portal.conftest import fas_fields, level1
from tests.conftest import csrf_token


def page_language(answer) -> str:
    return re.search(r'<html lang="(\w+)">', answer.get_data(as_text=True)).group(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("uk-UA,uk;q=0.9,en;q=0.8", "uk"),
        ("uk", "uk"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.4,pl;q=0.3", "en"),
        ("pl;q=0.1, en;q=0.5", "en"),
        ("ru-RU,ru;q=0.9", "uk"),
        ("ru-RU,ru;q=0.9,en;q=0.5", "en"),
        ("de-DE", "pl"),
        ("garbage;;;q=x,,", "pl"),
        ("\x00\x7f", "pl"),
        ("", "pl"),
    ],
)
def test_the_splash_speaks_the_language_the_phone_asks_for(phone, header, expected):
    answer = phone.get(
        "/portal/", query_string=level1(fas_fields()), headers={"Accept-Language": header}
    )
    assert answer.status_code == 200
    assert page_language(answer) == expected


def test_the_ukrainian_splash_for_a_ukrainian_phone_is_ukrainian_throughout(phone):
    answer = phone.get(
        "/portal/", query_string=level1(fas_fields()), headers={"Accept-Language": "uk-UA"}
    )
    text = answer.get_data(as_text=True)
    assert "Приймаю та підключаюся" in text and 'name="lang" value="uk"' in text


def test_a_language_chosen_in_the_switcher_overrides_the_phones(phone):
    query = level1(fas_fields()) | {"lang": "pl"}
    answer = phone.get("/portal/", query_string=query, headers={"Accept-Language": "uk-UA"})
    assert page_language(answer) == "pl"


def test_the_language_posted_with_the_form_overrides_the_phones(phone):
    data = level1(fas_fields()) | {"lang": "en", "csrf_token": csrf_token(phone)}
    answer = phone.post("/portal/consent", data=data, headers={"Accept-Language": "uk"})
    assert answer.status_code == 200 and page_language(answer) == "en"


def switcher(answer) -> dict[str, str]:
    text = answer.get_data(as_text=True)
    nav = re.search(r'<nav class="langs"[^>]*>(.*?)</nav>', text, re.S)
    assert nav, text
    return dict(
        (code, href.replace("&amp;", "&"))
        for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav.group(1))
    )


def test_an_error_page_offers_the_switcher_and_its_links_change_the_language(phone):
    broken = {"fas": "bm90IGEgZmFz"}
    answer = phone.get("/portal/", query_string=broken, headers={"Accept-Language": "uk"})
    assert answer.status_code == 403 and page_language(answer) == "uk"
    links = switcher(answer)
    assert set(links) == {"pl", "en", "uk"}
    english = phone.get(links["en"])
    assert english.status_code == 403 and page_language(english) == "en"
    assert "The sign-in page could not be opened" in english.get_data(as_text=True)


def test_an_error_after_the_form_was_posted_switches_language_on_the_splash(phone, admin):
    assert admin.post(
        "/admin/wifi/hotspots/hotspot-04",
        data={"csrf_token": csrf_token(admin, "/admin/wifi/hotspots/hotspot-04"),
              "opens": "00:00", "closes": "00:01"},
    ).status_code == 302  # fmt: skip
    query = level1(fas_fields())
    data = query | {"lang": "pl", "csrf_token": csrf_token(phone)}
    refused = phone.post("/portal/consent", data=data)
    assert refused.status_code == 403
    english = phone.get(switcher(refused)["en"])
    assert english.status_code == 200 and page_language(english) == "en"
    assert "Accept and connect" in english.get_data(as_text=True)
