"""The hidden admin panel: the corner gesture that opens it, the PIN lock and the facts.

The gesture is four single taps in the corners, clockwise from the top-left, within
a few seconds: nothing a resident does by accident, and no double-tap or long-press.
Three wrong PINs lock the panel for five minutes.
"""

from __future__ import annotations

import hmac
import socket
from dataclasses import dataclass, field

import psutil

CORNER_PX = 140
GESTURE_SECONDS = 6.0
SEQUENCE = ("top-left", "top-right", "bottom-right", "bottom-left")
MAX_ATTEMPTS = 3
LOCKOUT_SECONDS = 300


def corner(x: float, y: float, width: float, height: float) -> str | None:
    """Which corner a touch at (x, y) hit (origin bottom-left), if any."""
    horizontal = "left" if x < CORNER_PX else "right" if x > width - CORNER_PX else None
    vertical = "bottom" if y < CORNER_PX else "top" if y > height - CORNER_PX else None
    return f"{vertical}-{horizontal}" if horizontal and vertical else None


@dataclass
class CornerGesture:
    """Recognises the four-corner sequence from single taps."""

    taps: list[tuple[str, float]] = field(default_factory=list)

    def tap(self, x: float, y: float, width: float, height: float, now: float) -> bool:
        """Record a tap; True when it completes the gesture."""
        hit = corner(x, y, width, height)
        if hit is None:
            self.taps.clear()
            return False
        self.taps = [(c, t) for c, t in self.taps if now - t <= GESTURE_SECONDS]
        expected = SEQUENCE[len(self.taps)] if len(self.taps) < len(SEQUENCE) else None
        if hit != expected:
            self.taps = [(hit, now)] if hit == SEQUENCE[0] else []
            return False
        self.taps.append((hit, now))
        if len(self.taps) == len(SEQUENCE):
            self.taps.clear()
            return True
        return False


@dataclass
class PinLock:
    """Checks the PIN; an empty configured PIN means the panel is disabled."""

    pin: str
    failures: int = 0
    locked_until: float = 0.0

    def check(self, attempt: str, now: float) -> str:
        """'ok', 'wrong', 'locked' or 'disabled'."""
        if not self.pin:
            return "disabled"
        if now < self.locked_until:
            return "locked"
        if hmac.compare_digest(attempt.encode(), self.pin.encode()):
            self.failures = 0
            return "ok"
        self.failures += 1
        if self.failures >= MAX_ATTEMPTS:
            self.failures = 0
            self.locked_until = now + LOCKOUT_SECONDS
            return "locked"
        return "wrong"


def ip_addresses() -> list[str]:
    """'eth0 192.0.2.10' for every non-loopback IPv4 and IPv6 address."""
    found = []
    for name, addresses in sorted(psutil.net_if_addrs().items()):
        for address in addresses:
            if address.family in (socket.AF_INET, socket.AF_INET6) and name != "lo":
                found.append(f"{name} {address.address.split('%')[0]}")
    return found
