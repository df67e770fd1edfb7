"""bench/fleet: the device agent beside prometheus-node-exporter, the collector's ingest
under gunicorn, and the dashboard at 10,000 devices, in one run.

    .venv/bin/python -m bench.fleet.run [--reports 60] [--devices 200] [--seconds 20]

(a) a real `infomat agent` process reporting every second to a collector, and
    prometheus-node-exporter scraped every second: RSS and CPU time per report/scrape;
(b) gunicorn (2 workers × 4 threads, the production server) ingesting one-report
    batches from N enrolled devices: reports/s and latency percentiles;
(c) the dashboard's table page and /metrics rendered with 10,000 devices.
Everything shares this machine's cores: the load generator competes with gunicorn.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

from bench.net import free_port, wait_http
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from device_agent.agent.credentials import Credentials
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from device_agent.collector.reports import store_batch
from server_room import create_app

ROOT = Path(__file__).resolve().parents[2]
NODE_EXPORTER = "/usr/bin/prometheus-node-exporter"


def county(work: Path) -> Path:
    data = work / "server"
    db = open_content_db(data)
    load_demo_county(db)
    db.close()
    return data


def start_server(work: Path, data: Path, interval: float = 60.0) -> tuple[subprocess.Popen, str]:
    port = free_port()
    config = work / f"server-{port}.toml"
    config.write_text(
        f'[server_room]\ndata_dir = "{data}"\nbind = "127.0.0.1:{port}"\nworkers = 2\n'
        f'[content_sync]\nsync_keys_dir = "{work / "keys"}"\n'
        f"[fleet]\nfleet_interval_seconds = {interval}\nfleet_digest_hour = -1\n"
    )
    log = open(work / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(
        [sys.executable, "-m", "server_room", "server", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/healthz", timeout=60)
    return server, url


def enroll_many(data: Path, server: str, count: int) -> list[Credentials]:
    """`count` devices with tokens (the registry grows beyond the demo's 42 as needed)."""
    db = open_fleet_db(data)
    known = [row["id"] for row in db["devices"].rows]
    extra = [
        {"id": f"bench-{n:05d}", "kind": "kiosk", "name": f"bench {n}", "municipality": "garbow"}
        for n in range(max(0, count - len(known)))
    ]
    db["devices"].insert_all(extra)
    credentials = []
    for device_id in (known + [row["id"] for row in extra])[:count]:
        code = registry.create_enrollment_code(db, device_id, "bench")
        device_id, token = registry.redeem_code(db, code, "bench")
        credentials.append(Credentials(server, device_id, token))
    db.close()
    return credentials


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


# -- (a) agent footprint ------------------------------------------------------------------


def agent_footprint(work: Path, data: Path, server: str, reports: int) -> dict:
    credentials = enroll_many(data, server, 1)[0]
    agent_dir = work / "agent"
    credentials.save(agent_dir)
    config = work / "agent.toml"
    config.write_text(
        f'[device_agent]\nagent_data_dir = "{agent_dir}"\nagent_kind = "kiosk"\n'
        f'agent_sync_dir = "{work / "sync"}"\nagent_interval_seconds = 1.0\n'
    )
    agent = subprocess.Popen(
        [sys.executable, "-m", "server_room", "agent", "--config", str(config)],
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    process = psutil.Process(agent.pid)
    time.sleep(5)  # imports and the first reports: the steady state is what runs for years
    cpu0, t0 = cpu_seconds(process), time.monotonic()
    rss = []
    for _ in range(reports):
        time.sleep(1)
        rss.append(process.memory_info().rss)
    cpu = cpu_seconds(process) - cpu0
    elapsed = time.monotonic() - t0
    agent.terminate()
    agent.wait(15)
    return {"rss": statistics.median(rss), "cpu_per_report": cpu / elapsed, "elapsed": elapsed}


def node_exporter_footprint(scrapes: int) -> dict | None:
    if not Path(NODE_EXPORTER).exists():
        return None
    port = free_port()
    exporter = subprocess.Popen(
        [NODE_EXPORTER, f"--web.listen-address=127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/metrics"
    wait_http(url)
    process = psutil.Process(exporter.pid)
    session = requests.Session()
    for _ in range(5):
        session.get(url, timeout=5)
        time.sleep(1)
    cpu0, t0 = cpu_seconds(process), time.monotonic()
    rss = []
    for _ in range(scrapes):
        session.get(url, timeout=5)
        rss.append(process.memory_info().rss)
        time.sleep(1)
    cpu = cpu_seconds(process) - cpu0
    elapsed = time.monotonic() - t0
    exporter.terminate()
    exporter.wait(10)
    return {"rss": statistics.median(rss), "cpu_per_report": cpu / elapsed, "elapsed": elapsed}


# -- (b) ingest ---------------------------------------------------------------------------


def _load(args) -> list[float]:
    url, devices, seconds, start = args
    session = requests.Session()
    latencies, seq = [], 0
    while time.time() < start:
        time.sleep(0.001)
    deadline = start + seconds
    while time.time() < deadline:
        seq += 1
        for device_id, token in devices:
            now = time.time()
            report = {
                "boot_id": "bench",
                "seq": seq,
                "sampled_at": now,
                "system": {
                    "cpu_percent": 5.0,
                    "memory": {"percent": 30.0},
                    "disk": {"percent": 40.0},
                },
                "sync": {"version": 3, "last_success_age": 10},
                "ui_liveness_age": 1.0,
            }
            body = {"device_id": device_id, "sent_at": now, "reports": [report]}
            t0 = time.perf_counter()
            answer = session.post(
                url,
                data=json.dumps(body),
                timeout=30,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            latencies.append(time.perf_counter() - t0)
            if answer.status_code != 200:
                raise SystemExit(f"ingest answered {answer.status_code}: {answer.text[:200]}")
            if time.time() >= deadline:
                break
    return latencies


def tree_cpu_seconds(pid: int) -> float:
    root = psutil.Process(pid)
    return sum(cpu_seconds(p) for p in [root, *root.children(recursive=True)])


def ingest(
    server: str, server_pid: int, credentials: list[Credentials], seconds: float, clients: int
) -> dict:
    url = server + "/api/v1/reports"
    groups = [[(c.device_id, c.token) for c in credentials[n::clients]] for n in range(clients)]
    start = time.time() + 1
    with multiprocessing.Pool(clients) as pool:
        pending = pool.map_async(_load, [(url, group, seconds, start) for group in groups])
        time.sleep(max(0.0, start - time.time()))
        cpu0 = tree_cpu_seconds(server_pid)
        results = pending.get()
        server_cpu = tree_cpu_seconds(server_pid) - cpu0
    latencies = sorted(x for result in results for x in result)
    return {
        "reports": len(latencies),
        "per_second": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[int(len(latencies) * 0.99)],
        "per_cpu_second": len(latencies) / server_cpu,
    }


# -- (c) dashboard at scale -----------------------------------------------------------------


def dashboard(work: Path, devices: int, reps: int = 15) -> dict:
    data = county(work / "big")
    app = create_app(
        {"DATA_DIR": str(data), "SYNC_KEYS_DIR": str(work / "big-keys"), "SECURE_COOKIES": False}
    )
    db = open_fleet_db(data)
    rows = [
        {
            "id": f"dev-{n:05d}",
            "kind": "kiosk" if n % 2 else "hotspot",
            "name": f"Urządzenie {n}",
            "municipality": "garbow",
            "lat": 51.0 + (n % 100) / 250,
            "lon": 22.1 + (n // 100) / 150,
        }
        for n in range(devices)
    ]
    db["devices"].insert_all(rows, batch_size=1000)
    now = time.time()
    for n, row in enumerate(rows):
        report = {
            "boot_id": "b",
            "seq": 1,
            "sampled_at": now - n % 300,
            "system": {"cpu_percent": 5.0, "disk": {"percent": 40.0}},
            "sync": {"version": 3, "last_success_age": 10},
            "ui_liveness_age": 1.0,
            "hotspot": {"alive": True, "clients": n % 7},
        }
        store_batch(
            db,
            {"id": row["id"]},
            {"device_id": row["id"], "sent_at": now, "reports": [report]},
            now - n % 300,
            86_400,
        )
    db.close()
    from backoffice.db import open_accounts_db
    from backoffice.users import add_user

    add_user(open_accounts_db(data), "bench", "bench-password-1", "county-admin", None)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post(
        "/login", data={"username": "bench", "password": "bench-password-1", "csrf_token": token}
    )
    timings = {}
    for name, path in (("dashboard", "/fleet/"), ("metrics", "/metrics")):
        runs = []
        for _ in range(reps):
            t0 = time.perf_counter()
            response = client.get(path)
            runs.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
        timings[name] = (statistics.median(runs), len(response.data))
    return timings


def print_footprint(work: Path, data: Path, url: str, reports: int) -> None:
    print(f"(a) agent vs node-exporter, {reports} reports/scrapes at 1 s …", flush=True)
    agent = agent_footprint(work, data, url, reports)
    exporter = node_exporter_footprint(reports)
    print(
        f"    infomat agent: RSS {agent['rss'] / 2**20:.1f} MB, CPU "
        f"{1000 * agent['cpu_per_report']:.1f} ms per report "
        f"→ {100 * agent['cpu_per_report'] / 60:.3f} % of a core at the 60 s default"
    )
    if not exporter:
        print("    prometheus-node-exporter missing: apt-get install prometheus-node-exporter")
        return
    print(
        f"    node-exporter: RSS {exporter['rss'] / 2**20:.1f} MB, CPU "
        f"{1000 * exporter['cpu_per_report']:.1f} ms per scrape "
        f"→ {100 * exporter['cpu_per_report'] / 60:.3f} % at a 60 s scrape"
    )
    print(
        f"    ratio agent/node-exporter: RSS {agent['rss'] / exporter['rss']:.2f}, "
        f"CPU {agent['cpu_per_report'] / exporter['cpu_per_report']:.2f} "
        "(targets: RSS ≤ 40 MB, CPU ≤ 0.5 %)"
    )


def print_ingest(data: Path, url: str, server_pid: int, args) -> None:
    print(
        f"(b) ingest: {args.devices} devices, {args.clients} client processes, "
        f"{args.seconds:g} s …",
        flush=True,
    )
    credentials = enroll_many(data, url, args.devices)
    result = ingest(url, server_pid, credentials, args.seconds, args.clients)
    print(
        f"    {result['reports']} reports, {result['per_second']:.0f} reports/s, "
        f"p50 {1000 * result['p50']:.1f} ms, p99 {1000 * result['p99']:.1f} ms "
        "(targets ≥ 1,000/s, p99 < 100 ms)"
    )
    print(
        f"    the load generator shares the {psutil.cpu_count()} cores; gunicorn used "
        f"1 CPU-second per {result['per_cpu_second']:.0f} reports → "
        f"≈ {2 * result['per_cpu_second']:.0f} reports/s on 2 dedicated cores"
    )


def print_dashboard(work: Path, devices: int) -> None:
    print(f"(c) dashboard with {devices} devices …", flush=True)
    for name, (seconds, size) in dashboard(work, devices).items():
        target = " (target < 300 ms)" if name == "dashboard" else ""
        print(f"    {name}: median {1000 * seconds:.0f} ms, {size / 1024:.0f} KB{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--dashboard-devices", type=int, default=10_000)
    parser.add_argument("--parts", default="abc", help="which of (a), (b), (c) to run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    try:
        if "a" in args.parts or "b" in args.parts:
            data = county(work)
            server, url = start_server(work, data, interval=1.0)
            try:
                if "a" in args.parts:
                    print_footprint(work, data, url, args.reports)
                if "b" in args.parts:
                    print_ingest(data, url, server.pid, args)
            finally:
                server.terminate()
                server.wait(30)
        if "c" in args.parts:
            print_dashboard(work, args.dashboard_devices)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
