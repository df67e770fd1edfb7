"""Backups of the server room: consistent copies of every SQLite file (SQLite's online
backup API, safe while gunicorn writes), the signed sync tree, media, keys and secrets;
N generations kept; restore checks every file of a generation against its manifest
before replacing anything, and gives the files back to the users that owned them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

from common.files import fsync_dir, write_atomically

DATABASES = ("content.db", "accounts.db", "fleet.db", "portal.db")
TREES = ("sync", "media")
SECRETS = ("secret_key", "portal_mac_salt")
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; nothing was changed."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"the copy of {source.name} fails integrity_check")
    finally:
        dst.close()
        src.close()


def backup(data_dir: Path, keys_dir: Path, target: Path, keep: int) -> Path:
    """Write a new generation under `target` and keep the newest `keep`."""
    if keep < 1:
        raise BackupError("keep at least one generation")
    target.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%dT%H%M%S")
    partial = target / f".partial-{name}-{os.getpid()}"
    partial.mkdir(mode=0o700)
    manifest: dict = {"created": time.time(), "databases": {}, "trees": [], "secrets": []}
    try:
        for database in DATABASES:
            if (data_dir / database).exists():
                _copy_database(data_dir / database, partial / database)
                manifest["databases"][database] = _sha256(partial / database)
        for tree in TREES:
            if (data_dir / tree).is_dir():
                shutil.copytree(data_dir / tree, partial / tree, symlinks=True)
                manifest["trees"].append(tree)
        for secret in SECRETS:
            if (data_dir / secret).exists():
                shutil.copy2(data_dir / secret, partial / secret)
                manifest["secrets"].append(secret)
        if keys_dir.is_dir():
            shutil.copytree(keys_dir, partial / "keys")
            manifest["keys"] = True
        copies = [n for n in _parts(manifest) if n not in manifest["databases"]]
        manifest["files"] = _file_hashes(partial, copies)
        # who owned what, so that a restore run as root can give it back
        sources = {".": data_dir, **{n: data_dir / n for n in _parts(manifest)}, "keys": keys_dir}
        manifest["owners"] = {n: _owner(path) for n, path in sources.items() if path.exists()}
        write_atomically(partial / MANIFEST, json.dumps(manifest, indent=1).encode(), 0o600)
        os.sync()
        final = target / name
        if final.exists():
            final = target / f"{name}-{os.getpid()}"
        partial.rename(final)
        fsync_dir(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    for old in generations(target)[:-keep]:
        shutil.rmtree(old)
    return final


def generations(target: Path) -> list[Path]:
    """Complete generations, oldest first."""
    if not target.is_dir():
        return []
    return sorted(p for p in target.iterdir() if p.is_dir() and (p / MANIFEST).exists())


def _parts(manifest: dict) -> list[str]:
    """The top-level names a generation holds, in the order restore puts them back."""
    keys = ["keys"] if manifest.get("keys") else []
    return [*manifest["databases"], *manifest["trees"], *manifest["secrets"], *keys]


def _file_hashes(generation: Path, parts: list[str]) -> dict[str, str]:
    """SHA-256 of every file in the trees, secrets and keys (databases are hashed apart)."""
    hashes = {}
    for part in parts:
        path = generation / part
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            hashes[str(file.relative_to(generation))] = _sha256(file)
    return hashes


def verify(generation: Path) -> dict:
    """The generation's manifest, once each of its parts is there and every file matches
    its hash (generations from before file hashes: every database, and every part there)."""
    try:
        manifest = json.loads((generation / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{generation} is not a backup generation") from exc
    expected = manifest["databases"] | manifest.get("files", {})
    for name in [*_parts(manifest), *expected]:
        path = generation / name
        if not path.exists() or (name in expected and _sha256(path) != expected[name]):
            raise BackupError(f"{name} in {generation.name} is missing or damaged")
    return manifest


def _owner(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_uid, stat.st_gid]


def _give(path: Path, owner: list[int] | None) -> None:
    """Hand `path` (a whole tree) to `owner`: a restore run as root must leave files the
    server room's own user can write."""
    if owner is None:
        return
    os.lchown(path, *owner)
    for entry in path.rglob("*") if path.is_dir() and not path.is_symlink() else []:
        os.lchown(entry, *owner)


def _replace(source: Path, destination: Path, owner: list[int] | None) -> None:
    """Put a copy of `source` at `destination`, given to `owner`, with one rename at the end."""
    staging = destination.with_name(f".restoring-{destination.name}")
    if staging.exists():
        shutil.rmtree(staging) if staging.is_dir() else staging.unlink()
    if source.is_dir():
        shutil.copytree(source, staging, symlinks=True)
    else:
        shutil.copy2(source, staging)
    _give(staging, owner)
    if destination.is_dir() and not destination.is_symlink():
        old = destination.with_name(f".replaced-{destination.name}")
        destination.rename(old)
        staging.rename(destination)
        shutil.rmtree(old)
    else:
        for suffix in ("-wal", "-shm"):
            Path(f"{destination}{suffix}").unlink(missing_ok=True)
        os.replace(staging, destination)


def restore(generation: Path, data_dir: Path, keys_dir: Path) -> list[str]:
    """Replace the data dir's files with the generation's (stop the server first)."""
    manifest = verify(generation)
    # Only root can give files away; anyone else restores as themselves.
    owners = manifest.get("owners", {}) if os.geteuid() == 0 else {}
    data_dir.mkdir(parents=True, exist_ok=True)
    if "." in owners:
        os.lchown(data_dir, *owners["."])
    restored = []
    for name in _parts(manifest):
        destination = keys_dir if name == "keys" else data_dir / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        _replace(generation / name, destination, owners.get(name))
        restored.append(name)
    os.sync()
    return restored
