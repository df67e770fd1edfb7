"""The device side of sync (`infomat sync`): verify everything, switch atomically.

One poll: a conditional GET of timestamp.json (304 when nothing changed: done). On
a change, python-tuf's ngclient verifies root, timestamp, snapshot and targets
(signatures, versions against rollback, expiry against freeze, lengths and hashes),
then the signed channel indexes, then every missing item document and image by its
SHA-256. Only a fully verified set becomes a snapshot, and only a complete snapshot
becomes `current`. Anything refused leaves the current snapshot untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from tuf.api import exceptions as tuf_exceptions
from tuf.api.metadata import Metadata
from tuf.ngclient import Updater, UpdaterConfig
from urllib3.util.retry import Retry

from common.files import write_atomically
from content_sync.fetch import HubClient, HubUnreachable, ObjectRefused, TufFetcher
from content_sync.formats import (
    CHANNEL_FORMAT,
    DIRECTORY_FORMAT,
    DIRECTORY_TARGET,
    ITEM_FORMAT,
    SNAPSHOT_FORMAT,
    channel_target,
)
from content_sync.localstore import LocalStore, utc_now_iso

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED, EXIT_OFFLINE, EXIT_LOCAL = 0, 1, 2, 3
MAX_DOCUMENT_BYTES = 2_000_000
MAX_IMAGE_BYTES = 50_000_000
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
USER_AGENT = "infomat-sync/1"
# Small documents are latency-bound; a few connections at once fill the link.
PARALLEL_DOWNLOADS = 6
# Objects come in packs, one stream each; four keep both ends of the link busy.
PARALLEL_PACKS = 4
# Packs stay short, so one busy hub serves many devices fairly and a cut costs little.
PACK_MAX_OBJECTS = 1000
PACK_MAX_BYTES = 32_000_000


class SyncRefused(RuntimeError):
    """Something failed verification; nothing of this poll is used."""


class SyncOffline(RuntimeError):
    """The hub could not be reached; the current snapshot stays."""


class SyncLocalError(RuntimeError):
    """This device could not store what it verified (disk full, no trust root, ...)."""


@dataclass
class SyncResult:
    """What one poll achieved."""

    outcome: str  # "updated" or "unchanged"
    version: int
    bytes_received: int = 0


def backoff_delay(failures: int, base: float, cap: float, rng=random.random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base·2^failures)]."""
    return rng() * min(cap, base * 2 ** min(failures, 30))


