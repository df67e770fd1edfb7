"""bench/portal_web: the residents' portal home and news list under gunicorn (the real
server path: `infomat server` with gevent workers) beside nginx serving the same HTML as
files, and gunicorn behind nginx's proxy cache as the county deploys it (the site rendered
from provisioning/nginx/infomat.conf.j2: revalidating by ETag, HTTPS), on the same machine
in one run; plain GETs and conditional GETs (If-None-Match). Both nginx rows speak HTTPS
with keep-alive, so the static files pay the same TLS as the cached pages.

    .venv/bin/python -m bench.portal_web.run [--seconds 10] [--connections 32]

The load comes from `wrk` when it is installed (`make bench` installs it), else from a
Python generator with keep-alive connections. The load generator shares the cores with
the servers. The goal: gunicorn at least half nginx's throughput, caching honoured
(an ETag on every page, If-None-Match answered 304).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import jinja2
import requests

from bench.net import free_port, start_server_room
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county

ROOT = Path(__file__).resolve().parents[2]
# path on the portal, file nginx serves it from
PAGES = {"home": ("/", "index.html"), "news list": ("/aktualnosci", "aktualnosci.html")}
HEADERS = {"Accept-Language": "pl"}
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
SITE = ROOT / "provisioning" / "nginx" / "infomat.conf.j2"


def start_infomat(work: Path) -> tuple[subprocess.Popen, str]:
    """`infomat server` over the demo county on a free port, as production runs it."""
    data = work / "server"
    db = open_content_db(data)
    load_demo_county(db)
    db.close()
    return start_server_room(work, data)


def self_signed(work: Path) -> Path:
    """A certificate for 127.0.0.1 (key in the same PEM file), made by openssl."""
    pem = work / "bench.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",  # noqa: S607
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(pem), "-out", str(work / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    pem.write_text(pem.read_text() + (work / "cert.pem").read_text())
    return pem


def wait_https(url: str, pem: Path, timeout: float = 20.0) -> None:
    """Return once `url` answers over HTTPS; exit the benchmark if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1, verify=str(pem), allow_redirects=False)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.05)
    raise SystemExit(f"{url} did not start")


def start_nginx(work: Path, base: str) -> tuple[subprocess.Popen, str, str, Path]:
    """nginx (not a daemon, its own main config) serving the pages gunicorn rendered as
    files, and the county's own site (provisioning/nginx/infomat.conf.j2, its proxy cache
    included) in front of gunicorn, both over HTTPS with one self-signed certificate."""
    www = work / "www"
    www.mkdir()
    for path, name in PAGES.values():
        page = requests.get(base + path, headers=HEADERS, timeout=30)
        page.raise_for_status()
        (www / name).write_bytes(page.content)
    pem = self_signed(work)
    port, cache_port = free_port(), free_port()
    site = jinja2.Template(SITE.read_text(), undefined=jinja2.StrictUndefined).render(
        server_name="127.0.0.1",
        upstream=base.removeprefix("http://"),
        certificate=pem,
        certificate_key=pem,
        admin_networks=["127.0.0.1/32"],
        cache_dir=work / "cache",
        http_port=free_port(),
        https_port=cache_port,
    )
    (work / "site.conf").write_text(site)
    conf = work / "nginx.conf"
    conf.write_text(
        "user root; daemon off; worker_processes 2;\n"
        f"pid {work}/nginx.pid; error_log {work}/nginx.err;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {work}; proxy_temp_path {work};\n"
        f"  fastcgi_temp_path {work}; uwsgi_temp_path {work}; scgi_temp_path {work};\n"
        f"  server {{ listen 127.0.0.1:{port} ssl; ssl_certificate {pem};\n"
        f"    ssl_certificate_key {pem}; root {www}; default_type text/html;\n"
        '    add_header Cache-Control "public, max-age=60"; }\n'
        f"  include {work}/site.conf; }}\n"
    )
    nginx = subprocess.Popen(["nginx", "-c", str(conf)], stderr=subprocess.DEVNULL)  # noqa: S607
    url = f"https://127.0.0.1:{port}"
    try:
        wait_https(f"{url}/{PAGES['home'][1]}", pem)
        wait_https(f"https://127.0.0.1:{cache_port}/healthz", pem)
    except BaseException:
        nginx.terminate()
        nginx.wait(30)
        raise
    return nginx, url, f"https://127.0.0.1:{cache_port}", pem


