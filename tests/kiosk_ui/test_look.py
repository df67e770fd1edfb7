"""How the kiosk looks: labelled tiles with icons, alerts as banners or full screen, the
map's markers and outline, and the screenshots of it all in three languages."""

from __future__ import annotations

import itertools
import random

import pytest

from content_sync.county_map import Projection, lublin_centre, lublin_outline, spread
from kiosk_ui.screens.home_screen import count_label
from tests.kiosk_ui.conftest import from_now
from tests.kiosk_ui.test_accessibility import layout_problems

WARNING = {
    "title": {"pl": "Gołoledź na drogach powiatowych", "en": "Black ice on county roads"},
    "body": {"pl": "Drogowcy posypują jezdnie od 5:00. Jedź ostrożnie."},
    "severity": "warning",
}
CRITICAL = {
    "title": {"pl": "Alarm powodziowy", "en": "Flood alarm", "uk": "Тривога через повінь"},
    "body": {"pl": "Stan alarmowy na Bystrzycy. Unikaj terenów nad rzeką."},
    "severity": "critical",
}
HOME_TILES_PROCEDURES = {"pl": "Jak załatwić", "en": "How do I", "uk": "Як залагодити"}
PROCEDURE = {"pl": "Dowód osobisty", "en": "Identity card", "uk": "Посвідчення особи"}
HOME_BUTTON = {"pl": "Start", "en": "Home", "uk": "Головна"}
MAP_TILE = {"pl": "Mapa", "en": "Map", "uk": "Карта"}
LANGUAGE_BUTTON = {"pl": "PL", "en": "EN", "uk": "УКР"}


def _overlapping(boxes) -> list:
    return [
        (a, b)
        for a, b in itertools.combinations(boxes, 2)
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


@pytest.mark.parametrize(
    ("lang", "count", "words"),
    [
        ("pl", 1, "1 nowa"),
        ("pl", 3, "3 nowe"),
        ("pl", 13, "13 nowych"),
        ("pl", 22, "22 nowe"),
        ("pl", 25, "25 nowych"),
        ("en", 1, "1 new"),
        ("uk", 2, "2 нові"),
        ("uk", 11, "11 нових"),
    ],
)
def test_a_tile_count_is_said_with_its_noun_in_the_languages_plural_form(lang, count, words):
    assert count_label("news", count, lang) == words


def test_home_tiles_carry_an_icon_and_a_labelled_count_in_each_language(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir)
    home = kiosk.app.manager.get_screen("home")
    news = len(kiosk.app.content.news(kiosk.app.now()))
    for lang in ("pl", "en", "uk"):
        kiosk.press(LANGUAGE_BUTTON[lang])
        assert count_label("news", news, lang) in home.ids.tile_news.text
        for name in ("news", "offices", "procedures", "events", "map", "help"):
            tile = home.ids[f"tile_{name}"]
            # the icon is drawn from the tile's own texture, not left blank
            assert tile.icon_size >= 48, name
            icon = [i for i in tile.canvas.after.children if getattr(i, "source", None)]
            assert icon and icon[0].texture is not None, name
        assert layout_problems(kiosk) == [], lang
    kiosk.press("PL")
    assert "nowych" in home.ids.tile_news.text or "nowe" in home.ids.tile_news.text


def test_a_warning_is_a_banner_over_a_usable_home_and_a_critical_alert_covers_it(
    county, open_kiosk
):
    county.publish("alert", "powiat", {**WARNING, "publish_until": from_now(3600)})
    kiosk = open_kiosk(county.data_dir)
    strip = kiosk.app.root.ids.alert_strip
    assert kiosk.app.overlays.alert.parent is None
    assert strip.opacity == 1 and "Gołoledź" in strip.text
    # Home under the banner answers touches
    kiosk.press("Urzędy")
    assert kiosk.screen == "offices"
    # the banner opens the warning in full, and Continue puts it back as a banner
    kiosk.tap(strip)
    assert kiosk.app.overlays.alert.parent is not None
    kiosk.press("Przejdź do informacji")
    assert kiosk.app.overlays.alert.parent is None and strip.opacity == 1
    county.publish("alert", "powiat", {**CRITICAL, "publish_until": from_now(3600)})
    kiosk.wait_for(lambda: kiosk.app.overlays.alert.parent is not None, what="the critical alert")
    overlay = kiosk.app.overlays.alert
    assert (
        tuple(overlay.size) == tuple(kiosk.window.size) and "Alarm powodziowy" in overlay.alerts[0]
    )


@pytest.mark.parametrize("severity", ["critical", "warning", "info"])
def test_the_alerts_language_buttons_stand_out_on_every_alert_colour(county, open_kiosk, severity):
    from kiosk_ui.theme import contrast_ratio

    def hex_of(rgba) -> str:
        return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])

    county.publish(
        "alert", "powiat", {**WARNING, "severity": severity, "publish_until": from_now(3600)}
    )
    kiosk = open_kiosk(county.data_dir)
    if severity != "critical":
        kiosk.tap(kiosk.app.root.ids.alert_strip)
    overlay = kiosk.app.overlays.alert
    assert overlay.parent is not None
    background = hex_of(overlay.colour)
    buttons = {w.lang: w for w in overlay.walk() if getattr(w, "lang", None) in ("pl", "en", "uk")}
    assert set(buttons) == {"pl", "en", "uk"}
    for lang, button in buttons.items():  # the chosen language (pl) and the others
        edges = [i for i in button.canvas.after.children if type(i).__name__ == "Color"]
        face, text = hex_of(button.background), hex_of(button.color)
        # the button must be told apart from the alert: by its face or by its outline
        outline = max((contrast_ratio(hex_of(c.rgba), background) for c in edges), default=1)
        assert max(contrast_ratio(face, background), outline) >= 3, (lang, face, background)
        assert contrast_ratio(text, face) >= 4.5, (lang, text, face)
    # and the chosen one is told apart by its face, from the alert and from the others
    chosen, other = hex_of(buttons["pl"].background), hex_of(buttons["en"].background)
    assert contrast_ratio(chosen, background) >= 3 and contrast_ratio(chosen, other) >= 3


