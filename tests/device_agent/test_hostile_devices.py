"""What a stranger, a stolen token or a broken device sends is refused with a 4xx,
stores nothing and is counted; an agent refuses commands it does not allow."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from device_agent.collector import registry


def post(collector, token, payload=None, data=None, headers=None):
    headers = {"Authorization": f"Bearer {token}"} | (headers or {})
    return requests.post(
        collector.url + "/api/v1/reports", json=payload, data=data, headers=headers, timeout=5
    )


def report(seq=1, boot="boot-a", **extra):
    return {"boot_id": boot, "seq": seq, "sampled_at": time.time(), **extra}


def batch(device_id, *reports, sent_at=None):
    return {"device_id": device_id, "sent_at": sent_at or time.time(), "reports": list(reports)}


def rejections(fleet_db) -> dict:
    return {row["reason"]: row["count"] for row in fleet_db["rejections"].rows}


@pytest.fixture
def token(enroll_device):
    return enroll_device("hotspot-04").token


def test_a_good_batch_is_stored_and_acknowledged(collector, token, fleet_db):
    answer = post(collector, token, batch("hotspot-04", report(1), report(2)))
    assert answer.status_code == 200
    assert answer.json()["acked"] == {"boot-a": 2} and answer.json()["stored"] == 2
    assert fleet_db["reports"].count == 2


@pytest.mark.parametrize(
    ("case", "status", "reason"),
    [
        ("no token", 401, "bad-token"),
        ("wrong token", 401, "bad-token"),
        ("posting as another device", 403, "impersonation"),
        ("sampled far in the future", 400, "future-timestamp"),
        ("sent far in the future", 400, "future-timestamp"),
        ("not JSON", 400, "malformed"),
        ("reports not a list", 400, "malformed"),
        ("seq not a number", 400, "malformed"),
        ("boolean seq", 400, "malformed"),
        ("huge boot id", 400, "malformed"),
        ("empty batch", 400, "malformed"),
        ("oversized body", 413, "oversized"),
    ],
)
def test_a_hostile_report_is_refused_stores_nothing_and_is_counted(
    collector, token, fleet_db, case, status, reason
):
    headers = None
    payload, data = batch("hotspot-04", report(1)), None
    use_token = token
    if case == "no token":
        use_token = ""
    elif case == "wrong token":
        use_token = "x" * 43
    elif case == "posting as another device":
        payload = batch("kiosk-01", report(1))
    elif case == "sampled far in the future":
        payload = batch("hotspot-04", report(1, sampled_at=time.time() + 10 * 365 * 86_400))
    elif case == "sent far in the future":
        payload = batch("hotspot-04", report(1), sent_at=time.time() + 3 * 86_400)
    elif case == "not JSON":
        payload, data = None, b"{not json"
        headers = {"Content-Type": "application/json"}
    elif case == "reports not a list":
        payload = {"device_id": "hotspot-04", "sent_at": time.time(), "reports": "all"}
    elif case == "seq not a number":
        payload = batch("hotspot-04", report("1"))
    elif case == "boolean seq":
        payload = batch("hotspot-04", report(True))
    elif case == "huge boot id":
        payload = batch("hotspot-04", report(1, boot="b" * 500))
    elif case == "empty batch":
        payload = batch("hotspot-04")
    elif case == "oversized body":
        payload = batch("hotspot-04", report(1, padding="x" * 300_000))
    answer = post(collector, use_token, payload, data, headers)
    assert answer.status_code == status, answer.text
    assert answer.json()["reason"] == reason
    assert fleet_db["reports"].count == 0
    assert (
        fleet_db.execute("SELECT last_seen FROM devices WHERE id = 'hotspot-04'").fetchone()[0]
        is None
    )
    assert rejections(fleet_db) == {reason: 1}


def test_a_replayed_sequence_is_refused_with_what_the_collector_holds(collector, token, fleet_db):
    assert post(collector, token, batch("hotspot-04", report(1), report(2))).status_code == 200
    replay = post(collector, token, batch("hotspot-04", report(2), report(3)))
    assert replay.status_code == 409
    assert replay.json()["acked"] == {"boot-a": 2}
    assert fleet_db["reports"].count == 2
    assert rejections(fleet_db) == {"replayed": 1}
    assert fleet_db["devices"].get("hotspot-04")["rejected"] == 1


def test_a_replay_is_refused_even_after_the_raw_reports_were_pruned(collector, token, fleet_db):
    assert post(collector, token, batch("hotspot-04", report(1))).status_code == 200
    fleet_db.execute("DELETE FROM reports")
    fleet_db.conn.commit()
    assert post(collector, token, batch("hotspot-04", report(1))).status_code == 409


def test_a_revoked_token_is_refused(collector, token, fleet_db):
    registry.revoke_token(fleet_db, "hotspot-04", "admin")
    answer = post(collector, token, batch("hotspot-04", report(1)))
    assert answer.status_code == 401
    assert fleet_db["reports"].count == 0


def test_re_enrolling_replaces_the_old_token(collector, enroll_device, fleet_db):
    old = enroll_device("hotspot-04").token
    new = enroll_device("hotspot-04").token
    assert post(collector, old, batch("hotspot-04", report(1))).status_code == 401
    assert post(collector, new, batch("hotspot-04", report(1))).status_code == 200


def test_an_enrollment_code_works_once_and_guessing_is_slowed_down(collector, fleet_db):
    code = registry.create_enrollment_code(fleet_db, "kiosk-01", "admin")
    url = collector.url + "/api/v1/enroll"
    first = requests.post(url, json={"code": code.lower(), "hostname": "k1"}, timeout=5)
    assert first.status_code == 200 and first.json()["device_id"] == "kiosk-01"
    again = requests.post(url, json={"code": code, "hostname": "k1"}, timeout=5)
    assert again.status_code == 403
    statuses = [
        requests.post(url, json={"code": f"0000-0000-0000-{n:04d}"}, timeout=5).status_code
        for n in range(12)
    ]
    assert statuses[:9] == [403] * 9 and statuses[-1] == 429


def test_an_expired_enrollment_code_is_refused(collector, fleet_db):
    code = registry.create_enrollment_code(fleet_db, "kiosk-01", "admin")
    fleet_db.execute("UPDATE enrollment_codes SET expires_at = ?", [time.time() - 1])
    fleet_db.conn.commit()
    answer = requests.post(collector.url + "/api/v1/enroll", json={"code": code}, timeout=5)
    assert answer.status_code == 403 and "expired" in answer.json()["error"]


def test_the_agent_refuses_a_command_it_does_not_allow(
    collector, enroll_device, make_agent, fleet_db
):
    agent = make_agent(enroll_device("hotspot-04"))
    future = time.time() + 600
    handled = agent.run_commands(
        [
            {"id": "c1", "verb": "rm -rf /", "arguments": {}, "expires_at": future},
            {"id": "c2", "verb": "screenshot", "arguments": {}, "expires_at": future},
            {"id": "c3", "verb": "identify", "arguments": {"seconds": 5}, "expires_at": future},
            {"id": "c4", "verb": "sync-now", "arguments": {"shell": "x"}, "expires_at": future},
            {"id": "c5", "verb": "sync-now", "arguments": {}, "expires_at": time.time() - 1},
            {"id": "c6", "verb": "sync-now", "arguments": {}, "expires_at": future},
        ]
    )
    assert handled == 6
    results = {r["id"]: r for r in agent.spool.unreported_results()}
    assert "nieznane polecenie" in results["c1"]["error"]
    assert "„Zrzut ekranu” nie wykonuje punkt Wi-Fi" in results["c2"]["error"]
    assert "nie wykonuje punkt Wi-Fi" in results["c3"]["error"]
    assert "nie ma ustawienia 'shell'" in results["c4"]["error"]
    assert "wygasło" in results["c5"]["error"]
    assert results["c6"]["ok"] is True
    assert agent.actions.ran == [("sync-now", {})]
    assert agent.run_commands([{"id": "c6", "verb": "sync-now", "expires_at": future}]) == 0


def test_a_reboot_that_fails_is_logged_and_the_agent_keeps_reporting(
    collector, enroll_device, make_agent, caplog
):
    from device_agent.agent.actions import ActionFailed

    agent = make_agent(enroll_device("hotspot-04"))

    def refuse(verb, arguments, command_id):
        raise ActionFailed("systemctl reboot exited 1")

    agent.actions.run = refuse
    agent.run_commands(
        [{"id": "r1", "verb": "reboot", "arguments": {}, "expires_at": time.time() + 60}]
    )
    assert agent.reboot_requested
    agent.reboot()
    assert not agent.reboot_requested and "reboot requested but failed" in caplog.text
    agent.report()
    assert agent.send()


def raw_batch(sampled_at: str = "", sent_at: str = "", **system: str) -> bytes:
    """A batch written as JSON text, so it can hold what json.dumps never writes; the
    times default to NOW, which the test replaces with the moment it posts the batch (one
    made at collection, minutes before its test runs, would be before the enrollment)."""
    now = "NOW"
    fields = ",".join(f'"{name}":{value}' for name, value in system.items())
    return (
        f'{{"device_id":"hotspot-04","sent_at":{sent_at or now},"reports":[{{"boot_id":"boot-a",'
        f'"seq":1,"sampled_at":{sampled_at or now},"system":{{{fields}}}}}]}}'
    ).encode()


@pytest.mark.parametrize(
    ("case", "body", "reason"),
    [
        ("NaN", raw_batch(cpu_percent="NaN"), "malformed"),
        ("Infinity", raw_batch(temperature_c="Infinity"), "malformed"),
        ("-Infinity", raw_batch(temperature_c="-Infinity"), "malformed"),
        ("a float that overflows to infinity", raw_batch(cpu_percent="1e400"), "malformed"),
        ("an integer of 400 digits", raw_batch(cpu_percent="1" + "0" * 400), "malformed"),
        ("NaN as the send time", raw_batch(sent_at="NaN"), "malformed"),
        ("cpu over 100 %", raw_batch(cpu_percent="150"), "out-of-range"),
        ("a temperature of the sun", raw_batch(temperature_c="5500"), "out-of-range"),
        ("a negative disk use", raw_batch(disk='{"percent":-3}'), "out-of-range"),
        ("sampled an hour ahead", raw_batch(repr(time.time() + 3600)), "future-timestamp"),
        ("sampled before enrollment", raw_batch(sampled_at="1000000000"), "before-enrollment"),
    ],
)
def test_a_report_with_non_finite_or_unbounded_numbers_or_times_is_refused(
    collector, token, fleet_db, case, body, reason
):
    headers = {"Content-Type": "application/json"}
    body = body.replace(b"NOW", repr(time.time()).encode())
    answer = post(collector, token, data=body, headers=headers)
    assert answer.status_code == 400, answer.text
    assert answer.json()["reason"] == reason
    assert fleet_db["reports"].count == 0
    assert rejections(fleet_db) == {reason: 1}


def test_a_report_sampled_a_few_seconds_ahead_is_stored(collector, token, fleet_db):
    answer = post(collector, token, batch("hotspot-04", report(1, sampled_at=time.time() + 30)))
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("path", ["/api/v1/enroll", "/api/v1/reports"])
def test_deeply_nested_json_is_refused_with_a_4xx(collector, token, fleet_db, path):
    body = b'{"code":' + b"[" * 2000 + b"]" * 2000 + b"}"
    answer = requests.post(
        collector.url + path,
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=5,
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["reason"] == "malformed"


def test_one_batch_posted_many_times_at_once_is_stored_once_and_never_a_500(
    collector, token, fleet_db
):
    start = threading.Barrier(8)

    def send(body: dict) -> int:
        start.wait()
        return post(collector, token, body).status_code

    # Many rounds: each is one chance for the racing posts to interleave.
    for first in range(1, 301, 5):
        body = batch("hotspot-04", *(report(seq) for seq in range(first, first + 5)))
        with ThreadPoolExecutor(8) as pool:
            statuses = sorted(pool.map(send, [body] * 8))
        assert statuses == [200] + [409] * 7, statuses
    assert fleet_db["reports"].count == 300
    assert fleet_db["boots"].get(("hotspot-04", "boot-a"))["last_seq"] == 300
