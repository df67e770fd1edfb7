"""What devices call: enrollment, reports (store-and-forward batches), screenshots.

Every refusal is a 4xx with a short JSON reason, stores nothing and is counted by
reason, so the dashboard shows a device with a stolen or broken token hammering.
"""

from __future__ import annotations

import io
import math
import time

from flask import Blueprint, current_app, jsonify, request

from backoffice import ratelimit
from backoffice.db import get_db as get_accounts_db
from common import strict_json
from common.sqlite import write_transaction
from device_agent.collector import registry
from device_agent.collector.db import get_db
from device_agent.collector.reports import ReportRejected, store_batch

bp = Blueprint("fleet_api", __name__, url_prefix="/api/v1")

MAX_SCREENSHOT_BYTES = 5_000_000


def _refuse(status: int, reason: str, message: str, device_id: str | None = None, **extra):
    db = get_db()
    with write_transaction(db):
        registry.count_rejection(db, reason)
        if device_id:
            db.execute("UPDATE devices SET rejected = rejected + 1 WHERE id = ?", [device_id])
    current_app.logger.warning(
        "fleet: refused %s from %s (%s): %s", request.path, device_id or "?", reason, message
    )
    return jsonify({"error": message, "reason": reason, **extra}), status


def _authenticated_device() -> dict | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or len(header) > 200:
        return None
    return registry.device_for_token(get_db(), header.removeprefix("Bearer ").strip())


def _json_body(limit: int) -> object:
    if request.content_length is None or request.content_length > limit:
        raise ReportRejected(413, "oversized", f"body missing or over {limit} bytes")
    raw = request.get_data(cache=False)
    if len(raw) > limit:
        raise ReportRejected(413, "oversized", f"body over {limit} bytes")
    try:
        return strict_json.loads(raw)
    except ValueError as exc:
        raise ReportRejected(
            400, "malformed", f"body is not JSON of finite numbers: {exc}"
        ) from exc


@bp.post("/enroll")
def enroll():
    """Trade a one-time enrollment code for a device token."""
    accounts = get_accounts_db()
    limit = ratelimit.Limit(f"enroll:{request.remote_addr or '?'}", 10, 900)
    attempt = ratelimit.take_attempt(accounts, [limit])
    if attempt.retry_after:
        return _refuse(
            429, "enroll-rate", f"too many wrong codes; retry in {attempt.retry_after} s"
        )
    try:
        payload = _json_body(4096)
    except ReportRejected as exc:
        return _refuse(exc.status, exc.reason, exc.message)
    code = payload.get("code") if isinstance(payload, dict) else None
    hostname = payload.get("hostname", "") if isinstance(payload, dict) else ""
    if not isinstance(code, str) or not isinstance(hostname, str) or len(code) > 64:
        return _refuse(400, "malformed", "code (string) required")
    try:
        device_id, token = registry.redeem_code(get_db(), code, hostname)
    except registry.RegistryError as exc:
        return _refuse(403, "bad-code", str(exc))
    ratelimit.succeeded(accounts, attempt)
    return jsonify(
        {
            "device_id": device_id,
            "token": token,
            "interval": current_app.config["FLEET_INTERVAL_SECONDS"],
        }
    )


@bp.post("/reports")
def reports():
    """Store a batch of one device's reports, acknowledge them, hand out its commands."""
    device = _authenticated_device()
    if device is None:
        return _refuse(401, "bad-token", "unknown or revoked device token")
    config = current_app.config
    try:
        payload = _json_body(config["FLEET_MAX_REPORT_BYTES"])
        outcome = store_batch(
            get_db(),
            device,
            payload,
            now=time.time(),
            max_skew=config["FLEET_MAX_CLOCK_SKEW_SECONDS"],
        )
    except ReportRejected as exc:
        return _refuse(exc.status, exc.reason, exc.message, device["id"], acked=exc.acked)
    return jsonify(
        {
            "stored": outcome.stored,
            "acked": outcome.acked,
            "server_time": time.time(),
            "interval": config["FLEET_INTERVAL_SECONDS"],
            "commands": outcome.commands,
        }
    )


@bp.put("/commands/<command_id>/screenshot")
def screenshot(command_id: str):
    """A kiosk's screenshot for a `screenshot` command it was given."""
    from PIL import Image, UnidentifiedImageError

    device = _authenticated_device()
    if device is None:
        return _refuse(401, "bad-token", "unknown or revoked device token")
    db = get_db()
    rows = db.execute(
        "SELECT 1 FROM commands WHERE id = ? AND device_id = ? AND verb = 'screenshot'",
        [command_id[:64], device["id"]],
    ).fetchall()
    if not rows:
        return _refuse(404, "unknown-command", "no such screenshot command", device["id"])
    length = request.content_length
    if length is None or length > MAX_SCREENSHOT_BYTES:
        return _refuse(413, "oversized", "screenshot missing or too large", device["id"])
    png = request.get_data(cache=False)
    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG" or math.prod(image.size) > 40_000_000:
                raise UnidentifiedImageError("not a PNG of a screen")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        return _refuse(400, "malformed", "not a PNG image", device["id"])
    with write_transaction(db):
        db["screenshots"].upsert(
            {
                "device_id": device["id"],
                "command_id": command_id,
                "taken_at": time.time(),
                "png": png,
            },
            pk="device_id",
        )
    return "", 204
