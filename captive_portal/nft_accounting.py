"""Accounting on an nftables hotspot: the kernel ends sessions by itself (set element
timeouts), so a watcher polls the authorized set and records a session when its
element is gone, with the last counters it saw. Runs as one thread in the gunicorn
master of `infomat portal`, like the fleet watcher in the server room.

The set's per-element counter matches the client's own frames (`ether saddr`), so it
counts what the client sent; downloads are not counted on this driver. A session that
ends while the portal is down is not recorded.
"""

from __future__ import annotations

import logging
import threading
import time

from captive_portal import accounting
from captive_portal import db as portal_db
from captive_portal.nftables import NftablesGateway, NftError

log = logging.getLogger(__name__)


class SessionWatcher:
    """Turns disappearing set elements into session records."""

    def __init__(self, gateway: NftablesGateway, config: dict, every: float = 5.0) -> None:
        self.gateway = gateway
        self.config = config
        self.every = every
        self.seen: dict[str, tuple[float, int]] = {}  # mac → (first seen, bytes)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll(self, now: float | None = None) -> int:
        """One look at the set; returns how many ended sessions were recorded."""
        now = time.time() if now is None else now
        current = {client.mac: client.bytes for client in self.gateway.clients()}
        ended = [mac for mac in self.seen if mac not in current]
        for mac, size in current.items():
            started = self.seen.get(mac, (now, 0))[0]
            self.seen[mac] = (started, size)
        if not ended:
            return 0
        salt = portal_db.mac_salt(self.config["DATA_DIR"], self.config["PORTAL_MAC_SALT"])
        db = portal_db.open_portal_db(self.config["DATA_DIR"])
        try:
            for mac in ended:
                started, size = self.seen.pop(mac)
                report = {
                    "gateway": "local",
                    "token": f"{mac}-{int(started)}",
                    "method": "timeout_deauth",
                    "start": int(started),
                    "end": int(now),
                    "bytes_in": 0,
                    "bytes_out": size,
                }
                accounting.record(db, report, portal_db.hash_mac(mac, salt))
            portal_db.purge_older_than(db, self.config["PORTAL_RETENTION_DAYS"])
        finally:
            db.close()
        return len(ended)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.poll()
            except NftError as exc:
                log.error("portal: cannot read the authorized set: %s", exc)

    def start(self) -> SessionWatcher:
        """Poll in a daemon thread until stopped."""
        self._thread = threading.Thread(target=self._loop, name="nft-sessions", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
