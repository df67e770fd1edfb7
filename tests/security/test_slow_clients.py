"""Clients that send their request a byte at a time do not starve the server room when it
runs without nginx in front (`infomat server`, `infomat demo`; issue 12, item 7)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from tests.conftest import free_port

SLOW_CLIENTS, SLOW_SECONDS, ANSWER_WITHIN = 20, 10.0, 1.0


def start(command: list[str]) -> subprocess.Popen:
    """`python -m server_room …` as a real process, its output kept out of the way."""
    env = os.environ | {"INFOMAT_DEMO_PASSWORD": "correct-horse-battery"}
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "server_room", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server room exited with {process.returncode}"
        try:
            if requests.get(url + "/healthz", timeout=2).ok:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered /healthz")


@pytest.fixture(params=["server", "demo"])
def server_room(request, data_dir, tmp_path) -> Iterator[str]:
    """The server room started the way `infomat server` or `infomat demo --no-kiosk` is."""
    port = free_port()
    if request.param == "server":
        config = tmp_path / "infomat.toml"
        config.write_text(
            f'[server_room]\ndata_dir = "{data_dir}"\nbind = "127.0.0.1:{port}"\n'
            f'[content_sync]\nsync_keys_dir = "{data_dir / "keys"}"\n'
            "[backoffice]\nsecure_cookies = false\n"
        )
        command = ["server", "--config", str(config)]
    else:
        command = ["demo", "--data-dir", str(data_dir), "--port", str(port), "--no-kiosk"]
    process = start(command)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def trickle(port: int, stop: threading.Event) -> None:
    """SLOW_CLIENTS connections that each send one more header line every second."""
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(SLOW_CLIENTS)]
    for sock in sockets:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    line = 0
    while not stop.wait(1.0):
        line += 1
        for sock in sockets:
            with contextlib.suppress(OSError):  # the server may give up on one: allowed
                sock.sendall(f"X-Slow-{line}: {line}\r\n".encode())
    for sock in sockets:
        sock.close()


def test_healthz_answers_within_a_second_while_twenty_clients_trickle_their_headers(
    server_room,
):
    stop = threading.Event()
    slow = threading.Thread(target=trickle, args=(int(server_room.rsplit(":", 1)[1]), stop))
    slow.start()
    answers = []
    try:
        time.sleep(0.5)  # every slow connection is open and has started its request
        deadline = time.monotonic() + SLOW_SECONDS
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                status = requests.get(server_room + "/healthz", timeout=ANSWER_WITHIN).status_code
            except requests.RequestException as exc:
                status = exc.__class__.__name__
            answers.append((status, round(time.monotonic() - began, 2)))
            time.sleep(0.25)
    finally:
        stop.set()
        slow.join(15)
    late = [a for a in answers if a[0] != 200 or a[1] >= ANSWER_WITHIN]
    assert late == [], f"{len(late)} of {len(answers)} health checks failed or were late: {late}"
    assert len(answers) >= SLOW_SECONDS * 2