def test_markers_are_spread_so_their_boxes_never_overlap():
    size, rng = 30, random.Random(7)
    for _ in range(200):
        points = [(rng.uniform(0, 200), rng.uniform(0, 200)) for _ in range(rng.randint(2, 25))]
        placed = spread(points, size)
        boxes = [(x - size / 2, y - size / 2, x + size / 2, y + size / 2) for x, y in placed]
        assert _overlapping(boxes) == []
    # a marker with room around it stays where its place is
    assert spread([(10, 10), (500, 500)], size) == [(10, 10), (500, 500)]


def test_the_county_outline_has_lublin_as_its_hole():
    projection = Projection(0, 0, 1000, 1400)
    assert not projection.contains(*lublin_centre())  # Lublin is a county of its own
    assert projection.contains(22.345, 51.355)  # Garbów
    assert len(projection.outline()) > 150 and len(projection.hole()) > 20


def test_the_map_draws_lublin_as_a_hole_and_no_marker_or_name_over_another(
    county, open_kiosk, tmp_path
):
    from PIL import Image

    from kiosk_ui.theme import STANDARD, rgba

    kiosk = open_kiosk(county.data_dir)
    kiosk.press("Mapa")
    county_map = kiosk.app.manager.get_screen("map").ids.county
    markers = county_map.marker_boxes
    assert len(markers) >= 4
    assert _overlapping(markers) == []
    # names sit beside the markers, never on them or on each other
    labels = county_map.label_boxes
    assert len(labels) >= 2 and _overlapping(markers + labels) == []
    assert layout_problems(kiosk) == []
    # the legend draws each kind the way the map does
    screen = kiosk.app.manager.get_screen("map")
    for kind in ("office", "kiosk", "hotspot", "here"):
        assert screen.ids[f"legend_{kind}"].ids.icon.kind == kind
    # in the picture, Lublin is the city's colour, nowhere the county's land
    png = tmp_path / "map.png"
    county_map.export_to_png(str(png))
    projection = Projection(0, 0, *county_map.size)
    cx, cy = lublin_centre()
    near_centre = [
        (cx + (lon - cx) * share, cy + (lat - cy) * share)
        for lon, lat in lublin_outline()
        for share in (0.25, 0.5, 0.7)
    ]
    inside = [place for place in near_centre if not projection.contains(*place)]
    assert len(inside) > 20
    left, bottom = county_map.pos
    taken = [(x1 - left, y1 - bottom, x2 - left, y2 - bottom) for x1, y1, x2, y2 in markers]
    taken += [(x1 - left, y1 - bottom, x2 - left, y2 - bottom) for x1, y1, x2, y2 in labels]
    with Image.open(png) as image:
        frame = image.convert("RGB")
        pixels = [
            frame.getpixel((round(x), round(frame.height - y)))
            for x, y in projection.points(inside)
            if all(not _overlapping([(x, y, x + 1, y + 1), box]) for box in taken)
        ]
    land, city = (
        tuple(round(c * 255) for c in rgba(STANDARD[k])[:3]) for k in ("map_land", "map_city")
    )
    assert land not in pixels
    assert pixels.count(city) >= len(pixels) // 2 > 0


