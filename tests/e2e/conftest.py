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
PHONE_WIDTH = 390
# The focused element's ring (outline, else box-shadow) and its contrast with what is
# behind it: the nearest ancestor with a background, as WCAG's non-text contrast asks.
FOCUS_RING_JS = """() => {
  const el = document.activeElement;
  const rgb = text => (text.match(/rgba?\\(([^)]*)\\)/) || [null, ''])[1]
    .split(/[ ,\\/]+/).filter(Boolean).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(el);
  let ring = null;
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
    ring = style.outlineColor;
  } else if (style.boxShadow !== 'none') {
    ring = style.boxShadow;
  }
  let behind = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const color = rgb(getComputedStyle(node).backgroundColor);
    if (color.length === 3 || (color.length === 4 && color[3] > 0)) {
      behind = getComputedStyle(node).backgroundColor;
      break;
    }
  }
  const element = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
    (el.textContent || '').trim().slice(0, 30);
  if (!ring || rgb(ring).length < 3) return {element, ring, behind, ratio: 0};
  const [a, b] = [luminance(rgb(ring)), luminance(rgb(behind))];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return {element, ring, behind, ratio: Math.round(ratio * 100) / 100};
}"""


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} (apt-get install chromium)")
    sync_api = require_module("playwright.sync_api", "playwright (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, viewport: dict, **options):
    """A page in a context of its own (its own cookies), a Polish browser unless `locale`
    says otherwise; close it with page.context.close()."""
    options.setdefault("locale", "pl-PL")
    return browser.new_context(viewport=viewport, **options).new_page()


def focus_ring(page) -> dict:
    """The focused element, its focus ring's colour, the colour behind it and their ratio."""
    return page.evaluate(FOCUS_RING_JS)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus (it may have it already); every element
    focused on the way must show a focus ring of at least 3:1 against what is behind it.
    The body (Tab gone round through the browser's own controls) draws none."""
    for _ in range(limit):
        if page.evaluate("document.activeElement !== document.body"):
            ring = focus_ring(page)
            assert ring["ratio"] >= 3, f"focus not visible enough: {ring}"
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    """docs/screenshots when INFOMAT_SCREENSHOTS=1 (to refresh them), else a temp dir."""
    return SCREENSHOTS if os.environ.get("INFOMAT_SCREENSHOTS") == "1" else tmp_path
