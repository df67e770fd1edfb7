"""Devices follow the hub: verified first sync, one-request polls, incremental updates."""

from __future__ import annotations

import io
import json
import shutil
import time
from datetime import timedelta

from PIL import Image
from tuf.api.metadata import Metadata

from content_sync.media import store_image
from content_sync.mirror import EXIT_OFFLINE, EXIT_OK, backoff_delay
from content_sync.signing import Lifetimes
from tests.conftest import csrf_token
from tests.content_sync.sync_helpers import ManInTheMiddle, assert_intact, publish_news, titles


def test_a_first_sync_gets_exactly_the_subscribed_channels_verified(live_server, make_device):
    device = make_device(live_server)
    code, result = device.sync_once()
    assert code == EXIT_OK and result.outcome == "updated"
    snapshot = assert_intact(device.store.dir)
    assert {d["channel"] for d in snapshot.items} == {"powiat", "garbow"}
    assert snapshot.content["channel_names"]["garbow"] == "Gmina Garbów"
    status = json.loads((device.store.dir / "status.json").read_text())
    assert status["version"] == snapshot.version and status["last_error"] is None


def test_a_poll_with_no_change_is_one_small_conditional_request(live_server, make_device):
    with ManInTheMiddle(live_server) as mitm:
        device = make_device(mitm.url)
        device.sync_once()
        mitm.requests.clear()
        code, result = device.sync_once()
    assert code == EXIT_OK and result.outcome == "unchanged"
    assert mitm.requests == [("/sync/v1/metadata/timestamp.json", 304, 0)]


def test_one_changed_item_downloads_only_its_document_and_the_metadata(
    app, live_server, make_device, hub, content_db
):
    with ManInTheMiddle(live_server) as mitm:
        device = make_device(mitm.url)
        device.sync_once()
        before = set(device.store.current().content["objects"])
        mitm.requests.clear()
        item = publish_news(hub, content_db, "garbow", "Remont drogi w Garbowie")
        code, result = device.sync_once()
    assert code == EXIT_OK and result.outcome == "updated"
    after = assert_intact(device.store.dir)
    document = next(d for d in after.items if d["id"] == item.id)
    assert set(after.content["objects"]) - before == {document["sha256"]}
    # One pack holding that one document: its record, nothing else (the proxy does not ask
    # for gzip, so the sizes are the records' own).
    length = (device.store.objects_dir / document["sha256"]).stat().st_size
    record = len(f"{document['sha256']} {length}\n") + length
    downloads = [r for r in mitm.requests if "/objects/" in r[0] or "/pack" in r[0]]
    assert downloads == [("/sync/v1/pack", 200, record)]


def test_an_urgent_alert_reaches_a_kiosk_at_its_next_poll_through_the_editor(
    live_server, make_device, login, valid_form
):
    device = make_device(live_server)
    device.sync_once()
    client = login("ed-powiat")
    form = valid_form("alert", channel="powiat", csrf_token=csrf_token(client, "/editor/"))
    form["title.pl"] = "Awaria wodociągu"
    item_id = client.post("/editor/alert/new", data=form).headers["Location"].split("/")[-2]
    client.post(f"/editor/alert/{item_id}/publish", data={"csrf_token": form["csrf_token"]})
    device.sync_once()
    assert "Awaria wodociągu" in titles(assert_intact(device.store.dir))


def test_a_kiosk_of_another_gmina_does_not_download_garbow_content(
    live_server, make_device, hub, content_db
):
    publish_news(hub, content_db, "garbow", "Tylko dla Garbowa")
    device = make_device(live_server, channels=("powiat", "konopnica"), name="konopnica")
    device.sync_once()
    snapshot = assert_intact(device.store.dir)
    assert "garbow" not in {d["channel"] for d in snapshot.items}


def test_images_arrive_only_in_the_renditions_the_device_asks_for(
    live_server, make_device, hub, content_db, data_dir
):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(buffer, "JPEG")
    media_id = store_image(content_db, data_dir, buffer.getvalue(), "a.jpg", "garbow", "t", 10**7)
    publish_news(hub, content_db, "garbow", "Ze zdjęciem", image=media_id)
    device = make_device(live_server, renditions={"kiosk", "thumb"})
    device.sync_once()
    snapshot = assert_intact(device.store.dir)
    news = next(d for d in snapshot.items if d["data"].get("title", {}).get("pl") == "Ze zdjęciem")
    present = {
        n for n, r in news["media"]["image"].items() if snapshot.media_path(r["sha256"]).exists()
    }
    assert present == {"kiosk", "thumb"}


