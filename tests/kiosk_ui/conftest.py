"""Fixtures for the kiosk UI: a county whose hub feeds a real device dir, a real Kivy
window under Xvfb driven by simulated touches, and systemd's end of sd_notify.

The kiosk reads what the sync wrote: each test publishes on the demo county's hub,
syncs a device over real HTTP, and opens the app on that device's data dir.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from common.settings import load_settings
from content_sync import store
from content_sync.validation import utc_iso
from server_room.device_settings import DEVICE_SETTINGS
from tests.conftest import xvfb_display

SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


def from_now(seconds: float) -> str:
    """The moment `seconds` from now, written as an item's publish_until."""
    return utc_iso(datetime.now(UTC) + timedelta(seconds=seconds))


@dataclass
class County:
    """The demo county's hub and one kiosk's mirror of it (channels powiat + garbow)."""

    hub: object
    db: object
    device: object

    @property
    def data_dir(self) -> Path:
        return self.device.store.dir

    def sync(self) -> None:
        code, _result = self.device.sync_once()
        assert code == 0

    def publish(self, type_name: str, channel: str, data: dict) -> store.Item:
        """Publish an item the way the editor does, sign it, and sync the kiosk."""
        item = store.create_item(self.db, type_name, channel, data, "test")
        item = store.publish_item(self.db, item, "test")
        self.hub.publish(self.db)
        self.sync()
        return item

    def withdraw(self, item: store.Item) -> None:
        """Unpublish an item on the hub and sync the kiosk."""
        store.unpublish_item(self.db, store.get_item(self.db, item.id), "test")
        self.hub.publish(self.db)
        self.sync()


@pytest.fixture
def county(live_server, hub, content_db, make_device) -> County:
    """The demo county without its demo alert (tests add their own), synced to a kiosk."""
    for item in store.list_items(content_db, type_name="alert"):
        store.delete_item(content_db, item, "test")
    hub.publish(content_db)
    county = County(hub, content_db, make_device(live_server))
    county.sync()
    return county


@pytest.fixture(scope="session")
def kivy_window(tmp_path_factory):
    """One real Kivy window for the session, on an Xvfb display the fixture starts."""
    with xvfb_display() as display:
        os.environ["DISPLAY"] = display
        os.environ["KIVY_HOME"] = str(tmp_path_factory.mktemp("kivy-home"))
        os.environ["KIVY_LOG_MODE"] = "PYTHON"
        from kiosk_ui.runner import configure_kivy

        configure_kivy(PORTRAIT, windowed=True)
        from kivy.base import EventLoop

        EventLoop.ensure_window()
        # read once, at Kivy's import: the kiosks the tests start as programs log their own way
        del os.environ["KIVY_LOG_MODE"]
        yield EventLoop.window


class Kiosk:
    """Drives a running KioskApp the way a resident would: by touching it."""

    def __init__(self, app, window) -> None:
        self.app, self.window = app, window

    def frames(self, count: int = 3) -> None:
        from kivy.base import EventLoop

        for _ in range(count):
            EventLoop.idle()

    def wait_for(self, condition, timeout: float = 10.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            self.frames(1)
            time.sleep(0.02)
        self.frames(3)  # let the screen that was left finish leaving

    @property
    def screen(self) -> str:
        return self.app.manager.current

    def widgets(self):
        """Every widget on the window, top-most layers first."""
        stack = [self.app.root]
        while stack:
            widget = stack.pop()
            yield widget
            stack.extend(reversed(widget.children))

    def visible(self, widget) -> bool:
        while widget is not None and widget is not self.window:
            if widget.opacity == 0 or widget.disabled:
                return False
            widget = widget.parent
        return True

    def button(self, text: str):
        """The visible button whose text contains `text` (markup ignored)."""
        from kivy.uix.behaviors import ButtonBehavior

        from kiosk_ui.richtext import markup_to_text

        for widget in self.widgets():
            if (
                isinstance(widget, ButtonBehavior)
                and text in markup_to_text(getattr(widget, "text", ""))
                and self.visible(widget)
            ):
                return widget
        raise AssertionError(f"no visible button with {text!r} on {self.screen}")

    def tap(self, widget) -> None:
        """One short touch in the middle of `widget` (scrolled into view first)."""
        from kivy.uix.scrollview import ScrollView

        parent = widget.parent
        while parent not in (None, self.window) and not isinstance(parent, ScrollView):
            parent = parent.parent
        if isinstance(parent, ScrollView):
            parent.scroll_to(widget, padding=20, animate=False)
            self.frames(2)
        self.tap_at(*widget.to_window(*widget.center))

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.frames(3)

    def press(self, text: str) -> None:
        """Tap the button labelled `text`."""
        self.tap(self.button(text))

    def text_on_screen(self) -> str:
        """All visible text, joined, for asserting what a resident reads."""
        from kivy.uix.label import Label

        return "\n".join(
            w.text for w in self.widgets() if isinstance(w, Label) and w.text and self.visible(w)
        )

    def text_held(self) -> str:
        """All text on every screen the app keeps built, shown or not."""
        from kivy.uix.label import Label

        return "\n".join(
            widget.text
            for screen in self.app.manager.screens
            for widget in screen.walk()
            if isinstance(widget, Label)
        )

    def save(self, name: str, directory: Path) -> Path:
        """A PNG of the window; into docs/screenshots too when INFOMAT_SCREENSHOTS=1."""
        self.frames(3)
        target = directory / f"{name}.png"
        self.app.root.export_to_png(str(target))
        if os.environ.get("INFOMAT_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, SCREENSHOTS / f"{name}.png")
        return target


@pytest.fixture
def open_kiosk(kivy_window, tmp_path):
    """Factory: the app running on `data_dir` in the session's window, at `size`."""
    from kiosk_ui.app import KioskApp

    running = []

    def open_(data_dir: Path, size=PORTRAIT, **overrides) -> Kiosk:
        kivy_window.size = size
        settings = load_settings(
            DEVICE_SETTINGS,
            environ={},
            overrides={
                "KIOSK_DATA_DIR": str(data_dir),
                "LIVENESS_FILE": str(tmp_path / "ui-alive"),
                "DEVICE_ID": "kiosk-04",
                "KIOSK_ADMIN_PIN": "2468",
                "SNAPSHOT_POLL_SECONDS": 0.2,
                **{key.upper(): value for key, value in overrides.items()},
            },
        )
        app = KioskApp(settings)
        root = app.build()
        kivy_window.add_widget(root)
        app.start()
        kiosk = Kiosk(app, kivy_window)
        running.append(kiosk)
        kiosk.wait_for(lambda: tuple(root.size) == tuple(size), what=f"window size {size}")
        kiosk.frames(5)
        return kiosk

    yield open_
    for kiosk in running:
        # on_stop also tells kv's cached `app` proxy to forget this app
        kiosk.app.dispatch("on_stop")
        kivy_window.remove_widget(kiosk.app.root)


class Systemd:
    """The receiving end of sd_notify, as systemd holds it for a service."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.setblocking(False)

    def messages(self) -> list[bytes]:
        """The messages that arrived since the last call."""
        messages = []
        while True:
            try:
                messages.append(self.sock.recv(100))
            except BlockingIOError:
                return messages


@pytest.fixture
def systemd(tmp_path, monkeypatch):
    """A NOTIFY_SOCKET with a 0.4 s watchdog (a beat every 0.2 s) for the kiosks opened."""
    path = tmp_path / "notify"
    systemd = Systemd(path)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "400000")
    yield systemd
    systemd.sock.close()
