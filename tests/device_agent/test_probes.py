"""The agent's probes measure this machine for real and never raise."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from device_agent.agent.probes import (
    DeviceProbe,
    _max_temperature,
    boot_id,
    file_age_seconds,
    nft_set_size,
    opennds_check,
    sync_check,
    system_sample,
    ui_on_screen,
    wan_probe,
)
from server_room.config import load_device


def test_the_system_sample_measures_this_machine(tmp_path):
    sample = system_sample(tmp_path / "not-yet-created")
    assert sample["uptime"] > 0 and len(sample["load"]) == 3
    assert 0 < sample["memory"]["percent"] < 100
    assert sample["disk"]["total"] > 0 and 0 <= sample["disk"]["percent"] <= 100
    assert 5_000_000 < sample["agent_rss"] < 500_000_000
    assert all(
        {"up", "bytes_sent", "bytes_recv"} <= set(nic) for nic in sample["interfaces"].values()
    )
    json.dumps(sample)


def test_a_broken_temperature_sensor_is_left_out_so_reports_are_not_refused():
    class Reading:
        def __init__(self, current):
            self.current = current

    class Sensors:
        """psutil's sensors_temperatures() as a machine with one broken sensor gives it."""

        @staticmethod
        def sensors_temperatures():
            return {
                "acpitz": [Reading(255.0)],
                "coretemp": [Reading(47.46), Reading(float("nan"))],
            }

    assert _max_temperature(Sensors) == 47.5


def test_the_boot_id_is_the_kernels():
    assert boot_id() == Path("/proc/sys/kernel/random/boot_id").read_text().strip()


def test_the_sync_check_reads_the_status_file_the_mirror_writes(tmp_path):
    assert sync_check(tmp_path)["last_error"] == "brak pliku stanu synchronizacji"
    success = datetime.fromtimestamp(time.time() - 120, UTC).isoformat()
    (tmp_path / "status.json").write_text(
        json.dumps({"version": 7, "last_success": success, "last_error": "offline: timeout"})
    )
    check = sync_check(tmp_path)
    assert check["version"] == 7 and 115 <= check["last_success_age"] <= 125
    assert check["last_error"] == "offline: timeout"
    (tmp_path / "status.json").write_text("{broken")
    assert sync_check(tmp_path)["version"] is None


def test_the_liveness_age_follows_the_file_the_kiosk_touches(tmp_path):
    alive = tmp_path / "ui-alive"
    assert file_age_seconds(alive) is None
    alive.touch()
    os.utime(alive, (time.time() - 42, time.time() - 42))
    assert 41 <= file_age_seconds(alive) <= 43


def test_what_the_kiosk_says_it_shows_is_read_and_anything_else_is_ignored(tmp_path):
    alive = tmp_path / "ui-alive"
    assert ui_on_screen(alive) == {}
    alive.write_text(json.dumps({"screen": "home", "alerts": [7, "x", True, 9], "snapshot": 12}))
    assert ui_on_screen(alive) == {"screen": "home", "alerts": [7, 9], "snapshot": 12}
    for hostile in ("", "not json", "[1, 2]", '{"alerts": "7", "snapshot": "12"}', "{" * 5000):
        alive.write_text(hostile)
        assert ui_on_screen(alive).get("alerts", []) == [], hostile


def test_a_missing_opennds_or_nft_is_reported_not_raised():
    assert opennds_check("/nonexistent/ndsctl") == {
        "alive": False,
        "clients": None,
        "error": "brak programu /nonexistent/ndsctl",
    }
    assert nft_set_size("not a spec")["clients"] is None


def test_the_wan_probe_times_a_real_request_and_reports_a_dead_uplink(live_server):
    session = requests.Session()
    assert wan_probe(session, live_server + "/healthz")["ok"] is True
    dead = wan_probe(session, "http://127.0.0.1:9/", timeout=1)
    assert dead == {"ok": False, "ms": None, "error": "brak połączenia"}


def test_a_kiosk_probe_reports_ui_liveness_and_a_hotspot_probe_its_portal(tmp_path, live_server):
    (tmp_path / "ui-alive").write_text('{"screen": "news", "alerts": [3], "snapshot": 4}')
    settings = load_device(None, agent_sync_dir=str(tmp_path), agent_kind="kiosk")
    kiosk = DeviceProbe(settings, requests.Session(), live_server + "/healthz").sample()
    assert kiosk["ui_liveness_age"] < 5 and "hotspot" not in kiosk
    assert kiosk["ui"] == {"screen": "news", "alerts": [3], "snapshot": 4}
    settings = load_device(None, agent_sync_dir=str(tmp_path), agent_kind="hotspot")
    hotspot = DeviceProbe(settings, requests.Session(), live_server + "/healthz").sample()
    assert "alive" in hotspot["hotspot"] and "ui_liveness_age" not in hotspot
    assert hotspot["wan"]["ok"] is True