def test_old_snapshots_beyond_keep_and_their_objects_are_collected(
    live_server, make_device, hub, content_db
):
    device = make_device(live_server, keep=2)
    device.sync_once()
    for number in range(3):
        publish_news(hub, content_db, "garbow", f"Wiadomość {number}")
        device.sync_once()
    assert len(device.store.snapshot_dirs()) == 2
    current = assert_intact(device.store.dir)
    item = next(d for d in current.items if d["data"].get("title", {}).get("pl") == "Wiadomość 2")
    store_unpublished = content_db.execute(
        "UPDATE items SET published = NULL WHERE id = ?", [item["id"]]
    )
    assert store_unpublished.rowcount == 1
    hub.publish(content_db)
    device.sync_once()
    device.sync_once()
    kept = set()
    for path in device.store.snapshot_dirs():
        kept |= set(json.loads((path / "content.json").read_text())["objects"])
    on_disk = {p.name for p in device.store.objects_dir.iterdir() if p.is_file()}
    assert on_disk == kept


def test_an_unreachable_hub_keeps_the_snapshot_and_reports_the_failure(live_server, make_device):
    device = make_device(live_server)
    device.sync_once()
    before = assert_intact(device.store.dir).path
    device.client.base = "http://127.0.0.1:9/sync/v1"
    code, _result = device.sync_once()
    assert code == EXIT_OFFLINE
    assert assert_intact(device.store.dir).path == before
    status = json.loads((device.store.dir / "status.json").read_text())
    assert status["consecutive_failures"] == 1 and status["last_error"].startswith("offline")
    assert status["last_success"] is not None


def test_backoff_grows_exponentially_with_full_jitter_and_a_cap():
    assert backoff_delay(1, 5, 900, rng=lambda: 1.0) == 10
    assert backoff_delay(4, 5, 900, rng=lambda: 1.0) == 80
    assert backoff_delay(20, 5, 900, rng=lambda: 1.0) == 900
    assert backoff_delay(3, 5, 900, rng=lambda: 0.25) == 10


def test_a_device_offline_for_days_catches_up_in_one_run(
    app, live_server, make_device, hub, content_db
):
    short = Lifetimes(timestamp=timedelta(seconds=2), snapshot=timedelta(seconds=3))
    hub.repository.lifetimes = short
    device = make_device(live_server)
    device.sync_once()
    hub.repository.refresh_expiring()
    time.sleep(3.5)  # everything the device holds has expired, as after days offline
    hub.repository.lifetimes = Lifetimes()  # the hub signs normally again
    for number in range(3):
        publish_news(hub, content_db, "garbow", f"W czasie przerwy {number}")
    code, result = device.sync_once()
    assert code == EXIT_OK and result.outcome == "updated"
    assert {"W czasie przerwy 0", "W czasie przerwy 2"} <= titles(assert_intact(device.store.dir))


def test_metadata_near_expiry_is_re_signed_when_devices_poll(app, client, hub):
    before = json.loads((hub.repository.metadata_dir / "timestamp.json").read_text())
    hub.repository.lifetimes = Lifetimes(timestamp=timedelta(hours=1000))
    client.get("/sync/v1/metadata/timestamp.json")
    after = json.loads((hub.repository.metadata_dir / "timestamp.json").read_text())
    assert after["signed"]["version"] == before["signed"]["version"] + 1


def test_devices_follow_key_rotations_of_every_role(live_server, make_device, hub, content_db):
    device = make_device(live_server)
    device.sync_once()
    for role in ("timestamp", "snapshot", "targets", "root"):
        hub.repository.rotate(role)
        publish_news(hub, content_db, "garbow", f"Po wymianie klucza {role}")
        code, _result = device.sync_once()
        assert code == EXIT_OK, role
    assert "Po wymianie klucza root" in titles(assert_intact(device.store.dir))
    trusted = Metadata.from_file(str(device.store.trust_dir / "root.json")).signed
    assert trusted.version == hub.repository.root().version == 5  # one new root per rotation
    assert trusted.roles == hub.repository.root().roles


def test_missing_signing_keys_do_not_stop_editors_but_they_are_told(login, hub, make_item):
    shutil.rmtree(hub.repository.keys.dir)
    item = make_item("news", "garbow")
    client = login("ed-garbow")
    response = client.post(
        f"/editor/news/{item.id}/publish",
        data={"csrf_token": csrf_token(client, "/editor/")},
        follow_redirects=True,
    )
    assert "podpisywanie treści nie działa" in response.get_data(as_text=True)
