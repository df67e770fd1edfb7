"""A device's local copy of the content: verified objects, numbered snapshots, `current`.

Layout of the device data dir:

    trust/              TUF metadata (root.json first, from provisioning) and channel indexes
    objects/<sha256>    verified, durable item documents and images
    objects/partial/    objects still arriving; objects/incoming/ verified, not yet durable
    snapshots/<name>/   content.json (every item document inline) and media/<sha256>
    current             symlink to the snapshot being served; replaced in one rename
    status.json         version, last success, last error (read by the kiosk and the agent)

A snapshot directory is complete before `current` points at it, so a reader — or a
sync killed at any instant — only ever sees a whole snapshot. Nothing here imports
Flask or Kivy: the kiosk UI reads snapshots through `read_current`.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from common.files import fsync_dir, write_atomically
from content_sync.formats import SNAPSHOT_FORMAT

PARTIAL_MAX_AGE_SECONDS = 7 * 24 * 3600


class SnapshotUnavailable(RuntimeError):
    """There is no readable snapshot (never synced, or the files are damaged)."""


@dataclass(frozen=True)
class Snapshot:
    """A snapshot as a reader sees it: its content and where its images are."""

    path: Path
    content: dict

    @property
    def version(self) -> int:
        """The hub's targets version this snapshot was built from."""
        return self.content["version"]

    @property
    def items(self) -> list[dict]:
        """Every item document in the snapshot."""
        return self.content["items"]

    def media_path(self, digest: str) -> Path:
        """The file of an image rendition named by its SHA-256."""
        return self.path / "media" / digest


class LocalStore:
    """The device data dir of `infomat sync`."""

    def __init__(self, data_dir: str | Path):
        self.dir = Path(data_dir)
        self.trust_dir = self.dir / "trust"
        self.objects_dir = self.dir / "objects"
        self.partial_dir = self.objects_dir / "partial"
        self.incoming_dir = self.objects_dir / "incoming"
        self.snapshots_dir = self.dir / "snapshots"
        self.current_link = self.dir / "current"
        self.status_path = self.dir / "status.json"

    def prepare(self) -> None:
        """Create the directories and remove what an interrupted run left half-built."""
        for directory in (self.trust_dir, self.partial_dir, self.incoming_dir, self.snapshots_dir):
            directory.mkdir(parents=True, exist_ok=True)
        # Verified but never synced to disk before a crash: it may be damaged, fetch again.
        for unsure in self.incoming_dir.iterdir():
            unsure.unlink()
        for leftover in self.snapshots_dir.glob(".building-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in self.dir.glob(".current-*"):
            leftover.unlink(missing_ok=True)
        cutoff = time.time() - PARTIAL_MAX_AGE_SECONDS
        for partial in self.partial_dir.iterdir():
            if partial.stat().st_mtime < cutoff:
                partial.unlink(missing_ok=True)

    def _object_path(self, digest: str) -> Path:
        incoming = self.incoming_dir / digest
        return incoming if incoming.is_file() else self.objects_dir / digest

    def has_object(self, digest: str) -> bool:
        """True if the verified object is here (durable, or arrived in this run)."""
        return self._object_path(digest).is_file()

    def read_object(self, digest: str) -> bytes:
        """A verified object's bytes."""
        return self._object_path(digest).read_bytes()

    def commit_incoming(self) -> int:
        """Make every object verified in this run durable with one sync, then keep it.

        One sync(2) for all of them costs far less than one fsync per object; until
        it has returned, the objects stay in incoming/, which a restart discards.
        """
        arrived = list(self.incoming_dir.iterdir())
        if not arrived:
            return 0
        os.sync()
        for path in arrived:
            os.replace(path, self.objects_dir / path.name)
        fsync_dir(self.objects_dir)
        return len(arrived)

    def current(self) -> Snapshot | None:
        """The snapshot being served, or None before the first successful sync."""
        try:
            return read_snapshot(self.current_link)
        except SnapshotUnavailable:
            return None

    def build(self, content: dict, media: set[str]) -> Path:
        """Write a complete snapshot directory beside the current one (not yet served)."""
        building = self.snapshots_dir / f".building-{uuid.uuid4().hex}"
        (building / "media").mkdir(parents=True)
        for digest in sorted(media):
            os.link(self.objects_dir / digest, building / "media" / digest)
        payload = json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
        with open(building / "content.json", "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        fsync_dir(building / "media")
        fsync_dir(building)
        final = self.snapshots_dir / f"v{content['version']:09d}-{uuid.uuid4().hex[:8]}"
        os.rename(building, final)
        fsync_dir(self.snapshots_dir)
        return final

    def switch(self, snapshot_dir: Path) -> None:
        """Serve `snapshot_dir` from now on: one atomic rename of the `current` symlink."""
        tmp_link = self.dir / f".current-{uuid.uuid4().hex}"
        os.symlink(os.path.relpath(snapshot_dir, self.dir), tmp_link)
        os.replace(tmp_link, self.current_link)
        fsync_dir(self.dir)

    def prune(self, keep: int) -> tuple[int, int]:
        """Keep the newest `keep` snapshots (always the current one); drop unreferenced objects.

        Returns (snapshots removed, objects removed).
        """
        current = self.current_link.resolve() if self.current_link.exists() else None
        snapshots = sorted(
            (p for p in self.snapshots_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        kept = [p for p in snapshots if p == current] + [p for p in snapshots if p != current]
        kept, dropped = kept[: max(keep, 1)], kept[max(keep, 1) :]
        for old in dropped:
            shutil.rmtree(old, ignore_errors=True)
        referenced: set[str] = set()
        for snapshot_dir in kept:
            try:
                snapshot = read_snapshot(snapshot_dir)
            except SnapshotUnavailable:
                continue
            referenced |= set(snapshot.content["objects"])
        removed = 0
        for obj in self.objects_dir.iterdir():
            if obj.is_file() and obj.name not in referenced:
                obj.unlink()
                removed += 1
        return len(dropped), removed

    def snapshot_dirs(self) -> list[Path]:
        """All complete snapshot directories."""
        return [
            p for p in self.snapshots_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        ]

    def read_status(self) -> dict:
        """The last written status, or an empty dict."""
        try:
            return json.loads(self.status_path.read_text())
        except (OSError, ValueError):
            return {}

    def write_status(self, **fields) -> dict:
        """Merge `fields` into status.json, atomically."""
        status = self.read_status() | fields
        write_atomically(self.status_path, json.dumps(status, sort_keys=True, indent=1).encode())
        return status


def read_snapshot(path: str | Path) -> Snapshot:
    """Read the snapshot at `path` (a snapshot dir or the `current` link)."""
    path = Path(path).resolve()
    try:
        content = json.loads((path / "content.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotUnavailable(f"no readable snapshot at {path}: {exc}") from exc
    if not isinstance(content, dict) or content.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotUnavailable(f"{path} is not an Infomat snapshot")
    return Snapshot(path, content)


def read_current(data_dir: str | Path) -> Snapshot:
    """The snapshot a device serves now; SnapshotUnavailable if there is none."""
    return read_snapshot(Path(data_dir) / "current")


def utc_now_iso() -> str:
    """Now, as the status file records it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
