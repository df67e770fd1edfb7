"""Text shown in Polish because it has no translation says so, and is read aloud in the
Polish voice — on detail pages, in lists and in alerts."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
import requests

from kiosk_ui.content import KioskContent
from kiosk_ui.speech import Speaker
from kiosk_ui.views import detail_view
from tests.conftest import require
from tests.kiosk_ui.conftest import from_now

# espeak-ng's phonemes for "Bezpłatnie" in its Polish and in its English voice
POLISH_PHONEMES, ENGLISH_PHONEMES = "bEspw'atn^;E", "b'Ezplatni"
NOTE = {"en": "(in Polish)", "uk": "(польською)"}
LANGUAGE_BUTTON = {"en": "EN", "uk": "УКР"}
PROCEDURE = {"en": "Identity card", "uk": "Посвідчення особи"}
PROCEDURES_TILE = {"en": "How do I", "uk": "Як залагодити"}


def _listening_speaker(path) -> Speaker:
    """espeak-ng writing the phonemes it speaks to `path` instead of to a sound card."""
    require(shutil.which("espeak-ng") is not None, "espeak-ng (apt package espeak-ng)")
    return Speaker("espeak-ng", extra_args=("-q", "-x", f"--phonout={path}"))


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_polish_fallback_on_a_translated_page_is_marked_and_read_in_the_polish_voice(
    county, open_kiosk, tmp_path, lang
):
    kiosk = open_kiosk(county.data_dir)
    phonemes = tmp_path / "said.txt"
    kiosk.app.speaker = _listening_speaker(phonemes)
    kiosk.press(LANGUAGE_BUTTON[lang])
    kiosk.press(PROCEDURES_TILE[lang])
    kiosk.press(PROCEDURE[lang])
    text = kiosk.text_on_screen()
    # the title is translated and unmarked; each section only in Polish is marked
    assert PROCEDURE[lang] in text
    fees = next(line for line in kiosk.text_on_screen().split("\n\n") if "Bezpłatnie" in line)
    assert f"{NOTE[lang]}[/i]\nBezpłatnie" in fees
    title = kiosk.app.manager.get_screen("detail").ids.title.text
    assert NOTE[lang] not in title
    kiosk.app.read_aloud = True
    kiosk.app.show("detail", push=False, **kiosk.app.location[1])
    assert kiosk.app.speaker.wait(30) == 0
    said = phonemes.read_text()
    assert POLISH_PHONEMES in said and ENGLISH_PHONEMES not in said


def test_a_polish_page_carries_no_note(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("Jak załatwić")
    kiosk.press("Dowód osobisty")
    assert "(po polsku)" not in kiosk.text_on_screen()
    assert all(lang == "pl" for lang, _text in kiosk.app.screen("detail").speech(kiosk.app))


def test_list_rows_and_alerts_shown_in_polish_are_marked_in_english(county, open_kiosk):
    county.publish("news", "garbow", {"title": {"pl": "Zebranie wiejskie"}, "body": {"pl": "x"}})
    county.publish(
        "alert",
        "powiat",
        {
            "title": {"pl": "Alarm powodziowy"},
            "body": {"pl": "Unikaj terenów nad rzeką."},
            "severity": "critical",
            "publish_until": from_now(3600),
        },
    )
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("EN")
    overlay = kiosk.app.overlays.alert
    assert "(in Polish)" in overlay.alerts[0]
    assert ("pl", "Alarm powodziowy") in kiosk.app.overlays.alert_speech
    assert ("pl", "Unikaj terenów nad rzeką.") in kiosk.app.overlays.alert_speech
    news = kiosk.app.screen("news")
    kiosk.app.show("news")
    row = next(w for w in news.walk() if "Zebranie wiejskie" in getattr(w, "text", ""))
    assert "(in Polish)" in row.text
    assert ("pl", "Zebranie wiejskie") in news.speech(kiosk.app)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_a_qr_code_opens_the_item_on_the_residents_portal_in_the_kiosks_language(
    county, live_server, lang
):
    content = KioskContent.load(county.data_dir)
    now = datetime.now(UTC)
    base = content.snapshot.content["public_url"]
    for item in (content.news(now)[0], content.offices(now)[0]):
        qr_url = detail_view(content, item, lang, now).qr_url
        answer = requests.get(live_server + qr_url.removeprefix(base), timeout=5)
        assert [moved.status_code for moved in answer.history] == [301]
        assert answer.status_code == 200 and f'<html lang="{lang}">' in answer.text
