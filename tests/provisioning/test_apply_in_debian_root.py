"""`server.yml`, `kiosk.yml` and `hotspot.yml` applied for real into throwaway Debian 12
roots (made with debootstrap), then applied again: the second run must change nothing.

Slow (minutes: packages and wheels are downloaded), so it runs as `make provision-test`,
not in `make test`; it needs root, debootstrap and the Debian and PyPI mirrors.
"""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from tests.conftest import require
from tests.provisioning.debian_root import DebianRoot, remove_root

pytestmark = pytest.mark.provision


@pytest.fixture
def debian_root(tmp_path):
    require(os.geteuid() == 0, "root (chroot, mount)")
    require(shutil.which("debootstrap") is not None, "debootstrap (apt-get install debootstrap)")
    root = DebianRoot.fresh(tmp_path / "root")
    with root.mounted():
        yield root
    remove_root(root.path)


def apply_twice(root: DebianRoot, playbook: str, host: str, **extra_vars):
    started = time.monotonic()
    first = root.apply(playbook, host, extra_vars)
    assert first.returncode == 0 and first.failed == 0, first.output[-6000:]
    middle = time.monotonic()
    second = root.apply(playbook, host, extra_vars)
    assert second.returncode == 0, second.output[-6000:]
    assert second.changed == 0, f"changed the second time: {second.changed_tasks()}"
    print(
        f"\n{playbook}: first run {middle - started:.0f} s ({first.changed} changed), "
        f"second {time.monotonic() - middle:.0f} s (0 changed)"
    )
    return first


def assert_units_verify(root: DebianRoot, *units: str) -> None:
    """The units the playbook installed pass systemd's own check inside the root, where
    the programs they start exist for real."""
    paths = [f"/etc/systemd/system/{unit}" for unit in units]
    done = root.run("systemd-analyze", "verify", *paths, check=False)
    complaints = [line for line in done.stderr.splitlines() if any(u in line for u in units)]
    assert not complaints, done.stderr


def enabled(root: DebianRoot, unit: str) -> bool:
    return root.run("systemctl", "is-enabled", unit, check=False).stdout.strip() == "enabled"


def test_the_server_playbook_installs_the_server_room_and_a_second_run_changes_nothing(
    debian_root, trust_root
):
    debian_root.install_control_files(trust_root)
    apply_twice(debian_root, "server.yml", "infomat-server")
    cli = debian_root.run("/opt/infomat/venv/bin/infomat", "--help")
    assert "server" in cli.stdout and "backup" in cli.stdout
    assert debian_root.run("id", "-u", "infomat").returncode == 0
    settings = debian_root.path / "etc/infomat/infomat.toml"
    assert oct(settings.stat().st_mode & 0o777) == "0o640"
    for unit in ("infomat-server.service", "infomat-backup.timer", "nginx.service"):
        assert enabled(debian_root, unit), unit
    assert_units_verify(debian_root, "infomat-server.service", "infomat-backup.service")
    # The installed release serves its pages (templates and static files came with it).
    pages = debian_root.run(
        "/opt/infomat/venv/bin/python", "-c",
        "from server_room import create_app\n"
        "app = create_app({'DATA_DIR': '/tmp/room', 'SYNC_KEYS_DIR': '/tmp/room/keys'})\n"
        "client = app.test_client()\n"
        "for path in ('/login', '/admin-static/admin.css', '/portal/about'):\n"
        "    print(path, client.get(path).status_code)\n",
        check=False,
    )  # fmt: skip
    assert pages.stdout.split() == [
        "/login",
        "200",
        "/admin-static/admin.css",
        "200",
        "/portal/about",
        "200",
    ], pages.stdout + pages.stderr


