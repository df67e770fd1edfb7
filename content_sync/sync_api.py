"""The hub's sync endpoints: signed metadata, channel indexes, and objects by hash.

`/sync/v1/metadata/timestamp.json` is the only request of a poll when nothing
changed: it carries an ETag (its SHA-256) and answers 304 to a matching
If-None-Match. Everything else is immutable and named by version or hash.
"""

from __future__ import annotations

import hashlib
import re
import time

from flask import Blueprint, abort, current_app, request, send_file

from content_sync.hub import Hub

bp = Blueprint("sync", __name__, url_prefix="/sync/v1")

METADATA_NAME = re.compile(r"^(timestamp|[1-9][0-9]{0,8}\.(root|snapshot|targets))\.json$")
TARGET_PATH = re.compile(r"^(channels/)?[0-9a-f]{64}\.[a-z0-9-]{1,40}\.json$")
IMMUTABLE = "public, max-age=31536000, immutable"
FRESHNESS_CHECK_SECONDS = 60


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


@bp.route("/metadata/<name>")
def metadata(name: str):
    """Signed TUF metadata; timestamp.json is conditional, the rest immutable."""
    if not METADATA_NAME.match(name):
        abort(404)
    if name == "timestamp.json":
        _keep_fresh()
    path = hub().repository.metadata_dir / name
    if not path.is_file():
        abort(404)
    if name != "timestamp.json":
        return send_file(path, mimetype="application/json", max_age=31536000)
    payload = path.read_bytes()
    response = current_app.response_class(payload, mimetype="application/json")
    response.set_etag(hashlib.sha256(payload).hexdigest())
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.route("/targets/<path:path>")
def target(path: str):
    """A channel index or the directory, under its hash-prefixed (immutable) name."""
    if not TARGET_PATH.match(path):
        abort(404)
    file = hub().repository.targets_dir / path
    if not file.is_file():
        abort(404)
    response = send_file(file, mimetype="application/json", conditional=True)
    response.headers["Cache-Control"] = IMMUTABLE
    return response


@bp.route("/objects/<digest>")
def objects(digest: str):
    """An item document or image by SHA-256; supports Range for resumed downloads."""
    path = hub().object_path(digest)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/octet-stream", conditional=True)
    response.headers["Cache-Control"] = IMMUTABLE
    return response
