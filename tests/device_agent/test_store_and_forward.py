"""Store and forward against a real collector on 127.0.0.1: outages lose nothing,
duplicate nothing and reorder nothing; a lost acknowledgement is healed."""

from __future__ import annotations

import json
import time

import requests

from tests.device_agent.conftest import wait_for


def stored(fleet_db, device_id):
    rows = fleet_db.execute(
        "SELECT boot_id, seq, body FROM reports WHERE device_id = ? ORDER BY rowid", [device_id]
    ).fetchall()
    return [(boot, seq, json.loads(body)["n"]) for boot, seq, body in rows]


def test_a_collector_outage_delivers_every_report_exactly_once_in_order(
    collector, enroll_device, make_agent, fleet_db
):
    agent = make_agent(enroll_device("hotspot-04"))
    for _ in range(3):
        agent.report()
        assert agent.send()
    collector.stop()
    for _ in range(25):  # the outage: reports pile up, sends fail
        agent.report()
        assert not agent.send()
    assert agent.spool.count() == 25 and agent.failures == 25
    collector.start()
    agent.report()
    assert agent.send()
    assert agent.spool.count() == 0
    rows = stored(fleet_db, "hotspot-04")
    assert [n for _boot, _seq, n in rows] == list(range(1, 30))
    assert [seq for _boot, seq, _n in rows] == list(range(1, 30))


def test_a_lost_acknowledgement_is_healed_without_a_duplicate(
    collector, enroll_device, make_agent, fleet_db
):
    credentials = enroll_device("hotspot-04")
    agent = make_agent(credentials)
    agent.report()
    agent.report()
    # The collector stores the batch, but the answer never reaches the agent.
    reports = [r.body for r in agent.spool.pending(10)]
    answer = requests.post(
        collector.url + "/api/v1/reports",
        json={"device_id": "hotspot-04", "sent_at": reports[-1]["sampled_at"], "reports": reports},
        headers={"Authorization": f"Bearer {credentials.token}"},
        timeout=5,
    )
    assert answer.status_code == 200
    agent.report()
    assert agent.send()
    assert agent.spool.count() == 0
    assert [seq for _b, seq, _n in stored(fleet_db, "hotspot-04")] == [1, 2, 3]


def test_a_spool_over_its_bound_drops_the_oldest_and_the_collector_is_told(
    collector, enroll_device, make_agent, fleet_db
):
    agent = make_agent(enroll_device("hotspot-04"), max_bytes=4_000, padding="x" * 300)
    collector.stop()
    for _ in range(40):
        agent.report()
    kept = agent.spool.pending(100)
    assert len(kept) < 40
    collector.start()
    assert agent.send()
    rows = stored(fleet_db, "hotspot-04")
    first_kept = rows[0][1]
    assert first_kept > 1 and rows[-1][1] == 40
    told = fleet_db.execute(
        "SELECT SUM(json_extract(body, '$.dropped')) FROM reports WHERE device_id = 'hotspot-04'"
    ).fetchone()[0]
    assert told + agent.spool.dropped_pending() == first_kept - 1


def test_a_rebooted_device_starts_a_new_sequence_and_both_boots_are_kept_apart(
    collector, enroll_device, make_agent, fleet_db
):
    credentials = enroll_device("hotspot-04")
    agent = make_agent(credentials)
    agent.report()
    agent.report()
    agent.probe.boot = "boot-b"
    agent.report()
    assert agent.send()
    assert [(b, s) for b, s, _n in stored(fleet_db, "hotspot-04")] == [
        ("boot-a", 1), ("boot-a", 2), ("boot-b", 1)
    ]  # fmt: skip
    assert wait_for(lambda: fleet_db["boots"].count == 2)


def test_the_agent_learns_its_clock_offset_and_the_interval_from_the_collector(
    collector, enroll_device, make_agent, fleet_db
):
    agent = make_agent(enroll_device("hotspot-04"))
    agent.interval = 60
    agent.report()
    assert agent.send()
    assert agent.interval == 1.0
    assert abs(agent.clock_offset) < 1.0
    agent.report()
    agent.send()
    device = fleet_db["devices"].get("hotspot-04")
    assert abs(device["clock_offset"]) < 1.0


def test_raw_reports_are_pruned_after_48_hours_and_aggregates_after_90_days(fleet_db):
    from device_agent.collector.reports import BUCKET_SECONDS, prune_history, store_batch

    now = time.time()
    for seq, age in enumerate((50 * 3600, 3600, 91 * 86_400), start=1):
        at = now - age
        report = {"boot_id": "b", "seq": seq, "sampled_at": at, "system": {"cpu_percent": 10.0}}
        batch = {"device_id": "kiosk-01", "sent_at": at, "reports": [report]}
        store_batch(fleet_db, {"id": "kiosk-01"}, batch, at, 86_400)
    prune_history(fleet_db, raw_hours=48, aggregate_days=90)
    assert [r["seq"] for r in fleet_db["reports"].rows] == [2]
    buckets = sorted(r["bucket"] for r in fleet_db["aggregates"].rows)
    assert buckets == sorted({int((now - a) // BUCKET_SECONDS) for a in (50 * 3600, 3600)})
