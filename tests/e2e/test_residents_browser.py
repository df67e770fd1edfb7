"""The residents' portal in real Chromium: by keyboard alone, reflowed at 200 % zoom and at
320 CSS px (WCAG 1.4.10), with responsive images; screenshots of the search results.

axe-core and the 390 px phone check of every portal page in pl and uk are in
test_accessibility_browser.py, beside the other pages of the server room."""

from __future__ import annotations

import io
from urllib.parse import urljoin

import pytest
import requests
from PIL import Image

from content_sync import store
from content_sync.media import RENDITIONS, store_image
from residents.pages import SECTION_PATHS
from tests.e2e.conftest import PHONE_WIDTH, new_page, tab_to

pytestmark = pytest.mark.browser
# One page of each portal type; the ids are filled in from the demo county.
PAGE_TYPES = {
    "home": "/",
    "channel": "/gmina/garbow",
    "news-list": "/aktualnosci",
    "news": "/aktualnosci/{news}",
    "events": "/wydarzenia",
    "events-month": "/wydarzenia?miesiac=2026-12",
    "event": "/wydarzenia/{event}",
    "offices": "/urzedy",
    "office": "/urzedy/{office}",
    "procedures": "/jak-zalatwic",
    "procedure": "/jak-zalatwic/{procedure}",
    "alert": "/komunikaty/{alert}",
    "search": "/szukaj?q=dow%C3%B3d",
    "search-no-hits": "/szukaj?q=zzzyyxx",
    "map": "/mapa",
    "statement": "/deklaracja-dostepnosci",
    "wifi": "/wifi-i-infomaty",
}
# A 1280 px window at 200 % zoom lays pages out 640 CSS px wide; WCAG 1.4.10's reflow
# is 320 CSS px (1280 px at 400 %). Both at two device pixels per CSS pixel.
ZOOMED_WIDTHS = (640, 320)


@pytest.fixture
def ids(live_server) -> dict[str, int]:
    """The first item of each type the portal shows, from the public API."""
    return {
        kind: requests.get(f"{live_server}/api/v1/{collection}?channel=garbow,powiat", timeout=5)
        .json()["items"][0]["id"]
        for kind, collection in (
            ("news", "news"), ("office", "offices"), ("event", "events"),
            ("procedure", "procedures"), ("alert", "alerts"),
        )
    }  # fmt: skip


def page_urls(live_server: str, ids: dict[str, int]):
    """(name, URL) of every page type in Polish and in Ukrainian."""
    for name, path in PAGE_TYPES.items():
        for prefix in ("", "/uk"):
            yield f"{name}{prefix or '-pl'}", live_server + prefix + path.format(**ids)


def outside_the_viewport(page) -> list[str]:
    """The main heading, the section links and the search field that do not lie wholly
    within the window's width."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main h1, .sections a, #q')]
             .filter(el => { const r = el.getBoundingClientRect();
                             return r.left < 0 || r.right > innerWidth; })
             .map(el => el.outerHTML.slice(0, 60))"""
    )


def test_every_portal_page_reflows_at_200_and_400_percent_zoom_with_nothing_cut(
    browser, live_server, ids
):
    pages = [
        new_page(browser, {"width": width, "height": 800}, device_scale_factor=2)
        for width in ZOOMED_WIDTHS
    ]
    for name, url in page_urls(live_server, ids):
        for page in pages:
            page.goto(url)
            width = page.evaluate("innerWidth")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                f"{name} scrolls sideways at {width} CSS px"
            )
            assert outside_the_viewport(page) == [], f"{name} at {width} CSS px"
    for page in pages:
        page.context.close()


def test_every_portal_page_fits_a_390_px_phone(browser, live_server, ids):
    page = new_page(browser, {"width": PHONE_WIDTH, "height": 844}, is_mobile=True)
    for name, url in page_urls(live_server, ids):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, name
        assert page.evaluate("innerWidth") == PHONE_WIDTH, f"{name} zoomed out to fit"
    page.context.close()


