"""The fleet pages and the collector's e-mails in plain Polish: a device log without
English or codes, alerts on screen named by title, Polish plural forms, Warsaw time."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime

import pytest

from common.sqlite import write_transaction
from content_sync import store
from content_sync.model import localized
from device_agent.agent.actions import DeviceActions
from device_agent.agent.credentials import enroll
from device_agent.collector.alerts import evaluate
from device_agent.collector.digest import digest_text
from device_agent.collector.fleet_state import Limits, load_states
from device_agent.collector.notify import Notifier
from device_agent.collector.watcher import FleetWatcher, make_mute
from tests.conftest import csrf_token
from tests.device_agent.conftest import put_report

ENGLISH = re.compile(
    r"\b(enrolled|enrollment|host|failed|error|offline|online|report|token|command|device"
    r"|exited|shown|screen|within|answered|rebooting|expired|moved|revoked|code)\b",
    re.IGNORECASE,
)
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC).timestamp()  # CET, UTC+1
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC).timestamp()  # CEST, UTC+2


def section(page: str, heading_id: str) -> str:
    """The text of the page's section headed `heading_id`, tags dropped."""
    part = page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", part))


def send(client, device_id: str, verb: str, **fields):
    token = csrf_token(client, f"/fleet/devices/{device_id}")
    return client.post(
        f"/fleet/devices/{device_id}/commands",
        data={"verb": verb, "csrf_token": token, "confirm": "1", **fields},
    )


def test_a_newly_enrolled_devices_log_reads_in_polish_without_english_words(
    login, collector, make_agent, fleet_db, tmp_path
):
    admin = login("admin")
    token = csrf_token(admin, "/fleet/devices/kiosk-04")
    page = admin.post("/fleet/devices/kiosk-04/enrollment-code", data={"csrf_token": token})
    code = re.search(r"--code ([0-9A-F-]{19})", page.get_data(as_text=True)).group(1)
    agent = make_agent(enroll(collector.url, code), kind="kiosk")
    agent.actions = DeviceActions(
        {
            "AGENT_SYNC_NOW_COMMAND": ["true"],
            "AGENT_RESTART_UI_COMMAND": ["false"],
            "AGENT_REBOOT_COMMAND": ["true"],
            "AGENT_SYNC_DIR": str(tmp_path / "sync"),
            "AGENT_SCREENSHOT_SECONDS": 0.2,
        }
    )
    for verb in ("sync-now", "restart-kiosk-ui", "identify"):
        assert send(admin, "kiosk-04", verb, seconds="30").status_code == 302
    agent.report()
    assert agent.send()
    admin.post(
        "/fleet/devices/kiosk-04/municipality",
        data={"csrf_token": token, "municipality": "konopnica"},
    )
    admin.post("/fleet/devices/kiosk-04/revoke", data={"csrf_token": token, "confirm": "1"})
    page = admin.get("/fleet/devices/kiosk-04").get_data(as_text=True)
    log, commands = section(page, "trail"), section(page, "cmds")
    assert ENGLISH.findall(log) == [] and ENGLISH.findall(commands) == []
    assert "Zarejestrowano urządzenie (komputer: " in log
    assert "Utworzono jednorazowy kod rejestracji" in log
    assert "Wysłano polecenie „Pokaż baner identyfikacyjny” (30 s)" in log
    assert "Wykonano polecenie „Synchronizuj teraz”" in log
    assert "Polecenie „Uruchom ponownie aplikację” nie powiodło się" in log
    assert "Przeniesiono do: Gmina Konopnica (wcześniej: Gmina Garbów)" in log
    assert "Cofnięto dostęp urządzenia" in log


