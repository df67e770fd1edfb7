"""`infomat kiosk --screenshot` starts the real app in its own process and saves Home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageChops

from kiosk_ui.theme import TILE_COLOURS
from tests.conftest import require

WHITE = (255, 255, 255)


def tile_in(frame: Image.Image, colour: str) -> tuple[int, int]:
    """How many pixels of `frame` are `colour`, and how many white (text) pixels lie
    inside the box around them."""
    solid = Image.new("RGB", frame.size, colour)
    difference = ImageChops.difference(frame, solid).convert("L")
    mask = difference.point(lambda v: 255 if v == 0 else 0)
    box = mask.getbbox()
    if box is None:
        return 0, 0
    white = sum(count for count, rgb in frame.crop(box).getcolors(1 << 24) if rgb == WHITE)
    return mask.histogram()[255], white


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
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size == (1920, 1080)
        frame = image.convert("RGB")
    # a blank or half-drawn frame has no tiles: each of Home's six is there, in its own
    # colour, with its words in white on it
    for colour in TILE_COLOURS:
        area, white = tile_in(frame, colour)
        assert area > 0.05 * 1920 * 1080, f"no {colour} tile"
        assert white > 500, f"no words on the {colour} tile"


def test_the_kiosk_command_refuses_a_bad_size_in_words():
    result = subprocess.run(  # noqa: S603 - our own command
        [str(Path(sys.executable).with_name("infomat")), "kiosk", "--size", "big"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "WIDTHxHEIGHT" in result.stderr and "Traceback" not in result.stderr
