"""Backups: consistent while the server writes, generations kept, restore verified."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
import threading
import time

import pytest
import requests
from click.testing import CliRunner
from PIL import Image

from captive_portal.db import mac_salt, open_portal_db
from captive_portal.texts import TEXTS
from content_sync.localstore import read_current
from device_agent.agent.credentials import enroll
from device_agent.agent.sender import Sender
from device_agent.agent.spool import Spool
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from server_room import create_app
from server_room.backup import BackupError, backup, generations, restore
from server_room.cli import infomat
from server_room.config import load
from tests.captive_portal.conftest import fas_fields, level1
from tests.conftest import PASSWORD, free_port, require
from tests.content_sync.sync_helpers import titles
from tests.device_agent.conftest import Collector

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def rows(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM items").fetchone()[0]


def test_a_backup_taken_while_a_writer_works_is_consistent(data_dir, tmp_path):
    stop = threading.Event()

    def writer():
        db = sqlite3.connect(data_dir / "content.db", timeout=15)
        db.execute("CREATE TABLE IF NOT EXISTS churn (n INTEGER, pad TEXT)")
        n = 0
        while not stop.is_set():
            with db:
                db.execute("INSERT INTO churn VALUES (?, ?)", [n, "x" * 500])
            n += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.2)
        generation = backup(data_dir, data_dir / "keys", tmp_path / "backups", keep=3)
    finally:
        stop.set()
        thread.join()
    copy = sqlite3.connect(generation / "content.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    numbers = [n for (n,) in copy.execute("SELECT n FROM churn ORDER BY n")]
    assert numbers == list(range(len(numbers)))  # a prefix: no torn transaction
    assert (generation / "keys").is_dir() and (generation / "sync").is_dir()


def test_only_the_newest_generations_are_kept(data_dir, tmp_path):
    made = []
    for _ in range(4):
        made.append(backup(data_dir, data_dir / "keys", tmp_path / "b", keep=2))
        time.sleep(1.05)  # generations are named by the second
    assert generations(tmp_path / "b") == made[-2:]


def editor_session(url: str, username: str = "ed-garbow") -> requests.Session:
    """A browser logged in through the real form."""
    browser = requests.Session()
    answer = browser.post(
        f"{url}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": form_token(browser, url)},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    assert not answer.headers["Location"].startswith("/login")
    return browser


def form_token(browser: requests.Session, url: str, path: str = "/login") -> str:
    """The CSRF token a page gives this browser's session."""
    return CSRF.search(browser.get(f"{url}{path}", timeout=10).text).group(1)


def publish_news(browser: requests.Session, url: str, title: str, photo: bytes | None = None):
    """Write and publish a news item in Garbów through the editor, as an editor does."""
    form = {"title.pl": title, "body.pl": "Treść", "channel": "garbow", "image_alt.pl": "Plac"}
    form["csrf_token"] = form_token(browser, url, "/editor/")
    files = {"image": ("zdjecie.jpg", photo, "image/jpeg")} if photo else None
    made = browser.post(
        f"{url}/editor/news/new", data=form, files=files, allow_redirects=False, timeout=30
    )
    assert made.status_code == 302, made.text
    edit = made.headers["Location"]
    published = browser.post(
        f"{url}{edit.removesuffix('edit')}publish",
        data={"csrf_token": form["csrf_token"]},
        allow_redirects=False,
        timeout=30,
    )
    assert published.status_code == 302


def photo() -> bytes:
    """A JPEG big enough for the editor to accept."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def consent(url: str, session: str) -> str:
    """A phone accepting the Wi-Fi terms in an openNDS session at Garbów's hotspot:
    "accepted" now, "accepted before" when the splash says the session is connected
    already, else what went wrong."""
    phone = requests.Session()
    query = level1(fas_fields(hid=hashlib.sha256(session.encode()).hexdigest()))
    splash = phone.get(f"{url}/portal/", params=query, timeout=10)
    token = CSRF.search(splash.text)
    if token is None:
        connected = splash.status_code == 200 and TEXTS["pl"]["connected"] in splash.text
        return "accepted before" if connected else f"splash {splash.status_code}"
    data = {**query, "lang": "pl", "csrf_token": token.group(1)}
    answer = phone.post(f"{url}/portal/consent", data=data, timeout=10)
    return "accepted" if answer.status_code == 200 else f"consent {answer.status_code}"


def report(sender: Sender, spool: Spool) -> int:
    """One health report of the device, sent by the agent's own spool and sender."""
    spool.add("boot-a", {"sampled_at": time.time(), "system": {"disk": {"percent": 40.0}}})
    return sender.drain().sent


def served_room(config_file, port: int) -> Collector:
    """The server room as `infomat server` builds it from its TOML file, on `port`."""
    return Collector(create_app(load(config_file) | {"TESTING": True}), port).start()


def run_infomat(*args: str) -> str:
    """Run the real `infomat` command; its output."""
    done = CliRunner().invoke(infomat, list(args))
    assert done.exit_code == 0, done.output
    return done.output


