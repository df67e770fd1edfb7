"""The whole county on one machine, in network namespaces.

    host (the test: SMTP inbox, editor, admin) ─┐
    server room 203.0.113.10 (gunicorn) ────────┤
    kiosk-04, kiosk-01 (sync + agent + Kivy UI   ├─ county network 203.0.113.0/24,
      on their own Xvfb) 203.0.113.21/.22 ──────┤   a bridge in its own namespace that
    hotspot-04, hotspot-01 (openNDS + agent)    │   also plays the internet (203.0.113.1)
      203.0.113.31/.32, each with a phone ──────┘
      behind it on 198.51.100.0/26 and .64/26

Every program is the project's real command (`infomat server|sync|kiosk|agent|enroll`)
or the real openNDS; only the county's size is smaller.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.captive_portal.netns import (
    TEST_GATEWAY_NETWORKS,
    UP_IP,
    Hotspot,
    run,
    stop_processes,
    wait,
)

SERVER_IP, HOST_IP, PORT = "203.0.113.10", "203.0.113.254", 8080
SERVER_URL = f"http://{SERVER_IP}:{PORT}"
FASKEY = "county-e2e-faskey-5d2b"
# The host scrapes /metrics from outside the server's namespace: not loopback.
METRICS_TOKEN = "county-e2e-metrics-7c1e"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Device:
    """One device of the county: its id, namespace, address and running programs."""

    device_id: str
    gmina: str
    address: str
    work: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    ns: str = ""
    display: str = ""
    agent_command: list[str] = field(default_factory=list)

    @property
    def agent_config(self) -> Path:
        return self.work / "agent.toml"


class Network:
    """The county network: a bridge in its own namespace, with a leg to the host."""

    def __init__(self, suffix: str) -> None:
        self.ns = f"icw{suffix}"
        self.host_leg = f"icwh{suffix}"
        self.members: list[str] = [self.ns]

    def start(self) -> None:
        run("ip", "netns", "add", self.ns)
        self.run("ip", "link", "set", "lo", "up")
        self.run("ip", "link", "add", "br0", "type", "bridge")
        self.run("ip", "addr", "add", f"{UP_IP}/24", "dev", "br0")
        self.run("ip", "link", "set", "br0", "up")
        run("ip", "link", "add", self.host_leg, "type", "veth", "peer", "name", "host0",
            "netns", self.ns)  # fmt: skip
        run("ip", "addr", "add", f"{HOST_IP}/24", "dev", self.host_leg)
        run("ip", "link", "set", self.host_leg, "up")
        self.run("ip", "link", "set", "host0", "master", "br0", "up")

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        return run("ip", "netns", "exec", self.ns, *argv)

    def attach(self, ns: str, address: str, *, create: bool = True) -> None:
        """Plug namespace `ns` into the county network as `address` (interface wan0)."""
        if create:
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
            self.members.append(ns)
        port = f"p{len(self.members)}{ns[-6:]}"[:15]
        run("ip", "-n", ns, "link", "add", "wan0", "type", "veth", "peer", "name", port,
            "netns", self.ns)  # fmt: skip
        self.run("ip", "link", "set", port, "master", "br0", "up")
        run("ip", "-n", ns, "addr", "add", f"{address}/24", "dev", "wan0")
        run("ip", "-n", ns, "link", "set", "wan0", "up")
        run("ip", "-n", ns, "route", "add", "default", "via", UP_IP)

    def stop(self) -> None:
        for ns in reversed(self.members):
            run("ip", "netns", "del", ns, check=False)


class CountyHotspot(Hotspot):
    """A hotspot whose gateway's WAN is the county network (the server room is the FAS)."""

    def __init__(self, work: Path, data_dir: Path, device: Device, network: Network, lan: int):
        super().__init__(work, data_dir, device.device_id, FASKEY, 2)
        self.device, self.network = device, network
        self.portal_url = SERVER_URL
        self.wan_interface = "wan0"
        base = 64 * lan
        self.client_ip, self.lan_ip = f"198.51.100.{base + 2}", f"198.51.100.{base + 1}"
        self.lan_prefix = 26

    def start(self, portal_settings: str = "") -> CountyHotspot:
        try:
            self._lan()
            self.network.attach(self.ng, self.device.address, create=False)
            self._gateway_firewall()
            self._opennds()
        except BaseException:
            self.stop()
            raise
        return self

    def in_gateway(self, *argv: str) -> list[str]:
        """A command line that runs inside openNDS's own mount and network namespaces
        (where `ndsctl` finds its socket)."""
        return ["nsenter", "-t", str(self.nds.pid), "-m", "-n", *argv]


