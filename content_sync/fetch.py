"""Device-side HTTP: the hub's URLs, a TUF fetcher, and resumable, verified object downloads.

Every call has a timeout. An object is written under objects/partial/ while it
arrives, resumed with a Range request after an interruption, refused the moment it
grows past its announced length, and renamed to objects/incoming/ only after its
SHA-256 matches; LocalStore.commit_incoming makes it durable. Nothing here imports
Flask.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import requests
from tuf.api import exceptions as tuf_exceptions
from tuf.ngclient.fetcher import FetcherInterface

CHUNK = 64 * 1024


class ObjectRefused(ValueError):
    """A downloaded object did not match what the signed index announced."""


class HubUnreachable(ConnectionError):
    """The hub could not be reached or answered with a server error."""


class HubClient:
    """The sync endpoints of one hub."""

    def __init__(self, server_url: str, session: requests.Session, timeout: float = 30):
        self.base = server_url.rstrip("/") + "/sync/v1"
        self.session = session
        self.timeout = timeout

    @property
    def metadata_url(self) -> str:
        """Base URL of the TUF metadata."""
        return f"{self.base}/metadata/"

    @property
    def targets_url(self) -> str:
        """Base URL of the TUF targets (channel indexes)."""
        return f"{self.base}/targets/"

    def timestamp(self, etag: str | None) -> tuple[int, bytes]:
        """A conditional GET of timestamp.json: (304, b"") when it has not changed."""
        headers = {"If-None-Match": f'"{etag}"'} if etag else {}
        try:
            response = self.session.get(
                self.metadata_url + "timestamp.json", headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise HubUnreachable(f"{self.base}: {exc.__class__.__name__}") from exc
        if response.status_code >= 500:
            raise HubUnreachable(f"{self.base}: HTTP {response.status_code}")
        return response.status_code, response.content

    def download_object(self, digest: str, length: int, objects_dir: Path) -> int:
        """Fetch object `digest` of `length` bytes into objects_dir; return bytes transferred."""
        partial = objects_dir / "partial" / digest
        partial.parent.mkdir(parents=True, exist_ok=True)
        have = partial.stat().st_size if partial.exists() else 0
        if have > length:
            partial.unlink()
            have = 0
        if have == length:  # complete before an interruption; only the rename was missing
            _verify_and_place(partial, digest, length, objects_dir / "incoming")
            return 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        transferred = 0
        try:
            with self.session.get(
                f"{self.base}/objects/{digest}", headers=headers, stream=True, timeout=self.timeout
            ) as response:
                if response.status_code == 200:
                    have = 0
                elif response.status_code != 206:
                    if response.status_code >= 500:
                        raise HubUnreachable(f"object {digest[:12]}: HTTP {response.status_code}")
                    raise ObjectRefused(f"object {digest[:12]}: HTTP {response.status_code}")
                sha = _sha256_of(partial) if have else hashlib.sha256()
                with open(partial, "ab" if have else "wb") as fh:
                    for chunk in response.iter_content(CHUNK):
                        transferred += len(chunk)
                        if have + transferred > length:
                            raise ObjectRefused(
                                f"object {digest[:12]} larger than the announced {length} bytes"
                            )
                        sha.update(chunk)
                        fh.write(chunk)
                    _start_writeback(fh)
        except requests.RequestException as exc:
            raise HubUnreachable(f"object {digest[:12]}: {exc.__class__.__name__}") from exc
        except ObjectRefused:
            partial.unlink(missing_ok=True)
            raise
        _place(
            partial, digest, length, have + transferred, sha.hexdigest(), objects_dir / "incoming"
        )
        return transferred

    def download_pack(self, wanted: dict[str, int], objects_dir: Path) -> tuple[set[str], int]:
        """Fetch many objects in one streamed response; (names placed, bytes received).

        Each object is verified and placed as soon as it has arrived, so a cut
        connection keeps what came whole. Names the hub leaves out are not returned
        (the caller fetches them singly). Anything not asked for, of another length
        than signed, or not matching its hash is refused, and the stream may never
        exceed what was asked for.
        """
        placed: set[str] = set()
        try:
            with self.session.post(
                f"{self.base}/pack", json=list(wanted), stream=True, timeout=self.timeout
            ) as response:
                if response.status_code >= 500:
                    raise HubUnreachable(f"pack: HTTP {response.status_code}")
                if response.status_code != 200:
                    return placed, 0
                stream = _PackStream(response.iter_content(CHUNK))
                while header := stream.header():
                    digest, _, size = header.partition(" ")
                    if digest not in wanted or size != str(wanted[digest]) or digest in placed:
                        raise ObjectRefused("pack holds an object that was not asked for")
                    stream.save(digest, wanted[digest], objects_dir)
                    placed.add(digest)
                return placed, stream.received
        except requests.RequestException as exc:
            raise HubUnreachable(f"pack: {exc.__class__.__name__}") from exc


class _PackStream:
    """Reads `<sha256> <length>\\n<bytes>` records from a stream of chunks."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks = chunks
        self.buffer = b""
        self.received = 0

    def _more(self) -> bool:
        chunk = next(self.chunks, b"")
        self.received += len(chunk)
        self.buffer += chunk
        return bool(chunk)

    def header(self) -> str | None:
        """The next record's header, or None at the clean end of the stream."""
        while b"\n" not in self.buffer[:100]:
            if len(self.buffer) >= 100 or not self._more():
                if not self.buffer:
                    return None
                raise ObjectRefused("pack record without a valid header")
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("ascii", "replace")

    def save(self, digest: str, length: int, objects_dir: Path) -> None:
        """Write the record's `length` bytes to objects/partial, verify, place."""
        partial = objects_dir / "partial" / digest
        partial.parent.mkdir(parents=True, exist_ok=True)
        sha = hashlib.sha256()
        remaining = length
        with open(partial, "wb") as fh:
            while remaining:
                if not self.buffer and not self._more():
                    break
                piece, self.buffer = self.buffer[:remaining], self.buffer[remaining:]
                sha.update(piece)
                fh.write(piece)
                remaining -= len(piece)
            _start_writeback(fh)
        _place(
            partial, digest, length, length - remaining, sha.hexdigest(), objects_dir / "incoming"
        )


