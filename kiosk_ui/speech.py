"""Reading aloud through espeak-ng, one utterance at a time, never blocking the UI.

espeak-ng runs as a subprocess and reads SSML from stdin (no length or quoting limits
of the command line). An utterance is a list of (language, text) segments, each read
in its own language's voice: a Polish fallback on an English page is read in Polish,
not as English gibberish. A new utterance stops the previous one. Without espeak-ng
the kiosk simply has no read-aloud button.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from xml.sax.saxutils import escape, quoteattr

from kiosk_ui.i18n import VOICES

log = logging.getLogger(__name__)
MAX_CHARS = 20_000
WORDS_PER_MINUTE = 150
# what is said: (language, text) segments, in order
Speech = list[tuple[str, str]]


def ssml(speech: Speech) -> str:
    """The segments as one SSML document, each in its language's espeak-ng voice."""
    parts = [
        f"<voice name={quoteattr(VOICES.get(lang, 'pl'))}>{escape(text)}</voice>"
        for lang, text in speech
        if text.strip()
    ]
    return "<speak>" + "\n".join(parts) + "</speak>"


class Speaker:
    """Speaks text in pl, en or uk; `extra_args` lets tests write a WAV file instead."""

    def __init__(self, command: str = "espeak-ng", extra_args: tuple[str, ...] = ()) -> None:
        self.executable = shutil.which(command) if command else None
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None

    @property
    def available(self) -> bool:
        """Whether read-aloud can work on this machine."""
        return self.executable is not None

    def say(self, speech: str | Speech, lang: str) -> None:
        """Stop what is being said and start saying `speech` (plain text is all `lang`)."""
        self.stop()
        segments = [(lang, speech)] if isinstance(speech, str) else speech
        if not self.available or not any(text.strip() for _lang, text in segments):
            return
        text = ssml([(seg_lang, seg_text[:MAX_CHARS]) for seg_lang, seg_text in segments])
        command = [
            self.executable,
            "-v",
            VOICES.get(lang, "pl"),
            "-m",
            "-s",
            str(WORDS_PER_MINUTE),
            *self.extra_args,
            "--stdin",
        ]
        try:
            self.process = subprocess.Popen(  # noqa: S603 - fixed program, text on stdin
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.process.stdin.write(text.encode())
            self.process.stdin.close()
        except OSError as exc:
            log.warning("read aloud failed: %s", exc)
            self.process = None

    def stop(self) -> None:
        """Silence."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def wait(self, timeout: float) -> int | None:
        """Wait for the current utterance to end; its exit status."""
        return self.process.wait(timeout) if self.process else None
