"""Serving the server-room app under gunicorn from the `infomat` command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class GunicornServer(BaseApplication):
    """gunicorn with an app built once in the master (preload) and given options."""

    def __init__(self, app: Flask, options: dict[str, Any]):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply our options; gunicorn's own CLI parsing is not used."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """The already-built app."""
        return self.application


def serve(
    app: Flask, bind: str, workers: int, threads: int, on_ready: Callable[[], Any] | None = None
) -> None:
    """Run until stopped (SIGTERM/SIGINT); sd_notify READY when under systemd.

    `on_ready` runs once in the master when it listens (the fleet watcher's thread
    lives there: one per server, whatever the number of workers).
    """
    GunicornServer(
        app,
        {
            "when_ready": lambda _server: on_ready and on_ready(),
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "preload_app": True,
            "accesslog": "-",
            "errorlog": "-",
            "graceful_timeout": 10,
            # Devices fetch in bursts; keep their connections a little longer than 2 s.
            "keepalive": 15,
            "limit_request_line": 8190,
            "control_socket_disable": True,
        },
    ).run()
