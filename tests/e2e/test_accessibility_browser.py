"""Every admin, Wi-Fi and public page in real Chromium: axe-core finds nothing to fix, the
page fits a 390 px phone, and the main tasks work by keyboard alone with a visible focus."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from werkzeug.serving import make_server

from captive_portal.db import open_portal_db
from common.sqlite import write_transaction
from device_agent.collector.db import open_fleet_db
from server_room import create_app
from tests.captive_portal.conftest import (
    GATEWAY_NETWORKS,
    GATEWAYS,
    fas_fields,
    level1,
    level2,
)
from tests.conftest import PASSWORD, require
from tests.device_agent.conftest import put_report
from tests.e2e.conftest import PHONE_WIDTH, focus_ring, new_page, tab_to

pytestmark = pytest.mark.browser
# make install runs npm ci beside the venv: that is the tree's root, or the tree the
# venv was made in when the tests run in a scratch copy (make mutants).
AXE = next(
    (
        path
        for root in (Path(__file__).parents[2], Path(sys.prefix).parent)
        if (path := root / "node_modules" / "axe-core" / "axe.min.js").exists()
    ),
    None,
)
FAS = level1(fas_fields())["fas"]
KONOPNICA_KEY = next(g["faskey"] for g in GATEWAYS if g["name"] == "hotspot-08")
# Findings accepted for a reason: (page, rule) -> why. Each one is an open issue.
ACCEPTED: dict[tuple[str, str], str] = {}

# page name -> the path it is at; {news}, {office}, {device}... are filled in per site.
ADMIN_PAGES = {
    "editor-home": "/editor/",
    "editor-list": "/editor/news/",
    "editor-form-new": "/editor/news/new",
    "editor-form-edit": "/editor/news/{news}/edit",
    "editor-preview": "/editor/news/{news}/preview",
    "editor-preview-uk": "/editor/news/{news}/preview?lang=uk",
    "editor-office-form": "/editor/office/{office}/edit",
    "editor-event-form": "/editor/event/new",
    "editor-procedure-form": "/editor/procedure/new",
    "editor-alert-form": "/editor/alert/new",
    "editor-location-form": "/editor/location/new",
    "editor-office-list": "/editor/office/",
    "editor-audit": "/editor/audit",
    "editor-not-found": "/editor/news/999999/edit",
    "users": "/admin/users/",
    "password": "/account/password",
    "fleet-dashboard": "/fleet/",
    "fleet-device": "/fleet/devices/{device}",
    "wifi-overview": "/admin/wifi/",
    "wifi-vouchers": "/admin/wifi/vouchers",
    "wifi-hotspot-policy": "/admin/wifi/hotspots/hotspot-04",
    "wifi-usage": "/admin/wifi/usage",
}
PUBLIC_PAGES = {
    "login": "/login",
    "public-news-pl": "/p/news/{news}?lang=pl",
    "public-news-uk": "/p/news/{news}?lang=uk",
    "public-office-pl": "/p/office/{office}?lang=pl",
    "public-office-uk": "/p/office/{office}?lang=uk",
    "portal-splash-pl": f"/portal/?fas={FAS}&lang=pl",
    "portal-splash-uk": f"/portal/?fas={FAS}&lang=uk",
    "portal-welcome-pl": "/portal/welcome?gw=hotspot-04&lang=pl",
    "portal-welcome-uk": "/portal/welcome?gw=hotspot-04&lang=uk",
    "portal-about-pl": "/portal/about?lang=pl",
    "portal-about-uk": "/portal/about?lang=uk",
    "portal-error-pl": "/portal/?fas=not-from-a-gateway&lang=pl",
    "portal-error-uk": "/portal/?fas=not-from-a-gateway&lang=uk",
    "residents-home-pl": "/",
    "residents-home-uk": "/uk/",
    "residents-news-list": "/aktualnosci",
    "residents-news-pl": "/aktualnosci/{news}",
    "residents-news-uk": "/uk/aktualnosci/{news}",
    "residents-events": "/wydarzenia",
    "residents-event": "/wydarzenia/{event}",
    "residents-procedures": "/jak-zalatwic",
    "residents-procedure": "/jak-zalatwic/{procedure}",
    "residents-alert": "/komunikaty/{alert}",
    "residents-offices": "/urzedy",
    "residents-office-pl": "/urzedy/{office}",
    "residents-office-uk": "/uk/urzedy/{office}",
    "residents-channel": "/gmina/garbow",
    "residents-map-pl": "/mapa",
    "residents-map-uk": "/uk/mapa",
    "residents-wifi-and-infomats": "/wifi-i-infomaty",
    "residents-statement-pl": "/deklaracja-dostepnosci",
    "residents-statement-uk": "/uk/deklaracja-dostepnosci",
    "residents-search": "/szukaj?q=urz%C4%85d",
    "residents-news-list-uk": "/uk/aktualnosci",
    "residents-events-uk": "/uk/wydarzenia",
    "residents-events-month-pl": "/wydarzenia?miesiac=2026-12",
    "residents-events-month-uk": "/uk/wydarzenia?miesiac=2026-12",
    "residents-event-uk": "/uk/wydarzenia/{event}",
    "residents-procedures-uk": "/uk/jak-zalatwic",
    "residents-procedure-uk": "/uk/jak-zalatwic/{procedure}",
    "residents-alert-uk": "/uk/komunikaty/{alert}",
    "residents-offices-uk": "/uk/urzedy",
    "residents-channel-uk": "/uk/gmina/garbow",
    "residents-wifi-and-infomats-uk": "/uk/wifi-i-infomaty",
    "residents-search-uk": "/uk/szukaj?q=dow%C3%B3d",
    "residents-search-no-hits-pl": "/szukaj?q=zzzyyxx",
    "residents-search-no-hits-uk": "/uk/szukaj?q=zzzyyxx",
}
# Pages the tests below reach by a form: the editor form with errors, the voucher sheet
# and the Wi-Fi landing page.
REACHED_BY_FORMS = {"editor.create", "portal_admin.create", "portal.consent"}
# GET routes that answer no page of their own, and why.
NOT_PAGES = {
    "fleet.screenshot": "a kiosk's PNG screenshot",
    "portal.captive_api": "RFC 8908 JSON",
    "fleet_metrics.metrics": "Prometheus text",
    "healthz": "a health check",
    "api.media_file": "an image file",
    "residents_feeds.atom": "an Atom feed",
    "residents_feeds.channel_calendar": "an iCalendar file",
    "residents_feeds.event_calendar": "an iCalendar file",
    "residents_feeds.robots": "robots.txt",
    "residents_feeds.sitemap": "an XML sitemap",
}


class Site:
    """The server room on 127.0.0.1 with the demo county, two Wi-Fi gateways and a fleet
    that has reported, plus the ids its pages need."""

    def __init__(self, app, url: str, ids: dict[str, str]) -> None:
        self.app = app
        self.data_dir = app.config["DATA_DIR"]
        self.url = url
        self.ids = ids

    def path(self, template: str) -> str:
        """The full URL of a page path template."""
        return self.url + template.format(**self.ids)


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template):
    """One server for the module (the pages only read, except the keyboard tasks)."""
    data_dir = tmp_path_factory.mktemp("a11y") / "data"
    shutil.copytree(demo_template, data_dir)
    app = create_app(
        {"DATA_DIR": str(data_dir), "SYNC_KEYS_DIR": str(data_dir / "keys"),
         "SECURE_COOKIES": False, "TESTING": True, "PORTAL_GATEWAYS": GATEWAYS,
         "PORTAL_GATEWAY_NETWORKS": GATEWAY_NETWORKS}
    )  # fmt: skip
    fleet = open_fleet_db(data_dir)
    devices = [row[0] for row in fleet.execute("SELECT id FROM devices ORDER BY id")]
    for device in devices:
        put_report(fleet, device, time.time())
    fleet.close()
    # the server's request log would drown the test's output
    werkzeug_log = logging.getLogger("werkzeug")
    level = werkzeug_log.level
    werkzeug_log.setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        ids = {
            kind: requests.get(f"{url}/api/v1/{collection}?channel=garbow,powiat", timeout=5)
            .json()["items"][0]["id"]
            for kind, collection in (
                ("news", "news"), ("office", "offices"), ("event", "events"),
                ("procedure", "procedures"), ("alert", "alerts"),
            )
        }  # fmt: skip
        yield Site(app, url, ids | {"device": devices[0]})
    finally:
        server.shutdown()
        thread.join(5)
        werkzeug_log.setLevel(level)


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core as `make install` puts it in node_modules (from package-lock.json)."""
    require(AXE is not None, "node_modules/axe-core (make install runs npm ci)")
    return AXE.read_text(encoding="utf-8")


