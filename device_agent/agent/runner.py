"""The agent's loop: sample every interval into the spool, drain it, run what was asked.

Sampling never waits for the network: reports pile up in the spool while the
collector is away and go out in order when it is back. Sending retries with full
jitter, so 42 devices coming back after an outage do not all knock at once.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from device_agent.agent.actions import ActionFailed
from device_agent.agent.sender import (
    CollectorUnreachable,
    CredentialsRefused,
    Sender,
    full_jitter,
)
from device_agent.agent.spool import Spool
from device_agent.verbs import command_error

log = logging.getLogger(__name__)


class Agent:
    """One device's agent: its probe, spool, sender and actuators."""

    def __init__(self, kind: str, probe, spool: Spool, sender: Sender, actions, interval: float):
        self.kind = kind
        self.probe = probe
        self.spool = spool
        self.sender = sender
        self.actions = actions
        self.interval = interval
        self.clock_offset: float | None = None
        self.failures = 0
        self.reboot_requested = False

    def report(self, **extra) -> None:
        """Measure now and put the report into the spool."""
        results = self.spool.unreported_results()
        body = {"sampled_at": time.time(), "clock_offset": self.clock_offset, **self.probe.sample()}
        if results:
            body["command_results"] = results
        self.spool.add(self.probe.boot_id(), body | extra)
        if results:
            self.spool.mark_results_reported([r["id"] for r in results])

    def send(self) -> bool:
        """Drain the spool; run any commands that came back. False when it must retry."""
        try:
            outcome = self.sender.drain()
        except CollectorUnreachable as exc:
            self.failures += 1
            log.warning("collector unreachable (%s); %d reports spooled", exc, self.spool.count())
            return False
        except CredentialsRefused as exc:
            self.failures += 1
            log.error("collector refused this device's token: %s; re-enroll it", exc)
            return False
        self.failures = 0
        if outcome.clock_offset is not None:
            if self.clock_offset is None or abs(outcome.clock_offset - self.clock_offset) > 1:
                log.info("clock offset to the server room: %+.3f s", outcome.clock_offset)
            self.clock_offset = outcome.clock_offset
        if outcome.interval:
            self.interval = float(outcome.interval)
        if outcome.commands and self.run_commands(outcome.commands):
            self.report()
            return self.send()
        return True

    def run_commands(self, commands: list[dict]) -> int:
        """Run each new, allowed, unexpired command once; how many were handled."""
        handled = 0
        for command in commands:
            command_id = str(command.get("id", ""))[:64]
            if not command_id or self.spool.command_seen(command_id):
                continue
            handled += 1
            self.spool.record_command(command_id, self._outcome(command_id, command))
        return handled

    def _outcome(self, command_id: str, command: dict) -> dict:
        verb, arguments = command.get("verb"), command.get("arguments", {})
        error = command_error(verb, arguments, self.kind)
        if error is None and float(command.get("expires_at", 0)) < time.time():
            error = "polecenie wygasło, zanim dotarło do urządzenia"
        if error:
            log.warning("refused command %s (%s): %s", command_id, verb, error)
            return {"ok": False, "error": error}
        log.info("running command %s: %s %s", command_id, verb, arguments)
        if verb == "reboot":
            # Report first: after the reboot nobody is left to say it was done.
            self.reboot_requested = True
            return {"ok": True, "detail": "urządzenie uruchamia się ponownie"}
        try:
            result = self.actions.run(verb, arguments, command_id)
            png = result.pop("png", None)
            if png is not None:
                self.sender.upload_screenshot(command_id, png)
        except ActionFailed as exc:
            return {"ok": False, "error": str(exc)[:300]}
        except (CollectorUnreachable, OSError) as exc:
            return {"ok": False, "error": f"błąd urządzenia: {str(exc)[:280]}"}
        return {"ok": True, **result}

    def reboot(self) -> None:
        """Reboot, now that the collector holds the result; a failure is logged, not fatal."""
        self.reboot_requested = False
        try:
            self.actions.run("reboot", {}, "reboot")
        except ActionFailed as exc:
            log.error("reboot requested but failed: %s", exc)

    def run(self, stop: threading.Event) -> None:
        """Report every interval until `stop` is set; then say goodbye if the collector hears."""
        next_sample = time.monotonic()
        next_send = math.inf
        while not stop.is_set():
            now = time.monotonic()
            if now >= next_sample:
                self.report()
                next_sample = max(next_sample + self.interval, now + self.interval / 10)
                next_send = now
            if now >= next_send:
                sent = self.send()
                next_send = math.inf if sent else now + full_jitter(self.failures)
                if sent and self.reboot_requested:
                    self.reboot()
            stop.wait(max(0.0, min(next_sample, next_send) - time.monotonic()))
        # A clean stop tells the collector why the reports end (not a crash, not power).
        self.report(stopping=True)
        self.send()
