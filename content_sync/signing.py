"""The hub's TUF repository: signing keys, signed metadata, and keeping it fresh.

Four roles, one ed25519 key each (threshold 1): root (ideally kept offline), targets,
snapshot and timestamp (online, so publishing signs at once). Metadata uses TUF
consistent snapshots: `N.root.json`, `N.targets.json`, `N.snapshot.json` and an
unversioned `timestamp.json`, which is written last and is the only file a polling
device fetches when nothing changed. Every write happens under one file lock, so
gunicorn workers and the CLI never interleave versions.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner, Key
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from common.files import file_lock, write_atomically

log = logging.getLogger(__name__)

ROLES = ("root", "targets", "snapshot", "timestamp")
ONLINE_ROLES = ("targets", "snapshot", "timestamp")
# Metadata is re-signed when less than this share of its lifetime is left.
RESIGN_SHARE = 0.5
_SERIALIZER = JSONSerializer(compact=True)


class SigningError(RuntimeError):
    """Keys or metadata are missing or unusable; the message says what to do."""


@dataclass(frozen=True)
class Lifetimes:
    """How long each role's metadata stays valid after signing."""

    root: timedelta = timedelta(days=365)
    targets: timedelta = timedelta(days=90)
    snapshot: timedelta = timedelta(days=7)
    timestamp: timedelta = timedelta(days=1)

    def of(self, role: str) -> timedelta:
        """The lifetime of `role`."""
        return getattr(self, role)


class KeyStore:
    """Private keys as `<keyid>.pem` files (0600) in a directory outside the repository."""

    def __init__(self, keys_dir: str | Path):
        self.dir = Path(keys_dir)

    def generate(self) -> CryptoSigner:
        """A new ed25519 key, saved before it is used."""
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.dir, 0o700)
        signer = CryptoSigner.generate_ed25519()
        path = self.dir / f"{signer.public_key.keyid}.pem"
        write_atomically(path, signer.private_bytes, mode=0o600)
        return signer

    def has(self, key: Key) -> bool:
        """True if the private half of `key` is here."""
        return (self.dir / f"{key.keyid}.pem").exists()

    def signer(self, key: Key) -> CryptoSigner:
        """The signer for public `key`, or SigningError if its private key is not here."""
        path = self.dir / f"{key.keyid}.pem"
        try:
            private = load_pem_private_key(path.read_bytes(), None)
        except FileNotFoundError:
            raise SigningError(f"private key {key.keyid[:12]}… not in {self.dir}") from None
        return CryptoSigner(private, key)


