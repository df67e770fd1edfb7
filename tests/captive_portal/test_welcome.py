"""After consent: the splash opened again (the Back button) says the phone is online,
and the "you are online" page leads somewhere useful — the hotspot's news and offices,
and the residents' portal."""

from __future__ import annotations

import re

import pytest

from tests.captive_portal.conftest import fas_fields, level1
from tests.conftest import csrf_token


def consent(phone, query: dict, lang: str = "pl"):
    data = query | {"lang": lang, "csrf_token": csrf_token(phone)}
    answer = phone.post("/portal/consent", data=data)
    assert answer.status_code == 200
    return answer


@pytest.mark.parametrize(
    ("lang", "connected", "error"),
    [
        ("pl", "Masz dostęp do internetu", "Nie udało się otworzyć strony logowania"),
        ("uk", "Ви в інтернеті", "Не вдалося відкрити сторінку входу"),
    ],
)
def test_the_splash_opened_again_after_consent_says_connected(phone, lang, connected, error):
    query = level1(fas_fields())
    consent(phone, query, lang)
    again = phone.get("/portal/", query_string=query | {"lang": lang})
    text = again.get_data(as_text=True)
    assert again.status_code == 200 and again.headers["Cache-Control"] == "no-store"
    assert connected in text and error not in text
    assert "Akceptuję" not in text and "Приймаю" not in text


def test_the_splash_opened_again_says_how_long_the_session_has_left(phone, portal_db):
    query = level1(fas_fields(hid="a1" * 32))
    consent(phone, query)
    portal_db.execute("UPDATE consents SET consented_at = consented_at - 50 * 60")
    portal_db.conn.commit()
    text = phone.get("/portal/", query_string=query).get_data(as_text=True)
    assert "Sesja potrwa jeszcze 10 min." in text


def test_a_session_that_has_ended_is_not_said_to_be_connected(phone, portal_db):
    query = level1(fas_fields())
    consent(phone, query)
    portal_db.execute("UPDATE consents SET consented_at = consented_at - 2 * 3600")
    portal_db.conn.commit()
    again = phone.get("/portal/", query_string=query)
    assert again.status_code == 409
    assert "Masz dostęp do internetu" not in again.get_data(as_text=True)


def welcome_links(answer) -> list[str]:
    text = answer.get_data(as_text=True)
    section = re.search(r'<nav class="next"[^>]*>(.*?)</nav>', text, re.S)
    assert section, text
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', section.group(1))]


def test_the_online_page_links_to_news_offices_and_the_residents_portal_and_they_open(
    phone,
):
    welcome = phone.get("/portal/welcome", query_string={"gw": "hotspot-04", "lang": "uk"})
    links = welcome_links(welcome)
    assert any(link.startswith("/uk/aktualnosci/") for link in links), links
    assert any(link.startswith("/uk/urzedy/") for link in links), links
    assert "/" in links
    for link in links:
        assert phone.get(link).status_code == 200, link


def test_the_residents_portal_link_is_a_setting(make_portal_app):
    phone = make_portal_app(PORTAL_RESIDENTS_URL="https://mieszkancy.example.org/").test_client()
    welcome = phone.get("/portal/welcome", query_string={"gw": "hotspot-08"})
    links = welcome_links(welcome)
    assert "https://mieszkancy.example.org/" in links
    assert any(link.startswith("https://mieszkancy.example.org/aktualnosci/") for link in links)


def test_the_online_page_of_an_unknown_hotspot_still_links_the_residents_portal(phone):
    welcome = phone.get("/portal/welcome", query_string={"gw": "no-such-hotspot"})
    assert welcome.status_code == 200 and welcome_links(welcome) == ["/"]
