"""Alerts by e-mail (a real aiosmtpd server) and webhook: a real agent process stopped
and restarted, deduplication, recovery notices, muting, thresholds, the daily digest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from captive_portal import online
from captive_portal.db import open_portal_db, record_consent
from device_agent.collector.alerts import evaluate
from device_agent.collector.digest import send_digest_if_due
from device_agent.collector.fleet_state import Limits, load_states
from device_agent.collector.notify import Notifier
from device_agent.collector.watcher import FleetWatcher, make_mute
from tests.device_agent.conftest import agent_dir, put_report, wait_for

NOW = datetime(2026, 11, 25, 10, 0).timestamp()  # a Wednesday, offices open
LIMITS = Limits(interval=60, offline_after_intervals=3)


def mail_config(fleet_app, smtp_server, **extra) -> dict:
    return (
        dict(fleet_app.config)
        | {
            "FLEET_SMTP_HOST": "127.0.0.1",
            "FLEET_SMTP_PORT": smtp_server.port,
            "FLEET_ALERT_EMAILS": ["it@powiat.example"],
        }
        | extra
    )


def test_a_stopped_agent_process_brings_an_offline_mail_and_its_restart_a_recovery(
    collector, enroll_device, fleet_app, smtp_server, tmp_path
):
    enroll_device("hotspot-04")
    config = tmp_path / "agent.toml"
    config.write_text(
        "[device_agent]\n"
        f'agent_data_dir = "{agent_dir(tmp_path, "hotspot-04")}"\n'
        'agent_kind = "hotspot"\n'
        f'agent_sync_dir = "{tmp_path / "sync"}"\n'
        "agent_interval_seconds = 1.0\n"
    )
    command = [sys.executable, "-m", "server_room", "agent", "--config", str(config)]
    watcher = FleetWatcher(mail_config(fleet_app, smtp_server)).start()
    agent = subprocess.Popen(command, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        offline = "[Infomat] hotspot-04: nie działa"
        recovered = "[Infomat] hotspot-04: znów w porządku (nie działa)"
        wait_for(lambda: any("hotspot-04" in s for s in smtp_server.subjects()), timeout=30)
        assert offline not in smtp_server.subjects()
        agent.send_signal(signal.SIGTERM)
        assert agent.wait(15) == 0
        wait_for(lambda: offline in smtp_server.subjects(), timeout=30)
        assert "agent zatrzymany poprawnie" in smtp_server.body(offline)
        assert smtp_server.messages[0]["To"] == "it@powiat.example"
        agent = subprocess.Popen(command, stderr=subprocess.DEVNULL)  # noqa: S603
        wait_for(lambda: recovered in smtp_server.subjects(), timeout=30)
        assert smtp_server.subjects().count(offline) == 1
    finally:
        watcher.stop()
        agent.terminate()
        agent.wait(15)


def run(db, notifier, now, mute=lambda _d, _t: False):
    return evaluate(db, load_states(db, now, LIMITS), notifier, mute, now)


def test_a_problem_is_told_once_and_its_recovery_once(fleet_db, fleet_app, smtp_server):
    notifier = Notifier(mail_config(fleet_app, smtp_server))
    put_report(fleet_db, "hotspot-04", NOW - 1000)
    assert run(fleet_db, notifier, NOW) == ["[Infomat] hotspot-04: nie działa"]
    assert run(fleet_db, notifier, NOW + 60) == []
    put_report(fleet_db, "hotspot-04", NOW + 120, seq=2)
    assert run(fleet_db, notifier, NOW + 120) == [
        "[Infomat] hotspot-04: znów w porządku (nie działa)"
    ]
    assert run(fleet_db, notifier, NOW + 180) == []
    assert len(smtp_server.messages) == 2


def test_thresholds_raise_their_own_problems(fleet_db, fleet_app, smtp_server):
    notifier = Notifier(mail_config(fleet_app, smtp_server))
    put_report(
        fleet_db,
        "kiosk-04",
        NOW,
        system={"disk": {"percent": 97.0}, "temperature_c": 91.0},
        sync={"version": 3, "last_success_age": 30 * 3600, "last_error": "offline: timeout"},
        ui_liveness_age=600.0,
    )
    sent = run(fleet_db, notifier, NOW)
    assert sorted(sent) == sorted(
        f"[Infomat] kiosk-04: {title}"
        for title in (
            "pełny dysk",
            "za wysoka temperatura",
            "brak synchronizacji treści",
            "aplikacja kiosku nie odpowiada",
        )
    )


def test_a_maintenance_window_mutes_alerts_and_nothing_is_told_when_it_ends_fixed(
    fleet_db, fleet_app, smtp_server
):
    notifier = Notifier(mail_config(fleet_app, smtp_server))
    mute = make_mute(
        [{"start": "2026-11-25T10:00", "end": "2026-11-25T12:00", "devices": ["hotspot-04"]}], {}
    )
    put_report(fleet_db, "hotspot-04", NOW - 1000)
    put_report(fleet_db, "hotspot-05", NOW - 1000)
    assert run(fleet_db, notifier, NOW, mute) == ["[Infomat] hotspot-05: nie działa"]
    put_report(fleet_db, "hotspot-04", NOW + 60, seq=2)
    assert run(fleet_db, notifier, NOW + 60, mute) == []


def test_a_kiosk_down_outside_office_hours_is_told_when_the_office_opens(
    fleet_db, fleet_app, smtp_server
):
    notifier = Notifier(mail_config(fleet_app, smtp_server))
    hours = {day: [["08:00", "16:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    mute = make_mute([], {"garbow": (hours, [])})
    night = datetime(2026, 11, 25, 22, 0).timestamp()
    put_report(fleet_db, "kiosk-04", night - 1000)
    assert run(fleet_db, notifier, night, mute) == []
    morning = datetime(2026, 11, 26, 8, 5).timestamp()
    assert run(fleet_db, notifier, morning, mute) == ["[Infomat] kiosk-04: nie działa"]


def test_alerts_also_go_to_a_webhook_as_json(fleet_db, fleet_app):
    received = []

    @Request.application
    def hook(request):
        received.append(json.loads(request.get_data()))
        return Response("ok")

    server = make_server("127.0.0.1", 0, hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        notifier = Notifier(
            dict(fleet_app.config)
            | {"FLEET_WEBHOOK_URL": f"http://127.0.0.1:{server.server_port}/"}
        )
        put_report(fleet_db, "hotspot-04", NOW - 1000)
        run(fleet_db, notifier, NOW)
    finally:
        server.shutdown()
    assert received == [
        {
            "event": "problem",
            "device": "hotspot-04",
            "kind": "offline",
            "detail": "brak raportów: zasilanie, sieć albo agent",
            "since": NOW,
        }
    ]


def test_an_undelivered_alert_is_tried_again(fleet_db, fleet_app, smtp_server):
    broken = Notifier(mail_config(fleet_app, smtp_server, FLEET_SMTP_PORT=1))
    put_report(fleet_db, "hotspot-04", NOW - 1000)
    assert run(fleet_db, broken, NOW) == []
    working = Notifier(mail_config(fleet_app, smtp_server))
    assert run(fleet_db, working, NOW + 30) == ["[Infomat] hotspot-04: nie działa"]


def test_offline_reasons_tell_a_dead_uplink_and_a_whole_site_apart(fleet_db):
    put_report(fleet_db, "hotspot-04", NOW - 1000, wan={"ok": False, "error": "ConnectTimeout"})
    put_report(fleet_db, "kiosk-01", NOW - 1000)
    put_report(fleet_db, "hotspot-01", NOW - 990)
    put_report(fleet_db, "kiosk-02", NOW - 1000)
    reasons = {s.id: s.reason for s in load_states(fleet_db, NOW, LIMITS) if s.state == "offline"}
    assert reasons["hotspot-04"].startswith("zerwane łącze")
    assert reasons["kiosk-01"].startswith("kilka urządzeń w tej gminie")  # belzyce, both silent
    assert reasons["kiosk-02"].startswith("brak raportów")


def test_the_daily_digest_is_plain_language_and_sent_once_a_day(fleet_db, fleet_app, smtp_server):
    notifier = Notifier(mail_config(fleet_app, smtp_server))
    put_report(fleet_db, "hotspot-04", NOW - 10, hotspot={"alive": True, "clients": 7})
    put_report(fleet_db, "kiosk-04", NOW - 5000)
    states = load_states(fleet_db, NOW, LIMITS)
    assert send_digest_if_due(fleet_db, states, notifier, lambda: 7, NOW, hour=7)
    assert not send_digest_if_due(fleet_db, states, notifier, lambda: 7, NOW + 3600, hour=7)
    body = smtp_server.body("[Infomat] Stan urządzeń 25.11.2026")
    assert "punkty Wi-Fi: działa 1 z 22" in body
    assert "osoby w sieci Wi-Fi teraz: 7" in body
    assert "kiosk-04" in body and "nie działa" in body


def test_the_digest_counts_people_online_as_every_page_does(fleet_db, fleet_app, smtp_server):
    portal = open_portal_db(fleet_app.config["DATA_DIR"])
    for session in ("a", "b", "c"):  # one phone accepting three times
        record_consent(portal, f"hid-{session}", "hotspot-04", "phone-1", "pl", 3600)
    portal.close()
    now = time.time()
    put_report(fleet_db, "hotspot-04", now - 10, hotspot={"alive": True, "clients": 7})
    watcher = FleetWatcher(
        mail_config(fleet_app, smtp_server, FLEET_DIGEST_HOUR=0)
    )  # due at any hour
    assert "digest" in watcher.evaluate_once(now)
    subject = next(subject for subject in smtp_server.subjects() if "Stan urządzeń" in subject)
    body = smtp_server.body(subject)
    assert f"osoby w sieci Wi-Fi teraz: 1 ({online.MEANING})" in body


def test_the_agent_process_refuses_to_start_unenrolled(tmp_path):
    config = tmp_path / "agent.toml"
    config.write_text(f'[device_agent]\nagent_data_dir = "{tmp_path / "nothing"}"\n')
    done = subprocess.run(
        [sys.executable, "-m", "server_room", "agent", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ | {"INFOMAT_CONFIG": ""},
    )
    assert done.returncode == 1
    assert "not enrolled" in done.stderr and "Traceback" not in done.stderr
