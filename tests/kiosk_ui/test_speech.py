"""Read aloud through the real espeak-ng, in each language's voice."""

from __future__ import annotations

import shutil

import pytest

from kiosk_ui.speech import Speaker
from tests.conftest import require


@pytest.mark.parametrize(
    ("lang", "text"),
    [("pl", "Urząd jest otwarty."), ("en", "The office is open."), ("uk", "Установа відчинена.")],
)
def test_espeak_ng_speaks_each_language_into_a_wav_file(tmp_path, lang, text):
    require(shutil.which("espeak-ng") is not None, "espeak-ng (apt package espeak-ng)")
    wav = tmp_path / "out.wav"
    speaker = Speaker("espeak-ng", extra_args=("-w", str(wav)))
    speaker.say(text, lang)
    assert speaker.wait(10) == 0
    assert wav.read_bytes()[:4] == b"RIFF" and wav.stat().st_size > 10_000


def test_a_new_utterance_stops_the_one_being_spoken(tmp_path):
    require(shutil.which("espeak-ng") is not None, "espeak-ng (apt package espeak-ng)")
    speaker = Speaker("espeak-ng", extra_args=("-w", str(tmp_path / "a.wav")))
    speaker.say("Bardzo długi tekst. " * 400, "pl")
    first = speaker.process
    speaker.say("Krótko.", "pl")
    assert first.poll() is not None
    assert speaker.wait(10) == 0


def test_without_espeak_ng_read_aloud_is_unavailable_and_silent():
    speaker = Speaker("no-such-espeak-program")
    assert not speaker.available
    speaker.say("Nic", "pl")
    assert speaker.process is None
