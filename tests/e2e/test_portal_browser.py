"""A phone's browser (Chromium, phone viewport) on the Wi-Fi splash: Polish and Ukrainian,
keyboard only, then consent; screenshots for docs/screenshots/portal-*.png."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from server_room import create_app
from tests.captive_portal.conftest import GATEWAY_NETWORKS, GATEWAYS, fas_fields, level1

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def portal(data_dir):
    app = create_app(
        {"DATA_DIR": str(data_dir), "SYNC_KEYS_DIR": str(data_dir / "keys"),
         "SECURE_COOKIES": False, "PORTAL_GATEWAYS": GATEWAYS,
         "PORTAL_GATEWAY_NETWORKS": GATEWAY_NETWORKS}
    )  # fmt: skip
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_resident_reads_the_splash_in_their_language_and_accepts_with_the_keyboard(
    browser, portal, screenshot_dir
):
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="pl-PL")
    # The landing page moves on to the gateway at once; answered 204, the browser stays on
    # it while it is checked.
    page.route("http://198.51.100.1:2050/**", lambda route: route.fulfill(status=204))
    query = level1(fas_fields())["fas"]
    page.goto(f"{portal}/portal/?fas={query}")
    assert page.locator("html").get_attribute("lang") == "pl"
    page.screenshot(path=screenshot_dir / "portal-pl.png", full_page=True)
    page.click("a[hreflang=uk]")
    assert page.locator("html").get_attribute("lang") == "uk"
    page.click("summary:has-text('Правила')")
    page.screenshot(path=screenshot_dir / "portal-uk.png", full_page=True)
    # Keyboard only: the accept button is reachable by Tab and pressed with Enter.
    page.goto(f"{portal}/portal/?fas={query}&lang=en")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Accept and connect":
            break
    else:
        raise AssertionError("the accept button is not reachable by keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Connecting you to the internet" in page.inner_text("main")
    link = page.locator("a.accept").get_attribute("href")
    assert link.startswith("http://198.51.100.1:2050/opennds_auth/?tok=")
    page.screenshot(path=screenshot_dir / "portal-landing.png", full_page=True)
    page.close()


def test_a_hotspot_with_vouchers_asks_for_the_code_from_the_slip(
    browser, portal, data_dir, screenshot_dir
):
    from captive_portal.db import open_portal_db

    db = open_portal_db(data_dir)
    with db.conn:
        db.execute("UPDATE gateways SET voucher_required = 1 WHERE name = 'hotspot-04'")
    db.close()
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, locale="pl-PL")
    page.goto(f"{portal}/portal/?fas={level1(fas_fields())['fas']}")
    page.fill("#voucher", "K7XM-4PQR")
    assert page.locator("label[for=voucher]").inner_text().startswith("Kod dostępu")
    page.screenshot(path=screenshot_dir / "portal-voucher.png", full_page=True)
    page.click("button.accept")
    assert "nieprawidłowy" in page.inner_text("main")
    page.close()
