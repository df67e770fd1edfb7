"""Shared fixtures: a demo-county data dir, the app, logged-in clients, a live server."""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from werkzeug.serving import make_server

from backoffice.db import open_accounts_db
from backoffice.users import add_user
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from content_sync.signing import KeyStore, Repository
from server_room import create_app

PASSWORD = "correct-horse-battery"
# username → (role, office)
USERS = {
    "admin": ("county-admin", None),
    "ed-garbow": ("editor", "garbow"),
    "ed-konopnica": ("editor", "konopnica"),
    "ed-powiat": ("editor", "powiat"),
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NAMESPACE_HELPERS = {"tests.captive_portal.netns", "tests.e2e.county"}


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def in_ci() -> bool:
    """True when the CI variable says so (true, 1 or yes, in any case)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require(condition: bool, what: str) -> None:
    """Skip when a prerequisite is missing, but fail under CI, where it must be there.

    Every prerequisite of the suite (tools, browsers, root, modules) goes through here.
    """
    if condition:
        return
    if in_ci():
        pytest.fail(f"missing prerequisite in CI: {what}")
    pytest.skip(f"missing prerequisite: {what}")


def require_module(name: str, what: str) -> ModuleType:
    """The module `name`, imported; missing, it is a prerequisite `require` reports."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require(False, what)


@contextlib.contextmanager
def xvfb_display() -> Iterator[str]:
    """A virtual screen (Xvfb, 1920×1920) for as long as the block runs: its DISPLAY value."""
    require(shutil.which("Xvfb") is not None, "Xvfb (apt package xvfb)")
    xvfb = subprocess.Popen(  # noqa: S603 - a fixed program
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1920x1920x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f":{xvfb.stdout.readline().decode().strip()}"
    finally:
        xvfb.terminate()
        xvfb.wait(5)
        xvfb.stdout.close()


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    """Kivy, imported by test modules as they are collected, leaves the root logger alone
    and keeps its files in the worker's own home (not ~/.kivy, shared by parallel workers).
    In its own log mode it put its handlers on the root logger at level NOTSET: every later
    test wrote every library's debug lines to its stderr, and a forked sync under a 64 KB
    file-size limit died writing them. The variables end with the collection, so programs
    the tests start (the kiosk) log their own way."""
    kivy = {
        "KIVY_LOG_MODE": "PYTHON",
        "KIVY_HOME": str(session.config._tmp_path_factory.mktemp("kivy-home")),
    }
    saved = {name: os.environ.get(name) for name in kivy}
    os.environ.update(kivy)
    try:
        return (yield)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items) -> None:
    """Under `--dist loadgroup` (make test) the tests of a module with module-scoped
    fixtures go to one worker, so that those fixtures (a browser's pages) are built once.
    The tests that build hotspots or the county in namespaces run one after another on
    one worker: each starts a dozen programs on one-second timers, and run by four workers
    on a loaded two-core machine, agents missed their beats and a phone got no redirect."""
    for item in items:
        definitions = getattr(item, "_fixtureinfo", None)
        if definitions and any(
            d.scope == "module" for defs in definitions.name2fixturedefs.values() for d in defs
        ):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
        if uses_namespaces(getattr(item, "module", None)):
            item.add_marker(pytest.mark.xdist_group("namespaces"))


def uses_namespaces(module: ModuleType | None) -> bool:
    """Whether a test module builds hotspots or the county with the namespace helpers."""
    names = vars(module).values() if module else ()
    return any(getattr(value, "__module__", "") in NAMESPACE_HELPERS for value in names)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A data dir with the demo county, signing keys and the test users, built once."""
    path = tmp_path_factory.mktemp("demo-template")
    Repository(path / "sync", KeyStore(path / "keys")).init()
    db = open_content_db(path)
    load_demo_county(db)
    db.close()
    accounts = open_accounts_db(path)
    for username, (role, office) in USERS.items():
        add_user(accounts, username, PASSWORD, role, office)
    accounts.close()
    return path


@pytest.fixture
def data_dir(tmp_path, demo_template) -> Path:
    """A fresh copy of the demo data dir for one test."""
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def make_app(data_dir):
    """Factory: the server-room app over the test's data dir, with any further settings."""

    def make(**settings):
        return create_app(
            {
                "DATA_DIR": str(data_dir),
                "SYNC_KEYS_DIR": str(data_dir / "keys"),
                "SECURE_COOKIES": False,
                "TESTING": True,
                **settings,
            }
        )

    return make


@pytest.fixture
def app(make_app):
    """The server-room app over the test's data dir."""
    return make_app()


@pytest.fixture
def client(app):
    """An anonymous browser."""
    return app.test_client()


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token a page of the app gives this client's session."""
    match = _CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, username: str, password: str = PASSWORD):
    """Log `client` in through the real form; returns the response."""
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


@pytest.fixture
def login(app):
    """Factory: a new client logged in as the given test user."""

    def make(username: str):
        new_client = app.test_client()
        response = log_in(new_client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return new_client

    return make


@pytest.fixture
def live_server(app):
    """The app on real HTTP at 127.0.0.1 (an ephemeral port), for browsers and fuzzers."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def content_db(data_dir):
    """A connection to the test's content.db."""
    db = open_content_db(data_dir)
    yield db
    db.close()


@pytest.fixture
def hub(app):
    """The app's signing hub."""
    return app.extensions["infomat_hub"]


@pytest.fixture
def trust_root(data_dir) -> bytes:
    """The hub's first root, as provisioning puts it on a device."""
    return (data_dir / "sync" / "metadata" / "1.root.json").read_bytes()


@pytest.fixture
def make_device(tmp_path, trust_root):
    """Factory: a Mirror for a kiosk of `channels`, pointed at `server` (a URL)."""
    from content_sync.mirror import Mirror

    def make(server: str, channels=("powiat", "garbow"), name="kiosk", **kwargs) -> Mirror:
        mirror = Mirror(tmp_path / name, server, list(channels), timeout=5, **kwargs)
        mirror.install_root(trust_root)
        return mirror

    return make
