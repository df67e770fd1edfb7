"""Fixtures for the agent and the collector: a live server room whose port survives a
restart, enrolled devices, real agents, and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from email.header import decode_header, make_header
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from device_agent.agent.credentials import Credentials, enroll
from device_agent.agent.runner import Agent
from device_agent.agent.sender import Sender
from device_agent.agent.spool import Spool
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from device_agent.collector.reports import store_batch
from server_room import create_app
from tests.conftest import free_port


class Collector:
    """The server room on real HTTP at a fixed port, which can be stopped and started."""

    def __init__(self, app, port: int) -> None:
        self.app = app
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._server = None
        self._thread = None

    def start(self) -> Collector:
        """Serve (again) on the same port."""
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: devices get connection refused."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None


@pytest.fixture
def fleet_config(data_dir) -> dict:
    """Server-room settings with a fast fleet: 1 s intervals, offline after 3."""
    return {
        "DATA_DIR": str(data_dir),
        "SYNC_KEYS_DIR": str(data_dir / "keys"),
        "SECURE_COOKIES": False,
        "TESTING": True,
        "FLEET_INTERVAL_SECONDS": 1.0,
        "FLEET_WATCH_SECONDS": 0.3,
        "FLEET_DIGEST_HOUR": -1,
    }


@pytest.fixture
def fleet_app(fleet_config):
    """The server-room app with the fast fleet settings."""
    return create_app(fleet_config)


@pytest.fixture
def collector(fleet_app):
    """The fleet app on real HTTP; stopped at the end."""
    server = Collector(fleet_app, free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def fleet_db(fleet_app, data_dir):
    """A connection to the test's fleet.db, its registry filled by the app."""
    db = open_fleet_db(data_dir)
    yield db
    db.close()


@pytest.fixture
def enroll_device(collector, fleet_db, tmp_path):
    """Factory: enroll `device_id` through the real API; returns its credentials."""

    def make(device_id: str = "hotspot-04") -> Credentials:
        code = registry.create_enrollment_code(fleet_db, device_id, "admin")
        credentials = enroll(collector.url, code)
        credentials.save(tmp_path / "agents" / device_id)
        return credentials

    return make


class FixedProbe:
    """A probe that reports given values (a hotspot on a test machine has no openNDS)."""

    def __init__(self, kind: str = "hotspot", boot: str = "boot-a", **values) -> None:
        self.kind = kind
        self.boot = boot
        self.values = values
        self.samples = 0

    def boot_id(self) -> str:
        return self.boot

    def sample(self) -> dict:
        self.samples += 1
        report = {
            "kind": self.kind,
            "n": self.samples,
            "system": {"cpu_percent": 5.0, "memory": {"percent": 30.0}, "disk": {"percent": 40.0}},
            "sync": {"version": 3, "last_success_age": 10, "last_error": None},
            "wan": {"ok": True, "ms": 3.0},
            "hotspot": {"alive": True, "clients": 4},
        }
        return report | self.values


class RecordingActions:
    """Actuators that record what they were asked to do."""

    def __init__(self) -> None:
        self.ran: list[tuple[str, dict]] = []

    def run(self, verb: str, arguments: dict, command_id: str) -> dict:
        self.ran.append((verb, arguments))
        if verb == "screenshot":
            from tests.device_agent.images import tiny_png

            return {"detail": "taken", "png": tiny_png()}
        return {"detail": f"did {verb}"}


@pytest.fixture
def make_agent(tmp_path):
    """Factory: an Agent with a fixed probe and recording actuators over real HTTP."""

    def make(credentials: Credentials, kind="hotspot", max_bytes=5_000_000, **probe_values):
        directory = tmp_path / "agents" / credentials.device_id
        spool = Spool(directory / "spool.db", max_age_seconds=86_400, max_bytes=max_bytes)
        sender = Sender(requests.Session(), credentials, spool, timeout=3, batch=20)
        return Agent(kind, FixedProbe(kind, **probe_values), spool, sender, RecordingActions(), 1.0)

    return make


class Inbox:
    """What a real SMTP server (aiosmtpd) received: every message, kept in order."""

    def __init__(self) -> None:
        self.messages = []
        self.port = 0

    def handle_message(self, message) -> None:
        self.messages.append(message)

    def subjects(self) -> list[str]:
        """The decoded subjects of every message so far."""
        return [str(make_header(decode_header(m["Subject"]))) for m in self.messages]

    def body(self, subject: str) -> str:
        """The text of the first message with this subject."""
        index = self.subjects().index(subject)
        return self.messages[index].get_payload(decode=True).decode()


@contextmanager
def smtp_inbox(hostname: str = "127.0.0.1"):
    """A real SMTP server listening on `hostname`, yielding its Inbox."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Handler(Message):
        def handle_message(self, message):
            inbox.handle_message(message)

    inbox = Inbox()
    controller = Controller(Handler(), hostname=hostname, port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it gets."""
    with smtp_inbox() as inbox:
        yield inbox


def wait_for(predicate, timeout: float = 20.0, step: float = 0.1):
    """Poll `predicate` until it returns something true; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not true within {timeout} s: {predicate}")


def agent_dir(tmp_path: Path, device_id: str) -> Path:
    """Where the fixtures keep a device's agent files."""
    return tmp_path / "agents" / device_id


def put_report(db, device_id, now, seq=1, **values):
    """Store one report of `device_id` sampled at `now`, as the ingest would."""
    report = {
        "boot_id": "boot-a",
        "seq": seq,
        "sampled_at": now,
        "system": {"disk": {"percent": 40.0}, "temperature_c": 45.0},
        "sync": {"version": 3, "last_success_age": 60},
        "wan": {"ok": True},
        "hotspot": {"alive": True, "clients": 3},
        "ui_liveness_age": 2.0,
    } | values
    store_batch(
        db,
        {"id": device_id},
        {"device_id": device_id, "sent_at": now, "reports": [report]},
        now,
        86_400,
    )
