"""The read-only JSON API of published content, and the public image files.

`GET /api/v1/<collection>?channel=a,b&lang=uk&limit=&offset=` returns what
residents see now. Everything a caller may send is checked; a bad value is a 400
with a message, never a 5xx.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, jsonify, request, send_from_directory, url_for

from content_sync import store
from content_sync.db import get_db
from content_sync.media import media_dir
from content_sync.model import CONTENT_TYPES, DEFAULT_LANGUAGE, LANGUAGES, ContentType
from content_sync.openapi import MAX_LIMIT, openapi_document
from content_sync.presenters import present_item

bp = Blueprint("api", __name__)

COLLECTIONS = {ctype.api_path: ctype for ctype in CONTENT_TYPES.values()}
CHANNEL_LIST = re.compile(r"^[a-z0-9-]{1,40}(,[a-z0-9-]{1,40}){0,20}$")
MEDIA_NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")
IMMUTABLE_SECONDS = 365 * 24 * 3600


class BadQuery(ValueError):
    """A query parameter the API cannot honour; the message goes back to the caller."""

    status = 400


class UnknownChannel(BadQuery):
    """A well-formed channel id that does not exist."""

    status = 404


def _int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,7}", raw) or not low <= int(raw) <= high:
        raise BadQuery(f"{name} must be an integer from {low} to {high}")
    return int(raw)


def _channels_param() -> list[str] | None:
    raw = request.args.get("channel")
    if raw is None:
        return None
    if not CHANNEL_LIST.match(raw):
        raise BadQuery("channel must be a comma-separated list of channel ids")
    wanted = raw.split(",")
    known = {c["id"] for c in store.channels(get_db())}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise UnknownChannel(f"unknown channel: {', '.join(unknown)}")
    return wanted


def _sort_key(ctype: ContentType):
    if ctype.name == "event":
        return lambda shown: shown["starts_at"] or ""
    return None


def media_url(filename: str) -> str:
    """The path residents' browsers fetch an image rendition from."""
    return url_for("api.media_file", filename=filename)


def _collection(ctype: ContentType):
    try:
        lang = request.args.get("lang", DEFAULT_LANGUAGE)
        if lang not in LANGUAGES:
            raise BadQuery(f"lang must be one of {', '.join(LANGUAGES)}")
        channels = _channels_param()
        limit = _int_param("limit", 100, 1, MAX_LIMIT)
        offset = _int_param("offset", 0, 0, 1_000_000)
    except BadQuery as exc:
        return jsonify({"error": str(exc), "status": exc.status}), exc.status
    db = get_db()
    items = [
        present_item(db, ctype, item, item.published, lang, media_url)
        for item in store.published_items(db, ctype.name, channels)
    ]
    key = _sort_key(ctype)
    if key:
        items.sort(key=key)
    response = jsonify({"items": items[offset : offset + limit], "total": len(items), "lang": lang})
    response.headers["Cache-Control"] = "public, max-age=30"
    response.add_etag()
    return response.make_conditional(request)


def _register_collections() -> None:
    for path, ctype in COLLECTIONS.items():
        bp.add_url_rule(
            f"/api/v1/{path}",
            endpoint=path,
            view_func=lambda ctype=ctype: _collection(ctype),
        )


_register_collections()


@bp.route("/api/v1/openapi.json")
def openapi():
    """The OpenAPI 3 document describing this API."""
    return jsonify(openapi_document(COLLECTIONS))


@bp.route("/media/<filename>")
def media_file(filename: str):
    """An image rendition by its content hash; immutable, so cached for a year."""
    if not MEDIA_NAME.match(filename):
        abort(404)
    response = send_from_directory(
        media_dir(current_app.config["DATA_DIR"]), filename, max_age=IMMUTABLE_SECONDS
    )
    response.headers["Cache-Control"] = f"public, max-age={IMMUTABLE_SECONDS}, immutable"
    return response
