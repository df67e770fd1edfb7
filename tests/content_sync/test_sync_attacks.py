"""Everything tampered, old, expired, cut or oversized is refused; the kiosk keeps its snapshot.

Each test first brings a device to a good snapshot, then publishes a change on a real
hub on 127.0.0.1 and lets an attacker (a man-in-the-middle proxy, or the hub's own
files) interfere with the next poll.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from content_sync.bundle import build_bundle, canonical_json, channel_target
from content_sync.mirror import EXIT_OFFLINE, EXIT_OK, EXIT_REFUSED
from content_sync.signing import Lifetimes
from tests.content_sync.sync_helpers import ManInTheMiddle, assert_intact, publish_news, titles


@pytest.fixture
def attacked(live_server, make_device, hub, content_db, caplog):
    """(mitm, device, publish) with the device on a good snapshot behind the proxy."""
    caplog.set_level(logging.INFO, logger="content_sync.mirror")
    with ManInTheMiddle(live_server) as mitm:
        device = make_device(mitm.url)
        assert device.sync_once()[0] == EXIT_OK
        yield mitm, device, lambda title: publish_news(hub, content_db, "garbow", title)


def refused_and_untouched(device, caplog, code, expected_code, phrase):
    before = device.store.current()
    assert code == expected_code
    assert phrase in caplog.text
    assert "still serving v" in caplog.text
    after = assert_intact(device.store.dir)
    assert after.path == before.path and after.version == before.version
    return after


def objects_only(change):
    return lambda path, status, body: change(body) if "/objects/" in path else body


def test_a_document_altered_in_transit_is_refused(attacked, caplog):
    mitm, device, publish = attacked
    publish("Prawdziwa wiadomość")
    mitm.mutate = objects_only(lambda body: body.replace(b"Prawdziwa", b"Falszywa!"))
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "does not match its SHA-256")


def test_a_wrong_signature_is_refused(attacked, caplog):
    mitm, device, publish = attacked
    publish("Podpisana wiadomość")

    def forge(path, status, body):
        if not path.endswith("timestamp.json") or status != 200:
            return body
        document = json.loads(body)
        sig = document["signatures"][0]["sig"]
        document["signatures"][0]["sig"] = ("0" if sig[0] != "0" else "1") + sig[1:]
        return json.dumps(document).encode()

    mitm.mutate = forge
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "UnsignedMetadataError")


def test_expired_metadata_is_refused(attacked, hub, caplog):
    mitm, device, publish = attacked
    hub.repository.lifetimes = Lifetimes(timestamp=timedelta(hours=-1))
    publish("Wiadomość z przeterminowanym podpisem")
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "ExpiredMetadataError")


def test_an_older_version_is_refused_as_a_rollback(attacked, hub, caplog):
    mitm, device, publish = attacked
    old_timestamp = (hub.repository.metadata_dir / "timestamp.json").read_bytes()
    publish("Nowsza wiadomość")
    assert device.sync_once()[0] == EXIT_OK
    publish("Jeszcze nowsza")
    mitm.mutate = lambda path, status, body: (
        old_timestamp if path.endswith("timestamp.json") else body
    )
    code, _ = device.sync_once()
    after = refused_and_untouched(device, caplog, code, EXIT_REFUSED, "BadVersionNumberError")
    assert "Nowsza wiadomość" in titles(after)


def test_a_truncated_download_is_not_used_and_the_next_run_resumes_it(attacked, caplog):
    mitm, device, publish = attacked
    publish("Długa wiadomość " + "x" * 300_000)
    mitm.mutate = objects_only(lambda body: None)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_OFFLINE, "offline")
    mitm.mutate = lambda path, status, body: body
    mitm.requests.clear()
    assert device.sync_once()[0] == EXIT_OK
    assert any(status == 206 for path, status, _size in mitm.requests if "/objects/" in path)
    assert any(t.startswith("Długa wiadomość") for t in titles(assert_intact(device.store.dir)))


def test_an_object_larger_than_announced_is_refused(attacked, caplog):
    mitm, device, publish = attacked
    publish("Wiadomość z doklejonym ogonem")
    mitm.mutate = objects_only(lambda body: body + b" " * 4096)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "larger than the announced")
    assert not any(device.store.objects_dir.joinpath("partial").iterdir())


@pytest.mark.parametrize("name", ["../../../../tmp/pwned", "..", "/etc/passwd", "A" * 64])
def test_a_signed_index_naming_a_path_instead_of_a_hash_is_refused(
    attacked, hub, content_db, caplog, tmp_path, name
):
    mitm, device, _publish = attacked
    targets = build_bundle(content_db).targets
    index = json.loads(targets[channel_target("garbow")])
    index["items"].append({"id": 999, "type": "news", "sha256": name, "length": 10})
    targets[channel_target("garbow")] = canonical_json(index)
    hub.repository.publish_targets(targets)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "is not a SHA-256")
    assert not (tmp_path / "pwned").exists()


def test_metadata_signed_by_a_key_the_device_does_not_trust_is_refused(attacked, tmp_path, caplog):
    from content_sync.signing import KeyStore, Repository

    mitm, device, publish = attacked
    rogue = Repository(tmp_path / "rogue", KeyStore(tmp_path / "rogue-keys"))
    rogue.init()
    rogue_timestamp = (rogue.metadata_dir / "timestamp.json").read_bytes()
    publish("Wiadomość")
    mitm.mutate = lambda path, status, body: (
        rogue_timestamp if path.endswith("timestamp.json") else body
    )
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "refused")
