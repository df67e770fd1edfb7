"""The device registry: which devices exist, where they are, their tokens and codes.

Devices come from the content hub's published locations (kind, gmina, address,
coordinates), so an editor who adds a kiosk location adds it to the fleet; a device
keeps the gmina it came with unless a county admin moves it. A device
proves who it is with a token it got for a single-use enrollment code; only the
SHA-256 of codes and tokens is stored, so a copy of fleet.db lets nobody report.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time

import sqlite_utils

from common.sqlite import write_transaction

CODE_LIFETIME_SECONDS = 24 * 3600

log = logging.getLogger(__name__)


class RegistryError(ValueError):
    """A registry change that cannot be made; the message is for the admin (Polish)."""


def digest(secret: str) -> str:
    """How codes and tokens are stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def sync_locations(db: sqlite_utils.Database, locations: list[dict]) -> int:
    """Add devices from published locations and follow their changes; returns how many
    devices are known.

    A device's gmina decides who may command it, so a location never moves a device
    to another gmina: a location in another gmina than the device's is ignored (and
    logged) until a county admin moves the device in the fleet dashboard.
    """
    with write_transaction(db):
        offices = dict(db.execute("SELECT id, municipality FROM devices"))
        for location in locations:
            device_id = location.get("device_id")
            if not device_id:
                continue
            office = offices.get(device_id)
            if office and office != location["municipality"]:
                log.warning(
                    "ignoring location %r in %s: device %s belongs to %s",
                    location["name"],
                    location["municipality"],
                    device_id,
                    office,
                )
                continue
            offices[device_id] = location["municipality"]
            db.execute(
                "INSERT INTO devices(id, kind, name, municipality, address, lat, lon) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind,"
                " name = excluded.name, address = excluded.address, lat = excluded.lat,"
                " lon = excluded.lon, municipality = COALESCE(municipality, excluded.municipality)",
                [
                    device_id,
                    location["kind"],
                    location["name"],
                    location["municipality"],
                    location.get("address"),
                    location.get("lat"),
                    location.get("lon"),
                ],
            )
    return db["devices"].count


def office_of(db: sqlite_utils.Database, device_id: str) -> str | None:
    """The gmina a device belongs to, or None for a device the fleet does not know."""
    row = db.execute("SELECT municipality FROM devices WHERE id = ?", [device_id]).fetchone()
    return row[0] if row else None


def move_device(db: sqlite_utils.Database, device_id: str, municipality: str, actor: str) -> None:
    """Give a device to another gmina (a county admin's act, audited)."""
    with write_transaction(db):
        before = office_of(db, device_id)
        if before is None:
            raise RegistryError(f"Nie ma urządzenia {device_id!r}.")
        db.execute("UPDATE devices SET municipality = ? WHERE id = ?", [municipality, device_id])
        audit(db, actor, "moved", device_id, {"from": before, "to": municipality})


def device(db: sqlite_utils.Database, device_id: str) -> dict | None:
    """One device's row."""
    rows = list(db["devices"].rows_where("id = ?", [device_id]))
    return rows[0] if rows else None


def audit(
    db: sqlite_utils.Database, actor: str, action: str, device_id: str | None, detail: object = ""
) -> None:
    """Record who did what to which device: `action` is a code, `detail` its data
    (device_texts turns both into a Polish sentence)."""
    if not isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False)
    db["audit"].insert(
        {
            "at": time.time(),
            "actor": actor,
            "action": action,
            "device_id": device_id,
            "detail": detail,
        }
    )


def create_enrollment_code(db: sqlite_utils.Database, device_id: str, actor: str) -> str:
    """A new single-use code for `device_id`, valid 24 hours; shown to the admin once."""
    if device(db, device_id) is None:
        raise RegistryError(f"Nie ma urządzenia {device_id!r}.")
    code = "-".join(secrets.token_hex(2).upper() for _ in range(4))
    now = time.time()
    with write_transaction(db):
        db["enrollment_codes"].insert(
            {
                "code_hash": digest(code),
                "device_id": device_id,
                "created_by": actor,
                "created_at": now,
                "expires_at": now + CODE_LIFETIME_SECONDS,
            }
        )
        audit(db, actor, "enrollment-code", device_id)
    return code


def redeem_code(db: sqlite_utils.Database, code: str, hostname: str) -> tuple[str, str]:
    """Trade a valid unused code for (device id, new token); the old token stops working."""
    now = time.time()
    with write_transaction(db):
        rows = db.execute(
            "SELECT device_id FROM enrollment_codes WHERE code_hash = ? AND used_at IS NULL "
            "AND expires_at > ?",
            [digest(code.strip().upper()), now],
        ).fetchall()
        if not rows:
            raise RegistryError("unknown, used or expired enrollment code")
        device_id = rows[0][0]
        token = secrets.token_urlsafe(32)
        db.execute(
            "UPDATE enrollment_codes SET used_at = ? WHERE code_hash = ?",
            [now, digest(code.strip().upper())],
        )
        db.execute(
            "UPDATE devices SET token_hash = ?, enrolled_at = ?, revoked_at = NULL, hostname = ?"
            " WHERE id = ?",
            [digest(token), now, hostname[:100], device_id],
        )
        audit(db, "device", "enrolled", device_id, {"hostname": hostname[:100]})
    return device_id, token


def device_for_token(db: sqlite_utils.Database, token: str) -> dict | None:
    """The device a bearer token belongs to (id, kind, enrolled_at, first_seen), unless
    it was revoked."""
    rows = db.execute(
        "SELECT id, kind, enrolled_at, first_seen FROM devices"
        " WHERE token_hash = ? AND revoked_at IS NULL",
        [digest(token)],
    ).fetchall()
    return (
        dict(zip(("id", "kind", "enrolled_at", "first_seen"), rows[0], strict=True))
        if rows
        else None
    )


def revoke_token(db: sqlite_utils.Database, device_id: str, actor: str) -> None:
    """Stop accepting the device's token; it must enroll again with a new code."""
    with write_transaction(db):
        db.execute("UPDATE devices SET revoked_at = ? WHERE id = ?", [time.time(), device_id])
        audit(db, actor, "token-revoked", device_id)


def count_rejection(db: sqlite_utils.Database, reason: str) -> None:
    """Count a refused request by reason (shown on the dashboard and in /metrics)."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO rejections(reason, count, last_at) VALUES (?, 1, ?) "
            "ON CONFLICT(reason) DO UPDATE SET count = count + 1, last_at = excluded.last_at",
            [reason, time.time()],
        )
