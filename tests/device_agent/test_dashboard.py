"""The fleet dashboard: who sees which devices, commands from button to device and back,
screenshots, enrollment codes, /metrics."""

from __future__ import annotations

import re
import time

import pytest
import requests

from content_sync import store
from tests.conftest import csrf_token
from tests.device_agent.conftest import put_report
from tests.device_agent.images import tiny_png


def rows(page: str) -> list[str]:
    """Device ids in the table (the map links every device whatever the filter)."""
    table = page.split('<table class="fleet">', 1)[1]
    return re.findall(r'<a href="/fleet/devices/([\w-]+)">', table)


def send(client, device_id, verb, **fields):
    token = csrf_token(client, f"/fleet/devices/{device_id}")
    return client.post(
        f"/fleet/devices/{device_id}/commands", data={"verb": verb, "csrf_token": token, **fields}
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for path in ("/fleet/", "/fleet/devices/kiosk-01", "/fleet/devices/kiosk-01/screenshot.png"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location
    assert client.post(
        "/fleet/devices/kiosk-01/commands", data={"verb": "identify"}
    ).status_code in (
        302,
        400,
    )


def test_a_county_admin_sees_the_whole_fleet_with_tiles_and_map(login):
    page = login("admin").get("/fleet/").get_data(as_text=True)
    assert len(rows(page)) == 42
    assert "0 <small>z 20</small></strong>infomatów działa" in page
    assert "0 <small>z 22</small></strong>punktów Wi-Fi działa" in page
    assert page.count("<circle") >= 20 and page.count("<rect") == 22


def test_the_table_filters_and_sorts(login):
    admin = login("admin")
    assert len(rows(admin.get("/fleet/?kind=hotspot").get_data(as_text=True))) == 22
    garbow = rows(admin.get("/fleet/?municipality=garbow&sort=id&dir=desc").get_data(as_text=True))
    assert garbow == sorted(set(garbow), reverse=True) and "kiosk-04" in garbow
    assert rows(admin.get("/fleet/?q=KIOSK-1").get_data(as_text=True))[0].startswith("kiosk-1")
    assert "Żadne urządzenie" in admin.get("/fleet/?state=online").get_data(as_text=True)


def test_an_editor_sees_only_the_devices_of_their_gmina_and_no_link_that_refuses(login):
    editor = login("ed-garbow")
    page = editor.get("/fleet/").get_data(as_text=True)
    assert sorted(rows(page)) == ["hotspot-04", "hotspot-22", "kiosk-04"]
    linked = set(re.findall(r'href="(/fleet/devices/[^"?]+)"', page))
    assert len(linked) == 3
    assert {editor.get(path).status_code for path in linked} == {200}
    assert editor.get("/fleet/devices/kiosk-08").status_code == 403
    assert editor.get("/fleet/devices/no-such").status_code == 404
    assert len(rows(login("ed-powiat").get("/fleet/").get_data(as_text=True))) == 42


def test_an_editor_reads_their_device_pages_without_any_form_that_acts(login):
    page = login("ed-garbow").get("/fleet/devices/kiosk-04").get_data(as_text=True)
    assert "<h1>kiosk-04" in page and 'id="facts"' in page
    assert 'method="post"' not in page.split("<main>", 1)[1]
    for action in ("/commands", "/revoke", "/municipality", "/enrollment-code"):
        assert f"kiosk-04{action}" not in page


def test_an_editor_can_send_no_command_nor_manage_tokens(login, fleet_db):
    editor = login("ed-garbow")
    for verb in ("screenshot", "reboot"):
        assert send(editor, "kiosk-04", verb, confirm="1").status_code == 403
    token = csrf_token(editor, "/fleet/devices/kiosk-04")
    for action in ("enrollment-code", "revoke", "municipality"):
        answer = editor.post(
            f"/fleet/devices/kiosk-04/{action}",
            data={"csrf_token": token, "confirm": "1", "municipality": "garbow"},
        )
        assert answer.status_code == 403
    assert fleet_db["commands"].count == 0
    assert fleet_db["enrollment_codes"].count == 0
    assert not fleet_db["devices"].get("kiosk-04")["revoked_at"]


def test_the_reboot_button_asks_for_a_confirmation_and_harmless_ones_do_not(login):
    page = login("admin").get("/fleet/devices/kiosk-04").get_data(as_text=True)
    reboot = page.split('value="reboot">', 1)[1].split("</form>", 1)[0]
    assert '<input type="checkbox" name="confirm" value="1" required>' in reboot
    identify = page.split('value="identify">', 1)[1].split("</form>", 1)[0]
    assert 'name="confirm"' not in identify


def test_a_reboot_posted_without_the_confirmation_is_not_sent(login, fleet_db):
    admin = login("admin")
    answer = send(admin, "kiosk-04", "reboot")
    assert answer.status_code == 302 and fleet_db["commands"].count == 0
    assert "Zaznacz „na pewno”" in admin.get(answer.location).get_data(as_text=True)
    assert send(admin, "kiosk-04", "reboot", confirm="1").status_code == 302
    assert [c["verb"] for c in fleet_db["commands"].rows] == ["reboot"]


def test_a_revocation_posted_without_the_confirmation_changes_nothing(
    login, collector, enroll_device, fleet_db
):
    enroll_device("kiosk-04")
    admin = login("admin")
    token = csrf_token(admin, "/fleet/devices/kiosk-04")
    page = admin.get("/fleet/devices/kiosk-04").get_data(as_text=True)
    revoke = page.split("/revoke", 1)[1].split("</form>", 1)[0]
    assert '<input type="checkbox" name="confirm" value="1" required>' in revoke
    answer = admin.post("/fleet/devices/kiosk-04/revoke", data={"csrf_token": token})
    assert answer.status_code == 302
    assert not fleet_db["devices"].get("kiosk-04")["revoked_at"]
    assert "Zaznacz „na pewno”" in admin.get(answer.location).get_data(as_text=True)


def test_commands_outside_the_allow_list_or_with_bad_arguments_are_not_queued(login, fleet_db):
    admin = login("admin")
    for verb, fields in (("shell", {}), ("screenshot", {}), ("identify", {"seconds": "soon"})):
        device = "hotspot-04" if verb == "screenshot" else "kiosk-04"
        page = send(admin, device, verb, **fields)
        assert page.status_code == 302
    follow = admin.get("/fleet/devices/kiosk-04").get_data(as_text=True)
    assert "Czas banera musi być liczbą" in follow or "nie można wysłać" in follow
    assert fleet_db["commands"].count == 0
    no_csrf = admin.post("/fleet/devices/kiosk-04/commands", data={"verb": "identify"})
    assert no_csrf.status_code == 400 and fleet_db["commands"].count == 0


def test_a_screenshot_goes_from_the_button_to_the_kiosk_and_back_to_the_page(
    login, collector, enroll_device, make_agent, fleet_db
):
    admin = login("admin")
    agent = make_agent(enroll_device("kiosk-04"), kind="kiosk")
    assert send(admin, "kiosk-04", "screenshot").status_code == 302
    agent.report()
    assert agent.send()
    assert agent.actions.ran == [("screenshot", {})]
    page = admin.get("/fleet/devices/kiosk-04").get_data(as_text=True)
    assert "wykonane: taken" in page
    assert 'src="/fleet/devices/kiosk-04/screenshot.png' in page
    image = admin.get("/fleet/devices/kiosk-04/screenshot.png")
    assert image.mimetype == "image/png" and image.data == tiny_png()
    actions = [a["action"] for a in fleet_db["audit"].rows_where("device_id = 'kiosk-04'")]
    assert "command" in actions and "command-done" in actions
    agent.report()
    agent.send()
    assert agent.actions.ran == [("screenshot", {})]  # run once, however often it is offered


def test_an_unanswered_command_expires(login, collector, enroll_device, make_agent, fleet_db):
    admin = login("admin")
    send(admin, "kiosk-04", "identify", seconds="30")
    fleet_db.execute("UPDATE commands SET expires_at = ?", [time.time() - 1])
    fleet_db.conn.commit()
    agent = make_agent(enroll_device("kiosk-04"), kind="kiosk")
    agent.report()
    agent.send()
    assert agent.actions.ran == []
    assert "wygasło" in admin.get("/fleet/devices/kiosk-04").get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "device", "status"),
    [(b"GIF89a not a png", "kiosk-04", 400), (tiny_png(), "kiosk-05", 404)],
)
def test_an_upload_that_is_not_a_png_or_not_for_this_device_is_refused(
    login, collector, enroll_device, fleet_db, body, device, status
):
    send(login("admin"), "kiosk-04", "screenshot")
    command_id = next(fleet_db["commands"].rows)["id"]
    token = enroll_device(device).token
    answer = requests.put(
        f"{collector.url}/api/v1/commands/{command_id}/screenshot",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "image/png"},
        timeout=5,
    )
    assert answer.status_code == status
    assert fleet_db["screenshots"].count == 0


