"""Proof of life: a file the device agent watches, and systemd's sd_notify watchdog.

Both are fed from the UI's main loop, so they stop exactly when the UI hangs. The file
also says what is on screen (the screen, the alerts shown, the snapshot), so the agent
can tell the county that an urgent alert really reached the residents. The
sd_notify protocol is a datagram to $NOTIFY_SOCKET (an abstract socket when it starts
with '@'); written here directly to need no C library.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Mapping
from pathlib import Path

from common.files import write_atomically

log = logging.getLogger(__name__)


class Liveness:
    """Touches `path` and pings systemd on every `beat()`."""

    def __init__(self, path: str | Path, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        self.path = Path(path)
        self.socket_path = environ.get("NOTIFY_SOCKET", "")
        self.watchdog_usec = int(environ.get("WATCHDOG_USEC", "0") or 0)
        self.on_screen: dict = {}

    @property
    def beat_seconds(self) -> float:
        """How often to beat: half systemd's watchdog interval, at most every 5 s."""
        if self.watchdog_usec:
            return min(5.0, self.watchdog_usec / 2_000_000)
        return 5.0

    def notify(self, message: str) -> None:
        """Send one sd_notify message when running under systemd."""
        if not self.socket_path:
            return
        address = self.socket_path
        if address.startswith("@"):
            address = "\0" + address[1:]
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto(message.encode(), address)
        except OSError as exc:
            log.warning("sd_notify %s failed: %s", message, exc)

    def ready(self) -> None:
        """The first frame is on screen."""
        self.beat()
        self.notify("READY=1")

    def beat(self) -> None:
        """The main loop is alive."""
        try:
            write_atomically(self.path, json.dumps(self.on_screen).encode(), durable=False)
        except OSError as exc:
            log.warning("cannot write liveness file %s: %s", self.path, exc)
        self.notify("WATCHDOG=1")

    def show(self, on_screen: dict) -> None:
        """Record what residents see now; a change is written at once, not at the next beat."""
        if on_screen != self.on_screen:
            self.on_screen = on_screen
            self.beat()

    def stopping(self) -> None:
        """A clean exit, so systemd and the agent can tell it from a crash."""
        self.notify("STOPPING=1")
