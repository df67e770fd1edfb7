"""The agent's spool: numbering, bounds that drop the oldest and say so, run-once commands."""

from __future__ import annotations

import json

from device_agent.agent.spool import Spool


def make(tmp_path, **bounds) -> Spool:
    return Spool(tmp_path / "spool.db", **({"max_age_seconds": 3600, "max_bytes": 10_000} | bounds))


def test_reports_are_numbered_per_boot_and_the_numbering_survives_a_restart(tmp_path):
    spool = make(tmp_path)
    assert [spool.add("boot-a", {}).seq for _ in range(3)] == [1, 2, 3]
    spool.close()
    spool = make(tmp_path)
    assert spool.add("boot-a", {}).seq == 4
    assert spool.add("boot-b", {}).seq == 1
    assert [(r.boot_id, r.seq) for r in spool.pending(10)] == [
        ("boot-a", 1), ("boot-a", 2), ("boot-a", 3), ("boot-a", 4), ("boot-b", 1)
    ]  # fmt: skip


def test_only_acknowledged_reports_leave_the_spool(tmp_path):
    spool = make(tmp_path)
    for _ in range(5):
        spool.add("boot-a", {})
    assert spool.acknowledge("boot-a", 3) == 3
    assert [r.seq for r in spool.pending(10)] == [4, 5]
    assert spool.acknowledge("boot-other", 99) == 0
    assert spool.count() == 2


def test_a_full_spool_drops_the_oldest_and_the_next_report_says_how_many(tmp_path):
    spool = make(tmp_path, max_bytes=2_000)
    for _ in range(30):
        spool.add("boot-a", {"padding": "x" * 180})
    kept = spool.pending(100)
    assert spool.size_bytes() <= 2_000
    assert kept[-1].seq == 30 and kept[0].seq > 1
    # Every report that went is counted exactly once, in the reports still kept.
    told = sum(r.body["dropped"] for r in kept) + spool.dropped_pending()
    assert told == kept[0].seq - 1


def test_reports_older_than_the_age_bound_are_dropped(tmp_path):
    spool = make(tmp_path, max_age_seconds=100)
    spool.add("boot-a", {}, now=1_000)
    spool.add("boot-a", {}, now=1_050)
    newest = spool.add("boot-a", {}, now=1_120)
    assert [r.seq for r in spool.pending(10)] == [2, 3]
    assert newest.body["dropped"] == 0 and spool.dropped_pending() == 1
    assert spool.add("boot-a", {}, now=1_130).body["dropped"] == 1


def test_a_command_is_remembered_so_it_never_runs_twice(tmp_path):
    spool = make(tmp_path)
    assert not spool.command_seen("c1")
    spool.record_command("c1", {"ok": True, "detail": "done"})
    spool.close()
    spool = make(tmp_path)
    assert spool.command_seen("c1")
    assert spool.unreported_results() == [{"id": "c1", "ok": True, "detail": "done"}]
    spool.mark_results_reported(["c1"])
    assert spool.unreported_results() == [] and spool.command_seen("c1")


def test_spooled_bodies_are_compact_json(tmp_path):
    spool = make(tmp_path)
    spool.add("boot-a", {"a": [1, 2]})
    body = spool.db.execute("SELECT body FROM reports").fetchone()[0]
    assert " " not in body and json.loads(body)["a"] == [1, 2]
