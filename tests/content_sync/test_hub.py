"""The hub keeps a bounded history: old versions go, what devices may still ask for stays."""

from __future__ import annotations

from content_sync import store
from content_sync.mirror import EXIT_OK
from tests.content_sync.sync_helpers import assert_intact, publish_news, titles


def versions(hub, role):
    return sorted(
        int(p.name.split(".")[0]) for p in hub.repository.metadata_dir.glob(f"*.{role}.json")
    )


def test_only_the_newest_versions_and_their_documents_are_kept(
    live_server, make_device, hub, content_db
):
    hub.keep_versions = 3
    first = publish_news(hub, content_db, "garbow", "Wycofana później")
    first_documents = set(p.name for p in hub.documents_dir.iterdir())
    store.unpublish_item(content_db, first, "t")
    for number in range(6):
        publish_news(hub, content_db, "garbow", f"Kolejna {number}")
    assert len(versions(hub, "targets")) == 3 and len(versions(hub, "snapshot")) == 3
    assert versions(hub, "root") == [1]
    current = {p.name for p in hub.documents_dir.iterdir()}
    assert len(first_documents - current) >= 1  # the withdrawn item's document is gone
    device = make_device(live_server)
    assert device.sync_once()[0] == EXIT_OK
    snapshot = assert_intact(device.store.dir)
    assert "Kolejna 5" in titles(snapshot) and "Wycofana później" not in titles(snapshot)


def test_pruning_never_removes_root_versions(hub, content_db):
    hub.keep_versions = 1
    hub.repository.rotate("timestamp")
    publish_news(hub, content_db, "garbow", "Po rotacji")
    assert versions(hub, "root") == [1, 2]
