"""bench/portal: residents running the whole splash → consent flow against gunicorn,
beside nginx serving the same pages as static files, in one run.

    .venv/bin/python -m bench.portal.run [--residents 200] [--seconds 15]

A flow is what a phone does: GET the splash for its own openNDS session (a fresh
`fas`), then POST the consent with the form's CSRF token. nginx serves the rendered
splash and landing pages as files (the upper bound: no work at all per resident).
The load generator runs on the same cores as the servers; gunicorn's own CPU time per
flow is printed too.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

from bench.net import free_port, start_server_room, wait_http
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county

ROOT = Path(__file__).resolve().parents[2]
FASKEY = "bench-faskey"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def fas_query() -> str:
    hid = hashlib.sha256(os.urandom(16)).hexdigest()
    text = (
        f"hid={hid}, clientip=198.51.100.7, clientmac=02:00:00:{os.urandom(3).hex(':')}, "
        "gatewayname=hotspot-04, gatewayaddress=198.51.100.1:2050, "
        "originurl=http%3a%2f%2fexample.org%2f, client_type=cpd_can"
    )
    return base64.b64encode(text.encode()).decode()


def infomat_flow(session: requests.Session, base: str) -> None:
    fas = fas_query()
    splash = session.get(f"{base}/portal/", params={"fas": fas}, timeout=30)
    token = TOKEN.search(splash.text).group(1)
    landing = session.post(
        f"{base}/portal/consent", data={"fas": fas, "csrf_token": token, "lang": "pl"}, timeout=30
    )
    if landing.status_code != 200 or "opennds_auth" not in landing.text:
        raise SystemExit(f"consent failed: {landing.status_code} {landing.text[:200]}")


def static_flow(session: requests.Session, base: str) -> None:
    session.get(f"{base}/splash.html", timeout=30).raise_for_status()
    session.get(f"{base}/landing.html", timeout=30).raise_for_status()


def _worker(args) -> list[float]:
    kind, base, threads, seconds, start = args
    flow = infomat_flow if kind == "infomat" else static_flow
    latencies: list[float] = []
    lock = threading.Lock()

    def resident():
        session = requests.Session()
        while time.time() < start:
            time.sleep(0.001)
        while time.time() < start + seconds:
            session.cookies.clear()  # every flow is a new phone
            t0 = time.perf_counter()
            flow(session, base)
            with lock:
                latencies.append(time.perf_counter() - t0)

    pool = [threading.Thread(target=resident) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies


def load(kind: str, base: str, residents: int, seconds: float, pid: int) -> dict:
    processes = min(8, residents)
    start = time.time() + 1.5
    root = psutil.Process(pid)
    with multiprocessing.Pool(processes) as pool:
        pending = pool.map_async(
            _worker, [(kind, base, residents // processes, seconds, start)] * processes
        )
        time.sleep(max(0.0, start - time.time()))
        tree = [root, *root.children(recursive=True)]
        cpu0 = sum(p.cpu_times().user + p.cpu_times().system for p in tree)
        results = pending.get()
        cpu = sum(p.cpu_times().user + p.cpu_times().system for p in tree) - cpu0
    latencies = sorted(x for r in results for x in r)
    return {
        "flows": len(latencies),
        "per_second": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[int(0.99 * len(latencies))],
        "cpu_per_flow_ms": 1000 * cpu / len(latencies),
    }


def start_infomat(work: Path) -> tuple[subprocess.Popen, str]:
    data = work / "server"
    db = open_content_db(data)
    load_demo_county(db)
    db.close()
    return start_server_room(
        work,
        data,
        '[captive_portal]\nportal_gateway_networks = ["198.51.100.0/24"]\n'
        f'[[captive_portal.portal_gateways]]\nname = "hotspot-04"\nfaskey = "{FASKEY}"\n'
        "fas_level = 1\n",
    )


def start_nginx(work: Path, base: str) -> tuple[subprocess.Popen, str]:
    www = work / "www"
    www.mkdir()
    session = requests.Session()
    fas = fas_query()
    splash = session.get(f"{base}/portal/", params={"fas": fas}, timeout=30).text
    token = TOKEN.search(splash).group(1)
    landing = session.post(f"{base}/portal/consent", data={"fas": fas, "csrf_token": token}).text
    (www / "splash.html").write_text(splash)
    (www / "landing.html").write_text(landing)
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(
        f"daemon off; worker_processes 2; pid {work}/nginx.pid; error_log {work}/nginx.err;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {work}; proxy_temp_path {work};\n"
        f"  fastcgi_temp_path {work}; uwsgi_temp_path {work}; scgi_temp_path {work};\n"
        f"  server {{ listen 127.0.0.1:{port}; root {www}; }} }}\n"
    )
    nginx = subprocess.Popen(["nginx", "-c", str(conf)], stderr=subprocess.DEVNULL)  # noqa: S607
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/splash.html")
    return nginx, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    if not shutil.which("nginx"):
        raise SystemExit("nginx missing: apt-get install nginx-light")
    work = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    server = nginx = None
    try:
        server, base = start_infomat(work)
        nginx, static = start_nginx(work, base)
        print(
            f"{args.residents} residents for {args.seconds:g} s each; 2 requests per flow",
            flush=True,
        )
        ours = load("infomat", base, args.residents, args.seconds, server.pid)
        peer = load("nginx", static, args.residents, args.seconds, nginx.pid)
        for name, r in (("infomat (gunicorn 2×4)", ours), ("nginx static files", peer)):
            print(
                f"  {name:<24} {r['per_second']:7.0f} flows/s  p50 {1000 * r['p50']:6.1f} ms  "
                f"p99 {1000 * r['p99']:6.1f} ms  server CPU {r['cpu_per_flow_ms']:.2f} ms/flow"
            )
        print(
            f"  ratio infomat/nginx: throughput {ours['per_second'] / peer['per_second']:.2f}, "
            f"p99 {ours['p99'] / peer['p99']:.2f}; gunicorn alone on 2 cores ≈ "
            f"{2000 / ours['cpu_per_flow_ms']:.0f} flows/s (targets ≥ 500 flows/s, p99 < 200 ms)"
        )
    finally:
        for process in (server, nginx):
            if process:
                process.terminate()
                process.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
