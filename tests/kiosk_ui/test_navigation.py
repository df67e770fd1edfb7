"""A resident moves through every screen by touch and comes back, in a real window."""

from __future__ import annotations

from kiosk_ui.screens.home_screen import TILES
from tests.kiosk_ui.conftest import LANDSCAPE


def test_every_screen_is_reached_by_touch_and_back_leads_home(county, open_kiosk, tmp_path):
    kiosk = open_kiosk(county.data_dir)
    assert kiosk.screen == "home"
    kiosk.save("kiosk-home", tmp_path)
    kiosk.press("Aktualności")
    assert kiosk.screen == "news"
    kiosk.press("Nowy rozkład autobusów")
    assert kiosk.screen == "detail"
    assert "Starostwie Powiatowym" in kiosk.text_on_screen()
    assert kiosk.app.root.ids.screens.get_screen("detail").ids.qr.payload.endswith("/p/news/18")
    kiosk.save("kiosk-news-detail", tmp_path)
    kiosk.press("Wstecz")
    assert kiosk.screen == "news"
    kiosk.press("Start")
    kiosk.press("Urzędy")
    assert kiosk.screen == "offices"
    kiosk.press("Starostwo Powiatowe")
    assert kiosk.screen == "detail"
    kiosk.save("kiosk-office-detail", tmp_path)
    kiosk.press("Start")
    kiosk.press("Jak załatwić sprawę")
    kiosk.press("Dowód osobisty")
    assert "Potrzebne dokumenty" in kiosk.text_on_screen()
    kiosk.press("Start")
    kiosk.press("Wydarzenia")
    assert kiosk.screen == "events"
    kiosk.press("Jarmark")
    assert "Kiedy" in kiosk.text_on_screen()
    kiosk.press("Start")
    kiosk.press("Mapa")
    assert kiosk.screen == "map"
    kiosk.save("kiosk-map", tmp_path)
    kiosk.press("Start")
    kiosk.press("Pomoc")
    assert kiosk.screen == "help"
    kiosk.press("Wstecz")
    assert kiosk.screen == "home"
    assert not kiosk.app.can_go_back


def test_landscape_puts_three_tiles_in_a_row_and_the_qr_code_beside_the_page(
    county, open_kiosk, tmp_path
):
    kiosk = open_kiosk(county.data_dir, size=LANDSCAPE)
    kiosk.save("kiosk-landscape", tmp_path)
    home = kiosk.app.manager.get_screen("home")
    tiles = [home.ids[f"tile_{name}"] for name in TILES]
    assert len({tile.x for tile in tiles}) == 3 and len({tile.y for tile in tiles}) == 2
    kiosk.press("Urzędy")
    kiosk.press("Starostwo Powiatowe")
    assert kiosk.screen == "detail"
    assert "Starostwo Powiatowe" in kiosk.text_on_screen()
    detail = kiosk.app.manager.get_screen("detail")
    qr, title = detail.ids.qr, detail.ids.title
    qr_left, qr_bottom = qr.to_window(qr.x, qr.y)
    assert qr_left >= title.to_window(title.right, title.y)[0]
    width, height = LANDSCAPE
    assert qr_left + qr.width <= width and qr_bottom >= 0 and qr_bottom + qr.height <= height
    kiosk.save("kiosk-landscape-office", tmp_path)
