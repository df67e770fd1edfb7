"""Voucher codes: a hotspot can require one to get online. Admins create a batch and print
it; each code works once, until it expires. Only SHA-256 of codes is stored.

Guessing is slowed per device, never per hotspot: one wall for everyone let a stranger
changing MACs lock out residents holding good codes. A device is its MAC as openNDS
saw it (encrypted in the fas at level 2), so a new identity costs a new association
with the access point; each gets a few free tries, then waits twice as long after
each wrong code. With 31^8 codes and at most a few thousand live, that leaves guessing
hopeless at any rate a Wi-Fi client can reach.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import sqlite_utils

from common.sqlite import write_transaction

# No 0/O, 1/I/L: codes are read off paper by people with glasses in a dim hall.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_BATCH = 200
FREE_TRIES = 3  # wrong codes a device may type before it has to wait
FIRST_WAIT = 30.0  # seconds, doubled after each further wrong code
LONGEST_WAIT = 900.0
FAILURE_MEMORY = 3600.0  # wrong codes older than this are forgotten


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
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM gateways WHERE name = ?", [gateway]).fetchone():
            raise ValueError("nie ma takiego hotspotu")
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
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE vouchers SET used_at = ? WHERE code_hash = ? AND gateway = ?"
            " AND used_at IS NULL AND expires_at > ?",
            [time.time(), _digest(code), gateway, time.time()],
        )
    return cursor.rowcount == 1


def wait_seconds(
    db: sqlite_utils.Database, gateway: str, mac_hash: str, now: float | None = None
) -> float:
    """How long this device must wait before its next code is checked (0: not at all)."""
    now = time.time() if now is None else now
    failures, last = db.execute(
        "SELECT COUNT(*), MAX(at) FROM voucher_failures WHERE gateway = ? AND mac_hash = ?"
        " AND at > ?",
        [gateway, mac_hash, now - FAILURE_MEMORY],
    ).fetchone()
    if failures < FREE_TRIES:
        return 0.0
    backoff = min(FIRST_WAIT * 2 ** min(failures - FREE_TRIES, 16), LONGEST_WAIT)
    return max(0.0, last + backoff - now)


def record_failure(db: sqlite_utils.Database, gateway: str, mac_hash: str) -> None:
    """Count a wrong code against this device, and forget failures no longer counted."""
    now = time.time()
    with write_transaction(db):
        db.execute(
            "INSERT INTO voucher_failures(gateway, mac_hash, at) VALUES (?, ?, ?)",
            [gateway, mac_hash, now],
        )
        db.execute("DELETE FROM voucher_failures WHERE at < ?", [now - FAILURE_MEMORY])