def test_the_device_page_names_the_alerts_on_screen_by_title(login, fleet_db, content_db):
    alert = store.published_items(content_db, "alert")[0]
    title = html.escape(str(localized(alert.published["title"], "pl")), quote=False)
    put_report(
        fleet_db, "kiosk-04", time.time(), ui={"screen": "home", "alerts": [alert.id, 987654]}
    )
    page = login("admin").get("/fleet/devices/kiosk-04").get_data(as_text=True)
    facts = page.split('id="device-facts"', 1)[1].split("</dl>", 1)[0]
    assert title in facts and "alert, którego już nie ma" in facts
    assert f'href="/editor/alert/{alert.id}/edit"' in facts
    assert "alerty nr" not in facts and "987654" not in facts
    assert "ekran główny" in facts
    editor = login("ed-garbow").get("/fleet/devices/kiosk-04").get_data(as_text=True)
    facts = editor.split('id="device-facts"', 1)[1].split("</dl>", 1)[0]
    assert title in facts and "/editor/alert/" not in facts


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "1 urządzenie z problemem"),
        (2, "2 urządzenia z problemem"),
        (5, "5 urządzeń z problemem"),
        (22, "22 urządzenia z problemem"),
    ],
)
def test_the_dashboard_counts_devices_in_polish_plural_forms(login, fleet_db, count, words):
    now = time.time()
    for number in range(1, count + 1):
        put_report(fleet_db, f"hotspot-{number:02}", now, system={"disk": {"percent": 95.0}})
    page = login("admin").get("/fleet/").get_data(as_text=True)
    tile = page.split('href="?problems=1"', 1)[1].split("</a>", 1)[0]
    assert words in " ".join(re.sub(r"<[^>]+>", " ", tile).split())


@pytest.mark.parametrize(
    ("at", "shown"), [(WINTER, "15.01.2026 13:00"), (SUMMER, "15.07.2026 14:00")]
)
def test_times_on_the_device_page_are_warsaw_time(login, fleet_db, at, shown):
    put_report(fleet_db, "kiosk-04", at)
    with write_transaction(fleet_db):
        fleet_db.execute(
            "INSERT INTO audit(at, actor, action, device_id, detail) VALUES (?, ?, ?, ?, ?)",
            [at, "admin", "enrollment-code", "kiosk-04", ""],
        )
    page = login("admin").get("/fleet/devices/kiosk-04").get_data(as_text=True)
    assert shown in section(page, "trail")
    assert shown in page.split('id="device-status"', 1)[1].split("</div>", 1)[0]
    assert "12:00" not in page


@pytest.mark.parametrize(
    ("at", "shown"), [(WINTER, "15.01.2026 13:00"), (SUMMER, "15.07.2026 14:00")]
)
def test_the_digest_and_alert_mails_give_warsaw_time(fleet_app, fleet_db, smtp_server, at, shown):
    put_report(fleet_db, "hotspot-04", at, system={"disk": {"percent": 95.0}})
    states = load_states(fleet_db, at, Limits())
    assert f"Stan urządzeń powiatu na {shown}:" in digest_text(fleet_db, states, at, 0)
    notifier = Notifier(
        dict(fleet_app.config)
        | {
            "FLEET_SMTP_HOST": "127.0.0.1",
            "FLEET_SMTP_PORT": smtp_server.port,
            "FLEET_ALERT_EMAILS": ["it@powiat.example"],
        }
    )
    [subject] = evaluate(fleet_db, states, notifier, lambda _device, _now: False, at)
    assert f"Od: {shown}" in smtp_server.body(subject)


def test_office_hours_and_maintenance_windows_are_read_in_warsaw_time():
    hours = {day: [["08:00", "16:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    window = {"start": "2026-07-15T13:30", "end": "2026-07-15T14:30", "devices": ["hotspot-04"]}
    muted = make_mute([window], {"garbow": (hours, [])})
    kiosk = {"id": "kiosk-04", "kind": "kiosk", "municipality": "garbow"}
    hotspot = {"id": "hotspot-04", "kind": "hotspot", "municipality": "garbow"}
    assert muted(hotspot, SUMMER)  # 14:00 in Warsaw, inside the window
    assert not muted(kiosk, SUMMER)  # the office is open at 14:00
    assert muted(kiosk, SUMMER + 9000)  # 16:30 in Warsaw: closed


def test_an_alert_mail_names_the_gmina_not_its_code(fleet_app, fleet_db, smtp_server):
    config = dict(fleet_app.config) | {
        "FLEET_SMTP_HOST": "127.0.0.1",
        "FLEET_SMTP_PORT": smtp_server.port,
        "FLEET_ALERT_EMAILS": ["it@powiat.example"],
    }
    now = time.time()
    put_report(fleet_db, "hotspot-04", now - 1000)
    assert "[Infomat] hotspot-04: nie działa" in FleetWatcher(config).evaluate_once(now)
    body = smtp_server.body("[Infomat] hotspot-04: nie działa")
    assert "Gmina Garbów" in body and "garbow" not in body
