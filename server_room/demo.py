"""`infomat demo` (what `make run` starts): the demo county's server room on one machine, a
simulated fleet reporting to it and, when a display exists, one real kiosk.

This process is gunicorn's master, in the foreground. The devices start only once the
server room answers /healthz (none of them logs "unreachable" while it boots), and then
one block says where everything is. Each device runs in a session of its own: a terminal's
Ctrl+C reaches the server room alone, which then stops every device itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlencode

import click
import requests
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from backoffice.db import open_accounts_db
from backoffice.users import add_user, list_users
from common.files import write_atomically
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from content_sync.hub import Hub
from device_agent.agent.credentials import Credentials
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from server_room import create_app
from server_room.server_commands import command_settings, serve_room

DEMO_EDITORS = ("garbow", "konopnica")
DEMO_REPORT_SECONDS = 15
DEMO_KIOSK = "kiosk-04"  # Gmina Garbów's infomat, the one whose window the demo opens
DEMO_HOTSPOTS = 22
STOP_SECONDS = 10
BANNER_START, BANNER_END = "Infomat demo is ready", "Ctrl+C stops the demo"


@click.command()
@click.option("--data-dir", type=click.Path(file_okay=False), default="data", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--kiosk/--no-kiosk",
    default=True,
    show_default=True,
    help="Also sync a demo kiosk (Gmina Garbów) and open its window, when a display exists.",
)
def demo(data_dir: str, host: str, port: int, kiosk: bool) -> None:
    """Load the demo county into DATA_DIR and serve the server room.

    Example: infomat demo --data-dir /tmp/county --port 8080 --no-kiosk
    """
    settings = command_settings(None, data_dir)
    data = Path(settings["DATA_DIR"])
    (data / "logs").mkdir(parents=True, exist_ok=True)
    devices = Devices(data / "logs")
    try:
        _run(settings | {"BIND": f"{host}:{port}"}, data, kiosk, devices)
    except KeyboardInterrupt:
        sys.exit(130)  # Ctrl+C before gunicorn took over the signals
    finally:
        if devices.stop():
            click.echo(f"Demo stopped, and everything it started; its data stays in {data}")


def _run(settings: dict, data: Path, kiosk: bool, devices: Devices) -> None:
    url = f"http://{settings['BIND']}"
    click.echo(f"[1/3] demo county → {data}")
    content_db = open_content_db(data)
    if not load_demo_county(content_db, progress=lambda msg: click.echo(f"      {msg}")):
        click.echo("      already loaded, keeping what is there")
    content_db.close()

    click.echo("[2/3] admin users and signing keys")
    password = _demo_password(data)
    faskey = os.environ.get("INFOMAT_DEMO_FASKEY") or secrets.token_hex(16)
    settings.update(
        PORTAL_GATEWAYS=_demo_gateways(faskey),
        SECURE_COOKIES=False,
        PUBLIC_URL=url,
        SYNC_KEYS_DIR=str(data / "keys"),
    )
    if "INFOMAT_FLEET_INTERVAL_SECONDS" not in os.environ:
        settings["FLEET_INTERVAL_SECONDS"] = DEMO_REPORT_SECONDS
    hub = Hub.from_settings(settings)
    if not hub.repository.initialized:
        hub.repository.init()
        click.echo(f"      signing keys created in {data / 'keys'} (demo only: keep them offline)")
    app = create_app(settings)
    click.echo(f"      devices trust {hub.repository.metadata_dir / '1.root.json'}")

    plan = _kiosk_commands(data, url, hub) if kiosk and _has_display() else []
    real_agents = {DEMO_KIOSK} if plan else set()
    plan.append(
        ("fleet", _fleet_command(data, url, settings["FLEET_INTERVAL_SECONDS"], real_agents))
    )
    banner = _banner(url, faskey, password, bool(real_agents), data / "logs")

    def when_up() -> None:
        _wait_for_health(url)
        for name, command in plan:
            devices.start(name, command)
        click.echo(banner)

    def ready() -> None:
        _devices_stop_first(devices)
        threading.Thread(target=when_up, name="demo-start", daemon=True).start()

    click.echo(f"[3/3] server room starting on {url}/")
    serve_room(app, settings, accesslog=str(data / "logs" / "access.log"), on_ready=ready)


def _devices_stop_first(devices: Devices) -> None:
    """In gunicorn's master, once it handles signals: Ctrl+C or SIGTERM first stops the
    devices while the server room still answers their last requests (an agent's goodbye
    report), then gunicorn; stopped after it, each logged 'unreachable' on its way out."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
        gunicorns = signal.getsignal(number)

        def handler(signum, frame, then=gunicorns) -> None:
            devices.stop()
            then(signum, frame)

        signal.signal(number, handler)


