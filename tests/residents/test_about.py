"""The accessibility statement from the settings, in pl, en and uk, and the page about
the Wi-Fi hotspots and infomats listing the published ones by gmina."""

import re

import pytest

from content_sync import store
from residents.map import published_places


def text_of(html: str, element_id: str) -> str:
    """The text inside the element with `element_id`, tags stripped."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(span|p|a)>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_the_statement_shows_the_settings_values_in_the_statutory_places(statement_client):
    html = statement_client.get("/deklaracja-dostepnosci").get_data(as_text=True)

    assert text_of(html, "a11y-podmiot") == "Starostwo Powiatowe w Lublinie"
    assert text_of(html, "a11y-url") == "https://infomat.powiat.lublin.pl"
    assert text_of(html, "a11y-data-publikacja") == "2026-11-02"
    assert text_of(html, "a11y-data-aktualizacja") == "2026-11-20"
    assert text_of(html, "a11y-data-sporzadzenie") == "2026-11-03"
    assert text_of(html, "a11y-data-przeglad") == "2026-11-27"
    assert text_of(html, "a11y-kontakt-osoba") == "Anna Dostępna"
    assert text_of(html, "a11y-kontakt-email") == "dostepnosc@powiat.lublin.pl"
    assert 'href="tel:815286600"' in html
    assert "częściowo zgodna" in text_of(html, "a11y-status")
    assert "Część zdjęć z gmin nie ma tekstu alternatywnego." in html
    assert "Wejście do Starostwa od ul. Spokojnej jest bez progów." in html


def test_the_statement_gives_the_request_and_complaint_procedure(statement_client):
    html = statement_client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    procedure = html[html.index('id="a11y-procedura"') :]

    assert "żądaniem zapewnienia dostępności cyfrowej" in procedure
    assert "7 dni" in procedure and "2 miesiące" in procedure
    assert "skargę" in procedure
    assert "Rzecznika Praw Obywatelskich" in procedure


@pytest.mark.parametrize(
    "path, heading, reviewed, gap",
    [
        ("/en/deklaracja-dostepnosci", "Accessibility statement", "last reviewed", None),
        (
            "/uk/deklaracja-dostepnosci",
            "Декларація доступності",
            "востаннє переглянуто",
            "Карта повіту не масштабується.",
        ),
    ],
)
def test_the_statement_reads_in_english_and_ukrainian_with_the_review_date(
    statement_client, path, heading, reviewed, gap
):
    html = statement_client.get(path).get_data(as_text=True)

    assert f"<h1>{heading}</h1>" in html
    assert reviewed in html
    assert text_of(html, "a11y-data-przeglad") == "2026-11-27"
    if gap:  # a gap given in this language is shown in it
        assert gap in html
    # one given only in Polish is shown in Polish, marked as such
    assert '<span lang="pl">Część zdjęć z gmin nie ma tekstu alternatywnego.</span>' in html


def test_a_statement_without_gaps_or_dates_declares_compliance_and_says_what_is_missing(client):
    html = client.get("/deklaracja-dostepnosci").get_data(as_text=True)

    assert "jest zgodna" in text_of(html, "a11y-status")
    assert text_of(html, "a11y-data-przeglad") == "nie podano"
    assert 'id="a11y-architektura"' not in html


def test_the_wifi_page_lists_published_hotspots_and_infomats_under_their_gmina(client, content_db):
    hidden = store.create_item(
        content_db,
        "location",
        "garbow",
        {
            "name": {"pl": "Hotspot roboczy"},
            "kind": "hotspot",
            "address": "Garbów 1",
            "lat": 51.3,
            "lon": 22.3,
        },
        "test",
    )
    html = client.get("/wifi-i-infomaty").get_data(as_text=True)
    hotspots = html[html.index('id="offer-hotspot"') : html.index('id="offer-kiosk"')]

    published = [p for p in published_places(content_db, "pl") if p.kind == "hotspot"]
    assert len(published) == 22
    for place in published:
        entry = hotspots.index(f'id="miejsce-{place.item_id}"')
        gmina = hotspots.rindex("<h3>", 0, entry)
        assert hotspots[gmina : hotspots.index("</h3>", gmina)].endswith(
            content_db["channels"].get(place.channel)["name"]
        )
        assert place.address in hotspots[entry : hotspots.index("</li>", entry)]
    assert f"miejsce-{hidden.id}" not in html and "Hotspot roboczy" not in html


@pytest.mark.parametrize(
    "path, word",
    [("/en/wifi-i-infomaty", "Wi-Fi hotspots"), ("/uk/wifi-i-infomaty", "Точки Wi-Fi")],
)
def test_the_wifi_page_says_what_they_offer_in_english_and_ukrainian(client, path, word):
    html = client.get(path).get_data(as_text=True)
    assert word in html


@pytest.mark.parametrize("path", ["/mapa", "/uk/wifi-i-infomaty", "/en/deklaracja-dostepnosci"])
def test_the_pages_about_the_county_are_revalidated_cheaply_with_their_etag(client, path):
    first = client.get(path)
    assert first.headers["Cache-Control"] == "public, max-age=60"

    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.get_data() == b""
