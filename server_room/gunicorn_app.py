"""Serving the server-room app under gunicorn from the `infomat` command.

Workers are gevent's: every connection is a greenlet, so a client that sends its request
a byte at a time holds only its own connection (dropped when its headers take longer
than `keepalive`), never one of a few threads everyone else needs. `infomat server`, `infomat
demo` and `infomat portal` all serve through here, with or without nginx in front.
"""

from __future__ import annotations

import signal
import warnings
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


def _quiet_late_ssl_patch(_arbiter, _worker) -> None:
    """In a new worker, before gevent patches it: drop the warning about ssl patched late.

    The app is preloaded, so ssl was imported before the worker's patch_all, and gevent
    warns that TLS sockets of the unpatched module may misbehave. Workers open no TLS
    connection of their own (e-mail and webhooks go from the master's fleet watcher).
    """
    warnings.filterwarnings("ignore", message="Monkey-patching ssl after ssl")


def _leave_ctrl_c_to_the_master(_worker) -> None:
    """In a booted worker: ignore SIGINT, which a terminal's Ctrl+C sends the whole group.

    The master stops the workers itself when it gets it; a worker quitting on both signals
    made gevent print a SystemExit traceback on every Ctrl+C.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def serve(
    app: Flask,
    bind: str,
    workers: int,
    worker_connections: int,
    on_ready: Callable[[], Any] | None = None,
    accesslog: str = "-",
) -> None:
    """Run until stopped (SIGTERM/SIGINT); sd_notify READY when under systemd.

    `on_ready` runs once in the master when it listens (the fleet watcher's thread
    lives there: one per server, whatever the number of workers, and never
    monkey-patched: gevent patches only the workers). `accesslog` is a file, or "-" for
    stdout (journald's, under systemd).
    """
    GunicornServer(
        app,
        {
            "when_ready": lambda _server: on_ready and on_ready(),
            "post_fork": _quiet_late_ssl_patch,
            "post_worker_init": _leave_ctrl_c_to_the_master,
            "bind": bind,
            "workers": workers,
            "worker_class": "gevent",
            "worker_connections": worker_connections,
            "preload_app": True,
            "accesslog": accesslog,
            "errorlog": "-",
            "graceful_timeout": 10,
            # Devices fetch in bursts; keep their connections a little longer than 2 s.
            # It also bounds how long one request's headers may take to arrive.
            "keepalive": 15,
            "limit_request_line": 8190,
            "control_socket_disable": True,
        },
    ).run()
