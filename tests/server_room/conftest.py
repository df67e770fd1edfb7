"""Fixtures for the server room as deployed: its TOML file, the room on real HTTP at a
port that survives a restart, and `infomat demo` as a newcomer starts it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.captive_portal.conftest import GATEWAY_NETWORKS, GATEWAYS
from tests.conftest import free_port, xvfb_display

DEMO_PASSWORD = "correct-horse-battery"


@pytest.fixture
def config_file(tmp_path, data_dir):
    """/etc/infomat/infomat.toml for the test's data dir, keys in it, the two test gateways."""
    gateways = "".join(
        "\n[[captive_portal.portal_gateways]]\n"
        + "".join(f"{key} = {json.dumps(value)}\n" for key, value in gateway.items())
        for gateway in GATEWAYS
    )
    path = tmp_path / "infomat.toml"
    path.write_text(
        f"[server_room]\ndata_dir = {json.dumps(str(data_dir))}\n"
        "[backoffice]\nsecure_cookies = false\n"
        f"[content_sync]\nsync_keys_dir = {json.dumps(str(data_dir / 'keys'))}\n"
        f"[captive_portal]\nportal_gateway_networks = {json.dumps(GATEWAY_NETWORKS)}\n" + gateways
    )
    return path


class Demo:
    """`infomat demo` started the way `make run` starts it: a relative data dir, in its own
    process group as a terminal's foreground job is, its output kept in a file."""

    def __init__(self, cwd: Path, port: int, env: dict[str, str], *options: str) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = cwd / "demo-output.txt"
        self.seen: set[int] = set()
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "-m", "server_room", "demo", "--data-dir", "data",
                 "--port", str(port), *options],
                cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def output(self) -> str:
        """Everything it printed so far."""
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 90.0) -> str:
        """The output once it contains `text`; fails if the demo exits or is too slow."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            assert self.process.poll() is None, f"demo exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"no {text!r} within {timeout} s:\n{self.output()}"
            time.sleep(0.05)
        return self.output()

    def wait_until_healthy(self, timeout: float = 90.0) -> None:
        """Returns once the server room answers /healthz."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, f"demo exited:\n{self.output()}"
            try:
                if requests.get(self.url + "/healthz", timeout=2).ok:
                    return
            except requests.RequestException:
                assert time.monotonic() < deadline, f"no /healthz within {timeout} s"
                time.sleep(0.2)

    def descendants(self) -> set[int]:
        """The PIDs of every process the demo started, and of theirs."""
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found, frontier = set(), {self.process.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
            found |= frontier
        self.seen |= found
        return found

    def stop(self) -> None:
        """SIGTERM to the demo and everything it started; SIGKILL to what is left."""
        pids = self.descendants() | self.seen  # and those orphaned by a demo that exited
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def running(pid: int) -> bool:
    """True while `pid` is a process that has not exited (a zombie has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def start_demo(tmp_path):
    """Factory: `infomat demo --data-dir data` in a fresh working directory; stopped after."""
    started = []

    def start(*options: str, **env: str) -> Demo:
        environ = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
        environ |= {"INFOMAT_DEMO_PASSWORD": DEMO_PASSWORD, **env}
        cwd = tmp_path / f"run-{len(started)}"
        cwd.mkdir()
        demo = Demo(cwd, free_port(), environ, *options)
        started.append(demo)
        return demo

    yield start
    for demo in started:
        demo.stop()


@pytest.fixture
def display(tmp_path) -> Iterator[dict[str, str]]:
    """An Xvfb display for the demo's kiosk window: the environment variables to use it."""
    with xvfb_display() as name:
        yield {"DISPLAY": name, "KIVY_HOME": str(tmp_path / "kivy-home")}
