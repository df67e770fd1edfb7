"""Starting the kiosk for real: window options, lockdown, crash handling, screenshots.

Kivy reads its window configuration at import time, so everything here happens
before the first Kivy import: this module is what `infomat kiosk` calls.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
ESCAPE = 27
SCREENSHOT_DELAY_SECONDS = 1.0


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

        def save(_dt):
            app.root.export_to_png(str(screenshot))
            log.info("kiosk: home screen saved to %s", screenshot)
            app.allow_exit = True
            app.stop()

        Clock.schedule_once(save, SCREENSHOT_DELAY_SECONDS)
    app.run()
    return 0
