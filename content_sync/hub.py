"""The hub side of sync: turning what is published into a signed, numbered snapshot.

`Hub.publish(db)` runs after every change to published content: it rebuilds the
bundle, stores new item documents by hash and, when anything changed, signs a new
targets version (then snapshot and timestamp). Devices see it at their next poll.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from pathlib import Path

import sqlite_utils

from common.files import file_lock, write_atomically
from content_sync.bundle import build_bundle
from content_sync.media import media_dir
from content_sync.signing import KeyStore, Lifetimes, Repository, SigningError

log = logging.getLogger(__name__)

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def lifetimes_from_settings(settings: dict) -> Lifetimes:
    """Metadata lifetimes from the SYNC_* settings."""
    return Lifetimes(
        root=timedelta(days=settings["SYNC_ROOT_DAYS"]),
        targets=timedelta(days=settings["SYNC_TARGETS_DAYS"]),
        snapshot=timedelta(days=settings["SYNC_SNAPSHOT_DAYS"]),
        timestamp=timedelta(hours=settings["SYNC_TIMESTAMP_HOURS"]),
    )


class Hub:
    """The signed sync repository of one server room's data dir."""

    def __init__(
        self,
        data_dir: str | Path,
        keys_dir: str | Path,
        lifetimes: Lifetimes,
        public_url: str = "",
        keep_versions: int = 20,
    ):
        self.data_dir = Path(data_dir)
        self.public_url = public_url
        self.keep_versions = keep_versions
        self.repository = Repository(self.data_dir / "sync", KeyStore(keys_dir), lifetimes)
        self.documents_dir = self.data_dir / "sync" / "objects"

    @classmethod
    def from_settings(cls, settings: dict) -> Hub:
        """The hub for a loaded settings dict."""
        return cls(
            settings["DATA_DIR"],
            settings["SYNC_KEYS_DIR"],
            lifetimes_from_settings(settings),
            settings["PUBLIC_URL"],
            settings["SYNC_KEEP_VERSIONS"],
        )

    def publish(self, db: sqlite_utils.Database) -> int | None:
        """Sign what is published now; the new (or unchanged) targets version, or None.

        None means nothing could be signed — the keys were never created (`infomat
        keys init`) or are not readable — so devices keep what they have; the
        editors' work is not affected.
        """
        if not self.repository.initialized:
            log.warning("sync: no signing keys yet (run `infomat keys init`); nothing published")
            return None
        # One publisher at a time across gunicorn workers: another's prune must never
        # remove documents this one has written but not yet signed.
        with file_lock(self.data_dir / "sync" / ".publish.lock"):
            bundle = build_bundle(db, self.public_url)
            for digest, payload in bundle.documents.items():
                path = self.documents_dir / digest
                if not path.exists():
                    write_atomically(path, payload)
            try:
                before = self.repository.current_targets().version
                version = self.repository.publish_targets(bundle.targets)
            except SigningError as exc:
                log.error("sync: cannot sign, devices keep the previous snapshot: %s", exc)
                return None
            if version != before:
                self.prune()
        log.info("sync: snapshot version %s (%d documents)", version, len(bundle.documents))
        return version

    def prune(self) -> int:
        """Drop metadata, indexes and documents that no recent version names; return how many
        documents went. Images stay: they belong to the content database, not to sync."""
        referenced: set[str] = set()
        for index_file in self.repository.prune(self.keep_versions):
            if index_file.parent.name == "channels":
                items = json.loads(index_file.read_bytes())["items"]
                referenced |= {entry["sha256"] for entry in items}
        removed = 0
        for document in self.documents_dir.iterdir() if self.documents_dir.exists() else ():
            if document.name not in referenced and not document.name.startswith("."):
                document.unlink()
                removed += 1
        return removed

    def object_path(self, digest: str) -> Path | None:
        """Where the document or image with this SHA-256 is stored, if it exists."""
        if not SHA256_HEX.match(digest):
            return None
        for candidate in (
            self.documents_dir / digest,
            media_dir(self.data_dir) / f"{digest}.jpg",
            media_dir(self.data_dir) / f"{digest}.png",
        ):
            if candidate.is_file():
                return candidate
        return None
