"""The `infomat` command: users, feed import, and the demo as a real process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from server_room.cli import infomat
from tests.conftest import free_port

COMMANDS = {"agent", "backup", "demo", "enroll", "import-feeds", "keys", "kiosk", "portal",
            "restore", "server", "sync", "users"}  # fmt: skip


@pytest.fixture
def runner():
    return CliRunner()


def test_users_are_added_listed_and_disabled(runner, data_dir):
    args = ["--data-dir", str(data_dir)]
    added = runner.invoke(
        infomat,
        ["users", "add", "jan.nowak", "--role", "editor", "--office", "niemce", *args],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert added.exit_code == 0, added.output
    assert runner.invoke(infomat, ["users", "disable", "jan.nowak", *args]).exit_code == 0
    listing = runner.invoke(infomat, ["users", "list", *args]).output
    assert re.search(r"jan\.nowak\s+editor\s+niemce\s+disabled", listing)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--office", "atlantis"], "nie ma kanału urzędu 'atlantis'"),
        (["--role", "editor"], "przypisany urząd"),
    ],
)
def test_bad_user_requests_get_a_one_line_error_not_a_traceback(runner, data_dir, extra, message):
    result = runner.invoke(
        infomat,
        ["users", "add", "ola", *extra, "--data-dir", str(data_dir)],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_a_broken_config_file_is_reported_in_one_line(runner, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[server_room]\ndata_dri = '/x'\n")
    result = runner.invoke(infomat, ["users", "list", "--config", str(config)])
    assert result.exit_code == 1
    assert "unknown setting(s) ['data_dri']" in result.output


def test_import_feeds_reports_each_feed_and_fails_when_one_is_skipped(runner, data_dir, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(
        f'[server_room]\ndata_dir = "{data_dir}"\n'
        '[[content_sync.feeds]]\nchannel = "garbow"\nurl = "http://127.0.0.1:9/none.xml"\n'
    )
    result = runner.invoke(infomat, ["import-feeds", "--config", str(config)])
    assert result.exit_code == 1
    assert "SKIPPED garbow" in result.output


def test_the_demo_creates_its_data_dir_prints_a_password_and_serves(tmp_path):
    data = tmp_path / "new" / "county"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "INFOMAT_DEMO_PASSWORD"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server_room",
            "demo",
            "--data-dir",
            str(data),
            "--port",
            str(port),
            "--no-kiosk",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "Ctrl+C stops the demo" in line or proc.poll() is not None:
                break
        output = "".join(lines)
        password = re.search(r"Password\s+(\S+)", output).group(1)
        for _ in range(100):
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        session = requests.Session()
        login_page = session.get(f"http://127.0.0.1:{port}/login", timeout=5).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
        response = session.post(
            f"http://127.0.0.1:{port}/login",
            data={"username": "admin", "password": password, "csrf_token": token},
            timeout=5,
        )
        assert "Panel redakcji" in response.text
        assert (Path(data) / "content.db").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        proc.stdout.close()


def test_keys_init_refuses_to_overwrite_an_existing_root(runner, data_dir):
    result = runner.invoke(
        infomat, ["keys", "init", "--data-dir", str(data_dir), "--keys-dir", str(data_dir / "k")]
    )
    assert result.exit_code == 1 and "already has a root" in result.output


def test_keys_rotate_names_the_new_root_version(runner, data_dir):
    result = runner.invoke(
        infomat,
        [
            "keys",
            "rotate",
            "--role",
            "timestamp",
            "--data-dir",
            str(data_dir),
            "--keys-dir",
            str(data_dir / "keys"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "root version 2" in result.output


def test_sync_needs_exactly_one_of_once_and_every(runner, tmp_path):
    result = runner.invoke(
        infomat, ["sync", "--server", "http://127.0.0.1:9", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2 and "exactly one of --once or --every" in result.output


def test_sync_without_a_trust_root_exits_3_and_says_how_to_fix_it(runner, tmp_path):
    result = runner.invoke(
        infomat,
        ["sync", "--server", "http://127.0.0.1:9", "--data-dir", str(tmp_path), "--once"],
    )
    assert result.exit_code == 3
    status = (tmp_path / "status.json").read_text()
    assert "install it with --root FILE" in status


def test_sync_refuses_a_root_file_that_is_not_one(runner, tmp_path):
    bogus = tmp_path / "root.json"
    bogus.write_text("{}")
    result = runner.invoke(
        infomat,
        [
            "sync",
            "--server",
            "http://127.0.0.1:9",
            "--data-dir",
            str(tmp_path / "d"),
            "--root",
            str(bogus),
            "--once",
        ],
    )
    assert result.exit_code == 1 and "not a TUF root file" in result.output


def listed_commands(help_output: str) -> dict[str, str]:
    """The "Commands:" section of a --help page as {name: one-line summary}."""
    section = help_output.split("\nCommands:\n", 1)[1]
    return dict(re.findall(r"^  (\S+) +(\S.*)$", section, re.MULTILINE))


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ([], COMMANDS),
        (["users"], {"add", "list", "disable", "passwd"}),
        (["keys"], {"init", "rotate"}),
    ],
    ids=["infomat", "users", "keys"],
)
def test_help_lists_exactly_the_commands_each_installed_with_a_summary(runner, group, expected):
    result = runner.invoke(infomat, [*group, "--help"])
    assert result.exit_code == 0, result.output
    listed = listed_commands(result.output)
    assert set(listed) == expected
    assert not [name for name, summary in listed.items() if "not installed here" in summary]