class County:
    """Builds, runs and tears down the county; the test drives it like its people would."""

    def __init__(self, work: Path, data_dir: Path, trust_root: bytes, poll_seconds: float,
                 agent_seconds: float) -> None:  # fmt: skip
        self.work, self.data_dir = work, data_dir
        self.poll_seconds, self.agent_seconds = poll_seconds, agent_seconds
        suffix = f"{os.getpid() % 10000}"
        self.network = Network(suffix)
        self.server_ns = f"ics{suffix}"
        self.trust_root = work / "root.json"
        self.trust_root.write_bytes(trust_root)
        self.kiosks = [
            Device("kiosk-04", "garbow", "203.0.113.21", work / "kiosk-04"),
            Device("kiosk-01", "belzyce", "203.0.113.22", work / "kiosk-01"),
        ]
        self.hotspot_devices = [
            Device("hotspot-04", "garbow", "203.0.113.31", work / "hotspot-04"),
            Device("hotspot-01", "belzyce", "203.0.113.32", work / "hotspot-01"),
        ]
        self.hotspots: list[CountyHotspot] = []
        self.server: subprocess.Popen | None = None
        self.logs: list = []
        self.started: list[subprocess.Popen] = []
        self.inbox = None  # the SMTP inbox alert e-mails go to, set by the test

    # -- building ---------------------------------------------------------------------

    def start_network(self) -> None:
        self.network.start()
        self.network.attach(self.server_ns, SERVER_IP)

    def start_server(self, smtp_port: int) -> None:
        www = self.work / "www"
        www.mkdir()
        (www / "index.html").write_text("HELLO FROM THE INTERNET\n")
        for port in ("80", "8000"):
            self.network_process(sys.executable, "-m", "http.server", port, "--bind", UP_IP,
                                 "--directory", str(www))  # fmt: skip
        gateways = "".join(
            f'[[captive_portal.portal_gateways]]\nname = "{d.device_id}"\n'
            f'hotspot = "{d.device_id}"\nfaskey = "{FASKEY}"\nfas_level = 2\n'
            for d in self.hotspot_devices
        )
        config = self.work / "server.toml"
        config.write_text(
            f'[server_room]\ndata_dir = "{self.data_dir}"\nbind = "{SERVER_IP}:{PORT}"\n'
            f'workers = 2\npublic_url = "{SERVER_URL}"\n'
            f"[backoffice]\nsecure_cookies = false\n"
            f'[content_sync]\nsync_keys_dir = "{self.data_dir / "keys"}"\n'
            f"[fleet]\nfleet_interval_seconds = {self.agent_seconds}\n"
            f"fleet_watch_seconds = 0.5\nfleet_digest_hour = -1\n"
            f'fleet_metrics_token = "{METRICS_TOKEN}"\n'
            f'fleet_smtp_host = "{HOST_IP}"\nfleet_smtp_port = {smtp_port}\n'
            f'fleet_alert_emails = ["it@powiat.example"]\n'
            f"[captive_portal]\n{TEST_GATEWAY_NETWORKS}\n{gateways}"
        )
        self.server = self.spawn(self.server_ns, "server", sys.executable, "-m", "server_room",
                                 "server", "--config", str(config))  # fmt: skip
        if not wait(lambda: self._healthy(), 60, 0.2):
            raise RuntimeError("the server room did not start: " + self.log_tail("server"))

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{SERVER_URL}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def start_kiosk(self, device: Device, code: str) -> None:
        """A kiosk as provisioning leaves it: trust root, sync, enrolled agent, the UI."""
        ns = device.ns = f"ick{device.device_id[-2:]}{os.getpid() % 10000}"
        self.network.attach(ns, device.address)
        device.work.mkdir()
        sync_dir = device.work / "sync"
        device.processes["sync"] = self.spawn(
            ns, f"{device.device_id}-sync", sys.executable, "-m", "server_room", "sync",
            "--server", SERVER_URL, "--data-dir", str(sync_dir),
            "--channels", f"powiat,{device.gmina}", "--root", str(self.trust_root),
            "--every", str(self.poll_seconds),
        )  # fmt: skip
        self._enroll_and_start_agent(["ip", "netns", "exec", ns], device, code, "kiosk", sync_dir)
        xvfb = self.spawn(ns, f"{device.device_id}-xvfb", "Xvfb", "-displayfd", "1",
                          "-screen", "0", "1080x1920x24", "-nolisten", "tcp",
                          stdout=subprocess.PIPE)  # fmt: skip
        device.processes["xvfb"] = xvfb
        display = xvfb.stdout.readline().decode().strip()
        device.display = f":{display}"
        kiosk_config = device.work / "kiosk.toml"
        # The UI looks for a new snapshot every 0.5 s (2 s by default), so the alert's
        # delay measured here is mostly the sync's poll interval.
        kiosk_config.write_text(
            f'[kiosk_ui]\ndevice_id = "{device.device_id}"\nkiosk_data_dir = "{sync_dir}"\n'
            "snapshot_poll_seconds = 0.5\n"
        )
        device.processes["ui"] = self.spawn(
            ns, f"{device.device_id}-ui", sys.executable, "-m", "server_room", "kiosk",
            "--config", str(kiosk_config), "--windowed", "--size", "1080x1920",
            env={"DISPLAY": device.display, "KIVY_HOME": str(device.work / "kivy")},
        )  # fmt: skip

    def start_hotspot(self, device: Device, code: str, lan: int) -> CountyHotspot:
        """A hotspot: the real openNDS with the server room as its FAS, and its agent."""
        device.work.mkdir()
        spot = CountyHotspot(device.work, self.data_dir, device, self.network, lan).start()
        self.hotspots.append(spot)
        self._enroll_and_start_agent(
            spot.in_gateway(), device, code, "hotspot", device.work / "sync"
        )
        return spot

    def _enroll_and_start_agent(
        self, prefix: list[str], device: Device, code: str, kind: str, sync_dir: Path
    ) -> None:
        """`infomat enroll` with the one-time code, then `infomat agent`, both run through
        `prefix` (the device's namespaces)."""
        agent_dir = device.work / "agent"
        device.agent_config.write_text(
            f'[device_agent]\nagent_data_dir = "{agent_dir}"\nagent_kind = "{kind}"\n'
            f'agent_sync_dir = "{sync_dir}"\nagent_interval_seconds = {self.agent_seconds}\n'
        )
        infomat = [*prefix, sys.executable, "-m", "server_room"]
        enrolled = subprocess.run(  # noqa: S603
            [*infomat, "enroll", "--server", SERVER_URL, "--code", code,
             "--config", str(device.agent_config)],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        if enrolled.returncode != 0:
            raise RuntimeError(f"{device.device_id} did not enroll: {enrolled.stderr}")
        device.agent_command = [*infomat, "agent", "--config", str(device.agent_config)]
        self.start_agent(device)

    # -- using ------------------------------------------------------------------------

    def start_agent(self, device: Device) -> None:
        device.processes["agent"] = self._popen(device.agent_command, f"{device.device_id}-agent")

    def stop_agent(self, device: Device) -> int:
        """Stop the agent the way systemd does (SIGTERM); returns its exit status."""
        agent = device.processes.pop("agent")
        agent.terminate()
        return agent.wait(15)

    def on_screen(self, device: Device) -> dict:
        """What the kiosk UI says it shows (the file its agent reads)."""
        try:
            return json.loads((device.work / "sync" / "ui-alive").read_text())
        except (OSError, ValueError):
            return {}

    def network_process(self, *argv: str) -> None:
        self.spawn(self.network.ns, f"internet-{len(self.logs)}", *argv)

    def spawn(self, ns: str, name: str, *argv: str, env: dict | None = None,
              stdout=None) -> subprocess.Popen:  # fmt: skip
        return self._popen(["ip", "netns", "exec", ns, *argv], name, env=env, stdout=stdout)

    def _popen(self, argv: list[str], name: str, env=None, stdout=None) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.logs.append(log)
        process = subprocess.Popen(  # noqa: S603
            argv, stdout=stdout or log, stderr=log, cwd=ROOT,
            env=os.environ | (env or {}),
        )  # fmt: skip
        self.started.append(process)
        return process

    def log_tail(self, name: str) -> str:
        path = self.work / f"{name}.log"
        return path.read_text()[-3000:] if path.exists() else "(no log)"

    # -- tearing down -----------------------------------------------------------------

    def stop(self) -> None:
        stop_processes(list(reversed(self.started)))
        for spot in self.hotspots:
            spot.stop()
        self.network.stop()
        for handle in self.logs:
            handle.close()


def prerequisites_missing() -> list[str]:
    """What this machine lacks for the county test."""
    from tests.captive_portal.netns import prerequisites_missing as hotspot_needs

    return hotspot_needs() + [t for t in ("Xvfb", "nsenter") if shutil.which(t) is None]


def eventually(predicate, timeout: float, step: float = 0.2):
    """The first true value of `predicate` within `timeout`, and when it came (monotonic)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value, time.monotonic()
        time.sleep(step)
    return None, time.monotonic()