def test_a_county_admin_gets_a_one_time_code_and_can_revoke_a_token(login, collector, fleet_db):
    admin = login("admin")
    token = csrf_token(admin, "/fleet/devices/kiosk-04")
    page = admin.post("/fleet/devices/kiosk-04/enrollment-code", data={"csrf_token": token})
    code = re.search(r"--code ([0-9A-F-]{19})", page.get_data(as_text=True)).group(1)
    enrolled = requests.post(collector.url + "/api/v1/enroll", json={"code": code}, timeout=5)
    assert enrolled.json()["device_id"] == "kiosk-04"
    admin.post("/fleet/devices/kiosk-04/revoke", data={"csrf_token": token, "confirm": "1"})
    assert fleet_db["devices"].get("kiosk-04")["revoked_at"]
    assert "dostęp cofnięty" in admin.get("/fleet/devices/kiosk-04").get_data(as_text=True)


def test_metrics_expose_every_device_and_can_require_a_token(
    app, collector, enroll_device, make_agent
):
    agent = make_agent(enroll_device("hotspot-04"))
    agent.report()
    agent.send()
    app.config["FLEET_METRICS_TOKEN"] = "scrape-secret"
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    text = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"}).get_data(
        as_text=True
    )
    # The app judges with its default 60 s interval: a report just now is up.
    assert 'infomat_device_up{device="hotspot-04",kind="hotspot",municipality="garbow"} 1.0' in text
    assert 'infomat_device_up{device="kiosk-01",kind="kiosk",municipality="belzyce"} 0.0' in text
    assert re.search(r'infomat_device_last_seen_seconds\{device="hotspot-04".*\} \d', text)
    assert 'infomat_hotspot_clients{device="hotspot-04"' in text