class Devices:
    """The processes the demo runs beside the server room, each in a session of its own and
    writing to its own log file; stopped (whole process groups) by the process that began them.
    """

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self._owner = os.getpid()
        self._lock = threading.RLock()  # a signal handler may run while the main thread holds it
        self._processes: list[subprocess.Popen] = []
        self._stopped = False

    def start(self, name: str, command: list[str]) -> None:
        """Start `command`, logging to <logs>/<name>.log, unless the demo is stopping."""
        with self._lock:
            if self._stopped:
                return
            with (self.logs / f"{name}.log").open("ab") as log:
                self._processes.append(
                    subprocess.Popen(  # noqa: S603 - our own commands
                        command,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

    def terminate(self) -> None:
        """SIGTERM to every device, without waiting; none starts after it."""
        with self._lock:
            self._stopped = True
            for process in self._processes:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)

    def stop(self) -> bool:
        """Stop every device, SIGKILL after STOP_SECONDS; False in any other process.

        gunicorn's workers are forks of this process and leave through the demo's frames.
        """
        if os.getpid() != self._owner:
            return False
        with self._lock:
            self.terminate()
            deadline = time.monotonic() + STOP_SECONDS
            for process in self._processes:
                try:
                    process.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    with suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        return True


def _wait_for_health(url: str) -> None:
    while True:
        with suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=2).ok:
                return
        time.sleep(0.2)


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _demo_password(data: Path) -> str | None:
    """The demo users' password: set now when they are created, else the one kept from then.

    Kept in the data dir (0600) so that every `make run` can say it; None for a data dir
    whose users were made before it was kept.
    """
    kept = data / "demo-password"
    password = os.environ.get("INFOMAT_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    accounts = open_accounts_db(data)
    created = _ensure_demo_users(accounts, password)
    accounts.close()
    if created:
        write_atomically(kept, password.encode(), mode=0o600)
        click.echo(f"      created {', '.join(created)}")
        return password
    return kept.read_text().strip() if kept.exists() else None


def _ensure_demo_users(accounts, password: str) -> list[str]:
    existing = {u["username"] for u in list_users(accounts)}
    wanted = [("admin", "county-admin", None)] + [
        (f"redaktor-{office}", "editor", office) for office in DEMO_EDITORS
    ]
    created = []
    for username, role, office in wanted:
        if username not in existing:
            add_user(accounts, username, password, role, office)
            created.append(username)
    return created


def _demo_gateways(faskey: str) -> list[dict]:
    """openNDS gateways hotspot-01 … hotspot-22, one per demo hotspot, FAS level 2."""
    return [
        {"name": f"hotspot-{n:02d}", "hotspot": f"hotspot-{n:02d}", "faskey": faskey}
        for n in range(1, DEMO_HOTSPOTS + 1)
    ]


def _splash_url(url: str, faskey: str) -> str:
    """Where hotspot-01's openNDS (FAS level 2) would send a phone: a made-up client's
    fields, AES-256-CBC with the faskey, base64 twice, as openNDS's PHP does it."""
    fields = {
        "hid": hashlib.sha256(os.urandom(16)).hexdigest(),
        "clientip": "192.168.4.23",
        "clientmac": "02:00:00:00:00:23",
        "client_type": "cpd_can",
        "gatewayname": "hotspot-01",
        "gatewayaddress": "192.168.4.1:2050",
        "originurl": "http%3a%2f%2fexample.org%2f",
    }
    iv = secrets.token_hex(8)
    padder = padding.PKCS7(128).padder()
    text = ", ".join(f"{key}={value}" for key, value in fields.items())
    plaintext = padder.update(text.encode()) + padder.finalize()
    key = faskey.encode().ljust(32, b"\0")[:32]
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv.encode())).encryptor()
    inner = base64.b64encode(encryptor.update(plaintext) + encryptor.finalize())
    return f"{url}/portal/?{urlencode({'fas': base64.b64encode(inner).decode(), 'iv': iv})}"


