"""Watching the device data dir from a background thread: new snapshot, sync freshness.

The UI thread never touches the disk for this: the watcher reads the `current` link
and status.json every few seconds and hands a finished KioskContent (or the reason
there is none) to a callback, which the app marshals onto its main loop.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from content_sync.localstore import SnapshotUnavailable
from kiosk_ui.content import KioskContent, parse_moment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncFreshness:
    """When the mirror last succeeded, from its status file."""

    last_success: datetime | None
    last_error: str | None

    @classmethod
    def read(cls, data_dir: Path) -> SyncFreshness:
        """The status file's view; an unreadable file means 'never'."""
        try:
            status = json.loads((data_dir / "status.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(None, None)
        return cls(parse_moment(status.get("last_success")), status.get("last_error"))


class SnapshotWatcher:
    """Calls `on_content(content_or_None, freshness)` at start and whenever either changes."""

    def __init__(
        self,
        data_dir: str | Path,
        on_content: Callable[[KioskContent | None, SyncFreshness], None],
        poll_seconds: float = 2.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.on_content = on_content
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: tuple | None = None

    def check(self) -> None:
        """Look once; report when the snapshot or the freshness changed."""
        try:
            target = os.readlink(self.data_dir / "current")
        except OSError:
            target = None
        freshness = SyncFreshness.read(self.data_dir)
        key = (target, freshness)
        if key == self._seen:
            return
        content = None
        if target is not None:
            try:
                content = KioskContent.load(self.data_dir)
            except SnapshotUnavailable as exc:
                log.error("kiosk: no readable snapshot in %s: %s", self.data_dir, exc)
        elif self._seen is None:
            log.error("kiosk: %s has no snapshot yet", self.data_dir)
        self._seen = key
        self.on_content(content, freshness)

    def start(self) -> None:
        """Check now, then keep checking in a daemon thread."""
        self.check()
        self._thread = threading.Thread(target=self._run, name="snapshot-watcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.check()
            except Exception:  # keep watching whatever one look ran into
                log.exception("kiosk: snapshot check failed")

    def stop(self) -> None:
        """Stop the thread."""
        self._stop.set()
        if self._thread:
            self._thread.join(5)