def caching(url: str, pem: Path) -> tuple[str | None, str]:
    """The page's ETag and what a conditional GET with it gets: '304' is caching honoured."""
    first = requests.get(url, headers=HEADERS, timeout=30, verify=str(pem))
    etag = first.headers.get("ETag")
    if etag is None:
        return None, "no ETag"
    again = requests.get(
        url, headers=HEADERS | {"If-None-Match": etag}, timeout=30, verify=str(pem)
    )
    marks = [str(again.status_code)]
    if "Last-Modified" in first.headers:
        marks.append("Last-Modified")
    if "max-age" in first.headers.get("Cache-Control", ""):
        marks.append("max-age")
    return etag, " + ".join(marks)


def _seconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, headers: dict, seconds: float, connections: int) -> dict:
    """Requests/s and p99 latency from one wrk run."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    return {
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": _seconds(re.search(r"99%\s+([\d.]+(?:us|ms|s))", out).group(1)),
    }


def python_load(url: str, headers: dict, seconds: float, connections: int) -> dict:
    """The same figures from threads holding keep-alive connections (when wrk is missing)."""
    scheme, _, rest = url.partition("//")
    host, port = rest.split("/")[0].split(":")
    path = "/" + rest.partition("/")[2]
    # The bench's own self-signed certificate: nothing to verify on 127.0.0.1.
    unverified = ssl._create_unverified_context()  # noqa: S323
    latencies: list[float] = []
    lock = threading.Lock()
    end = time.perf_counter() + seconds

    def client() -> None:
        conn = (
            http.client.HTTPSConnection(host, int(port), timeout=30, context=unverified)
            if scheme == "https:"
            else http.client.HTTPConnection(host, int(port), timeout=30)
        )
        mine = []
        while (t0 := time.perf_counter()) < end:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                raise SystemExit(f"{url}: HTTP {response.status}")
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=client) for _ in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()
    return {"per_second": len(latencies) / seconds, "p99": latencies[int(0.99 * len(latencies))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("nginx"):
        raise SystemExit("nginx missing: apt-get install nginx-light")
    measure = wrk if shutil.which("wrk") else python_load
    work = Path(tempfile.mkdtemp(prefix="bench-portal-web-"))
    server = nginx = None
    rows = []
    try:
        server, base = start_infomat(work)
        nginx, static, proxy, pem = start_nginx(work, base)
        print(
            f"{args.connections} connections, {args.seconds:g} s per run, load by "
            f"{'wrk' if measure is wrk else 'Python threads'}; 2 cores shared with the load; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            flush=True,
        )
        for page, (path, name) in PAGES.items():
            for server_name, url in (
                ("gunicorn", base + path),
                ("nginx", f"{static}/{name}"),
                ("nginx cache → gunicorn", proxy + path),
            ):
                etag, honoured = caching(url, pem)
                plain = measure(url, HEADERS, args.seconds, args.connections)
                conditional = (
                    measure(url, HEADERS | {"If-None-Match": etag}, args.seconds, args.connections)
                    if etag
                    else None
                )
                rows.append((page, server_name, plain, conditional, honoured))
                print(
                    f"  {page:<9} {server_name:<22} GET {plain['per_second']:7.0f} req/s "
                    f"p99 {1000 * plain['p99']:6.1f} ms | If-None-Match "
                    + (
                        f"{conditional['per_second']:7.0f} req/s p99 "
                        f"{1000 * conditional['p99']:6.1f} ms"
                        if conditional
                        else "    n/a"
                    )
                    + f" | caching: {honoured}",
                    flush=True,
                )
    finally:
        for process in (server, nginx):
            if process:
                process.terminate()
                process.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    print("summary (÷ nginx's static files; goal: throughput ≥ 0.50 with caching honoured):")
    for page in PAGES:
        peer = next(r for r in rows if r[:2] == (page, "nginx"))
        for label, server_name in (
            ("gunicorn alone", "gunicorn"),
            ("behind nginx's cache (the county's config)", "nginx cache → gunicorn"),
        ):
            ours = next(r for r in rows if r[:2] == (page, server_name))
            line = (
                f"  {page:<9} {label}: GET throughput "
                f"{ours[2]['per_second'] / peer[2]['per_second']:.3f}×, "
                f"p99 {ours[2]['p99'] / peer[2]['p99']:.2f}×"
            )
            if ours[3] and peer[3]:
                line += (
                    "; If-None-Match throughput "
                    f"{ours[3]['per_second'] / peer[3]['per_second']:.3f}×,"
                    f" p99 {ours[3]['p99'] / peer[3]['p99']:.2f}×"
                )
            print(line + f"; caching: {ours[4]}")


if __name__ == "__main__":
    main()
