"""An editor, in real Chromium, publishes a news item with a photo and sees it in the API."""

from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def photo(path):
    image = Image.new("RGB", (1600, 1000), (240, 240, 240))
    for x in range(0, 1600, 40):
        for y in range(0, 1000, 40):
            image.putpixel((x, y), (11, 83, 148))
    image.save(path, "JPEG")
    return path


def log_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


def test_an_editor_publishes_news_with_a_photo_and_it_appears_in_the_api(
    browser, live_server, tmp_path, screenshot_dir
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server}/login")
    page.screenshot(path=screenshot_dir / "editor-login.png")
    log_in(page, live_server, "ed-garbow")
    page.wait_for_selector("text=Panel redakcji")
    page.screenshot(path=screenshot_dir / "editor-home.png", full_page=True)

    page.goto(f"{live_server}/editor/news/new")
    page.fill("#title\\.pl", "Otwarcie nowej świetlicy w Garbowie")
    page.click("text=Zapisz szkic")
    page.wait_for_selector("text=Nie zapisano")
    page.screenshot(path=screenshot_dir / "editor-form-errors.png", full_page=True)

    page.fill("#title\\.pl", "Otwarcie nowej świetlicy w Garbowie")
    page.fill("#title\\.uk", "Відкриття нового клубу в Гарбуві")
    page.fill("#summary\\.pl", "Zapraszamy w sobotę o 12:00.")
    page.fill("#body\\.pl", "Świetlica ma **nową salę** dla dzieci i seniorów.")
    page.fill("#image_alt\\.pl", "Nowa świetlica")
    page.set_input_files("#image", str(photo(tmp_path / "swietlica.jpg")))
    page.click("text=Zapisz szkic")
    page.wait_for_selector("text=Zapisano szkic")
    page.click("text=Opublikuj")
    page.wait_for_selector("text=Opublikowano:")
    page.screenshot(path=screenshot_dir / "editor-news-published.png", full_page=True)

    page.click("text=Podgląd")
    page.click("a[lang=uk]")
    page.wait_for_selector("text=Відкриття нового клубу")
    page.screenshot(path=screenshot_dir / "editor-preview-uk.png", full_page=True)

    news = requests.get(f"{live_server}/api/v1/news?channel=garbow&lang=pl", timeout=5).json()
    published = [n for n in news["items"] if n["title"] == "Otwarcie nowej świetlicy w Garbowie"]
    assert len(published) == 1
    assert "<strong>nową salę</strong>" in published[0]["body_html"]
    kiosk_image = published[0]["image"]["renditions"]["kiosk"]
    assert kiosk_image["width"] == 1600
    image = requests.get(f"{live_server}{kiosk_image['url']}", timeout=5)
    assert Image.open(io.BytesIO(image.content)).size == (1600, 1000)
    page.close()


PHONE_WIDTH = 390


def open_phone(browser):
    return browser.new_page(viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True)


def fits_phone_and_screenshot(phone, path, full_page=True):
    """Nothing scrolls sideways on a phone; keep a picture of the page."""
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    phone.screenshot(path=path, full_page=full_page)


def test_the_editor_ui_works_on_a_phone(browser, live_server, screenshot_dir):
    phone = open_phone(browser)
    log_in(phone, live_server, "admin")
    phone.goto(f"{live_server}/editor/news/")
    fits_phone_and_screenshot(phone, screenshot_dir / "editor-list-phone.png", full_page=False)
    phone.goto(f"{live_server}/editor/office/")
    phone.click("text=Urząd Gminy Garbów")
    phone.wait_for_selector("text=Godziny otwarcia")
    fits_phone_and_screenshot(phone, screenshot_dir / "editor-office-phone.png")
    phone.close()


def test_the_public_item_page_a_kiosk_qr_code_opens_fits_a_phone(
    browser, live_server, screenshot_dir
):
    phone = open_phone(browser)
    offices = requests.get(f"{live_server}/api/v1/offices?channel=garbow", timeout=5).json()
    phone.goto(f"{live_server}/p/office/{offices['items'][0]['id']}")
    phone.click("a[lang=uk]")
    phone.wait_for_selector("text=Години роботи")
    fits_phone_and_screenshot(phone, screenshot_dir / "public-office-phone-uk.png")
    phone.close()


def test_the_county_admin_adds_an_editor_in_the_browser(browser, live_server, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "admin")
    page.click("text=Użytkownicy")
    page.fill("#username", "anna.kowalska")
    page.select_option("#office", "wojciechow")
    page.fill("#password", "long-enough-pw")
    page.fill("#password2", "long-enough-pw")
    page.click("main button.primary")
    page.wait_for_selector("text=Dodano użytkownika anna.kowalska")
    assert page.locator("td", has_text="Gmina Wojciechów").count() == 1
    page.screenshot(path=screenshot_dir / "editor-users.png", full_page=True)
    page.close()


def test_a_photo_survives_a_form_error_and_the_preview_publishes_in_one_click(
    browser, live_server, tmp_path, screenshot_dir
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "ed-garbow")
    page.wait_for_selector("text=Panel redakcji")
    page.goto(f"{live_server}/editor/news/new")
    page.fill("#body\\.pl", "Nowe ławki w parku.")
    page.fill("#image_alt\\.pl", "Ławki w parku")
    page.set_input_files("#image", str(photo(tmp_path / "lawki.jpg")))
    page.click("text=Zapisz szkic")
    page.wait_for_selector("text=Nie zapisano")
    assert page.locator("text=nie trzeba go wybierać ponownie").is_visible()
    page.screenshot(path=screenshot_dir / "editor-photo-kept.png", full_page=True)

    page.fill("#title\\.pl", "Nowe ławki w parku")
    page.click("text=Zapisz szkic")
    page.wait_for_selector("text=Zapisano szkic")
    page.click("text=Podgląd")
    page.wait_for_selector("text=Podgląd szkicu")
    page.click("main button:has-text('Opublikuj')")
    page.wait_for_selector("text=Opublikowano: Nowe ławki w parku")

    news = requests.get(f"{live_server}/api/v1/news?channel=garbow&lang=pl", timeout=5).json()
    published = [n for n in news["items"] if n["title"] == "Nowe ławki w parku"]
    assert published[0]["image"]["alt"] == "Ławki w parku"
    page.close()
