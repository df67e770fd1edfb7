"""Ports and readiness for the servers a benchmark starts on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import requests


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 10.0) -> None:
    """Return once `url` answers; exit the benchmark if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except (requests.ConnectionError, requests.Timeout):  # a loaded machine answers late
            time.sleep(0.05)
    raise SystemExit(f"{url} did not start")
