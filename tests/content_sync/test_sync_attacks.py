"""Everything tampered, old, expired, cut or oversized is refused; the kiosk keeps its snapshot.

Each test first brings a device to a good snapshot, then publishes a change on a real
hub on 127.0.0.1 and lets an attacker (a man-in-the-middle proxy, or the hub's own
files) interfere with the next poll.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from datetime import timedelta

import pytest
from PIL import Image
from tuf.api.metadata import Metadata

from content_sync.bundle import build_bundle, canonical_json, channel_target
from content_sync.media import store_image
from content_sync.mirror import EXIT_OFFLINE, EXIT_OK, EXIT_REFUSED
from content_sync.signing import KeyStore, Lifetimes, Repository
from tests.content_sync.sync_helpers import ManInTheMiddle, assert_intact, publish_news, titles


@pytest.fixture
def attacked(live_server, make_device, hub, content_db, caplog):
    """(mitm, device, publish) with the device on a good snapshot behind the proxy."""
    caplog.set_level(logging.INFO, logger="content_sync.mirror")
    with ManInTheMiddle(live_server) as mitm:
        device = make_device(mitm.url)
        assert device.sync_once()[0] == EXIT_OK
        yield mitm, device, lambda title: publish_news(hub, content_db, "garbow", title)


@pytest.fixture
def rogue(tmp_path) -> Repository:
    """A repository with keys of its own: what an attacker without the county's keys signs."""
    repository = Repository(tmp_path / "rogue", KeyStore(tmp_path / "rogue-keys"))
    repository.init()
    return repository


def signed_by(repository: Repository, metadata: Metadata) -> bytes:
    """`metadata` signed with `repository`'s keys for its role, as the hub would serve it."""
    root = repository.root()
    metadata.signatures.clear()
    for keyid in root.roles[metadata.signed.type].keyids:
        metadata.sign(repository.keys.signer(root.keys[keyid]), append=True)
    return metadata.to_bytes()


def trusted_version(device, role: str) -> int:
    """The version of `role`'s metadata the device has verified and keeps."""
    return Metadata.from_file(str(device.store.trust_dir / f"{role}.json")).signed.version


def refused_and_untouched(device, caplog, code, expected_code, phrase):
    before = device.store.current()
    assert code == expected_code
    assert phrase in caplog.text
    assert "still serving v" in caplog.text
    after = assert_intact(device.store.dir)
    assert after.path == before.path and after.version == before.version
    return after


def only(marker: str, change):
    """Apply `change` to response bodies whose path contains `marker`."""
    return lambda path, status, body: change(body) if marker in path else body


@pytest.fixture
def publish_photo(hub, content_db, data_dir):
    """Publish a news item with a large photo (its renditions are fetched as objects)."""

    def publish(title: str):
        image = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95)
        media = store_image(content_db, data_dir, buffer.getvalue(), "p.jpg", "garbow", "t", 10**8)
        return publish_news(hub, content_db, "garbow", title, image=media)

    return publish


def cut_image_packs(body: bytes) -> bytes | None:
    """Cut packs of images half-way; let the small document packs through."""
    return None if len(body) > 100_000 else body


def start_a_download_of_the_biggest_image(device, mitm) -> None:
    """Leave the first bytes of the biggest image in objects/partial, as a cut transfer does."""
    mitm.mutate = only("/pack", cut_image_packs)
    device.sync_once()
    mitm.mutate = lambda path, status, body: body
    partials = sorted(
        (device.store.objects_dir / "partial").iterdir(), key=lambda p: p.stat().st_size
    )
    assert partials, "the cut pack left no partial object"
    for extra in partials[:-1]:
        extra.unlink()
    with open(partials[-1], "r+b") as fh:
        fh.truncate(1000)


def flip_middle_byte(body: bytes) -> bytes:
    middle = len(body) // 2
    return body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1 :]


def test_a_document_altered_in_transit_is_refused(attacked, caplog):
    mitm, device, publish = attacked
    publish("Prawdziwa wiadomość")
    mitm.mutate = only("/pack", lambda body: body.replace(b"Prawdziwa", b"Falszywa!"))
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "does not match its SHA-256")


def test_a_channel_index_altered_in_transit_is_refused(attacked, caplog):
    mitm, device, publish = attacked
    publish("Wiadomość, którą ktoś chce ukryć")

    def hide_the_newest_item(body: bytes) -> bytes:
        index = json.loads(body)
        index["items"] = index["items"][:-1]
        return canonical_json(index)

    mitm.mutate = only(".garbow.json", hide_the_newest_item)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "LengthOrHashMismatchError")
    assert any(".garbow.json" in path for path, _status, _size in mitm.requests)


