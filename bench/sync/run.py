"""bench/sync: Infomat's signed sync against rsync over the same content, in one run.

    .venv/bin/python -m bench.sync.run [--images 90] [--reps 3]

Builds the demo county plus ~200 MB of photos, serves it with gunicorn (the
production server) and with an rsync daemon, both on 127.0.0.1 behind byte-counting
relays, and measures first sync, a no-change poll, one changed news item, one
changed image and 20 devices at once. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from bench.net import free_port, wait_http
from bench.wire import CountingRelay
from content_sync import store
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from content_sync.hub import Hub
from content_sync.media import store_image
from content_sync.mirror import EXIT_OK, Mirror
from server_room.config import load

ROOT = Path(__file__).resolve().parents[2]


def photo(seed: int, size=(1920, 1280)) -> bytes:
    """A photo-like image that compresses like a real one (noise over gradients)."""
    noise = Image.frombytes("L", size, os.urandom(size[0] * size[1])).convert("RGB")
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    image = Image.blend(base, noise, 0.35 + (seed % 5) / 20)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


class Bench:
    def __init__(self, work: Path, images: int):
        self.work = work
        self.hub_dir = work / "hub"
        self.keys = work / "keys"
        self.settings = load(None, data_dir=str(self.hub_dir), sync_keys_dir=str(self.keys))
        self.db = open_content_db(self.hub_dir)
        load_demo_county(self.db)
        self.hub = Hub.from_settings(self.settings)
        self.hub.repository.init()
        print(f"adding {images} photos…", flush=True)
        channels = [c["id"] for c in store.channels(self.db)]
        self.photo_items = []
        for number in range(images):
            media = store_image(self.db, self.hub_dir, photo(number), "p.jpg", "powiat", "b", 10**8)
            item = store.create_item(
                self.db,
                "news",
                channels[number % len(channels)],
                {"title": {"pl": f"Galeria {number}"}, "body": {"pl": "Zdjęcia."}, "image": media},
                "bench",
            )
            self.photo_items.append(store.publish_item(self.db, item, "bench"))
        self.hub.publish(self.db)
        self.channels = channels
        self.durable: list[float] = []

    def tree_bytes(self) -> int:
        return sum(
            p.stat().st_size
            for d in ("sync", "media")
            for p in (self.hub_dir / d).rglob("*")
            if p.is_file() and not p.name.startswith(".")
        )

    def start_servers(self):
        port = free_port()
        config = self.work / "infomat.toml"
        config.write_text(
            f'[server_room]\ndata_dir = "{self.hub_dir}"\nbind = "127.0.0.1:{port}"\n'
            f'workers = 2\n[content_sync]\nsync_keys_dir = "{self.keys}"\n'
        )
        self.gunicorn_log = open(self.work / "gunicorn.log", "w")  # noqa: SIM115
        self.gunicorn = subprocess.Popen(
            [sys.executable, "-m", "server_room", "server", "--config", str(config)],
            stdout=self.gunicorn_log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        wait_http(f"http://127.0.0.1:{port}/healthz")
        rsync_port = free_port()
        rsyncd = self.work / "rsyncd.conf"
        rsyncd.write_text(
            f"pid file = {self.work}/rsyncd.pid\nuse chroot = no\n[hub]\npath = {self.hub_dir}\n"
            "read only = yes\nexclude = *.db *.db-wal *.db-shm secret_key .lock\n"
        )
        self.rsyncd = subprocess.Popen(
            [
                "rsync",
                "--daemon",
                "--no-detach",
                f"--config={rsyncd}",
                f"--port={rsync_port}",
                "--address=127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        self.hub_relay = CountingRelay(port).start()
        self.rsync_relay = CountingRelay(rsync_port).start()
        self.hub_url = f"http://127.0.0.1:{self.hub_relay.port}"
        self.rsync_url = f"rsync://127.0.0.1:{self.rsync_relay.port}/hub/"

    def stop(self):
        self.hub_relay.stop()
        self.rsync_relay.stop()
        self.gunicorn.terminate()
        self.rsyncd.terminate()
        self.gunicorn.wait(10)
        self.rsyncd.wait(10)

    def device(self, name: str) -> Mirror:
        mirror = Mirror(self.work / "devices" / name, self.hub_url, self.channels, timeout=60)
        mirror.install_root((self.hub_dir / "sync/metadata/1.root.json").read_bytes())
        return mirror

    def infomat(self, mirror: Mirror) -> tuple[float, int]:
        os.sync()  # start every measurement with no earlier writes still queued
        self.hub_relay.reset()
        started = time.perf_counter()
        code, _ = mirror.sync_once()
        elapsed = time.perf_counter() - started
        assert code == EXIT_OK, code
        return elapsed, self.hub_relay.total

    def rsync(self, target: Path) -> tuple[float, int]:
        """rsync's time and bytes; its time to durable (after sync) goes to self.durable."""
        target.mkdir(parents=True, exist_ok=True)
        os.sync()
        self.rsync_relay.reset()
        started = time.perf_counter()
        subprocess.run(["rsync", "-a", "--delete", self.rsync_url, f"{target}/"], check=True)
        elapsed = time.perf_counter() - started
        os.sync()
        self.durable.append(time.perf_counter() - started)
        return elapsed, self.rsync_relay.total

    def publish_and_measure(self, since, device, expected, infomat_runs, rsync_runs) -> None:
        """Sign the change, note its size, and let both a device and rsync catch up."""
        self.hub.publish(self.db)
        expected.append(self.changed_files_bytes(since))
        infomat_runs.append(self.infomat(device))
        rsync_runs.append(self.rsync(self.work / "rsync" / "first-0"))

    def changed_files_bytes(self, since: float) -> int:
        """Bytes a device must fetch for a change: new files plus the new signed metadata.

        The unversioned copies (snapshot.json, targets.json, root.json) are the hub's
        own bookkeeping; devices fetch the versioned names and timestamp.json.
        """
        bookkeeping = {"snapshot.json", "targets.json", "root.json"}
        return sum(
            p.stat().st_size
            for d in ("sync", "media")
            for p in (self.hub_dir / d).rglob("*")
            if p.is_file()
            and p.stat().st_mtime >= since
            and not p.name.startswith(".")
            and p.name not in bookkeeping
        )