def press_enter(page) -> None:
    """Press Enter on the focused link or field and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_keyboard_alone_reaches_every_section_searches_and_opens_items(browser, live_server):
    page = new_page(browser, {"width": 1280, "height": 900})
    for path in [*SECTION_PATHS.values(), "/mapa", "/wifi-i-infomaty", "/deklaracja-dostepnosci"]:
        page.goto(live_server + "/")
        tab_to(page, f"a[href='{path}']")
        press_enter(page)
        assert page.url == live_server + path
        assert page.locator("main h1").count() == 1

    page.goto(live_server + "/")
    tab_to(page, "#q")
    page.keyboard.type("dowód")
    press_enter(page)
    assert page.url.startswith(live_server + "/szukaj?q=")
    tab_to(page, ".search-results a")
    title = page.evaluate("document.activeElement.textContent")
    press_enter(page)
    assert title in page.inner_text("main")

    page.goto(live_server + "/")
    tab_to(page, "main a[href^='/aktualnosci/']")
    title = page.evaluate("document.activeElement.textContent.trim()")
    press_enter(page)
    assert page.url.startswith(live_server + "/aktualnosci/")
    assert title in page.inner_text("main")
    page.context.close()


@pytest.fixture
def pictured_news(content_db, data_dir) -> int:
    """A published news item with a photo wider than the largest rendition."""
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1600), (40, 120, 200)).save(buffer, "JPEG")
    media = store_image(content_db, data_dir, buffer.getvalue(), "rynek.jpg", "powiat", "t", 10**8)
    data = {
        "title": {"pl": "Nowy rynek w Garbowie", "uk": "Новий ринок у Гарбові"},
        "body": {"pl": "Rynek po remoncie."},
        "image": media,
        "image_alt": {"pl": "Rynek z lotu ptaka"},
    }
    item = store.create_item(content_db, "news", "powiat", data, "t")
    return store.publish_item(content_db, item, "t").id


@pytest.mark.parametrize("path", ["/aktualnosci/{id}", "/uk/aktualnosci/{id}", "/p/news/{id}"])
def test_item_photos_offer_every_rendition_by_width_and_each_answers(
    browser, live_server, pictured_news, path
):
    page = new_page(browser, {"width": PHONE_WIDTH, "height": 844}, device_scale_factor=2)
    page.goto(live_server + path.format(id=pictured_news))
    image = page.locator("main img")
    candidates = [c.split() for c in image.get_attribute("srcset").split(",")]
    assert sorted(int(w.removesuffix("w")) for _, w in candidates) == sorted(
        min(side, 2400) for side in RENDITIONS.values()
    )
    assert image.get_attribute("sizes")
    for url, _ in candidates:
        answer = requests.get(urljoin(page.url, url), timeout=5)
        assert answer.status_code == 200
        assert answer.headers["Content-Type"].startswith("image/")
    # 390 CSS px at two device pixels: the 800 px rendition, not the 1920 px one
    page.wait_for_function("document.querySelector('main img').complete")
    phone = next(url for url, w in candidates if w == f"{RENDITIONS['phone']}w")
    shown = page.evaluate("document.querySelector('main img').currentSrc")
    assert shown == urljoin(page.url, phone)
    page.context.close()


@pytest.mark.parametrize("lang", ["pl", "uk"])
@pytest.mark.parametrize("width", [PHONE_WIDTH, 1280])
def test_search_results_screenshots(browser, live_server, screenshot_dir, lang, width):
    page = new_page(browser, {"width": width, "height": 900})
    prefix = "" if lang == "pl" else "/uk"
    page.goto(f"{live_server}{prefix}/szukaj?q=dow%C3%B3d")
    assert page.locator(".search-results li").count() > 0
    page.screenshot(path=screenshot_dir / f"portal-search-{lang}-{width}.png", full_page=True)
    page.context.close()
