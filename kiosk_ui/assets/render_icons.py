"""Render the Home tiles' icons from Material Icons to small white PNGs (run by hand).

The kiosk ships the PNGs, not the 350 kB font: six 96-pixel textures load faster than a
font face and can be tinted to any tile colour. Needs the Debian package
fonts-material-design-icons-iconfont and Pillow:

    python kiosk_ui/assets/render_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf"
SIZE = 96
# tile name → Material Icons code point (names from the font's CSS)
ICONS = {
    "news": "\ueb81",  # newspaper
    "offices": "\ue84f",  # account_balance
    "procedures": "\ue873",  # description
    "events": "\ue878",  # event
    "map": "\ue55b",  # map
    "help": "\ue887",  # help
}


def main() -> None:
    """Write icons/<tile>.png beside this script."""
    font = ImageFont.truetype(FONT, SIZE)
    target = Path(__file__).with_name("icons")
    target.mkdir(exist_ok=True)
    for name, glyph in ICONS.items():
        mask = Image.new("L", (SIZE, SIZE), 0)
        ImageDraw.Draw(mask).text((SIZE / 2, SIZE / 2), glyph, font=font, fill=255, anchor="mm")
        icon = Image.new("LA", (SIZE, SIZE), 255)
        icon.putalpha(mask)
        icon.save(target / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
