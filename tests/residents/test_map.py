"""The county map page: every published office, infomat and hotspot as a named link on
the SVG map and in the plain list beside it, nothing unpublished, Lublin cut out, and no
marker on top of another."""

import re
from itertools import combinations

import pytest

from content_sync import store
from content_sync.county_map import Projection, lublin_centre
from residents.map import HEIGHT, WIDTH, published_places

MARKER = re.compile(
    r'<rect class="m-office" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/>'
    r'|<circle class="m-kiosk" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/>'
    r'|<polygon class="m-hotspot" points="([\d., ]+)"/>'
)


def split_page(html: str) -> tuple[str, str]:
    """The page's SVG map and the rest of the page (the plain list), apart."""
    start, end = (
        html.index('<svg class="county-map"'),
        html.index("</svg>", html.index('<svg class="county-map"')),
    )
    return html[start:end], html[:start] + html[end:]


def boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """Every marker's bounding box (left, top, right, bottom)."""
    found = []
    for m in MARKER.finditer(svg):
        if m.group(1):
            x, y, w, h = map(float, m.group(1, 2, 3, 4))
            found.append((x, y, x + w, y + h))
        elif m.group(5):
            cx, cy, r = map(float, m.group(5, 6, 7))
            found.append((cx - r, cy - r, cx + r, cy + r))
        else:
            pts = [tuple(map(float, p.split(","))) for p in m.group(8).split()]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            found.append((min(xs), min(ys), max(xs), max(ys)))
    return found


def polygon(svg: str, css_class: str) -> list[tuple[float, float]]:
    points = re.search(rf'<polygon class="{css_class}"[^>]* points="([^"]+)"', svg).group(1)
    return [tuple(map(float, p.split(","))) for p in points.split()]


def inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


@pytest.mark.parametrize("lang, prefix", [("pl", ""), ("en", "/en"), ("uk", "/uk")])
def test_every_published_place_is_a_named_link_on_the_map_and_in_the_list(
    client, content_db, lang, prefix
):
    places = published_places(content_db, lang)
    assert {p.kind for p in places} == {"office", "kiosk", "hotspot"}
    svg, rest = split_page(client.get(f"{prefix}/mapa").get_data(as_text=True))
    for place in places:
        href = (
            f"{prefix}/urzedy/{place.item_id}"
            if place.kind == "office"
            else f"{prefix}/wifi-i-infomaty#miejsce-{place.item_id}"
        )
        assert re.search(rf'<a href="{re.escape(href)}" aria-label="[^"]+">', svg)
        assert f'<a href="{href}">' in rest
    assert svg.count("<a href=") == len([p for p in places if p.on_map])


def test_a_draft_or_withdrawn_location_is_neither_on_the_map_nor_in_the_list(client, content_db):
    data = {
        "name": {"pl": "Hotspot roboczy"},
        "kind": "hotspot",
        "address": "Garbów 1",
        "lat": 51.35,
        "lon": 22.34,
    }
    draft = store.create_item(content_db, "location", "garbow", data, "test")
    withdrawn = store.create_item(
        content_db,
        "location",
        "garbow",
        data | {"name": {"pl": "Kiosk wycofany"}, "kind": "kiosk"},
        "test",
    )
    store.unpublish_item(content_db, store.publish_item(content_db, withdrawn, "test"), "test")

    html = client.get("/mapa").get_data(as_text=True)

    for item in (draft, withdrawn):
        assert f"miejsce-{item.id}" not in html
    assert "Hotspot roboczy" not in html and "Kiosk wycofany" not in html


def test_the_county_outline_has_lublin_cut_out_and_named(client):
    svg, _rest = split_page(client.get("/uk/mapa").get_data(as_text=True))
    x, y = Projection(0, 0, WIDTH, HEIGHT, margin=24).point(*lublin_centre())
    assert not inside(polygon(svg, "county"), x, HEIGHT - y)
    assert inside(polygon(svg, "city"), x, HEIGHT - y)
    assert ">Люблін</text>" in svg


def test_no_two_markers_overlap(client):
    svg, _rest = split_page(client.get("/mapa").get_data(as_text=True))
    drawn = boxes(svg)
    assert len(drawn) == svg.count("<a href=") > 50
    touching = [
        (one, other)
        for one, other in combinations(drawn, 2)
        if one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]
    ]
    assert touching == []
    assert all(
        box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= HEIGHT for box in drawn
    )


def test_the_plain_list_groups_places_under_their_gmina(client):
    _svg, rest = split_page(client.get("/mapa").get_data(as_text=True))
    garbow = rest.index("<h3>Gmina Garbów</h3>")
    next_gmina = rest.index("<h3>", garbow + 1)
    assert "Garbów — urząd gminy" in rest[garbow:next_gmina]
    assert "Bychawa" not in rest[garbow:next_gmina]


def test_every_marker_leads_to_a_page_that_shows_the_place(client):
    svg, _rest = split_page(client.get("/uk/mapa").get_data(as_text=True))
    pages: dict[str, str] = {}
    for href in re.findall(r'<a href="([^"]+)"', svg):
        path, _, anchor = href.partition("#")
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, href
            pages[path] = response.get_data(as_text=True)
        if anchor:
            assert f'id="{anchor}"' in pages[path]
    assert any(path.startswith("/uk/urzedy/") for path in pages)


@pytest.mark.parametrize("prefix", ["", "/uk"])
def test_the_map_page_with_its_styles_stays_within_30_kb(client, prefix):
    html = client.get(f"{prefix}/mapa").get_data(as_text=True)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    size = len(html.encode())
    for href in styles:
        with client.get(href) as stylesheet:
            size += len(stylesheet.get_data())
    assert size <= 30_000


@pytest.mark.parametrize("path", ["/uk/mapa", "/en/wifi-i-infomaty"])
def test_gmina_names_on_english_and_ukrainian_pages_are_marked_as_polish(client, path):
    html = client.get(path).get_data(as_text=True)
    assert '<h3 lang="pl">Gmina Garbów</h3>' in html
