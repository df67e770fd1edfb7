"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require, require_module

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} (apt-get install chromium)")
    sync_api = require_module("playwright.sync_api", "playwright (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    """docs/screenshots when INFOMAT_SCREENSHOTS=1 (to refresh them), else a temp dir."""
    return SCREENSHOTS if os.environ.get("INFOMAT_SCREENSHOTS") == "1" else tmp_path
