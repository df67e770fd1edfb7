"""An admin, in real Chromium, watches the demo fleet that `infomat demo` starts (the real
agent code in 42 simulated devices), opens a kiosk and gets its screenshot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import free_port

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
            except requests.ConnectionError:
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
