"""Voucher codes: a hotspot can require one to get online. Admins create a batch and print
it; each code works once, until it expires. Only SHA-256 of codes is stored."""

from __future__ import annotations

import hashlib
import secrets
import time

import sqlite_utils

# No 0/O, 1/I/L: codes are read off paper by people with glasses in a dim hall.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_BATCH = 200


def _normalized(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in ALPHABET)


def _digest(code: str) -> str:
    return hashlib.sha256(_normalized(code).encode()).hexdigest()


def create_batch(
    db: sqlite_utils.Database, gateway: str, count: int, days: int, actor: str
) -> tuple[str, list[str]]:
    """`count` new codes for `gateway`, valid `days`; returns (batch id, printable codes)."""
    if not 1 <= count <= MAX_BATCH or not 1 <= days <= 365:
        raise ValueError(f"od 1 do {MAX_BATCH} kodów, ważnych od 1 do 365 dni")
    batch = time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)
    now = time.time()
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)]
    with db.conn:
        db["vouchers"].insert_all(
            {
                "code_hash": _digest(code),
                "gateway": gateway,
                "batch": batch,
                "created_by": actor,
                "created_at": now,
                "expires_at": now + days * 86_400,
            }
            for code in codes
        )
    return batch, [f"{code[:4]}-{code[4:]}" for code in codes]


def redeem(db: sqlite_utils.Database, gateway: str, code: str) -> bool:
    """Use a code of this gateway once; False for a wrong, used or expired code."""
    if len(code) > 40 or len(_normalized(code)) != CODE_LENGTH:
        return False
    with db.conn:
        cursor = db.execute(
            "UPDATE vouchers SET used_at = ? WHERE code_hash = ? AND gateway = ?"
            " AND used_at IS NULL AND expires_at > ?",
            [time.time(), _digest(code), gateway, time.time()],
        )
    return cursor.rowcount == 1


def guessing_too_fast(
    db: sqlite_utils.Database, gateway: str, mac_hash: str, per_device: int, per_gateway: int,
    window: float,
) -> bool:  # fmt: skip
    """Whether this device, or anyone on this hotspot, failed too often lately."""
    since = time.time() - window
    mine = db.execute(
        "SELECT COUNT(*) FROM voucher_failures WHERE gateway = ? AND mac_hash = ? AND at > ?",
        [gateway, mac_hash, since],
    ).fetchone()[0]
    everyone = db.execute(
        "SELECT COUNT(*) FROM voucher_failures WHERE gateway = ? AND at > ?", [gateway, since]
    ).fetchone()[0]
    return mine >= per_device or everyone >= per_gateway


def record_failure(db: sqlite_utils.Database, gateway: str, mac_hash: str, window: float) -> None:
    """Count a wrong code, and forget failures older than the window."""
    now = time.time()
    with db.conn:
        db.execute(
            "INSERT INTO voucher_failures(gateway, mac_hash, at) VALUES (?, ?, ?)",
            [gateway, mac_hash, now],
        )
        db.execute("DELETE FROM voucher_failures WHERE at < ?", [now - window])
