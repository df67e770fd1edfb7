"""The collector's clock: every few seconds it refreshes the registry from published
locations, judges every device, sends alerts, prunes history and sends the digest.

It runs as one thread in the gunicorn master (one per server, whatever the worker
count), started by the server room when it serves, never at import.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from captive_portal import online
from captive_portal.db import open_portal_db
from common.polish import LOCAL_TZ
from content_sync import store
from content_sync.db import open_content_db
from content_sync.hours import office_status
from device_agent.collector import registry
from device_agent.collector.alerts import evaluate
from device_agent.collector.db import open_fleet_db
from device_agent.collector.digest import send_digest_if_due
from device_agent.collector.fleet_state import Limits, load_states
from device_agent.collector.notify import Notifier
from device_agent.collector.reports import prune_history

log = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600


@dataclass(frozen=True)
class Sources:
    """What the fleet reads from the content hub: device locations, office hours and
    the gminas' names."""

    locations: list[dict]
    office_hours: dict[str, tuple[dict, list]]
    office_names: dict[str, str]


def read_sources(data_dir: str) -> Sources:
    """Published device locations, each gmina's office hours and name, from content.db."""
    db = open_content_db(data_dir)
    try:
        locations = [
            {"municipality": item.channel, **item.published}
            | {"name": item.published["name"].get("pl", "")}
            for item in store.published_items(db, "location")
        ]
        hours = {
            item.channel: (
                item.published.get("opening_hours") or {},
                item.published.get("holidays") or [],
            )
            for item in store.published_items(db, "office")
        }
        names = {channel["id"]: channel["name"] for channel in store.channels(db)}
    finally:
        db.close()
    return Sources(locations, hours, names)


def _warsaw(value: object) -> float:
    """A window's start or end: a time without an offset is the county's clock."""
    moment = datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)).timestamp()


def make_mute(
    maintenance: list[dict], office_hours: dict[str, tuple[dict, list]]
) -> Callable[[dict, float], bool]:
    """Whether alerts for a device are muted at a time: maintenance, or its office closed.

    Kiosks stand in offices and are switched off with the lights; hotspots run all day.
    """
    windows = []
    for window in maintenance:
        try:
            start, end = _warsaw(window["start"]), _warsaw(window["end"])
        except (KeyError, ValueError):
            log.error("ignoring a maintenance window without valid start/end: %r", window)
            continue
        windows.append((start, end, set(window.get("devices") or ())))

    def muted(device: dict, now: float) -> bool:
        for start, end, devices in windows:
            if start <= now < end and (not devices or device["id"] in devices):
                return True
        if device["kind"] == "kiosk" and device["municipality"] in office_hours:
            hours, holidays = office_hours[device["municipality"]]
            opening = office_status(hours, holidays, datetime.fromtimestamp(now, LOCAL_TZ))
            return not opening.is_open
        return False

    return muted


class FleetWatcher:
    """Evaluates the fleet on a timer in a background thread."""

    def __init__(self, config: dict, notifier: Notifier | None = None) -> None:
        self.config = config
        self.notifier = notifier or Notifier(config)
        self.limits = Limits.from_config(config)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_prune = 0.0

    def evaluate_once(self, now: float | None = None) -> list[str]:
        """One round; returns the subjects of the alerts sent."""
        now = time.time() if now is None else now
        sources = read_sources(self.config["DATA_DIR"])
        db = open_fleet_db(self.config["DATA_DIR"])
        try:
            registry.sync_locations(db, sources.locations)
            states = load_states(db, now, self.limits)
            mute = make_mute(self.config["FLEET_MAINTENANCE"], sources.office_hours)
            sent = evaluate(db, states, self.notifier, mute, now, sources.office_names)
            if now - self._last_prune > PRUNE_EVERY_SECONDS:
                prune_history(
                    db, self.config["FLEET_RAW_HOURS"], self.config["FLEET_AGGREGATE_DAYS"]
                )
                self._last_prune = now
            if send_digest_if_due(
                db,
                states,
                self.notifier,
                lambda: self._people_online(now),
                now,
                self.config["FLEET_DIGEST_HOUR"],
            ):
                sent.append("digest")
        finally:
            db.close()
        return sent

    def _people_online(self, now: float) -> int:
        portal = open_portal_db(self.config["DATA_DIR"])
        try:
            return online.people_online(portal, now=now)
        finally:
            portal.close()

    def _loop(self) -> None:
        while not self._stop.wait(self.config["FLEET_WATCH_SECONDS"]):
            try:
                self.evaluate_once()
            except Exception:
                log.exception("fleet evaluation failed; trying again next round")

    def start(self) -> FleetWatcher:
        """Evaluate now, then every fleet_watch_seconds in a daemon thread."""
        self.evaluate_once()
        self._thread = threading.Thread(target=self._loop, name="fleet-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread."""
        self._stop.set()
        if self._thread:
            self._thread.join(10)