def _start_writeback(fh) -> None:
    """Let the kernel start writing this file to disk now, while the next one arrives.

    The sync(2) in LocalStore.commit_incoming then finds little left to wait for.
    """
    fh.flush()
    os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _sha256_of(path: Path):
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            sha.update(chunk)
    return sha


def _verify_and_place(partial: Path, digest: str, length: int, incoming: Path) -> None:
    """Hash a complete partial file on disk, then move it to the `incoming` dir."""
    size = partial.stat().st_size
    _place(partial, digest, length, size, _sha256_of(partial).hexdigest(), incoming)


def _place(partial: Path, digest: str, length: int, size: int, actual: str, incoming: Path) -> None:
    """Move a verified partial file to incoming/ (made durable by LocalStore.commit_incoming)."""
    if size < length:
        raise HubUnreachable(f"object {digest[:12]} truncated at {size} of {length} bytes")
    if actual != digest:
        partial.unlink()
        raise ObjectRefused(
            f"object {digest[:12]} does not match its SHA-256 (altered in transit?)"
        )
    os.replace(partial, incoming / digest)


class TufFetcher(FetcherInterface):
    """TUF's fetcher over our requests.Session, reusing a timestamp fetched just before."""

    def __init__(self, session: requests.Session, timeout: float, prefetched: dict[str, bytes]):
        self.session = session
        self.timeout = timeout
        self.prefetched = prefetched
        self.bytes_received = 0

    def _fetch(self, url: str) -> Iterator[bytes]:
        if url in self.prefetched:
            return iter([self.prefetched.pop(url)])
        try:
            response = self.session.get(url, stream=True, timeout=self.timeout)
        except requests.RequestException as exc:
            raise tuf_exceptions.DownloadError(f"{url}: {exc.__class__.__name__}") from exc
        if response.status_code != 200:
            response.close()
            raise tuf_exceptions.DownloadHTTPError(
                f"HTTP {response.status_code}", response.status_code
            )
        return self._chunks(response)

    def _chunks(self, response: requests.Response) -> Iterator[bytes]:
        try:
            for chunk in response.iter_content(CHUNK):
                self.bytes_received += len(chunk)
                yield chunk
        except requests.RequestException as exc:
            raise tuf_exceptions.DownloadError(str(exc)) from exc
        finally:
            response.close()
