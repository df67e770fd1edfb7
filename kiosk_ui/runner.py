"""Starting the kiosk for real: window options, lockdown, crash handling, screenshots.

Kivy reads its window configuration at import time, so everything here happens
before the first Kivy import: this module is what `infomat kiosk` calls.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
ESCAPE = 27
# frames drawn with Home complete before the screenshot: label textures and the icons
# are made on the frame after the layout settles
SETTLED_FRAMES = 3
# a slow machine waits for Home; a broken one still exits, with whatever was drawn
SCREENSHOT_CEILING_SECONDS = 20.0


def configure_kivy(size: tuple[int, int], windowed: bool) -> None:
    """Window size and lockdown options, set before Kivy creates the window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kivy.config import Config

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", "0" if windowed else "auto")
    Config.set("graphics", "borderless", "0" if windowed else "1")
    Config.set("graphics", "resizable", "0")
    # multisampling costs every frame and is slow on software GL; kiosk text needs none
    Config.set("graphics", "multisamples", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("input", "mouse", "mouse,disable_multitouch")


def home_is_laid_out(app: Any, window: Any) -> bool:
    """Home is the screen on the window, at the window's size, every tile sized and worded."""
    from kiosk_ui.screens.home_screen import TILES

    if app.root is None or tuple(app.root.size) != tuple(window.size):
        return False
    if app.manager.current != "home" or app.manager.current_screen.get_root_window() is None:
        return False
    tiles = [app.manager.current_screen.ids[f"tile_{name}"] for name in TILES]
    return all(tile.width > 1 and tile.height > 1 and tile.texture_size[0] > 0 for tile in tiles)


def run_kiosk(
    settings: dict[str, Any],
    size: tuple[int, int] = (1080, 1920),
    windowed: bool = False,
    screenshot: Path | None = None,
) -> int:
    """Run until the admin exits (or, with `screenshot`, until Home is saved as a PNG)."""
    configure_kivy(size, windowed or screenshot is not None)
    from kivy.base import ExceptionHandler, ExceptionManager
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk_ui.app import KioskApp

    app = KioskApp(settings)

    class BackToHome(ExceptionHandler):
        """A failure inside a callback is logged and the visitor lands on Home."""

        def handle_exception(self, inst):
            if isinstance(inst, KeyboardInterrupt | SystemExit):
                return ExceptionManager.RAISE
            log.error("kiosk: unexpected error, back to Home", exc_info=inst)
            Clock.schedule_once(lambda _dt: app.go_home(), 0)
            return ExceptionManager.PASS

    ExceptionManager.add_handler(BackToHome())
    if not windowed and screenshot is None:
        Window.show_cursor = False
    Window.bind(on_request_close=lambda *_args, **_kw: not app.allow_exit)
    Window.bind(on_keyboard=lambda _w, key, *_args: key == ESCAPE)
    if screenshot is not None:
        deadline = time.monotonic() + SCREENSHOT_CEILING_SECONDS
        settled = 0

        def save_when_drawn(_dt):
            nonlocal settled
            settled = settled + 1 if home_is_laid_out(app, Window) else 0
            timed_out = time.monotonic() > deadline
            if settled < SETTLED_FRAMES and not timed_out:
                return True
            if timed_out:
                log.warning("kiosk: Home not drawn in time, saving what is on screen")
            app.root.export_to_png(str(screenshot))
            log.info("kiosk: home screen saved to %s", screenshot)
            app.allow_exit = True
            app.stop()
            return False

        # every frame (interval 0) until Home has stood complete for a few frames
        Clock.schedule_interval(save_when_drawn, 0)
    app.run()
    return 0
