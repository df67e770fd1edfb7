"""Ports, readiness, and the server room as a benchmark starts it on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


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


def start_server_room(work: Path, data: Path, extra_toml: str = "") -> tuple[subprocess.Popen, str]:
    """`infomat server` over `data` on a free port, as production runs it (gunicorn, two
    gevent workers), with `extra_toml` appended to its config; its log in `work`."""
    port = free_port()
    config = work / f"server-{port}.toml"
    config.write_text(
        f'[server_room]\ndata_dir = "{data}"\nbind = "127.0.0.1:{port}"\nworkers = 2\n'
        f'[backoffice]\nsecure_cookies = false\n[content_sync]\nsync_keys_dir = "{work / "keys"}"\n'
        + extra_toml
    )
    log = open(work / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(
        [sys.executable, "-m", "server_room", "server", "--config", str(config)],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/healthz", timeout=60)
    except BaseException:
        server.terminate()
        server.wait(30)
        raise
    return server, base