def test_a_wiped_data_dir_comes_back_whole_from_a_backup(
    config_file, data_dir, tmp_path, make_device
):
    room = served_room(config_file, free_port())
    url = room.url
    spool = Spool(tmp_path / "agent" / "spool.db", max_age_seconds=86_400, max_bytes=1_000_000)
    try:
        editor = editor_session(url)
        publish_news(editor, url, "Przed kopią", photo())
        media = {p.name: p.read_bytes() for p in (data_dir / "media").iterdir()}
        assert media
        fleet = open_fleet_db(data_dir)
        credentials = enroll(url, registry.create_enrollment_code(fleet, "kiosk-04", "admin"))
        fleet.close()
        sender = Sender(requests.Session(), credentials, spool, timeout=5)
        assert report(sender, spool) == 1
        assert consent(url, "hid-before") == "accepted"
        kiosk = make_device(url)
        assert kiosk.sync_once()[0] == 0
        version = read_current(tmp_path / "kiosk").version
        # taken while the server room runs, as the nightly timer does
        run_infomat("backup", "--config", str(config_file), "--to", str(tmp_path / "backups"))
    finally:
        room.stop()
    shutil.rmtree(data_dir)
    generation = generations(tmp_path / "backups")[-1]
    run_infomat("restore", "--config", str(config_file), "--from", str(generation))
    room = served_room(config_file, room.port)
    try:
        # the session cookie from before the backup still opens the editors' panel
        assert editor.get(f"{url}/editor/", allow_redirects=False, timeout=10).status_code == 200
        editor_session(url, "ed-konopnica")  # passwords came back with the accounts
        for name, content in media.items():
            assert requests.get(f"{url}/media/{name}", timeout=10).content == content
        assert report(sender, spool) == 1  # the device's token still works
        fleet = open_fleet_db(data_dir)
        assert fleet["reports"].count_where("device_id = ?", ["kiosk-04"]) == 2
        fleet.close()
        assert consent(url, "hid-before") == "accepted before"  # its consent came back
        assert consent(url, "hid-after") == "accepted"
        portal = open_portal_db(data_dir)
        hashes = {row["mac_hash"] for row in portal["consents"].rows}
        portal.close()
        assert len(hashes) == 1  # the same phone, counted as one: the MAC salt came back
        publish_news(editor, url, "Po odtworzeniu")
        assert kiosk.sync_once()[0] == 0  # no new trust root, no new enrollment
        snapshot = read_current(tmp_path / "kiosk")
        assert snapshot.version > version
        assert {"Przed kopią", "Po odtworzeniu"} <= titles(snapshot)
    finally:
        room.stop()
        spool.close()


def test_a_damaged_generation_is_refused_and_nothing_is_replaced(data_dir, tmp_path):
    generation = backup(data_dir, data_dir / "keys", tmp_path / "b", keep=1)
    with open(generation / "content.db", "r+b") as fh:
        fh.seek(200)
        fh.write(b"\xde\xad" * 50)
    current = (data_dir / "content.db").read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        restore(generation, data_dir, data_dir / "keys")
    assert (data_dir / "content.db").read_bytes() == current


def files_of(directory) -> dict:
    """Every file under `directory` with its bytes."""
    return {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


@pytest.mark.parametrize("part", ["secret_key", "portal_mac_salt", "keys", "sync", "media"])
@pytest.mark.parametrize("harm", ["damaged", "missing"])
def test_a_generation_with_any_part_damaged_or_missing_is_refused_and_nothing_is_replaced(
    app, data_dir, tmp_path, part, harm
):
    mac_salt(data_dir, "")
    (data_dir / "media").mkdir()
    (data_dir / "media" / f"{'ab' * 32}.jpg").write_bytes(b"a photo")
    generation = backup(data_dir, data_dir / "keys", tmp_path / "b", keep=1)
    target = generation / part
    if harm == "missing":
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    else:
        victim = (
            target if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())[0]
        )
        victim.write_bytes(b"rotten" + victim.read_bytes())
    before = files_of(data_dir)
    with pytest.raises(BackupError, match="missing or damaged"):
        restore(generation, data_dir, data_dir / "keys")
    assert files_of(data_dir) == before


def test_a_restore_run_as_root_gives_the_files_back_to_the_server_rooms_user(
    app, data_dir, tmp_path
):
    require(os.geteuid() == 0, "root, to own files as another user")
    nobody = 65534  # the server room runs as its own user, not as root
    for path in [data_dir, *data_dir.rglob("*")]:
        os.lchown(path, nobody, nobody)
    generation = backup(data_dir, data_dir / "keys", tmp_path / "b", keep=1)
    shutil.rmtree(data_dir)
    restore(generation, data_dir, data_dir / "keys")
    restored = [data_dir, *data_dir.rglob("*")]
    assert {(p.lstat().st_uid, p.lstat().st_gid) for p in restored} == {(nobody, nobody)}


def test_the_commands_back_up_and_restore_with_clear_messages(data_dir, tmp_path):
    runner = CliRunner()
    made = runner.invoke(
        infomat, ["backup", "--data-dir", str(data_dir), "--to", str(tmp_path / "b")]
    )
    assert made.exit_code == 0, made.output
    generation = generations(tmp_path / "b")[-1]
    back = runner.invoke(
        infomat, ["restore", "--data-dir", str(data_dir), "--from", str(generation)]
    )
    assert back.exit_code == 0 and "restored content.db" in back.output
    wrong = runner.invoke(
        infomat, ["restore", "--data-dir", str(data_dir), "--from", str(tmp_path)]
    )
    assert wrong.exit_code == 1 and "is not a backup generation" in wrong.output
