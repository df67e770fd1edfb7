"""The search page: hostile queries never break it, hits are linked and marked, none → sections."""

from __future__ import annotations

import pytest

from content_sync import store


def add(db, title: str, channel: str = "powiat") -> store.Item:
    """A published news item with this Polish title."""
    item = store.create_item(db, "news", channel, {"title": {"pl": title}}, "test")
    return store.publish_item(db, item, "test")


HOSTILE = [
    '"',
    '" OR 1=1 --',
    "*",
    "NEAR(a b, 0)",
    "-urząd",
    "title_pl: urząd",
    "((((",
    "urząd\x00gminy",
    "x" * 10_240,
    "%00",
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("prefix", ["", "/uk"])
def test_hostile_search_pages_render_normally(client, prefix, query):
    response = client.get(f"{prefix}/szukaj", query_string={"q": query})
    assert response.status_code == 200
    assert "<h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "args",
    [{"page": "99999999999999999999"}, {"page": "-1"}, {"page": "x"}, {"page": "0"}, {"page": "²"}],
)
def test_impossible_page_numbers_are_a_bad_request(client, args):
    assert client.get("/szukaj", query_string={"q": "urząd", **args}).status_code == 400


def test_the_results_page_links_and_highlights_hits(client, content_db):
    item = add(content_db, "Zaświadczenie o niezaleganiu")
    html = client.get("/szukaj", query_string={"q": "zaswiadczenie"}).get_data(as_text=True)
    assert f'href="/aktualnosci/{item.id}"' in html
    assert "<mark>Zaświadczenie</mark>" in html


def test_no_results_suggests_the_sections(client):
    html = client.get("/en/szukaj", query_string={"q": "qwzxqwzx"}).get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    assert "Nothing found" in main
    for path in ("/en/aktualnosci", "/en/wydarzenia", "/en/urzedy", "/en/jak-zalatwic"):
        assert f'href="{path}"' in main


def test_a_gmina_search_leaves_out_other_gminas(client, content_db):
    add(content_db, "Zbiórka elektrośmieci", channel="garbow")
    other = add(content_db, "Zbiórka elektrośmieci", channel="konopnica")
    html = client.get("/szukaj", query_string={"q": "elektrosmieci", "gmina": "garbow"}).get_data(
        as_text=True
    )
    assert "Znaleziono: 1" in html and f'/{other.id}"' not in html
    unknown = client.get("/szukaj", query_string={"q": "elektrosmieci", "gmina": "<x>"})
    assert "Znaleziono: 2" in unknown.get_data(as_text=True)


def test_switching_language_keeps_the_query(client):
    html = client.get("/szukaj", query_string={"q": "urząd <b>", "gmina": "garbow"}).get_data(
        as_text=True
    )
    assert 'href="/uk/szukaj?q=urz%C4%85d+%3Cb%3E&amp;gmina=garbow"' in html


def test_results_come_ten_a_page(client, content_db):
    for number in range(12):
        add(content_db, f"Dyżur aptek nr {number}")
    first = client.get("/szukaj", query_string={"q": "dyżur aptek"}).get_data(as_text=True)
    assert first.count("<li>\n    <h2>") == 10 and "Znaleziono: 12" in first
    assert 'rel="next" href="/szukaj?q=dy%C5%BCur+aptek&amp;page=2"' in first
    second = client.get("/szukaj", query_string={"q": "dyżur aptek", "page": "2"})
    html = second.get_data(as_text=True)
    assert html.count("<li>\n    <h2>") == 2 and '<ol class="search-results" start="11">' in html


def test_a_list_field_reads_as_text_and_polish_hits_on_a_ukrainian_page_say_so(client):
    page = client.get("/uk/szukaj", query_string={"q": "dowód"}).get_data(as_text=True)
    assert "&#39;, &#39;" not in page and "[&#39;" not in page
    # the procedure's title is translated; its documents and the PESEL guide's are not
    assert '<a href="/uk/jak-zalatwic/' in page
    assert '<p lang="pl">Wniosek o wydanie <mark>dowodu</mark> osobistego; ' in page
