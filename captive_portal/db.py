"""The portal's SQLite file (portal.db): gateways and the consents given through them.

MAC addresses are never stored: only a salted SHA-256, enough to count devices per
hotspot per day and nothing more (RODO).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from pathlib import Path

import sqlite_utils
from flask import current_app

from common.sqlite import end_transaction, kept_connection, open_database, write_transaction

migrations = sqlite_utils.Migrations("captive_portal")


@migrations()
def m001_portal(db: sqlite_utils.Database) -> None:
    """Gateways (openNDS instances) and consents (one per openNDS client session)."""
    db["gateways"].create({"name": str, "hotspot": str, "faskey": str, "fas_level": int}, pk="name")
    db["consents"].create(
        {
            "hid": str,
            "gateway": str,
            "mac_hash": str,
            "lang": str,
            "consented_at": float,
            "session_seconds": int,
        },
        pk="hid",
    )
    db["consents"].create_index(["gateway", "consented_at"])


@migrations()
def m002_vouchers(db: sqlite_utils.Database) -> None:
    """Voucher codes per gateway (only their hash is kept), and whether a gateway needs one."""
    db["gateways"].add_column("voucher_required", int, not_null_default=0)
    db["vouchers"].create(
        {
            "code_hash": str,
            "gateway": str,
            "batch": str,
            "created_by": str,
            "created_at": float,
            "expires_at": float,
            "used_at": float,
        },
        pk="code_hash",
    )
    db["vouchers"].create_index(["gateway", "batch"])
    db["voucher_failures"].create({"gateway": str, "mac_hash": str, "at": float})
    db["voucher_failures"].create_index(["gateway", "at"])


# Per-hotspot policy; NULL means the [captive_portal] setting of the same name.
POLICY_COLUMNS = {
    "session_minutes": float,
    "upload_kbps": int,
    "download_kbps": int,
    "quota_mb": int,
    "daily_quota_mb": int,
    "opens": str,
    "closes": str,
    "max_clients": int,
}


@migrations()
def m003_policy(db: sqlite_utils.Database) -> None:
    """Each hotspot's own policy, edited by county admins."""
    for name, kind in POLICY_COLUMNS.items():
        db["gateways"].add_column(name, kind)
    db["sessions"].create(
        {
            "gateway": str,
            "token": str,
            "mac_hash": str,
            "reason": str,
            "started_at": float,
            "ended_at": float,
            "bytes_in": int,
            "bytes_out": int,
        },
        pk=("gateway", "token", "ended_at"),
    )
    db["sessions"].create_index(["ended_at"])
    db["sessions"].create_index(["gateway", "mac_hash", "ended_at"])


def purge_older_than(db: sqlite_utils.Database, days: float, now: float | None = None) -> int:
    """Forget consents and sessions older than the retention period (RODO)."""
    cutoff = (time.time() if now is None else now) - days * 86_400
    with write_transaction(db):
        removed = db.execute("DELETE FROM consents WHERE consented_at < ?", [cutoff]).rowcount
        removed += db.execute("DELETE FROM sessions WHERE ended_at < ?", [cutoff]).rowcount
    return removed


def database_path(data_dir: str | Path) -> Path:
    """Where portal.db lives inside a data dir."""
    return Path(data_dir) / "portal.db"


def open_portal_db(data_dir: str | Path) -> sqlite_utils.Database:
    """Open portal.db outside a request, creating and migrating it if needed."""
    return open_database(database_path(data_dir), migrations)


def get_db() -> sqlite_utils.Database:
    """This thread's kept connection to portal.db (a consent is a write per resident)."""
    return kept_connection(database_path(current_app.config["DATA_DIR"]), "NORMAL")


def end_request(_exc: BaseException | None = None) -> None:
    """Leave no transaction open on the kept connection."""
    end_transaction(get_db())


def gateway(db: sqlite_utils.Database, name: str) -> dict | None:
    """One gateway's row, or None."""
    cursor = db.execute("SELECT * FROM gateways WHERE name = ?", [name[:64]])
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def register_gateways(db: sqlite_utils.Database, gateways: list[dict]) -> None:
    """Add or update the gateways named in the settings."""
    with write_transaction(db):
        for gateway in gateways:
            db["gateways"].upsert(
                {
                    "name": str(gateway["name"]),
                    "hotspot": str(gateway.get("hotspot") or gateway["name"]),
                    "faskey": str(gateway["faskey"]),
                    "fas_level": int(gateway.get("fas_level", 2)),
                },
                pk="name",
            )


def gateway_keys(db: sqlite_utils.Database):
    """`faskey_for` for fas.parse: a name → (faskey, level); None → all (name, faskey)."""

    def faskey_for(name: str | None):
        if name is None:
            return db.execute("SELECT name, faskey FROM gateways").fetchall()
        row = db.execute(
            "SELECT faskey, fas_level FROM gateways WHERE name = ?", [name[:64]]
        ).fetchone()
        return tuple(row) if row else None

    return faskey_for


def mac_salt(data_dir: str | Path, configured: str) -> str:
    """The configured salt, or one generated once (0600) in the data dir."""
    if configured:
        return configured
    path = Path(data_dir) / "portal_mac_salt"
    if not path.exists():
        # Written whole under another name, then linked into place: the first requests
        # of a new server, in parallel, must not read a half-written (empty) salt.
        draft = path.with_name(f".portal_mac_salt.{secrets.token_hex(8)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another request got there first: everyone uses its salt
        finally:
            draft.unlink()
    return path.read_text().strip()


def hash_mac(mac: str, salt: str) -> str:
    """A MAC address as portal.db keeps it."""
    return hashlib.sha256(f"{salt}|{mac.lower()}".encode()).hexdigest()


def record_consent(
    db: sqlite_utils.Database, hid: str, gateway: str, mac_hash: str, lang: str, seconds: int
) -> bool:
    """Store a consent; False when this openNDS session (hid) already consented."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO consents(hid, gateway, mac_hash, lang, consented_at,"
            " session_seconds) VALUES (?, ?, ?, ?, ?, ?)",
            [hid, gateway, mac_hash, lang, time.time(), seconds],
        )
    return cursor.rowcount == 1