class Repository:
    """The signed metadata and target files under `repo_dir` (metadata/ and targets/)."""

    def __init__(self, repo_dir: str | Path, keys: KeyStore, lifetimes: Lifetimes | None = None):
        self.dir = Path(repo_dir)
        self.metadata_dir = self.dir / "metadata"
        self.targets_dir = self.dir / "targets"
        self.keys = keys
        self.lifetimes = lifetimes or Lifetimes()

    def locked(self) -> AbstractContextManager[None]:
        """Hold the repository's write lock (shared by all processes on this machine)."""
        return file_lock(self.dir / ".lock")

    @property
    def initialized(self) -> bool:
        """True once `infomat keys init` has created the trusted root."""
        return (self.metadata_dir / "root.json").exists()

    def _load(self, role: str) -> Metadata:
        name = "timestamp.json" if role == "timestamp" else f"{role}.json"
        return Metadata.from_file(str(self.metadata_dir / name))

    def _expiry(self, role: str, now: datetime) -> datetime:
        return (now + self.lifetimes.of(role)).replace(microsecond=0)

    def _sign_and_write(self, md: Metadata, root: Root) -> None:
        role = md.signed.type
        md.signatures.clear()
        for keyid in root.roles[role].keyids:
            md.sign(self.keys.signer(root.keys[keyid]), append=True)
        payload = md.to_bytes(_SERIALIZER)
        if role != "timestamp":
            write_atomically(self.metadata_dir / f"{md.signed.version}.{role}.json", payload)
        write_atomically(self.metadata_dir / f"{role}.json", payload)

    def init(self, now: datetime | None = None) -> None:
        """Create keys for every role and version 1 of all metadata."""
        if self.initialized:
            raise SigningError(f"repository in {self.dir} already has a root; use rotate")
        now = now or datetime.now(UTC)
        root = Root(expires=self._expiry("root", now), consistent_snapshot=True)
        for role in ROLES:
            root.add_key(self.keys.generate().public_key, role)
        with self.locked():
            self._sign_and_write(Metadata(root), root)
            self._sign_and_write(Metadata(Targets(expires=self._expiry("targets", now))), root)
            self._chain_from_targets(root, now, targets_version=1)

    def _chain_from_targets(self, root: Root, now: datetime, targets_version: int) -> None:
        """Sign a new snapshot naming `targets_version`, then a new timestamp naming it."""
        snapshot = self._load_optional("snapshot")
        version = snapshot.signed.version + 1 if snapshot else 1
        new_snapshot = Snapshot(version=version, expires=self._expiry("snapshot", now))
        new_snapshot.meta = {"targets.json": MetaFile(version=targets_version)}
        self._sign_and_write(Metadata(new_snapshot), root)
        self._sign_timestamp(root, now, version)

    def _sign_timestamp(self, root: Root, now: datetime, snapshot_version: int) -> None:
        timestamp = self._load_optional("timestamp")
        version = timestamp.signed.version + 1 if timestamp else 1
        snapshot_bytes = (self.metadata_dir / f"{snapshot_version}.snapshot.json").read_bytes()
        meta = MetaFile(
            version=snapshot_version,
            length=len(snapshot_bytes),
            hashes={"sha256": hashlib.sha256(snapshot_bytes).hexdigest()},
        )
        signed = Timestamp(
            version=version, expires=self._expiry("timestamp", now), snapshot_meta=meta
        )
        self._sign_and_write(Metadata(signed), root)

    def _load_optional(self, role: str) -> Metadata | None:
        exists = (self.metadata_dir / f"{role}.json").exists()
        return self._load(role) if exists else None

    def root(self) -> Root:
        """The current trusted root."""
        return self._load("root").signed

    def current_targets(self) -> Targets:
        """The current targets metadata."""
        return self._load("targets").signed

    def publish_targets(self, files: Mapping[str, bytes], now: datetime | None = None) -> int:
        """Make `files` (target path → content) the complete target set; return its version.

        Unchanged content re-signs nothing. Target files are written under their
        hash-prefixed names first, so a device never sees metadata naming a missing file.
        """
        now = now or datetime.now(UTC)
        with self.locked():
            root = self.root()
            current = self.current_targets()
            wanted = {
                path: TargetFile.from_data(path, data, ["sha256"]) for path, data in files.items()
            }
            if {p: t.hashes for p, t in current.targets.items()} == {
                p: t.hashes for p, t in wanted.items()
            }:
                return current.version
            for path, data in files.items():
                self._write_target(path, wanted[path].hashes["sha256"], data)
            targets = Targets(
                version=current.version + 1, expires=self._expiry("targets", now), targets=wanted
            )
            self._sign_and_write(Metadata(targets), root)
            self._chain_from_targets(root, now, targets.version)
            return targets.version

    def _target_file(self, path: str, digest: str) -> Path:
        directory, _, name = path.rpartition("/")
        return self.targets_dir / directory / f"{digest}.{name}"

    def _write_target(self, path: str, digest: str, data: bytes) -> None:
        target = self._target_file(path, digest)
        if not target.exists():
            write_atomically(target, data)

    def prune(self, keep: int) -> set[Path]:
        """Forget all but the newest `keep` snapshot and targets versions and their files.

        A device mid-sync asks for the version its timestamp named, which is among
        the newest; root versions are never removed (devices walk the whole chain).
        Returns the target files still referenced.
        """
        with self.locked():
            for role in ("snapshot", "targets"):
                versions = sorted(
                    int(p.name.split(".", 1)[0]) for p in self.metadata_dir.glob(f"*.{role}.json")
                )
                for version in versions[:-keep]:
                    (self.metadata_dir / f"{version}.{role}.json").unlink(missing_ok=True)
            referenced = {
                self._target_file(path, info.hashes["sha256"])
                for md_path in self.metadata_dir.glob("*.targets.json")
                for path, info in Metadata.from_file(str(md_path)).signed.targets.items()
            }
            for file in self.targets_dir.rglob("*.json"):
                if file not in referenced:
                    file.unlink()
        return referenced

    def refresh_expiring(self, now: datetime | None = None) -> list[str]:
        """Re-sign every role whose metadata is in the last part of its life."""
        now = now or datetime.now(UTC)
        renewed = []
        with self.locked():
            root_md = self._load("root")
            if self._expiring(root_md.signed, "root", now) and all(
                self.keys.has(root_md.signed.keys[k]) for k in root_md.signed.roles["root"].keyids
            ):
                root_md.signed.version += 1
                root_md.signed.expires = self._expiry("root", now)
                self._sign_and_write(root_md, root_md.signed)
                renewed.append("root")
            root = root_md.signed
            targets = self._load("targets")
            if self._expiring(targets.signed, "targets", now):
                targets.signed.version += 1
                targets.signed.expires = self._expiry("targets", now)
                self._sign_and_write(targets, root)
                renewed.append("targets")
            snapshot = self._load("snapshot").signed
            if "targets" in renewed or self._expiring(snapshot, "snapshot", now):
                self._chain_from_targets(root, now, self.current_targets().version)
                renewed += ["snapshot", "timestamp"]
            elif renewed or self._expiring(self._load("timestamp").signed, "timestamp", now):
                self._sign_timestamp(root, now, snapshot.version)
                renewed.append("timestamp")
        if renewed:
            log.info("re-signed %s", ", ".join(renewed))
        return renewed

    def _expiring(self, signed, role: str, now: datetime) -> bool:
        return signed.expires - now < self.lifetimes.of(role) * RESIGN_SHARE

    def rotate(self, role: str, now: datetime | None = None) -> str:
        """Replace `role`'s key: a new root names it, signed by the old and new root keys."""
        if role not in ROLES:
            raise SigningError(f"unknown role {role}; one of {', '.join(ROLES)}")
        now = now or datetime.now(UTC)
        with self.locked():
            root_md = self._load("root")
            root = root_md.signed
            old_root_signers = [self.keys.signer(root.keys[k]) for k in root.roles["root"].keyids]
            new = self.keys.generate()
            for keyid in list(root.roles[role].keyids):
                root.revoke_key(keyid, role)
            root.add_key(new.public_key, role)
            root.version += 1
            root.expires = self._expiry("root", now)
            root_md.signatures.clear()
            # Devices accept the new root only if the old root keys also signed it.
            for signer in old_root_signers:
                root_md.sign(signer, append=True)
            for keyid in root.roles["root"].keyids:
                root_md.sign(self.keys.signer(root.keys[keyid]), append=True)
            payload = root_md.to_bytes(_SERIALIZER)
            write_atomically(self.metadata_dir / f"{root.version}.root.json", payload)
            write_atomically(self.metadata_dir / "root.json", payload)
            targets = self._load("targets")
            targets.signed.version += 1
            targets.signed.expires = self._expiry("targets", now)
            self._sign_and_write(targets, root)
            self._chain_from_targets(root, now, targets.signed.version)
        return new.public_key.keyid
