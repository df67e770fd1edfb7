"""An admin, in real Chromium, watches the demo fleet that `infomat demo` starts (the real
agent code in 42 simulated devices), opens a kiosk and gets its screenshot; the dashboard
updates in place without losing what the admin typed, and works without JavaScript."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from device_agent.collector.db import open_fleet_db
from tests.conftest import PASSWORD as TEST_PASSWORD
from tests.conftest import free_port
from tests.device_agent.conftest import put_report
from tests.e2e.conftest import new_page

pytestmark = pytest.mark.browser
PASSWORD = "fleet-demo-password"


@pytest.fixture
def demo(tmp_path):
    """`infomat demo` as a real process, its agents reporting every 2 s."""
    port = free_port()
    env = os.environ | {
        "INFOMAT_DEMO_PASSWORD": PASSWORD,
        "INFOMAT_FLEET_INTERVAL_SECONDS": "2",
        "INFOMAT_FLEET_WATCH_SECONDS": "1",
    }
    env.pop("DISPLAY", None)
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "server_room", "demo", "--data-dir", str(tmp_path / "county"),
         "--port", str(port), "--no-kiosk"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except (requests.ConnectionError, requests.Timeout):  # up, not yet answering
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def every_device_up(base: str) -> bool:
    metrics = requests.get(base + "/metrics", timeout=5).text
    return metrics.count("infomat_device_up{") == 42 and " 0.0\n" not in "".join(
        line + "\n" for line in metrics.splitlines() if line.startswith("infomat_device_up{")
    )


def test_an_admin_sees_the_living_demo_fleet_and_gets_a_kiosk_screenshot(
    browser, demo, screenshot_dir
):
    deadline = time.monotonic() + 60
    while not every_device_up(demo):
        assert time.monotonic() < deadline, "the 42 simulated agents did not all report"
        time.sleep(0.5)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{demo}/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{demo}/fleet/")
    assert "20 z 20" in page.inner_text(".fleet-tiles").replace("\n", " ")
    assert "22 z 22" in page.inner_text(".fleet-tiles").replace("\n", " ")
    assert page.locator("table.fleet tbody tr").count() == 42
    assert page.locator("svg.county-map a").count() == 42
    # the demo's black-ice alert, as the kiosks report having it on screen
    assert "na ekranie 20 z 20 infomatów" in page.inner_text(".reach")
    page.screenshot(path=screenshot_dir / "dashboard-fleet.png", full_page=True)

    page.click("table.fleet >> text=kiosk-04")
    page.wait_for_selector("h1:has-text('kiosk-04')")
    page.click("button:has-text('Zrzut ekranu')")
    page.wait_for_selector("text=Wysłano: Zrzut ekranu")
    deadline = time.monotonic() + 30
    while not page.locator("img.screenshot").count():
        assert time.monotonic() < deadline, "no screenshot arrived"
        time.sleep(1)
        page.reload()
    assert page.locator("img.screenshot").evaluate("img => img.naturalWidth") == 540
    assert "wykonane" in page.inner_text("#cmds + div + table")
    page.screenshot(path=screenshot_dir / "dashboard-device.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo}/fleet/?kind=hotspot")
    page.screenshot(path=screenshot_dir / "dashboard-phone.png", full_page=True)
    page.close()


def log_in_as_admin(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", "admin")
    page.fill("#password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def kiosks_up(page) -> str:
    return page.inner_text(".fleet-tiles .tile:first-child strong").replace("\n", " ")


def test_the_dashboard_updates_in_place_and_keeps_the_filter_being_typed(
    browser, app, live_server, data_dir
):
    app.config["FLEET_PAGE_UPDATE_SECONDS"] = 1.0
    page = new_page(browser, {"width": 1366, "height": 900})
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/fleet/")
    page.evaluate("window.sameDocument = true")
    assert kiosks_up(page) == "0 z 20"
    page.fill("#q", "kiosk-0")
    page.select_option("#kind", "kiosk")
    page.focus("#kind")
    fleet = open_fleet_db(data_dir)
    put_report(fleet, "kiosk-04", time.time())
    fleet.close()

    # while a field has the focus nothing changes under the admin's hands
    time.sleep(2.5)
    assert page.input_value("#q") == "kiosk-0" and page.input_value("#kind") == "kiosk"
    assert page.evaluate("document.activeElement.id") == "kind"
    assert kiosks_up(page) == "0 z 20"

    # once the focus leaves the fields, the live parts catch up, in place
    page.focus("form.filters button")
    page.wait_for_function(
        "() => document.querySelector('.fleet-tiles strong').textContent.startsWith('1 ')",
        timeout=5000,
    )
    assert kiosks_up(page) == "1 z 20"
    kiosk = page.locator("table.fleet tbody tr", has_text="kiosk-04")
    assert kiosk.locator(".state.online").count() == 1
    assert page.input_value("#q") == "kiosk-0" and page.input_value("#kind") == "kiosk"
    assert page.evaluate("document.activeElement.matches('form.filters button')")
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"
    page.context.close()


def test_the_dashboard_filters_sorts_and_pages_without_javascript(browser, live_server):
    page = new_page(browser, {"width": 1366, "height": 900}, java_script_enabled=False)
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server}/fleet/?sort=id&dir=desc")
    page.fill("#q", "kiosk-1")
    page.select_option("#kind", "kiosk")
    page.click("form.filters button")
    page.wait_for_url("**q=kiosk-1**")
    ids = page.locator("table.fleet tbody tr td:first-child a").all_inner_texts()
    assert ids == sorted(ids, reverse=True) and ids and all(i.startswith("kiosk-1") for i in ids)
    page.click("table.fleet thead >> text=Gmina")
    page.wait_for_url("**sort=municipality**")
    assert "q=kiosk-1" in page.url and page.input_value("#q") == "kiosk-1"
    page.context.close()
