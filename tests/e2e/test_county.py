"""The whole county in network namespaces (`make e2e`): the server room, two kiosks and two
hotspots with a phone each, every one the real program. An editor publishes an urgent
alert and both kiosks show it at their next poll (the delay is printed); phones pass the
hotspots' portal; the dashboard shows every device up; a kiosk's agent stopped and started
again brings the offline and the recovery e-mail."""

from __future__ import annotations

import re
import time

import pytest
import requests

from content_sync import store
from content_sync.db import open_content_db
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from server_room import create_app
from tests.conftest import PASSWORD, require
from tests.device_agent.conftest import smtp_inbox
from tests.e2e.county import (
    HOST_IP,
    METRICS_TOKEN,
    SERVER_URL,
    UP_IP,
    County,
    eventually,
    prerequisites_missing,
)

POLL_SECONDS = 5.0  # the kiosks' sync interval (60 s in production)
AGENT_SECONDS = 1.0  # the agents' report interval; offline after 3 missed
# Long enough for a machine several times slower than usual; the delay itself is printed.
ALERT_CEILING = 60.0
DEVICES = {"kiosk-04", "kiosk-01", "hotspot-04", "hotspot-01"}
ALWAYS_OPEN = {
    day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare_county(data_dir) -> None:
    """The demo county cut to the four devices that run here, its demo alerts removed,
    and the two gminas' offices open all day (kiosk alerts are muted when they close)."""
    db = open_content_db(data_dir)
    try:
        for item in store.list_items(db, type_name="location"):
            if (item.published or {}).get("device_id") not in DEVICES:
                store.delete_item(db, item, "test")
        for item in store.list_items(db, type_name="alert"):
            store.delete_item(db, item, "test")
        for item in store.list_items(db, type_name="office"):
            if item.channel in ("garbow", "belzyce"):
                data = item.draft | {"opening_hours": ALWAYS_OPEN, "holidays": []}
                item = store.update_item(db, item, data, "test", item.revision)
                store.publish_item(db, item, "test")
        app = create_app({"DATA_DIR": str(data_dir), "SYNC_KEYS_DIR": str(data_dir / "keys")})
        app.extensions["infomat_hub"].publish(db)
    finally:
        db.close()


@pytest.fixture
def county(data_dir, trust_root, tmp_path):
    missing = prerequisites_missing()
    require(not missing, f"the county test needs {', '.join(missing)}")
    prepare_county(data_dir)
    work = tmp_path / "county"
    work.mkdir()
    county = County(work, data_dir, trust_root, POLL_SECONDS, AGENT_SECONDS)
    try:
        county.start_network()
        with smtp_inbox(HOST_IP) as inbox:
            county.inbox = inbox
            county.start_server(inbox.port)
            fleet = open_fleet_db(data_dir)
            try:
                codes = {d: registry.create_enrollment_code(fleet, d, "admin") for d in DEVICES}
            finally:
                fleet.close()
            for device in county.kiosks:
                county.start_kiosk(device, codes[device.device_id])
            for lan, device in enumerate(county.hotspot_devices):
                county.start_hotspot(device, codes[device.device_id], lan)
            yield county
    finally:
        county.stop()


def logged_in(username: str) -> requests.Session:
    session = requests.Session()
    token = _CSRF.search(session.get(f"{SERVER_URL}/login", timeout=10).text).group(1)
    answer = session.post(
        f"{SERVER_URL}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def post_form(session: requests.Session, path: str, data: dict) -> requests.Response:
    token = _CSRF.search(session.get(f"{SERVER_URL}/editor/", timeout=10).text).group(1)
    return session.post(
        f"{SERVER_URL}{path}", data=data | {"csrf_token": token}, allow_redirects=False, timeout=30
    )


def devices_up(admin: requests.Session) -> set[str]:
    bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    metrics = admin.get(f"{SERVER_URL}/metrics", headers=bearer, timeout=10).text
    return set(re.findall(r'infomat_device_up\{device="([^"]+)"[^}]*\} 1\.0', metrics))


def screenshot_png(admin: requests.Session, device_id: str) -> bytes | None:
    answer = admin.get(f"{SERVER_URL}/fleet/devices/{device_id}/screenshot.png", timeout=10)
    return answer.content if answer.status_code == 200 else None


def test_the_whole_county_works_together(county, screenshot_dir):
    admin = logged_in("admin")
    # Every device reports, and each kiosk shows the content it synced.
    up, _ = eventually(lambda: devices_up(admin) >= DEVICES and devices_up(admin), 60)
    assert up == DEVICES, county.log_tail("server")
    for kiosk in county.kiosks:
        shown, _ = eventually(lambda k=kiosk: county.on_screen(k).get("snapshot"), 60)
        assert shown, county.log_tail(f"{kiosk.device_id}-ui")
    dashboard = admin.get(f"{SERVER_URL}/fleet/", timeout=10).text
    assert re.search(r"2 <small>z 2</small></strong>infomatów działa", dashboard)
    assert re.search(r"2 <small>z 2</small></strong>punktów Wi-Fi działa", dashboard)

    # An editor of the county office publishes an urgent alert.
    editor = logged_in("ed-powiat")
    created = post_form(
        editor,
        "/editor/alert/new",
        {
            "channel": "powiat",
            "title.pl": "Alarm przeciwpowodziowy na Bystrzycy",
            "body.pl": "Unikaj terenów nad rzeką. Informacje: 81 528 66 00.",
            "severity": "critical",
            "publish_until": "2099-01-01T12:00",
        },
    )
    assert created.status_code == 302, created.text[:1000]
    alert_id = int(created.headers["Location"].split("/")[-2])
    published = post_form(editor, f"/editor/alert/{alert_id}/publish", {})
    assert published.status_code == 302
    published_at = time.monotonic()
    delays = {}
    for kiosk in county.kiosks:
        shown, at = eventually(
            lambda k=kiosk: alert_id in county.on_screen(k).get("alerts", []), ALERT_CEILING
        )
        assert shown, county.log_tail(f"{kiosk.device_id}-sync")
        delays[kiosk.device_id] = round(at - published_at, 1)
    # The next poll fetches it; verifying, the UI's snapshot check and its next frame add
    # a little to the interval. The figure is printed, not bounded: on a loaded machine
    # every step is slower, and the ceiling above only says the alert did arrive.
    print(f"\nthe alert was on screen after {delays} s (kiosks poll every {POLL_SECONDS} s)")

    # The county admin asks kiosk-04 for a screenshot: its agent gets the real window's.
    sent = post_form(admin, "/fleet/devices/kiosk-04/commands", {"verb": "screenshot"})
    assert sent.status_code == 302
    png, _ = eventually(lambda: screenshot_png(admin, "kiosk-04"), 30)
    assert png and png.startswith(b"\x89PNG")
    (screenshot_dir / "county-kiosk-alert.png").write_bytes(png)

    # A phone behind each hotspot passes the portal and reaches the internet.
    for spot in county.hotspots:
        assert not spot.online()
        visit = spot.pass_portal(county.work / f"{spot.gateway}.cookies", f"http://{UP_IP}/")
        assert "Masz dostęp do internetu" in visit.welcome, visit.landing[:2000]
        assert "Alarm przeciwpowodziowy" in visit.landing  # the alert reaches phones too
        online, _ = eventually(spot.online, 15)
        assert online, spot.gateway

    # The dashboard: every device up, the Wi-Fi users counted, the alert on both kiosks.
    def two_wifi_users() -> bool:
        page = admin.get(f"{SERVER_URL}/fleet/", timeout=10).text
        return "<strong>2</strong>urządzenia w sieci Wi-Fi" in page

    assert eventually(two_wifi_users, 30)[0]
    assert devices_up(admin) == DEVICES
    for kiosk in county.kiosks:
        page = admin.get(f"{SERVER_URL}/fleet/devices/{kiosk.device_id}", timeout=10).text
        title = f'/editor/alert/{alert_id}/edit">„Alarm przeciwpowodziowy na Bystrzycy”</a>'
        assert title in page, kiosk.device_id
    dashboard = admin.get(f"{SERVER_URL}/fleet/", timeout=10).text
    assert "Alarm przeciwpowodziowy na Bystrzycy" in dashboard
    assert "na ekranie 2 z 2 infomatów" in dashboard

    # One kiosk's agent stops: the county is told once; started again: told it recovered.
    kiosk = county.kiosks[1]
    offline = f"[Infomat] {kiosk.device_id}: nie działa"
    recovered = f"[Infomat] {kiosk.device_id}: znów w porządku (nie działa)"
    assert county.stop_agent(kiosk) == 0
    assert eventually(lambda: offline in county.inbox.subjects(), 30)[0], county.inbox.subjects()
    assert "agent zatrzymany poprawnie" in county.inbox.body(offline)
    county.start_agent(kiosk)
    assert eventually(lambda: recovered in county.inbox.subjects(), 30)[0]
    assert county.inbox.subjects().count(offline) == 1
    assert {s for s in county.inbox.subjects() if "nie działa" in s} <= {offline, recovered}