@pytest.mark.parametrize("resumed", [False, True], ids=["in-a-pack", "resumed-alone"])
def test_an_image_altered_in_transit_is_refused(attacked, publish_photo, caplog, resumed):
    mitm, device, _publish = attacked
    publish_photo("Zdjęcie")
    if resumed:
        start_a_download_of_the_biggest_image(device, mitm)
    mitm.mutate = only("/objects/" if resumed else "/pack", flip_middle_byte)
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


def test_a_truncated_download_is_not_used_and_the_next_run_resumes_it(
    attacked, publish_photo, caplog
):
    mitm, device, _publish = attacked
    publish_photo("Duże zdjęcie")
    mitm.mutate = only("/pack", cut_image_packs)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_OFFLINE, "offline")
    mitm.mutate = lambda path, status, body: body
    mitm.requests.clear()
    assert device.sync_once()[0] == EXIT_OK
    assert any(status == 206 for path, status, _size in mitm.requests if "/objects/" in path)
    assert "Duże zdjęcie" in titles(assert_intact(device.store.dir))


@pytest.mark.parametrize(
    ("resumed", "phrase"),
    [(False, "pack record without a valid header"), (True, "larger than the announced")],
    ids=["in-a-pack", "resumed-alone"],
)
def test_an_object_larger_than_announced_is_refused(
    attacked, publish_photo, caplog, resumed, phrase
):
    mitm, device, _publish = attacked
    publish_photo("Wiadomość z doklejonym ogonem")
    if resumed:
        start_a_download_of_the_biggest_image(device, mitm)
    marker = "/objects/" if resumed else "/pack"
    mitm.mutate = only(marker, lambda body: body + b" " * 100_000)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, phrase)
    assert not any(device.store.objects_dir.joinpath("partial").iterdir())


def test_a_pack_with_a_document_nobody_asked_for_is_refused(attacked, caplog):
    mitm, device, publish = attacked
    publish("Wiadomość")
    intruder = b"f" * 64 + b" 2\n{}"
    mitm.mutate = only("/pack", lambda body: intruder + body[len(intruder) :])
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "not asked for")


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


def test_metadata_signed_by_a_key_the_device_does_not_trust_is_refused(attacked, rogue, caplog):
    mitm, device, publish = attacked
    trusted = trusted_version(device, "timestamp")
    forged = Metadata.from_file(str(rogue.metadata_dir / "timestamp.json"))
    # Newer than anything the device has seen, so only its signature can give it away.
    forged.signed.version = trusted + 1000
    forged_bytes = signed_by(rogue, forged)
    publish("Wiadomość")
    mitm.mutate = lambda path, status, body: (
        forged_bytes if path.endswith("timestamp.json") else body
    )
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "UnsignedMetadataError")
    assert trusted_version(device, "timestamp") == trusted


def test_a_root_signed_by_a_key_the_device_does_not_trust_is_refused(attacked, hub, rogue, caplog):
    mitm, device, publish = attacked
    forged = Metadata.from_file(str(rogue.metadata_dir / "root.json"))
    forged.signed.version = 2  # the next root the device asks the hub for
    (hub.repository.metadata_dir / "2.root.json").write_bytes(signed_by(rogue, forged))
    publish("Wiadomość")
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, "UnsignedMetadataError")
    assert trusted_version(device, "root") == 1


def test_an_object_complete_on_disk_but_never_renamed_is_placed_without_a_request(
    attacked, publish_photo
):
    mitm, device, _publish = attacked
    publish_photo("Zdjęcie")
    assert device.sync_once()[0] == EXIT_OK
    image = next(p for p in device.store.objects_dir.iterdir() if p.stat().st_size > 100_000)
    image.rename(device.store.objects_dir / "partial" / image.name)  # as if killed before rename
    length = (device.store.objects_dir / "partial" / image.name).stat().st_size
    mitm.requests.clear()
    assert device.client.download_object(image.name, length, device.store.objects_dir) == 0
    assert mitm.requests == [] and (device.store.incoming_dir / image.name).exists()


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        (b"not json at all", "malformed signed data (JSONDecodeError"),
        (b"[1, 2, 3]", "malformed signed data (AttributeError"),
        (b'{"format": "infomat-item/1", "media": 5}', "is not an item of channel garbow"),
    ],
    ids=["not-json", "not-an-object", "of-no-channel"],
)
def test_a_signed_document_that_is_not_a_usable_item_is_refused(
    attacked, hub, content_db, caplog, payload, phrase
):
    mitm, device, _publish = attacked
    digest = hashlib.sha256(payload).hexdigest()
    (hub.documents_dir / digest).write_bytes(payload)
    targets = build_bundle(content_db).targets
    index = json.loads(targets[channel_target("garbow")])
    index["items"].append({"id": 999, "type": "news", "sha256": digest, "length": len(payload)})
    targets[channel_target("garbow")] = canonical_json(index)
    hub.repository.publish_targets(targets)
    code, _ = device.sync_once()
    refused_and_untouched(device, caplog, code, EXIT_REFUSED, phrase)