def median_pair(runs):
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=170)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="infomat-bench-sync-"))
    bench = Bench(work, args.images)
    print(f"content tree: {bench.tree_bytes() / 1e6:.1f} MB", flush=True)
    bench.start_servers()
    results = {}
    try:
        first_i, first_r, idle_i, idle_r = [], [], [], []
        for rep in range(args.reps):
            first_i.append(bench.infomat(bench.device(f"first-{rep}")))
            first_r.append(bench.rsync(work / "rsync" / f"first-{rep}"))
        rsync_durable = statistics.median(bench.durable)
        device = bench.device("first-0")
        for _ in range(args.reps):
            idle_i.append(bench.infomat(device))
            idle_r.append(bench.rsync(work / "rsync" / "first-0"))
        results["first sync"] = (median_pair(first_i), median_pair(first_r))
        results["no-change poll"] = (median_pair(idle_i), median_pair(idle_r))

        news_i, news_r, expected_news = [], [], []
        for rep in range(args.reps):
            since = time.time() - 0.01
            item = store.create_item(
                bench.db,
                "news",
                "garbow",
                {"title": {"pl": f"Zmiana {rep}"}, "body": {"pl": "Nowa treść " * 40}},
                "bench",
            )
            store.publish_item(bench.db, item, "bench")
            bench.publish_and_measure(since, device, expected_news, news_i, news_r)
        results["one news item changed"] = (median_pair(news_i), median_pair(news_r))

        image_i, image_r, expected_image = [], [], []
        for rep in range(args.reps):
            since = time.time() - 0.01
            target = bench.photo_items[rep]
            media = store_image(
                bench.db, bench.hub_dir, photo(1000 + rep), "n.jpg", "powiat", "b", 10**8
            )
            current = store.get_item(bench.db, target.id)
            updated = store.update_item(
                bench.db, current, current.draft | {"image": media}, "bench", current.revision
            )
            store.publish_item(bench.db, updated, "bench")
            bench.publish_and_measure(since, device, expected_image, image_i, image_r)
        results["one image changed"] = (median_pair(image_i), median_pair(image_r))

        root = bench.hub_dir / "sync/metadata/1.root.json"
        channels = ",".join(bench.channels)

        def one_device(number):
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "server_room",
                    "sync",
                    "--server",
                    bench.hub_url,
                    "--data-dir",
                    str(work / "fleet" / str(number)),
                    "--channels",
                    channels,
                    "--root",
                    str(root),
                    "--once",
                ],
                capture_output=True,
                cwd=ROOT,
                text=True,
            )
            if result.returncode:
                print(result.stderr[-600:], file=sys.stderr)
            return result.returncode

        def one_rsync(number):
            target = work / "rsync-fleet" / str(number)
            target.mkdir(parents=True, exist_ok=True)
            subprocess.run(["rsync", "-a", bench.rsync_url, f"{target}/"], check=True)

        bench.hub_relay.reset()
        started = time.perf_counter()
        with ThreadPoolExecutor(20) as pool:
            codes = list(pool.map(one_device, range(20)))
        fleet_i = (time.perf_counter() - started, bench.hub_relay.total)
        if codes != [0] * 20:
            log = (work / "gunicorn.log").read_text().splitlines()
            print(
                "\n".join(line for line in log if "GET" not in line and "POST" not in line)[-3000:]
            )
            raise SystemExit(f"devices failed: {codes}")
        started = time.perf_counter()
        bench.rsync_relay.reset()
        with ThreadPoolExecutor(20) as pool:
            list(pool.map(one_rsync, range(20)))
        fleet_r = (time.perf_counter() - started, bench.rsync_relay.total)
        results["20 devices at once"] = (fleet_i, fleet_r)
    finally:
        bench.stop()

    print(
        f"\n{'scenario':<24}{'infomat s':>11}{'infomat bytes':>15}{'rsync s':>10}"
        f"{'rsync bytes':>14}{'time ×':>9}{'bytes ×':>9}"
    )
    for name, ((ti, bi), (tr, br)) in results.items():
        print(
            f"{name:<24}{ti:>11.3f}{bi:>15,}{tr:>10.3f}{br:>14,}"
            f"{ti / tr:>9.2f}{bi / max(br, 1):>9.2f}"
        )
    (ti, bi), (tr, br) = results["first sync"]
    print(
        f"\nfirst sync throughput: infomat {bi / ti / 1e6:.1f} MB/s, rsync {br / tr / 1e6:.1f} MB/s"
        f" → {100 * (bi / ti) / (br / tr):.0f} % of rsync (target ≥ 80 %)"
    )
    print(
        "  infomat's time includes making every file durable (sync(2)); rsync + sync took "
        f"{rsync_durable:.3f} s → infomat at {100 * rsync_durable / ti:.0f} % of that throughput"
    )
    print(f"no-change poll: {results['no-change poll'][0][1]} bytes on the wire (target < 2048)")
    for label, expected in (
        ("one news item changed", expected_news),
        ("one image changed", expected_image),
    ):
        wire = results[label][0][1]
        base = statistics.median(expected)
        print(
            f"{label}: {wire:,} bytes on the wire vs {base:,.0f} changed+metadata bytes"
            f" → {wire / base:.2f}× (target < 1.2×)"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
