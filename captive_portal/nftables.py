"""The nftables gateway driver: a Linux hotspot without openNDS.

One table, `inet infomat_portal`: a set of authorized clients (MAC addresses with a
timeout and per-element counters) and a walled garden (the county's sites). Before
login, port 80 is redirected to the local portal, DNS and DHCP reach the gateway,
the walled garden is open, TCP 443 is refused at once with a reset (so apps fail
fast instead of hanging) and everything else is dropped.

Every change is one `nft -f` batch (atomic); state is read back with `nft -j`.
Installing the ruleset never touches the authorized set, so residents stay online
across a portal restart; kernel timeouts end their sessions even if the portal is down.
"""

from __future__ import annotations

import ipaddress
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TABLE = "inet infomat_portal"
MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")


class NftError(RuntimeError):
    """nft refused a batch or could not be run."""


@dataclass(frozen=True)
class Client:
    """An authorized client as the kernel holds it."""

    mac: str
    expires_in: int | None
    packets: int
    bytes: int


@dataclass(frozen=True)
class GatewayLayout:
    """Where the hotspot's interfaces and its local portal are."""

    lan_interface: str
    portal_address: str
    portal_port: int
    walled_garden: tuple[str, ...] = ()


def _check_mac(mac: str) -> str:
    mac = mac.strip().lower()
    if not MAC.match(mac):
        raise ValueError(f"not a MAC address: {mac[:40]!r}")
    return mac


class NftablesGateway:
    """Applies the portal's decisions to the kernel of this gateway."""

    def __init__(self, layout: GatewayLayout, nft: str = "nft") -> None:
        self.layout = layout
        self.nft = nft
        for network in layout.walled_garden:
            ipaddress.ip_network(network)  # a typo in the config must fail loudly here
        ipaddress.ip_address(layout.portal_address)
        if not re.match(r"^[\w.-]{1,15}$", layout.lan_interface):
            raise ValueError(f"not an interface name: {layout.lan_interface!r}")

    def _apply(self, batch: str) -> None:
        try:
            done = subprocess.run(  # noqa: S603 - fixed program, batch on stdin
                [self.nft, "-f", "-"], input=batch, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise NftError(f"nft could not run: {exc}") from exc
        if done.returncode:
            raise NftError(f"nft refused the batch: {done.stderr.strip()[:500]}")

    def _json(self, *what: str) -> list[dict]:
        try:
            done = subprocess.run(  # noqa: S603
                [self.nft, "-j", "list", *what], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise NftError(f"nft could not run: {exc}") from exc
        if done.returncode:
            raise NftError(done.stderr.strip()[:500])
        return json.loads(done.stdout)["nftables"]

    def ruleset(self) -> str:
        """The batch that (re)installs everything but the authorized clients."""
        lan, portal, port = (
            self.layout.lan_interface,
            self.layout.portal_address,
            self.layout.portal_port,
        )
        garden = ", ".join(self.layout.walled_garden)
        lines = [
            f"add table {TABLE}",
            f"add set {TABLE} authorized {{ type ether_addr; flags timeout; counter; }}",
            f"add set {TABLE} walled_garden {{ type ipv4_addr; flags interval; }}",
            f"flush set {TABLE} walled_garden",
        ]
        if garden:
            lines.append(f"add element {TABLE} walled_garden {{ {garden} }}")
        chains = {
            "prerouting": "type nat hook prerouting priority dstnat; policy accept;",
            "input": "type filter hook input priority filter; policy accept;",
            "forward": "type filter hook forward priority filter; policy accept;",
        }
        for name, spec in chains.items():
            lines += [f"add chain {TABLE} {name} {{ {spec} }}", f"flush chain {TABLE} {name}"]
        rule = f"add rule {TABLE}"
        lines += [
            f'{rule} prerouting iifname "{lan}" ether saddr @authorized return',
            f'{rule} prerouting iifname "{lan}" ip daddr @walled_garden return',
            f'{rule} prerouting iifname "{lan}" tcp dport 80 dnat ip to {portal}:{port}',
            f"{rule} input ct state established,related accept",
            f'{rule} input iifname "{lan}" udp dport {{ 53, 67 }} accept',
            f'{rule} input iifname "{lan}" tcp dport {{ 53, {port} }} accept',
            f'{rule} input iifname "{lan}" ether saddr @authorized accept',
            f'{rule} input iifname "{lan}" drop',
            f"{rule} forward ct state established,related accept",
            f'{rule} forward iifname "{lan}" ether saddr @authorized accept',
            f'{rule} forward iifname "{lan}" ip daddr @walled_garden accept',
            f'{rule} forward iifname "{lan}" tcp dport 443 reject with tcp reset',
            f'{rule} forward iifname "{lan}" drop',
        ]
        return "\n".join(lines) + "\n"

    def install(self) -> None:
        """Install or refresh the table atomically, keeping authorized clients."""
        self._apply(self.ruleset())

    def clients(self) -> list[Client]:
        """Authorized clients with their remaining time and counters."""
        entries = self._json("set", *TABLE.split(), "authorized")
        clients = []
        for entry in entries:
            for element in entry.get("set", {}).get("elem", []):
                elem = element.get("elem", element) if isinstance(element, dict) else element
                value = elem.get("val") if isinstance(elem, dict) else elem
                counter = elem.get("counter", {}) if isinstance(elem, dict) else {}
                clients.append(
                    Client(
                        mac=str(value),
                        expires_in=elem.get("expires") if isinstance(elem, dict) else None,
                        packets=counter.get("packets", 0),
                        bytes=counter.get("bytes", 0),
                    )
                )
        return clients

    def authorize(self, mac: str, seconds: int) -> None:
        """Let `mac` through for `seconds` (a renewed session restarts its clock)."""
        mac = _check_mac(mac)
        seconds = max(1, int(seconds))
        batch = ""
        if any(client.mac == mac for client in self.clients()):
            batch += f"delete element {TABLE} authorized {{ {mac} }}\n"
        batch += f"add element {TABLE} authorized {{ {mac} timeout {seconds}s }}\n"
        self._apply(batch)

    def deauthorize(self, mac: str) -> None:
        """End `mac`'s session now."""
        mac = _check_mac(mac)
        if any(client.mac == mac for client in self.clients()):
            self._apply(f"delete element {TABLE} authorized {{ {mac} }}\n")


def mac_of(ip: str, arp_table: Path = Path("/proc/net/arp")) -> str | None:
    """The MAC address the gateway has seen for a LAN client's IP."""
    try:
        lines = arp_table.read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if (
            len(fields) >= 4
            and fields[0] == ip
            and MAC.match(fields[3])
            and fields[3] != "00:00:00:00:00:00"
        ):
            return fields[3]
    return None
