"""Draining the spool to the collector, oldest first, deleting only what it acknowledged.

A request carries up to `batch` reports; the answer names, per boot, the last
sequence the collector holds, the server's clock and any commands for the device.
A 409 means the collector already holds some of them (an acknowledgement was lost):
its answer says which, those rows go and the rest are sent again.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field

import requests

from device_agent.agent.credentials import Credentials
from device_agent.agent.spool import Spool

log = logging.getLogger(__name__)

MAX_REQUESTS_PER_DRAIN = 50


class CollectorUnreachable(RuntimeError):
    """Network down or the collector failing: keep the reports and try later."""


class CredentialsRefused(RuntimeError):
    """The token is wrong or revoked: an admin must enroll this device again."""


@dataclass
class DrainOutcome:
    """What one drain achieved and what the collector said."""

    sent: int = 0
    commands: list[dict] = field(default_factory=list)
    clock_offset: float | None = None
    interval: float | None = None


def full_jitter(failures: int, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds to wait after `failures` failed attempts (AWS "full jitter")."""
    return random.uniform(0, min(cap, base * 2 ** min(failures, 20)))  # noqa: S311 - not crypto


class Sender:
    """Sends one device's spool to the collector with its token."""

    def __init__(
        self,
        session: requests.Session,
        credentials: Credentials,
        spool: Spool,
        timeout: float = 10.0,
        batch: int = 100,
        server: str | None = None,
    ) -> None:
        self.session = session
        self.credentials = credentials
        self.spool = spool
        self.timeout = timeout
        self.batch = batch
        self.url = (server or credentials.server).rstrip("/") + "/api/v1/reports"

    def drain(self) -> DrainOutcome:
        """Send until the spool is empty; raise when the collector cannot take them."""
        outcome = DrainOutcome()
        for _ in range(MAX_REQUESTS_PER_DRAIN):
            reports = self.spool.pending(self.batch)
            if not reports:
                break
            sent_at = time.time()
            answer = self._post([r.body for r in reports], sent_at)
            received_at = time.time()
            for boot_id, seq in (answer.get("acked") or {}).items():
                self.spool.acknowledge(boot_id, int(seq))
            if "server_time" in answer:
                # NTP-style: the server read its clock about halfway through the exchange.
                midpoint = (sent_at + received_at) / 2
                outcome.clock_offset = round(float(answer["server_time"]) - midpoint, 3)
            outcome.interval = answer.get("interval", outcome.interval)
            outcome.commands.extend(answer.get("commands") or [])
            outcome.sent += int(answer.get("stored", 0))
        return outcome

    def _post(self, bodies: list[dict], sent_at: float) -> dict:
        headers = {"Authorization": f"Bearer {self.credentials.token}"}
        payload = {"device_id": self.credentials.device_id, "sent_at": sent_at, "reports": bodies}
        try:
            response = self.session.post(
                self.url, json=payload, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise CollectorUnreachable(f"{exc.__class__.__name__} at {self.url}") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code in (401, 403):
            raise CredentialsRefused(answer.get("error") or f"HTTP {response.status_code}")
        if response.status_code == 409:
            log.info("collector already holds some reports: %s", answer.get("error"))
            return answer
        if response.status_code != 200:
            raise CollectorUnreachable(
                f"collector answered {response.status_code}: {answer.get('error', '')}"
            )
        return answer

    def upload_screenshot(self, command_id: str, png: bytes) -> None:
        """Send a kiosk's screenshot for a `screenshot` command."""
        url = self.url.rsplit("/reports", 1)[0] + f"/commands/{command_id}/screenshot"
        headers = {
            "Authorization": f"Bearer {self.credentials.token}",
            "Content-Type": "image/png",
        }
        try:
            response = self.session.put(url, data=png, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise CollectorUnreachable(f"{exc.__class__.__name__}: {exc}") from exc
        if response.status_code != 204:
            raise CollectorUnreachable(f"screenshot upload answered {response.status_code}")
