"""The hub's sync endpoints: signed metadata, channel indexes, and objects by hash.

`/sync/v1/metadata/timestamp.json` is the only request of a poll when nothing
changed: it carries an ETag (its SHA-256) and answers 304 to a matching
If-None-Match. Everything else is immutable and named by version or hash. JSON is
sent gzip-compressed to clients that accept it; item documents can be fetched many
at once with `POST /sync/v1/pack` (a read, not a change: the body only lists
hashes), images one by one with Range support for resuming.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, request, send_file

from common import strict_json
from content_sync.hub import SHA256_HEX, Hub

bp = Blueprint("sync", __name__, url_prefix="/sync/v1")

METADATA_NAME = re.compile(r"^(timestamp|[1-9][0-9]{0,8}\.(root|snapshot|targets))\.json$")
TARGET_PATH = re.compile(r"^(channels/)?[0-9a-f]{64}\.[a-z0-9-]{1,40}\.json$")
IMMUTABLE = "public, max-age=31536000, immutable"
FRESHNESS_CHECK_SECONDS = 60
PACK_MAX_OBJECTS = 2000
STREAM_CHUNK = 1024 * 1024
GZIP_LEVEL = 6


def hub() -> Hub:
    """This app's hub."""
    return current_app.extensions["infomat_hub"]


def _keep_fresh() -> None:
    """Re-sign metadata near its expiry; checked at most once a minute per process."""
    state = current_app.extensions.setdefault("infomat_hub_checked", [0.0])
    if time.monotonic() - state[0] < FRESHNESS_CHECK_SECONDS:
        return
    state[0] = time.monotonic()
    if hub().repository.initialized:
        hub().repository.refresh_expiring()


def _accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "") and "Range" not in request.headers


def _small_response(payload: bytes, mimetype: str, cache: str):
    """`payload`, gzip-compressed when the client accepts it."""
    response = current_app.response_class(mimetype=mimetype)
    if _accepts_gzip():
        response.set_data(gzip.compress(payload, GZIP_LEVEL, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    else:
        response.set_data(payload)
    response.headers["Cache-Control"] = cache
    return response


def _read(path: Path) -> bytes:
    if not path.is_file():
        abort(404)
    return path.read_bytes()


def _json_file(path: Path):
    return _small_response(_read(path), "application/json", IMMUTABLE)


@bp.route("/metadata/<name>")
def metadata(name: str):
    """Signed TUF metadata; timestamp.json is conditional, the rest immutable."""
    if not METADATA_NAME.match(name):
        abort(404)
    path = hub().repository.metadata_dir / name
    if name != "timestamp.json":
        return _json_file(path)
    _keep_fresh()
    # One read: the ETag must describe the very bytes sent, even if a publish replaces
    # the file meanwhile.
    payload = _read(path)
    response = _small_response(payload, "application/json", "no-cache")
    response.set_etag(hashlib.sha256(payload).hexdigest())
    return response.make_conditional(request)


@bp.route("/targets/<path:path>")
def target(path: str):
    """A channel index or the directory, under its hash-prefixed (immutable) name."""
    if not TARGET_PATH.match(path):
        abort(404)
    return _json_file(hub().repository.targets_dir / path)


@bp.route("/objects/<digest>")
def objects(digest: str):
    """An item document or image by SHA-256; images support Range for resuming."""
    path = hub().object_path(digest)
    if path is None:
        abort(404)
    if path.parent == hub().documents_dir:
        return _json_file(path)
    response = send_file(path, mimetype="application/octet-stream", conditional=True, etag=False)
    response.headers["Cache-Control"] = IMMUTABLE
    return response


@bp.post("/pack")
def pack():
    """Many objects in one response: `<sha256> <length>\\n<bytes>` per object.

    The body is a JSON list of SHA-256 names. Unknown names are left out and the
    device fetches them singly, so a pack never holds anything not asked for.
    Documents alone come gzip-compressed; images are streamed as they are.
    """
    try:
        wanted = strict_json.loads(request.get_data(cache=False))
    except ValueError:
        abort(400)
    if (
        not isinstance(wanted, list)
        or not 0 < len(wanted) <= PACK_MAX_OBJECTS
        or not all(isinstance(d, str) and SHA256_HEX.match(d) for d in wanted)
    ):
        abort(400)
    found = [(d, hub().object_path(d)) for d in dict.fromkeys(wanted)]
    found = [(d, path) for d, path in found if path is not None]
    if all(path.parent == hub().documents_dir for _d, path in found):
        records = [_record(d, path.read_bytes()) for d, path in found]
        return _small_response(b"".join(records), "application/octet-stream", "no-store")
    return current_app.response_class(
        _stream_records(found), mimetype="application/octet-stream", direct_passthrough=True
    )


def _record(digest: str, payload: bytes) -> bytes:
    return f"{digest} {len(payload)}\n".encode() + payload


def _stream_records(found: list[tuple[str, Path]]):
    for digest, path in found:
        with open(path, "rb") as fh:
            yield f"{digest} {os.fstat(fh.fileno()).st_size}\n".encode()
            while chunk := fh.read(STREAM_CHUNK):
                yield chunk
