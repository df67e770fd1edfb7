"""Read aloud through the real espeak-ng, in each language's voice."""

from __future__ import annotations

import os
import shutil
import signal
import threading

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
    # espeak-ng waits for a reader of this pipe: the first utterance cannot end by itself
    pipe = tmp_path / "speech.wav"
    os.mkfifo(pipe)
    speaker = Speaker("espeak-ng", extra_args=("-w", str(pipe)))
    speaker.say("Pierwsze.", "pl")
    first = speaker.process
    try:
        speaker.say("Drugie.", "pl")
        assert first.returncode == -signal.SIGTERM
        assert speaker.process is not first
        spoken = []
        # a daemon: a reader left waiting for a writer that never came must not hang pytest
        reader = threading.Thread(target=lambda: spoken.append(pipe.read_bytes()), daemon=True)
        reader.start()
        assert speaker.wait(10) == 0
        reader.join(10)
        assert spoken and spoken[0][:4] == b"RIFF"
    finally:
        for process in (first, speaker.process):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()


def test_an_idle_reset_silences_what_the_last_visitor_had_read_aloud(county, open_kiosk, tmp_path):
    require(shutil.which("espeak-ng") is not None, "espeak-ng (apt package espeak-ng)")
    kiosk = open_kiosk(county.data_dir, idle_seconds=1, idle_warning_seconds=1)
    pipe = tmp_path / "speech.wav"
    os.mkfifo(pipe)
    # nobody reads the pipe: what is said stays being said until something stops it
    kiosk.app.speaker = Speaker("espeak-ng", extra_args=("-w", str(pipe)))
    kiosk.press("Czytaj na głos")
    speaking = kiosk.app.speaker.process
    try:
        assert kiosk.app.read_aloud and speaking.poll() is None
        kiosk.wait_for(lambda: not kiosk.app.read_aloud, what="the reset")
        assert speaking.returncode == -signal.SIGTERM
    finally:
        if speaking is not None and speaking.poll() is None:
            speaking.kill()
            speaking.wait()


def test_without_espeak_ng_read_aloud_is_unavailable_and_silent():
    speaker = Speaker("no-such-espeak-program")
    assert not speaker.available
    speaker.say("Nic", "pl")
    assert speaker.process is None