def test_the_dashboard_says_which_kiosks_show_each_urgent_alert(login, fleet_db, content_db):
    alert = store.published_items(content_db, "alert")[0]  # the demo county's, county-wide
    now = time.time()
    put_report(fleet_db, "kiosk-04", now, ui={"screen": "home", "alerts": [alert.id]})
    put_report(fleet_db, "kiosk-01", now, ui={"screen": "news", "alerts": []})
    put_report(fleet_db, "kiosk-02", now, ui={"alerts": "not a list"})
    put_report(fleet_db, "kiosk-03", now - 3600, ui={"alerts": [alert.id]})  # offline now
    page = login("admin").get("/fleet/").get_data(as_text=True)
    reach = page.split('id="reach-heading"', 1)[1].split("</section>", 1)[0]
    assert "na ekranie 1 z 20 infomatów" in reach
    assert "kiosk-01</a> (jeszcze nie pokazuje)" in reach
    assert "kiosk-02</a> (jeszcze nie pokazuje)" in reach
    assert "kiosk-03</a> (nie działa)" in reach and "kiosk-04</a>" not in reach
    assert reach.count("</a> (") == 12 and "i 7 innych" in reach  # 19 missing, 12 named
    # an editor of a gmina sees its own kiosks only
    garbow = login("ed-garbow").get("/fleet/").get_data(as_text=True)
    assert "na ekranie 1 z 1 infomatu" in garbow


def test_without_an_alert_in_force_the_dashboard_says_nothing_of_alerts(login, content_db):
    for item in store.list_items(content_db, type_name="alert"):
        store.delete_item(content_db, item, "test")
    assert 'id="reach-heading"' not in login("admin").get("/fleet/").get_data(as_text=True)


NON_FINITE = re.compile(r"(?<![\w.])[+-]?(nan|inf|infinity)(?![\w])", re.IGNORECASE)


def test_pages_render_whatever_fleet_db_holds_even_non_finite_numbers(login, fleet_db):
    now = time.time()
    put_report(fleet_db, "hotspot-04", now)
    put_report(fleet_db, "kiosk-04", now)
    inf, report = float("inf"), '{"system":{"cpu_percent":NaN,"temperature_c":Infinity}}'
    for device_id in ("hotspot-04", "kiosk-04"):
        fleet_db.execute(
            "UPDATE devices SET latest_disk = ?, latest_temperature = ?, latest_cpu = ?,"
            " latest_clients = ?, latest_sync_age = ?, latest_ui_liveness_age = ?,"
            " clock_offset = ?, last_report = ? WHERE id = ?",
            [inf, -inf, inf, inf, -inf, inf, inf, report, device_id],
        )
    fleet_db.execute("UPDATE reports SET body = ?, sampled_at = ?", [report, inf])
    fleet_db.execute(
        "UPDATE aggregates SET cpu_sum = ?, memory_sum = ?, disk_max = ?, temperature_max = ?,"
        " clients_max = ?",
        [inf, -inf, inf, inf, inf],
    )
    fleet_db.conn.commit()
    admin = login("admin")
    for path in ("/fleet/", "/fleet/devices/hotspot-04", "/fleet/devices/kiosk-04", "/metrics"):
        answer = admin.get(path)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200, path
        assert not NON_FINITE.search(text), (path, NON_FINITE.search(text))
