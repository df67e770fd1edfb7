"""`infomat kiosk --screenshot` starts the real app in its own process and saves Home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import require


def test_the_kiosk_command_renders_home_to_a_png_and_exits(county, tmp_path):
    require(shutil.which("xvfb-run") is not None, "xvfb-run (apt package xvfb)")
    png = tmp_path / "home.png"
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own command
        [
            "xvfb-run", "-a", "-s", "-screen 0 1920x1920x24",
            str(Path(sys.executable).with_name("infomat")), "kiosk",
            "--data-dir", str(county.data_dir), "--size", "1920x1080", "--lang", "en",
            "--screenshot", str(png),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KIVY_HOME": str(tmp_path / "kivy")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


def test_the_kiosk_command_refuses_a_bad_size_in_words():
    result = subprocess.run(  # noqa: S603 - our own command
        [str(Path(sys.executable).with_name("infomat")), "kiosk", "--size", "big"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "WIDTHxHEIGHT" in result.stderr and "Traceback" not in result.stderr