def _banner(url: str, faskey: str, password: str | None, kiosk: bool, logs: Path) -> str:
    if kiosk:
        window = f"the window of {DEMO_KIOSK} (Gmina Garbów), syncing every 15 s"
    else:
        window = "no display: none opened (run `xvfb-run make run`, or from a desktop)"
    rows = [
        ("Editors' panel", f"{url}/editor/"),
        ("Fleet", f"{url}/fleet/"),
        ("Wi-Fi admin", f"{url}/admin/wifi/vouchers"),
        ("Wi-Fi splash", f"{_splash_url(url, faskey)}  (hotspot-01, once per link)"),
        ("Kiosk", window),
        ("API", f"{url}/api/v1/news"),
        ("API schema", f"{url}/api/v1/openapi.json"),
        ("Metrics", f"{url}/metrics"),
        ("Users", "admin (county admin), redaktor-garbow, redaktor-konopnica (editors)"),
        ("Password", password or f"(set: infomat users passwd admin --data-dir {logs.parent})"),
        ("Access log", f"{logs / 'access.log'}  (the devices' logs beside it)"),
    ]
    lines = [f"── {BANNER_START} " + "─" * 40]
    lines += [f"  {label:<15} {value}" for label, value in rows]
    lines.append(f"{BANNER_END} and everything it started.")
    return "\n".join(lines)


def _kiosk_commands(data: Path, url: str, hub: Hub) -> list[tuple[str, list[str]]]:
    """`infomat sync --every`, `infomat kiosk --windowed` and the real `infomat agent` of
    one demo infomat: its screenshots are of the real window."""
    kiosk_dir = data / "kiosk-garbow"
    command = [sys.executable, "-m", "server_room"]
    root = hub.repository.metadata_dir / "1.root.json"
    click.echo(f"      demo infomat of Gmina Garbów syncs into {kiosk_dir}")
    sync = [*command, "sync", "--server", url, "--data-dir", str(kiosk_dir)]
    sync += ["--channels", "powiat,garbow", "--root", str(root), "--every", "15"]
    window = [*command, "kiosk", "--data-dir", str(kiosk_dir), "--windowed", "--size", "1080x1920"]

    agent_dir = data / "agents" / DEMO_KIOSK
    fleet_db = open_fleet_db(data)
    code = registry.create_enrollment_code(fleet_db, DEMO_KIOSK, "demo")
    # Enrolled in-process: the server is not listening yet; the other 41 go over HTTP.
    device_id, token = registry.redeem_code(fleet_db, code, "demo")
    fleet_db.close()
    Credentials(url, device_id, token).save(agent_dir)
    config = agent_dir / "agent.toml"
    config.write_text(
        f'[device_agent]\nagent_data_dir = "{agent_dir}"\nagent_kind = "kiosk"\n'
        f'agent_sync_dir = "{kiosk_dir}"\n'
    )
    agent = [*command, "agent", "--config", str(config)]
    return [("kiosk-sync", sync), ("kiosk-window", window), ("kiosk-agent", agent)]


def _fleet_command(data: Path, url: str, interval: float, skip: set[str]) -> list[str]:
    """Simulated agents for the registered devices (the real agent code, made-up values)."""
    agents_dir = data / "agents"
    fleet_db = open_fleet_db(data)
    devices = {}
    for row in fleet_db["devices"].rows_where(
        "id NOT IN (SELECT value FROM json_each(?))", [json.dumps(sorted(skip))]
    ):
        entry = {
            "kind": row["kind"],
            "name": row["name"],
            "municipality": row["municipality"],
            "interval": interval,
        }
        if not (agents_dir / row["id"] / "credentials.json").exists():
            entry["code"] = registry.create_enrollment_code(fleet_db, row["id"], "demo")
        devices[row["id"]] = entry
    fleet_db.close()
    codes = agents_dir / "codes.json"
    write_atomically(codes, json.dumps(devices).encode(), mode=0o600)
    click.echo(f"      {len(devices)} simulated device agents, reporting every {interval:g} s")
    command = [sys.executable, "-m", "device_agent.agent.simulated", "--server", url]
    return [*command, "--data-dir", str(agents_dir), "--codes", str(codes)]