class Mirror:
    """Keeps a device's data dir on the newest verified snapshot of its channels."""

    def __init__(
        self,
        data_dir: str | Path,
        server_url: str,
        channels: list[str],
        keep: int = 3,
        renditions: set[str] | None = None,
        session: requests.Session | None = None,
        timeout: float = 30,
    ):
        self.store = LocalStore(data_dir)
        self.server_url = server_url
        self.channels = channels
        self.keep = keep
        self.renditions = renditions
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # A busy hub closes idle keep-alive connections; retry such failed sends at once.
        # Only transport failures are retried: every request here is a read.
        adapter = HTTPAdapter(
            max_retries=Retry(
                total=2, backoff_factor=0.2, allowed_methods=None, status_forcelist=()
            ),
            pool_maxsize=PARALLEL_DOWNLOADS + PARALLEL_PACKS,
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.timeout = timeout
        self.client = HubClient(server_url, self.session, timeout)

    def install_root(self, root_bytes: bytes) -> None:
        """Trust `root_bytes` as the first root (from provisioning, never from the network)."""
        try:
            root = Metadata.from_bytes(root_bytes)
        except Exception as exc:  # tuf raises several unrelated types for bad input
            raise SyncLocalError(f"not a TUF root file: {exc}") from exc
        if root.signed.type != "root":
            raise SyncLocalError("not a TUF root file")
        self.store.prepare()
        path = self.store.trust_dir / "root.json"
        if not path.exists():
            write_atomically(path, root_bytes)

    # -- one poll -------------------------------------------------------------------

    def sync_once(self) -> tuple[int, SyncResult | None]:
        """Poll once; (exit code, result). The status file records the outcome either way."""
        attempt = utc_now_iso()
        try:
            self.store.prepare()
            result = self._sync()
        except SyncRefused as exc:
            return self._failed(EXIT_REFUSED, f"refused: {exc}", attempt)
        except (SyncOffline, HubUnreachable) as exc:
            return self._failed(EXIT_OFFLINE, f"offline: {exc}", attempt)
        except (SyncLocalError, OSError) as exc:
            return self._failed(EXIT_LOCAL, f"local error: {exc}", attempt)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # Signed and hash-correct, yet not what a device can use: refuse it whole.
            message = f"refused: malformed signed data ({exc.__class__.__name__}: {exc})"
            return self._failed(EXIT_REFUSED, message, attempt)
        self.store.write_status(
            version=result.version,
            outcome=result.outcome,
            last_attempt=attempt,
            last_success=utc_now_iso(),
            last_error=None,
            consecutive_failures=0,
            server=self.server_url,
            channels=self.channels,
        )
        log.info(
            "sync: %s, serving snapshot v%s (%d bytes received)",
            result.outcome,
            result.version,
            result.bytes_received,
        )
        return EXIT_OK, result

    def _failed(self, code: int, message: str, attempt: str) -> tuple[int, None]:
        status = self.store.read_status()
        current = self.store.current()
        serving = f"v{current.version}" if current else "nothing (never synced)"
        last = status.get("last_success") or "never"
        log.error("sync %s; still serving %s, last success %s", message, serving, last)
        try:
            self.store.write_status(
                last_attempt=attempt,
                last_error=message,
                outcome="failed",
                consecutive_failures=status.get("consecutive_failures", 0) + 1,
                server=self.server_url,
                channels=self.channels,
            )
        except OSError as exc:
            log.error("sync: cannot write the status file either: %s", exc)
        return code, None

    def _local_etag(self) -> str | None:
        path = self.store.trust_dir / "timestamp.json"
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None

    def _trusted(self, role: str) -> Metadata | None:
        try:
            return Metadata.from_file(str(self.store.trust_dir / f"{role}.json"))
        except Exception:  # missing or unreadable: the full TUF refresh will tell
            return None

    def _trusted_root_bytes(self) -> bytes:
        """The newest root this device has verified.

        ngclient keeps every verified root in trust/root_history/ and re-points the
        root.json symlink on each run by deleting it first, so a device killed in between
        has no root.json; the newest verified root is still there and is as trusted.
        """
        link = self.store.trust_dir / "root.json"
        if link.exists():
            return link.read_bytes()
        history = sorted(
            (self.store.trust_dir / "root_history").glob("*.root.json"),
            key=lambda path: int(path.name.split(".")[0]),
        )
        if history:
            log.warning("sync: root.json was missing; using verified %s", history[-1].name)
            return history[-1].read_bytes()
        raise SyncLocalError(
            f"no trusted root in {self.store.trust_dir}: install it with --root FILE"
        )

    def _sync(self) -> SyncResult:
        trusted_root = self._trusted_root_bytes()
        status, body = self.client.timestamp(self._local_etag())
        current = self.store.current()
        if status == 304 and current and self._still_current(current):
            return SyncResult("unchanged", current.version, 0)
        prefetched = {self.client.metadata_url + "timestamp.json": body} if status == 200 else {}
        fetcher = TufFetcher(self.session, self.timeout, prefetched)
        updater = Updater(
            str(self.store.trust_dir),
            self.client.metadata_url,
            str(self.store.trust_dir / "targets"),
            self.client.targets_url,
            fetcher=fetcher,
            config=UpdaterConfig(app_user_agent=USER_AGENT),
            bootstrap=trusted_root,
        )
        try:
            updater.refresh()
            version = self._trusted("targets").signed.version
            directory = self._signed_json(updater, DIRECTORY_TARGET, DIRECTORY_FORMAT)
            indexes = {
                c: self._signed_json(updater, channel_target(c), CHANNEL_FORMAT)
                for c in self._checked_channels(directory)
            }
        except tuf_exceptions.DownloadHTTPError as exc:
            if exc.status_code >= 500:
                raise SyncOffline(str(exc)) from exc
            raise SyncRefused(f"hub answered {exc.status_code} for signed metadata") from exc
        except tuf_exceptions.DownloadLengthMismatchError as exc:
            raise SyncRefused(f"metadata longer than allowed: {exc}") from exc
        except tuf_exceptions.DownloadError as exc:
            raise SyncOffline(str(exc)) from exc
        except tuf_exceptions.RepositoryError as exc:
            raise SyncRefused(f"{exc.__class__.__name__}: {exc}") from exc
        received = len(body) + fetcher.bytes_received
        if current and current.version == version and current.content["channels"] == self.channels:
            return SyncResult("unchanged", version, received)
        try:
            documents, media, received_objects = self._fetch_objects(indexes)
        except ObjectRefused as exc:
            raise SyncRefused(str(exc)) from exc
        self.store.commit_incoming()
        content = {
            "format": SNAPSHOT_FORMAT,
            "version": version,
            "built_at": utc_now_iso(),
            "server": self.server_url,
            "channels": self.channels,
            "channel_names": {c["id"]: c["name"] for c in directory["channels"]},
            "public_url": directory.get("public_url", ""),
            "items": documents,
            "objects": sorted({d["sha256"] for d in documents} | media),
        }
        self.store.switch(self.store.build(content, media))
        removed = self.store.prune(self.keep)
        log.info("sync: switched to v%s; pruned %d snapshots, %d objects", version, *removed)
        return SyncResult("updated", version, received + received_objects)

    def _still_current(self, current) -> bool:
        timestamp, targets = self._trusted("timestamp"), self._trusted("targets")
        if timestamp is None or targets is None or timestamp.signed.is_expired():
            return False
        return (
            current.version == targets.signed.version
            and current.content["channels"] == self.channels
        )

    def _signed_json(self, updater: Updater, path: str, expected_format: str) -> dict:
        info = updater.get_targetinfo(path)
        if info is None:
            raise SyncRefused(f"{path} is not in the signed targets")
        local = updater.find_cached_target(info) or updater.download_target(info)
        document = json.loads(Path(local).read_bytes())
        if not isinstance(document, dict) or document.get("format") != expected_format:
            raise SyncRefused(f"{path} is not a {expected_format} document")
        return document

    def _checked_channels(self, directory: dict) -> list[str]:
        known = {c.get("id") for c in directory.get("channels", [])}
        unknown = [c for c in self.channels if c not in known]
        if unknown:
            raise SyncRefused(f"channel(s) {', '.join(unknown)} not offered by the hub")
        return self.channels

    def _fetch_objects(self, indexes: dict[str, dict]) -> tuple[list[dict], set[str], int]:
        """Download what is missing — documents first, then their images — in parallel."""
        refs = {}
        for index in indexes.values():
            for entry in index.get("items", []):
                digest, length = _checked_ref(entry, MAX_DOCUMENT_BYTES)
                refs[digest] = length
        received = self._download_missing(refs, packed=True)
        documents = []
        images: dict[str, int] = {}
        for channel, index in indexes.items():
            for entry in index.get("items", []):
                digest = entry["sha256"]
                document = json.loads(self.store.read_object(digest))
                if document.get("format") != ITEM_FORMAT or document.get("channel") != channel:
                    raise ObjectRefused(f"item {digest[:12]} is not an item of channel {channel}")
                for renditions in document.get("media", {}).values():
                    for name, ref in renditions.items():
                        if self.renditions is None or name in self.renditions:
                            image, size = _checked_ref(ref, MAX_IMAGE_BYTES)
                            images[image] = size
                documents.append(document | {"sha256": digest})
        received += self._download_missing(images, packed=True)
        return documents, set(images), received

    def _download_missing(self, refs: dict[str, int], packed: bool = False) -> int:
        """Fetch the objects not yet here: whole ones in packs, resumed ones singly."""
        missing = {d: n for d, n in refs.items() if not self.store.has_object(d)}
        received = 0
        fresh = [d for d in missing if not (self.store.partial_dir / d).exists()] if packed else []
        packs = _packs(fresh, missing)
        with ThreadPoolExecutor(PARALLEL_PACKS) as pool:
            results = pool.map(
                lambda names: self.client.download_pack(
                    {d: missing[d] for d in names}, self.store.objects_dir
                ),
                [names for names in packs if names],
            )
            for placed, size in results:
                received += size
                for digest in placed:
                    del missing[digest]
        if not missing:
            return received
        with ThreadPoolExecutor(PARALLEL_DOWNLOADS) as pool:
            futures = [
                pool.submit(self.client.download_object, d, n, self.store.objects_dir)
                for d, n in missing.items()
            ]
            return received + sum(future.result() for future in futures)

    # -- polling --------------------------------------------------------------------

    def run_forever(self, every: float, stop: threading.Event, backoff_base: float = 5) -> None:
        """Poll every `every` seconds; after failures, retry with backoff and jitter."""
        failures = 0
        while not stop.is_set():
            code, _result = self.sync_once()
            failures = 0 if code == EXIT_OK else failures + 1
            delay = (
                every if failures == 0 else backoff_delay(failures, backoff_base, max(every, 900))
            )
            stop.wait(delay)


def _packs(names: list[str], lengths: dict[str, int]) -> list[list[str]]:
    """Split `names` into packs of at most PACK_MAX_OBJECTS and about PACK_MAX_BYTES."""
    packs: list[list[str]] = []
    size = 0
    for name in names:
        if not packs or len(packs[-1]) >= PACK_MAX_OBJECTS or size + lengths[name] > PACK_MAX_BYTES:
            packs.append([])
            size = 0
        packs[-1].append(name)
        size += lengths[name]
    return packs


def _checked_ref(ref: object, limit: int) -> tuple[str, int]:
    """(sha256, length) of a reference in signed data, refusing names that are not hashes."""
    if not isinstance(ref, dict):
        raise ObjectRefused("malformed object reference")
    digest, length = ref.get("sha256"), ref.get("length")
    if not isinstance(digest, str) or not SHA256_HEX.match(digest):
        raise ObjectRefused(f"object name {str(digest)[:40]!r} is not a SHA-256 (path traversal?)")
    if not isinstance(length, int) or isinstance(length, bool) or not 0 < length <= limit:
        raise ObjectRefused(f"object {digest[:12]} announces an impossible length {length!r}")
    return digest, length