def log_in(page, site: Site, username: str = "admin") -> None:
    page.goto(f"{site.url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site.url}/editor/")


@pytest.fixture(scope="module")
def desktop(browser, site):
    """A logged-in admin's desktop browser tab, reused by every page check."""
    page = new_page(browser, {"width": 1280, "height": 900})
    log_in(page, site)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def phone(browser, site):
    """A logged-in admin's phone (390 px), reused by every page check."""
    page = new_page(browser, {"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, site)
    yield page
    page.context.close()


def axe_findings(page, axe_source: str, name: str) -> list[str]:
    """What axe-core finds on the page, less what ACCEPTED lists, one line per finding.

    The script goes in through the DevTools protocol, so the page's own CSP (no scripts)
    stays as the browser enforces it.
    """
    page.evaluate(axe_source + "\n;0")
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, impact: v.impact,
                         nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [
        f"{v['impact']} {v['id']}: {v['nodes']}"
        for v in violations
        if (name, v["id"]) not in ACCEPTED
    ]


def fits_the_phone(phone) -> int:
    """The page's width as Chromium lays it out on the phone.

    Not compared with innerWidth: a mobile browser zooms out to show an overflowing
    page whole, and innerWidth grows with it.
    """
    return phone.evaluate("document.documentElement.scrollWidth")


def check_page(desktop, phone, axe_source: str, name: str, url: str) -> None:
    desktop.goto(url)
    assert axe_findings(desktop, axe_source, name) == []
    phone.goto(url)
    assert fits_the_phone(phone) <= PHONE_WIDTH, f"{name} scrolls sideways on a phone"
    # the phone's layout has findings of its own: tables that scroll, stacked cells
    assert axe_findings(phone, axe_source, name) == []


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_every_admin_page_passes_axe_and_fits_a_phone(desktop, phone, axe_source, site, name):
    check_page(desktop, phone, axe_source, name, site.path(ADMIN_PAGES[name]))


@pytest.fixture(scope="module")
def strangers(browser):
    """A desktop and a phone that never log in, reused by every public page check."""
    desktop = new_page(browser, {"width": 1280, "height": 900})
    phone = new_page(browser, {"width": PHONE_WIDTH, "height": 844}, is_mobile=True)
    yield desktop, phone
    desktop.context.close()
    phone.context.close()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_and_wifi_page_passes_axe_and_fits_a_phone(strangers, axe_source, site, name):
    desktop, phone = strangers
    check_page(desktop, phone, axe_source, name, site.path(PUBLIC_PAGES[name]))
    if name.endswith(("-pl", "-uk")):
        assert desktop.locator("html").get_attribute("lang") == name[-2:]


def test_every_page_the_server_room_serves_is_among_those_checked(site):
    adapter = site.app.url_map.bind("127.0.0.1")
    checked = REACHED_BY_FORMS | {
        adapter.match(site.path(path).removeprefix(site.url).split("?")[0])[0]
        for path in [*ADMIN_PAGES.values(), *PUBLIC_PAGES.values()]
    }
    unchecked = {
        rule.rule
        for rule in site.app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint not in checked | NOT_PAGES.keys()
        and not rule.endpoint.endswith("static")
        and not rule.rule.startswith(("/api/", "/sync/"))
    }
    assert unchecked == set(), "add these pages to ADMIN_PAGES or PUBLIC_PAGES"


def test_form_errors_and_the_voucher_sheet_pass_axe_and_fit_a_phone(
    desktop, phone, axe_source, site
):
    for page in (desktop, phone):
        page.goto(f"{site.url}/editor/news/new")
        page.click("text=Zapisz szkic")
        page.wait_for_selector("text=Nie zapisano")
    assert axe_findings(desktop, axe_source, "editor-form-errors") == []
    assert axe_findings(phone, axe_source, "editor-form-errors") == []
    assert fits_the_phone(phone) <= PHONE_WIDTH
    for page in (desktop, phone):
        page.goto(f"{site.url}/admin/wifi/vouchers")
        page.fill("#count", "2")
        page.click("button:has-text('arkusz do druku')")
        page.wait_for_selector(".voucher-sheet")
    assert axe_findings(desktop, axe_source, "wifi-voucher-sheet") == []
    assert axe_findings(phone, axe_source, "wifi-voucher-sheet") == []
    assert fits_the_phone(phone) <= PHONE_WIDTH


def test_on_a_phone_the_users_table_stacks_and_names_each_value(phone, site):
    phone.goto(f"{site.url}/admin/users/")
    labels = phone.eval_on_selector_all(
        "table.items tbody tr:first-child td",
        "cells => cells.map(c => getComputedStyle(c, '::before').content)",
    )
    assert labels[1:4] == ['"Rola: "', '"Urząd: "', '"Ostatnie logowanie: "']


def test_the_admin_focus_ring_stands_out_three_to_one_everywhere_it_is_drawn(desktop, site):
    desktop.goto(f"{site.url}/admin/users/")
    for selector in ("header.top nav a", "main input", "main button.primary", "main select"):
        desktop.locator(selector).first.focus()
        ring = focus_ring(desktop)
        assert ring["ratio"] >= 3, f"{selector}: {ring}"


def test_a_public_page_shows_the_focus_on_the_blue_header_and_on_the_page(browser, site):
    page = new_page(browser, {"width": 1280, "height": 900})
    page.goto(site.path("/p/office/{office}?lang=pl"))
    # the language links on the blue header first, then the office's phone link
    tab_to(page, "main a[href^='tel:']")
    page.context.close()


def press_to_open(page, key: str) -> None:
    """Press Enter or Space on a link or submit button and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_keyboard_alone_logs_in_publishes_news_and_filters_the_dashboard(browser, site):
    page = new_page(browser, {"width": 1280, "height": 900})
    keys = page.keyboard
    page.goto(f"{site.url}/login")
    tab_to(page, "#username")
    keys.type("ed-powiat")
    tab_to(page, "#password")
    keys.type("not-the-password")
    press_to_open(page, "Enter")
    assert "Nieprawidłowy login lub hasło" in page.inner_text("main")
    # the login name stays; the password field waits for the second try
    assert page.input_value("#username") == "ed-powiat"
    assert page.evaluate("document.activeElement.id") == "password"
    keys.type(PASSWORD)
    press_to_open(page, "Enter")
    assert page.url == f"{site.url}/editor/"

    tab_to(page, "header.top nav a[href='/editor/news/']")
    press_to_open(page, "Enter")
    tab_to(page, "main a[href='/editor/news/new']")
    press_to_open(page, "Enter")
    tab_to(page, "#title\\.pl")
    keys.type("Dyżur w starostwie w sobotę")
    tab_to(page, "#body\\.pl")
    keys.type("Wydział komunikacji przyjmuje w sobotę od 9 do 13.")
    tab_to(page, "main button[type=submit]")
    press_to_open(page, "Space")
    assert "Zapisano szkic" in page.inner_text("main")
    tab_to(page, "main form[action$='/publish'] button")
    press_to_open(page, "Space")
    assert "Opublikowano:" in page.inner_text("main")
    news = requests.get(f"{site.url}/api/v1/news?channel=powiat", timeout=5).json()
    assert "Dyżur w starostwie w sobotę" in [item["title"] for item in news["items"]]

    tab_to(page, "header.top nav a[href='/fleet/']")
    press_to_open(page, "Enter")
    tab_to(page, "#q")
    keys.type(site.ids["device"])
    tab_to(page, "form.filters button")
    press_to_open(page, "Enter")
    assert page.locator("table.fleet tbody tr").count() == 1
    page.context.close()


def test_the_keyboard_alone_types_a_wifi_voucher_code_with_a_visible_focus(browser, site):
    db = open_portal_db(site.data_dir)
    with write_transaction(db):
        db.execute("UPDATE gateways SET voucher_required = 1 WHERE name = 'hotspot-08'")
    db.close()
    page = new_page(browser, {"width": PHONE_WIDTH, "height": 844}, is_mobile=True)
    page.goto(f"{site.url}/portal/?{urlencode(level2(fas_fields('hotspot-08'), KONOPNICA_KEY))}")
    tab_to(page, "#voucher")
    page.keyboard.type("K7XM-4PQR")
    tab_to(page, "button.accept")
    press_to_open(page, "Enter")
    assert "nieprawidłowy" in page.inner_text("main")
    page.context.close()


def test_the_keyboard_alone_accepts_the_wifi_terms_on_a_phone(browser, site, axe_source):
    page = new_page(browser, {"width": PHONE_WIDTH, "height": 844}, is_mobile=True)
    # The landing page moves on to the gateway at once; answered 204, the browser stays on
    # it while it is checked.
    page.route("http://198.51.100.1:2050/**", lambda route: route.fulfill(status=204))
    page.goto(f"{site.url}/portal/?fas={level1(fas_fields(hid='f' * 64))['fas']}")
    tab_to(page, "button.accept")
    press_to_open(page, "Space")
    assert page.locator("a.accept").count() == 1
    tab_to(page, "a.accept")
    assert axe_findings(page, axe_source, "portal-landing") == []
    assert fits_the_phone(page) <= PHONE_WIDTH
    page.context.close()