def test_the_kiosk_playbook_installs_and_enrolls_a_kiosk_and_a_second_run_changes_nothing(
    debian_root, trust_root, live_server, data_dir, hub, content_db, tmp_path
):
    debian_root.install_control_files(trust_root)
    fleet = open_fleet_db(data_dir)
    code = registry.create_enrollment_code(fleet, "kiosk-04", "admin")
    # The root shares this machine's network: the server room on 127.0.0.1 stands in for
    # https://infomat.powiat.lublin.pl, the code for the vaulted one.
    apply_twice(
        debian_root,
        "kiosk.yml",
        "kiosk-04",
        infomat_server_url=live_server,
        infomat_device_enrollment_code=code,
    )
    credentials = debian_root.path / "var/lib/infomat-agent/credentials.json"
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"
    owner = debian_root.run("stat", "-c", "%U", "/var/lib/infomat-agent/credentials.json")
    assert owner.stdout.strip() == "infomat-agent"
    assert json.loads(credentials.read_text())["device_id"] == "kiosk-04"
    assert registry.device(fleet, "kiosk-04")["token_hash"]
    fleet.close()
    assert (
        f"INFOMAT_SERVER={live_server}" in (debian_root.path / "etc/infomat/sync.env").read_text()
    )
    groups = debian_root.run("id", "-nG", "kiosk").stdout.split()
    assert {"video", "input", "infomat-sync"} <= set(groups)
    assert (debian_root.path / "etc/infomat/root.json").read_bytes() == trust_root
    assert (debian_root.path / "usr/bin/xinit").exists()
    kivy = debian_root.run(
        "/opt/infomat/venv/bin/python", "-c",
        "import kivy, kiosk_ui.app\nfrom kiosk_ui.i18n import _\nprint(_('Warning', 'uk'))",
        check=False,
    )  # fmt: skip
    assert kivy.stdout.strip() == "Попередження", kivy.stdout + kivy.stderr  # its catalogs came
    sync_env = (debian_root.path / "etc/infomat/sync.env").read_text()
    assert "INFOMAT_CHANNELS=powiat,garbow" in sync_env
    for unit in ("infomat-sync.service", "infomat-agent.service", "infomat-kiosk.service"):
        assert enabled(debian_root, unit), unit
    assert_units_verify(
        debian_root, "infomat-sync.service", "infomat-agent.service", "infomat-kiosk.service"
    )
    # The provisioned kiosk syncs with its provisioned trust root, and its UI draws Home
    # (on an Xvfb installed for the test only: a real kiosk has its screen).
    hub.publish(content_db)
    infomat = "/opt/infomat/venv/bin/infomat"
    synced = debian_root.run(
        infomat, "sync", "--server", live_server, "--data-dir", "/var/lib/infomat-kiosk",
        "--channels", "powiat,garbow", "--root", "/etc/infomat/root.json", "--once", check=False,
    )  # fmt: skip
    assert synced.returncode == 0, synced.stdout + synced.stderr
    debian_root.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "xvfb", "xauth")
    shown = debian_root.run(
        "xvfb-run", "-a", "-s", "-screen 0 1080x1920x24", infomat, "kiosk",
        "--config", "/etc/infomat/infomat.toml", "--windowed", "--screenshot", "/root/home.png",
        check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stdout[-3000:] + shown.stderr[-3000:]
    png = (debian_root.path / "root/home.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert (int.from_bytes(png[16:20]), int.from_bytes(png[20:24])) == (1080, 1920)
    (tmp_path / "provisioned-kiosk-home.png").write_bytes(png)  # kept for a look


def test_the_hotspot_playbook_configures_opennds_and_a_second_run_changes_nothing(
    debian_root, trust_root
):
    debian_root.install_control_files(trust_root)
    apply_twice(debian_root, "hotspot.yml", "hotspot-04", infomat_faskey="vaulted-faskey-04")
    conf = (debian_root.path / "etc/opennds/opennds.conf").read_text()
    assert "gatewayname hotspot-04" in conf and "faskey vaulted-faskey-04" in conf
    assert "fasremotefqdn infomat.powiat.lublin.pl" in conf
    assert oct((debian_root.path / "etc/opennds/opennds.conf").stat().st_mode & 0o777) == "0o600"
    assert (debian_root.path / "usr/lib/infomat/binauth_infomat.sh").stat().st_mode & 0o111
    for unit in ("opennds.service", "infomat-agent.service"):
        assert enabled(debian_root, unit), unit
    assert_units_verify(debian_root, "infomat-agent.service")
