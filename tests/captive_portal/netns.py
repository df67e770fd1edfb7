"""A hotspot in network namespaces: a phone, the real openNDS gateway, and upstream
"internet" with the server room, addressed from 198.51.100.0/24 and 203.0.113.0/24.

Follows /work/shared/recipes/opennds-netns-e2e.sh (its workarounds are explained there):
openNDS runs under `unshare -m` with our config bind-mounted at its hard-coded path,
a fake dnsmasq lease for the phone, and iptables' filter chains pre-created.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

CLIENT_IP, GW_LAN_IP, GW_WAN_IP, UP_IP = (
    "198.51.100.2",
    "198.51.100.1",
    "203.0.113.2",
    "203.0.113.1",
)
PORTAL_PORT = 2080
# The hotspot's LAN here is a documentation range, which the portal refuses by default.
TEST_GATEWAY_NETWORKS = 'portal_gateway_networks = ["198.51.100.0/24", "203.0.113.0/24"]'
ROOT = Path(__file__).resolve().parents[2]
BINAUTH = ROOT / "provisioning" / "opennds" / "binauth_infomat.sh"


def run(*argv: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=check, capture_output=True, text=True, **kwargs)  # noqa: S603


class Hotspot:
    """client ns ↔ gateway ns (openNDS) ↔ upstream ns (internet + the server room)."""

    made = 0

    def __init__(self, work: Path, data_dir: Path, gateway: str, faskey: str, level: int) -> None:
        Hotspot.made += 1
        suffix = f"{os.getpid() % 100000}{Hotspot.made}"
        self.nc, self.ng, self.nu = f"ipc{suffix}", f"ipg{suffix}", f"ipu{suffix}"
        self.work, self.data_dir = work, data_dir
        self.gateway, self.faskey, self.level = gateway, faskey, level
        self.processes: list[subprocess.Popen] = []
        self.nds: subprocess.Popen | None = None
        self.logs: list = []
        self.portal_url = f"http://{UP_IP}:{PORTAL_PORT}"
        # the phone's and the gateway's LAN addresses (a county has several hotspots)
        self.client_ip, self.lan_ip, self.lan_prefix = CLIENT_IP, GW_LAN_IP, 24
        self.wan_interface = "gwwan"

    # -- building ---------------------------------------------------------------------

    def start(self, portal_settings: str = "") -> Hotspot:
        try:
            self._topology()
            self._upstream(portal_settings)
            self._opennds()
        except BaseException:
            self.stop()
            raise
        return self

    def _topology(self) -> None:
        self._lan()
        run("ip", "netns", "add", self.nu)
        run("ip", "-n", self.nu, "link", "set", "lo", "up")
        run("ip", "-n", self.ng, "link", "add", "gwwan", "type", "veth", "peer", "name", "up0",
            "netns", self.nu)  # fmt: skip
        for ns, dev, address in ((self.ng, "gwwan", GW_WAN_IP), (self.nu, "up0", UP_IP)):
            run("ip", "-n", ns, "addr", "add", f"{address}/24", "dev", dev)
            run("ip", "-n", ns, "link", "set", dev, "up")
        run("ip", "-n", self.ng, "route", "add", "default", "via", UP_IP)
        self._gateway_firewall()

    def _lan(self) -> None:
        """The phone's namespace, the gateway's, and the Wi-Fi (a veth) between them."""
        for ns in (self.nc, self.ng):
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "-n", self.nc, "link", "add", "c0", "type", "veth", "peer", "name", "gwlan",
            "netns", self.ng)  # fmt: skip
        for ns, dev, address in ((self.nc, "c0", self.client_ip), (self.ng, "gwlan", self.lan_ip)):
            run("ip", "-n", ns, "addr", "add", f"{address}/{self.lan_prefix}", "dev", dev)
            run("ip", "-n", ns, "link", "set", dev, "up")
        run("ip", "-n", self.nc, "route", "add", "default", "via", self.lan_ip)
        self.gw("sysctl", "-qw", "net.ipv4.ip_forward=1")

    def _gateway_firewall(self) -> None:
        self.gw("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", self.wan_interface,
                "-j", "MASQUERADE")  # fmt: skip
        self.gw("nft", "add", "table", "ip", "filter")
        for chain in ("INPUT", "FORWARD"):
            spec = f'{{ type filter hook {chain.lower()} priority 0 ; comment "priority -100" ; }}'
            self.gw("nft", "add", "chain", "ip", "filter", chain, spec)

    def _upstream(self, portal_settings: str) -> None:
        www = self.work / "www"
        www.mkdir(exist_ok=True)
        (www / "index.html").write_text("HELLO FROM THE INTERNET\n")
        for port in ("80", "8000"):
            self._spawn(self.nu, sys.executable, "-m", "http.server", port, "--bind", UP_IP,
                        "--directory", str(www))  # fmt: skip
        config = self.work / "server.toml"
        config.write_text(
            f'[server_room]\ndata_dir = "{self.data_dir}"\nbind = "{UP_IP}:{PORTAL_PORT}"\n'
            f'workers = 2\npublic_url = "{self.portal_url}"\n'
            f"[backoffice]\nsecure_cookies = false\n"
            f'[content_sync]\nsync_keys_dir = "{self.data_dir / "keys"}"\n'
            f"[captive_portal]\n{portal_settings}\n{TEST_GATEWAY_NETWORKS}\n"
            f'[[captive_portal.portal_gateways]]\nname = "{self.gateway}"\nhotspot = "hotspot-04"\n'
            f'faskey = "{self.faskey}"\nfas_level = {self.level}\n'
        )
        self._spawn(self.nu, sys.executable, "-m", "server_room", "server", "--config", str(config),
                    log="portal.log")  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = run("ip", "netns", "exec", self.nu, "curl", "-s", "-m", "1", "-o", "/dev/null",
                       "-w", "%{http_code}", f"{self.portal_url}/healthz", check=False)  # fmt: skip
            if done.stdout == "200":
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(
                "the portal did not start: " + (self.work / "portal.log").read_text()[-2000:]
            )
        self.gw("curl", "-s", "-m", "3", "-o", "/dev/null", f"http://{UP_IP}/", check=False)

    def _opennds(self) -> None:
        # The provisioning template, rendered as for a real hotspot (FAS by IP here).
        template = (ROOT / "provisioning" / "opennds" / "opennds.conf.j2").read_text()
        conf = self.work / "opennds.conf"
        conf.write_text(
            jinja2.Template(template, undefined=jinja2.StrictUndefined).render(
                hotspot_id=self.gateway,
                lan_interface="gwlan",
                check_interval=5,
                fas_remote_ip=self.portal_url.split("//")[1].split(":")[0],
                fas_port=int(self.portal_url.rsplit(":", 1)[1]),
                fas_level=self.level,
                faskey=self.faskey,
                binauth=BINAUTH,
                dhcp_option_114=False,
            )
        )
        leases = self.work / "leases"
        leases.mkdir(exist_ok=True)
        mac = run("ip", "-n", self.nc, "-br", "link", "show", "c0").stdout.split()[2]
        (leases / "dnsmasq.leases").write_text(
            f"{int(time.time()) + 86400} {mac} {self.client_ip} phone *\n"
        )
        shim = self.work / "shim"
        shim.mkdir(exist_ok=True)
        (shim / "systemctl").write_text("#!/bin/sh\nexit 0\n")
        (shim / "systemctl").chmod(0o755)
        script = (
            "mount -t tmpfs -o size=16m tmpfs /run && "
            f"mount --bind {conf} /etc/opennds/opennds.conf && "
            f"mount --bind {leases} /var/lib/misc && "
            "exec opennds -f -d 2 -c /etc/opennds/opennds.conf"
        )
        env = os.environ | {"PATH": f"{shim}:{os.environ['PATH']}"}
        log = self._log("opennds.log")
        self.nds = subprocess.Popen(  # noqa: S603
            ["ip", "netns", "exec", self.ng, "unshare", "-m", "--propagation", "private",
             "bash", "-c", script],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while "openNDS is now running" not in (self.work / "opennds.log").read_text():
            if self.nds.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "openNDS did not start: " + (self.work / "opennds.log").read_text()[-2000:]
                )
            time.sleep(0.1)

    def _spawn(self, ns: str, *argv: str, log: str | None = None) -> None:
        out = self._log(log) if log else subprocess.DEVNULL
        self.processes.append(
            subprocess.Popen(
                ["ip", "netns", "exec", ns, *argv],
                stdout=out,
                stderr=subprocess.STDOUT,  # noqa: S603
                cwd=ROOT,
            )  # fmt: skip
        )

    def _log(self, name: str):
        handle = open(self.work / name, "w")  # noqa: SIM115 - closed in stop()
        self.logs.append(handle)
        return handle

    # -- using ------------------------------------------------------------------------

    def gw(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        return run("ip", "netns", "exec", self.ng, *argv, check=check)

    def phone(self, *argv: str, check: bool = False) -> subprocess.CompletedProcess:
        """A command on the phone (client namespace)."""
        return run("ip", "netns", "exec", self.nc, *argv, check=check)

    def ndsctl(self, *argv: str) -> str:
        return run(
            "nsenter", "-t", str(self.nds.pid), "-m", "-n", "ndsctl", *argv, check=False
        ).stdout

    def pass_portal(self, jar: Path, wanted: str) -> PortalVisit:
        """What a phone does: ask for `wanted`, land on the splash, consent, and follow
        the landing page's link to the gateway's auth; every page on the way is kept."""
        first = self.phone("curl", "-s", "-o", "/dev/null", "-w", "%{redirect_url}", wanted)
        visit = PortalVisit(redirect=first.stdout)
        if not visit.redirect.startswith(f"{self.portal_url}/portal/?fas="):
            return visit
        visit.splash = self.phone(
            "curl", "-s", "-c", str(jar), "-b", str(jar), visit.redirect
        ).stdout
        consent = ["curl", "-s", "-c", str(jar), "-b", str(jar)]
        for name, value in hidden_fields(visit.splash).items():
            consent += ["--data-urlencode", f"{name}={value}"]
        visit.landing = self.phone(*consent, f"{self.portal_url}/portal/consent").stdout
        refresh = re.search(r'http-equiv="refresh" content="\d+; url=([^"]+)"', visit.landing)
        if refresh:
            visit.auth = html.unescape(refresh.group(1))
            visit.welcome = self.phone(
                "curl", "-s", "-L", "-c", str(jar), "-b", str(jar), visit.auth
            ).stdout
        return visit

    def online(self) -> bool:
        """Whether the phone reaches the internet on a port openNDS does not intercept."""
        done = self.phone("curl", "-s", "-m", "3", f"http://{UP_IP}:8000/")
        return "HELLO FROM THE INTERNET" in done.stdout

    # -- tearing down -----------------------------------------------------------------

    def stop(self) -> None:
        # openNDS first, so that it removes its own firewall rules while the rest still runs
        stop_processes([self.nds] if self.nds else [])
        stop_processes(self.processes)
        for ns in (self.nc, self.ng, self.nu):
            run("ip", "netns", "del", ns, check=False)
        for handle in self.logs:
            handle.close()


@dataclass
class PortalVisit:
    """The pages a phone saw on its way through the portal ("" where it stopped)."""

    redirect: str
    splash: str = ""
    landing: str = ""
    auth: str = ""
    welcome: str = ""


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden inputs of a form, unescaped."""
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def stop_processes(processes: list[subprocess.Popen], timeout: float = 10) -> None:
    """SIGTERM to each that runs, then wait for each, killing what outlives `timeout`."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
        if process.stdout:
            process.stdout.close()


def prerequisites_missing() -> list[str]:
    """What this machine lacks for the namespace tests."""
    missing = [tool for tool in ("opennds", "ndsctl", "ip", "nft", "iptables", "curl", "unshare")
               if shutil.which(tool) is None]  # fmt: skip
    if os.geteuid() != 0:
        missing.append("root")
    return missing


def wait(predicate, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class NftHotspot(Hotspot):
    """The same three namespaces with our nftables driver and `infomat portal` on the
    gateway instead of openNDS; a second upstream address plays the walled garden."""

    GARDEN_IP = "203.0.113.3"

    def __init__(self, work: Path, data_dir: Path, session_minutes: float) -> None:
        super().__init__(work, data_dir, "nft", "", 0)
        self.session_minutes = session_minutes
        self.portal_url = f"http://{GW_LAN_IP}:8080"
        self.portal_process: subprocess.Popen | None = None

    def start(self, portal_settings: str = "") -> NftHotspot:
        try:
            self._topology()
            run("ip", "-n", self.nu, "addr", "add", f"{self.GARDEN_IP}/24", "dev", "up0")
            www = self.work / "www"
            www.mkdir(exist_ok=True)
            (www / "index.html").write_text("HELLO FROM THE INTERNET\n")
            for address, port in ((UP_IP, "80"), (UP_IP, "8000"), (UP_IP, "443"),
                                  (self.GARDEN_IP, "80")):  # fmt: skip
                self._spawn(self.nu, sys.executable, "-m", "http.server", port, "--bind", address,
                            "--directory", str(www))  # fmt: skip
            self.config = self.work / "gateway.toml"
            self.config.write_text(
                f'[server_room]\ndata_dir = "{self.data_dir}"\nworkers = 1\n'
                f'[captive_portal]\nportal_lan_interface = "gwlan"\n'
                f'portal_lan_address = "{GW_LAN_IP}"\nportal_port = 8080\n'
                f'portal_walled_garden = ["{self.GARDEN_IP}/32"]\n'
                f"portal_session_minutes = {self.session_minutes}\n"
                'portal_hotspot_name = "Garbów — biblioteka"\n'
            )
            self.start_portal()
        except BaseException:
            self.stop()
            raise
        return self

    def _gateway_firewall(self) -> None:
        self.gw(
            "nft",
            "add table ip wan; add chain ip wan post { type nat hook postrouting "
            "priority srcnat; policy accept; }; add rule ip wan post oifname gwwan masquerade",
        )

    def start_portal(self) -> None:
        self.portal_process = subprocess.Popen(  # noqa: S603
            ["ip", "netns", "exec", self.ng, sys.executable, "-m", "server_room", "portal",
             "--config", str(self.config)],
            stdout=self._log("portal.log"), stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
        self.processes.append(self.portal_process)
        if not wait(lambda: self.gw("curl", "-s", "-m", "1", f"{self.portal_url}/healthz",
                                    check=False).returncode == 0, 30, 0.2):  # fmt: skip
            raise RuntimeError("portal did not start: " + (self.work / "portal.log").read_text())

    def stop_portal(self) -> None:
        self.portal_process.terminate()
        self.portal_process.wait(15)

    def nft_json(self, *what: str) -> dict:
        import json

        return json.loads(self.gw("nft", "-j", "list", *what).stdout)
