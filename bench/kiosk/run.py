"""Kiosk UI speed and memory, side by side with Chromium showing the same content.

    python -m bench.kiosk.run [--navigations 10000] [--reps 5]

Builds the demo county, syncs a kiosk's data dir over real HTTP, then measures under
Xvfb (1080×1920): process start to first frame, touch-to-next-frame for a screen
switch, RSS/PSS after start and after N navigations (leak check). The peer is Debian's
Chromium, headless with kiosk-style flags, on a static HTML page of the same Home and
news list: start to first frame (`--screenshot` exits once painted) and the summed
PSS/RSS of its process tree while it shows the page. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
from werkzeug.serving import make_server

from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from content_sync.mirror import EXIT_OK, Mirror
from kiosk_ui.content import KioskContent
from kiosk_ui.views import list_rows
from server_room import create_app

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--kiosk",
    "--window-size=1080,1920",
]


def synced_kiosk(work: Path) -> Path:
    """A device data dir synced from the demo county's hub (channels powiat + garbow)."""
    hub_dir = work / "hub"
    app = create_app(
        {"DATA_DIR": str(hub_dir), "SYNC_KEYS_DIR": str(work / "keys"), "SECURE_COOKIES": False}
    )
    hub = app.extensions["infomat_hub"]
    hub.repository.init()
    db = open_content_db(hub_dir)
    load_demo_county(db)
    hub.publish(db)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    mirror = Mirror(work / "kiosk", f"http://127.0.0.1:{server.server_port}", ["powiat", "garbow"])
    mirror.install_root((hub_dir / "sync" / "metadata" / "1.root.json").read_bytes())
    assert mirror.sync_once()[0] == EXIT_OK
    server.shutdown()
    return work / "kiosk"


def static_page(data_dir: Path, target: Path) -> Path:
    """The Home tiles and the news list as one self-contained HTML page."""
    content = KioskContent.load(data_dir)
    now = datetime.now(UTC)
    rows = "".join(
        f"<li><b>{html.escape(r.title)}</b><br><small>{html.escape(r.subtitle)}</small></li>"
        for r in list_rows("news", content, "pl", now)
    )
    tiles = "".join(
        f'<div class="tile">{t}</div>'
        for t in ("Aktualności", "Urzędy", "Jak załatwić sprawę?", "Wydarzenia", "Mapa", "Pomoc")
    )
    target.write_text(
        "<!doctype html><html lang=pl><meta charset=utf-8><style>"
        "body{margin:0;font:32px Roboto,sans-serif;background:#f3f5f7}"
        "header{background:#0b3d6b;color:#fff;padding:30px}"
        ".grid{display:grid;grid-template-columns:1fr 1fr;gap:24px;padding:36px}"
        ".tile{background:#0b4f8a;color:#fff;height:300px;display:flex;align-items:center;"
        "justify-content:center;font-size:46px;border-radius:12px}li{margin:16px}</style>"
        f"<header>Powiat Lubelski · Gmina Garbów</header><div class=grid>{tiles}</div>"
        f"<ul>{rows}</ul></html>",
        encoding="utf-8",
    )
    return target


def tree_memory(process: psutil.Process) -> dict:
    total = {"rss": 0, "pss": 0}
    for member in [process, *process.children(recursive=True)]:
        try:
            info = member.memory_full_info()
        except psutil.Error:
            continue
        total["rss"] += info.rss
        total["pss"] += info.pss
    return total


def chromium_first_frame(page: Path, work: Path) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - Debian's chromium, fixed flags
        [
            "chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tempfile.mkdtemp(dir=work)}",
            f"--screenshot={work / 'chromium.png'}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return time.monotonic() - started


def chromium_memory(page: Path, work: Path) -> dict:
    process = subprocess.Popen(  # noqa: S603 - Debian's chromium, fixed flags
        [
            "chromium",
            *CHROMIUM_FLAGS,
            "--remote-debugging-port=0",
            f"--user-data-dir={tempfile.mkdtemp(dir=work)}",
            page.as_uri(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(5)
    memory = tree_memory(psutil.Process(process.pid))
    process.terminate()
    process.wait(10)
    return memory


def kiosk_run(data_dir: Path, navigations: int) -> tuple[float, dict]:
    started = time.time()
    result = subprocess.run(  # noqa: S603 - our own probe
        [
            "xvfb-run", "-a", "-s", "-screen 0 1920x1920x24",
            sys.executable, "-m", "bench.kiosk.probe", str(data_dir), str(navigations),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
        check=True,
    )  # fmt: skip
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures["first_frame"] - started, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--navigations", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    if not (shutil.which("chromium") and shutil.which("xvfb-run")):
        raise SystemExit("needs chromium and xvfb (make bench installs them)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data_dir = synced_kiosk(work)
        page = static_page(data_dir, work / "page.html")
        kiosk_starts = [kiosk_run(data_dir, 10)[0] for _ in range(args.reps)]
        chromium_starts = [chromium_first_frame(page, work) for _ in range(args.reps)]
        _start, figures = kiosk_run(data_dir, args.navigations)
        chromium_mem = chromium_memory(page, work)
    mb = 1024 * 1024
    kiosk_start, chromium_start = (
        statistics.median(kiosk_starts),
        statistics.median(chromium_starts),
    )
    start_mem, end_mem = figures["after_start"], figures["after_navigations"]
    warm = figures["after_warm_up"]
    growth = (end_mem["rss"] - warm["rss"]) / mb
    print(
        f"first frame, median of {args.reps}: kiosk {kiosk_start:.2f} s, "
        f"chromium {chromium_start:.2f} s, ratio kiosk/chromium {kiosk_start / chromium_start:.2f}"
    )
    print(
        f"screen switch by touch: median {figures['switch_median_ms']:.1f} ms, "
        f"p95 {figures['switch_p95_ms']:.1f} ms"
    )
    print(
        f"kiosk RSS after start {start_mem['rss'] / mb:.1f} MB (PSS {start_mem['pss'] / mb:.1f}), "
        f"after {figures['navigations']} navigations {end_mem['rss'] / mb:.1f} MB "
        f"(PSS {end_mem['pss'] / mb:.1f}): growth after warm-up {growth:.1f} MB "
        f"in {figures['navigation_seconds']:.0f} s"
    )
    print(f"chromium process tree showing the page: RSS {chromium_mem['rss'] / mb:.1f} MB, "
          f"PSS {chromium_mem['pss'] / mb:.1f} MB; ratio kiosk/chromium PSS "
          f"{start_mem['pss'] / chromium_mem['pss']:.2f} after start, "
          f"{end_mem['pss'] / chromium_mem['pss']:.2f} after the navigations")  # fmt: skip


if __name__ == "__main__":
    main()
