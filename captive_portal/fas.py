"""openNDS's Forward Authentication Service protocol, levels 1 and 2.

openNDS sends the client's browser to `/portal/?fas=…` (level 1: base64 of
"key=value, key=value, …"; level 2: base64(base64(AES-256-CBC)) with `iv=`, keyed by
the gateway's faskey). Access is granted by the client's own browser calling the
gateway's `http://<gatewayaddress>/opennds_auth/?tok=sha256(hid + faskey)&redir=…`.
Everything here is pure: no Flask, no database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HID = re.compile(r"^[0-9a-f]{64}$")
REQUIRED = ("hid", "gatewayname", "gatewayaddress", "clientmac")
MAX_FAS_LENGTH = 4096


class FasError(ValueError):
    """A `fas` query that is malformed, forged or for an unknown gateway (HTTP 4xx)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class FasRequest:
    """What openNDS said about the client arriving at the portal."""

    hid: str
    gatewayname: str
    gatewayaddress: str  # "IP:port" rebuilt from the parsed address, never openNDS's text
    clientmac: str
    clientip: str
    originurl: str
    client_type: str


def _b64(text: str) -> bytes:
    # openNDS does not URL-encode its base64: a form decoder has turned '+' into ' '.
    cleaned = text.strip().replace(" ", "+")
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FasError(400, "fas is not base64") from exc


def _fields(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(", ") if "=" in part)


def decrypt_level2(fas: str, iv: str, faskey: str) -> str:
    """The plaintext of a level-2 `fas` (PHP openssl_encrypt with a NUL-padded key)."""
    if len(iv) != 16 or not iv.isascii():
        raise FasError(400, "iv must be 16 ASCII characters")
    key = faskey.encode().ljust(32, b"\0")[:32]
    try:
        ciphertext = _b64(_b64(fas).decode("ascii"))
    except UnicodeDecodeError as exc:
        raise FasError(400, "fas is not base64") from exc
    if not ciphertext or len(ciphertext) % 16:
        raise FasError(400, "fas is not an AES ciphertext")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv.encode())).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    pad = padded[-1]
    if not 1 <= pad <= 16 or padded[-pad:] != bytes([pad]) * pad:
        raise FasError(403, "fas was not encrypted with this gateway's faskey")
    try:
        return padded[:-pad].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FasError(403, "fas was not encrypted with this gateway's faskey") from exc


def parse(
    fas: str, iv: str | None, faskey_for, networks: tuple[Network, ...]
) -> tuple[FasRequest, str]:
    """Decode and check a `fas` query; returns it and the gateway's faskey.

    The gateway address must be on one of `networks` (see `gateway_netloc`).

    `faskey_for(gatewayname)` gives (faskey, level) for a known gateway, or None.
    Level 2 must be decrypted before the gateway name is known, so each known key is
    tried through `faskey_for(None)`, which returns every (name, faskey) pair.
    """
    if not fas or len(fas) > MAX_FAS_LENGTH or (iv is not None and len(iv) > 64):
        raise FasError(400, "fas missing or too long")
    if iv is not None:
        fields, faskey = _decrypt_with_any(fas, iv, faskey_for(None))
    else:
        try:
            fields = _fields(_b64(fas).decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise FasError(400, "fas is not text") from exc
        known = faskey_for(fields.get("gatewayname", ""))
        if known is None:
            raise FasError(403, "unknown gateway")
        faskey, level = known
        if level >= 2:
            raise FasError(403, "this gateway must use fas_secure_enabled 2")
    missing = [name for name in REQUIRED if not fields.get(name)]
    if missing:
        raise FasError(400, f"fas lacks {', '.join(missing)}")
    if not HID.match(fields["hid"]):
        raise FasError(400, "hid is not a SHA-256")
    request = FasRequest(
        hid=fields["hid"],
        gatewayname=fields["gatewayname"][:64],
        gatewayaddress=gateway_netloc(fields["gatewayaddress"], networks),
        clientmac=fields["clientmac"][:17].lower(),
        clientip=fields.get("clientip", "")[:45],
        originurl=unquote(fields.get("originurl", ""))[:2000],
        client_type=fields.get("client_type", "")[:40],
    )
    return request, faskey


def _decrypt_with_any(fas: str, iv: str, keys) -> tuple[dict[str, str], str]:
    for name, faskey in keys:
        try:
            fields = _fields(decrypt_level2(fas, iv, faskey))
        except FasError as exc:
            if exc.status == 403:
                continue
            raise
        if fields.get("gatewayname") == name:
            return fields, faskey
    raise FasError(403, "fas was not encrypted with a known gateway's faskey")


# A gateway address is a bare IPv4 address or a bracketed IPv6 one (no zone id: Chromium
# reads "[fe80::1%@evil.example#]" as the host evil.example), then a port.
GATEWAY_ADDRESS = re.compile(
    r"(?:(?P<v4>[0-9.]{7,15})|\[(?P<v6>[0-9A-Fa-f:.]{2,45})\]):(?P<port>\d{1,5})"
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def gateway_networks(cidrs: list[str]) -> tuple[Network, ...]:
    """The `portal_gateway_networks` setting parsed; ValueError names a bad entry."""
    try:
        return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"portal_gateway_networks: {exc}") from exc


def _ip(match: re.Match | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if match is None:
        return None
    try:
        if match["v4"]:
            return ipaddress.IPv4Address(match["v4"])
        return ipaddress.IPv6Address(match["v6"])
    except ValueError:
        return None


def gateway_netloc(address: str, networks: tuple[Network, ...]) -> str:
    """`address` as "IP:port", rebuilt from the parsed parts, if it is on one of `networks`.

    Never a host name, never loopback, link-local, multicast or unspecified whatever the
    setting says: the portal cannot be made to send a browser anywhere but a hotspot.
    """
    match = GATEWAY_ADDRESS.fullmatch(address)
    ip = _ip(match)
    if ip is None or not 0 < int(match["port"]) < 65536:
        raise FasError(400, "gatewayaddress is not IP:port")
    if (
        ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified
        or getattr(ip, "ipv4_mapped", None) or not any(ip in net for net in networks)
    ):  # fmt: skip
        raise FasError(400, "gatewayaddress is not on a hotspot network")
    host = str(ip) if ip.version == 4 else f"[{ip}]"
    return f"{host}:{int(match['port'])}"


def token(hid: str, faskey: str) -> str:
    """What openNDS expects back: sha256(hid + faskey), hex."""
    return hashlib.sha256((hid + faskey).encode()).hexdigest()


def custom_policy(session_seconds: int, up_kbps: int, down_kbps: int, quota_kb: int) -> str:
    """The `custom` string our BinAuth script on the gateway turns into openNDS limits."""
    text = (
        f"session_length={session_seconds}, upload_rate={up_kbps}, "
        f"download_rate={down_kbps}, upload_quota={quota_kb}, download_quota={quota_kb}"
    )
    return base64.b64encode(text.encode()).decode()


def auth_url(request: FasRequest, faskey: str, redir: str, custom: str) -> str:
    """The gateway's own authorization URL the client's browser must open."""
    return (
        f"http://{request.gatewayaddress}/opennds_auth/?tok={token(request.hid, faskey)}"
        f"&redir={quote(redir, safe='')}&custom={quote(custom, safe='')}"
    )