class _Layer:
    """The layout checker's view of one overlay: what lies under it is hidden by it."""

    def __init__(self, kiosk, overlay) -> None:
        self.kiosk, self.overlay = kiosk, overlay

    def widgets(self):
        return self.overlay.walk()

    def visible(self, widget) -> bool:
        return self.kiosk.visible(widget)


def test_screenshots_of_home_a_procedure_the_map_and_alerts_in_three_languages_lay_out_whole(
    county, open_kiosk, tmp_path
):
    kiosk = open_kiosk(county.data_dir)
    for lang in ("pl", "en", "uk"):
        kiosk.press(LANGUAGE_BUTTON[lang])
        kiosk.press(HOME_BUTTON[lang])
        assert layout_problems(kiosk) == [], f"home {lang}"
        kiosk.save(f"kiosk-home-{lang}", tmp_path)
        kiosk.press(HOME_TILES_PROCEDURES[lang])
        kiosk.press(PROCEDURE[lang])
        assert layout_problems(kiosk) == [], f"procedure {lang}"
        kiosk.save(f"kiosk-procedure-{lang}", tmp_path)
        kiosk.press(HOME_BUTTON[lang])
        kiosk.press(MAP_TILE[lang])
        assert layout_problems(kiosk) == [], f"map {lang}"
        kiosk.save(f"kiosk-map-{lang}", tmp_path)
    county.publish("alert", "powiat", {**WARNING, "publish_until": from_now(3600)})
    kiosk.wait_for(lambda: kiosk.app.root.ids.alert_strip.opacity == 1, what="the banner")
    for lang in ("pl", "en", "uk"):
        kiosk.press(LANGUAGE_BUTTON[lang])
        kiosk.press(HOME_BUTTON[lang])
        assert layout_problems(kiosk) == [], f"warning {lang}"
        kiosk.save(f"kiosk-warning-{lang}", tmp_path)
    county.publish("alert", "powiat", {**CRITICAL, "publish_until": from_now(3600)})
    overlay = kiosk.app.overlays.alert
    kiosk.wait_for(lambda: overlay.parent is not None, what="the critical alert")
    for lang in ("pl", "en", "uk"):
        kiosk.press(LANGUAGE_BUTTON[lang])
        assert layout_problems(_Layer(kiosk, overlay)) == [], f"critical {lang}"
        kiosk.save(f"kiosk-critical-{lang}", tmp_path)
