"""A sync killed at any instant, or stopped by a full disk, never leaves a broken snapshot."""

from __future__ import annotations

import gc
import io
import os
import random
import resource
import signal
import time

from PIL import Image

from content_sync.media import store_image
from content_sync.mirror import EXIT_LOCAL, EXIT_OK
from tests.content_sync.sync_helpers import assert_intact, publish_news, titles

KILLS = 30


def noisy_photo(content_db, data_dir, size=700) -> int:
    """An image that compresses badly, so its renditions are large files."""
    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return store_image(content_db, data_dir, buffer.getvalue(), "szum.jpg", "garbow", "t", 10**8)


def run_in_child(device, before_sync=lambda: None) -> int:
    """Fork; the child syncs once and exits with its code. Returns the child's pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 99
        try:
            before_sync()
            code, _result = device.sync_once()
        finally:
            os._exit(code)
    return pid


def test_sync_killed_at_random_points_never_breaks_the_snapshot_and_the_next_run_finishes(
    live_server, make_device, hub, content_db, data_dir
):
    device = make_device(live_server)
    assert device.sync_once()[0] == EXIT_OK
    rng = random.Random(20261124)
    publish_news(hub, content_db, "garbow", "Pomiar", image=noisy_photo(content_db, data_dir))
    started = time.monotonic()
    assert device.sync_once()[0] == EXIT_OK
    full_sync = time.monotonic() - started
    window, killed_mid_sync, rounds = full_sync, 0, 0
    while killed_mid_sync < KILLS and rounds < 3 * KILLS:
        rounds += 1
        publish_news(
            hub, content_db, "garbow", f"Zdjęcie {rounds}", image=noisy_photo(content_db, data_dir)
        )
        started = time.monotonic()
        pid = run_in_child(device)
        time.sleep(rng.uniform(0, window))
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            killed_mid_sync += 1
        else:  # the sync won the race: aim earlier next time
            window = min(window, time.monotonic() - started)
        snapshot = assert_intact(device.store.dir)
        assert not str(snapshot.path.name).startswith(".")
    assert killed_mid_sync == KILLS
    code, result = device.sync_once()
    assert code == EXIT_OK
    assert result.version == hub.repository.current_targets().version
    assert f"Zdjęcie {rounds}" in titles(assert_intact(device.store.dir))
    gc.collect()


def test_a_full_disk_is_refused_cleanly_and_the_next_run_finishes(
    live_server, make_device, hub, content_db, data_dir
):
    device = make_device(live_server)
    assert device.sync_once()[0] == EXIT_OK
    before = assert_intact(device.store.dir)
    publish_news(hub, content_db, "garbow", "Duże zdjęcie", image=noisy_photo(content_db, data_dir))

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    pid = run_in_child(device, small_disk)
    _pid, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == EXIT_LOCAL
    after = assert_intact(device.store.dir)
    assert after.path == before.path
    assert "File too large" in device.store.read_status()["last_error"]
    assert device.sync_once()[0] == EXIT_OK
    assert "Duże zdjęcie" in titles(assert_intact(device.store.dir))
    gc.collect()


def test_a_device_killed_while_its_root_link_was_being_replaced_still_trusts_its_root(
    live_server, make_device, hub, content_db
):
    device = make_device(live_server)
    assert device.sync_once()[0] == EXIT_OK
    # ngclient deletes trust/root.json before linking it again: the window a kill can hit
    (device.store.trust_dir / "root.json").unlink()
    publish_news(hub, content_db, "garbow", "Po awarii")
    assert device.sync_once()[0] == EXIT_OK
    assert "Po awarii" in titles(assert_intact(device.store.dir))
    assert (device.store.trust_dir / "root.json").exists()
