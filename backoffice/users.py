"""Admin users: creating, listing, disabling, and checking passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("county-admin", "editor")
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
# Checked when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("infomat-timing-equaliser")


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True)
class User:
    """A logged-in admin: who, in which role, for which office's channel."""

    username: str
    role: str
    office: str | None

    @property
    def is_county_admin(self) -> bool:
        """County admins may do everything, in every channel."""
        return self.role == "county-admin"

    def can_manage(self, channel: str) -> bool:
        """True if this user may see drafts of and change items in `channel`."""
        return self.is_county_admin or channel == self.office

    def channel_scope(self) -> list[str] | None:
        """Channels this user works in; None means all of them."""
        return None if self.is_county_admin else [self.office]


def _row_to_user(row: dict) -> User:
    return User(row["username"], row["role"], row["office"])


def add_user(
    db: sqlite_utils.Database, username: str, password: str, role: str, office: str | None
) -> User:
    """Create a user; editors must name the office (channel) they work for."""
    if not _USERNAME.match(username):
        raise UserError("login: 2–40 znaków — małe litery, cyfry, „.”, „_” lub „-”")
    if role not in ROLES:
        raise UserError(f"rola musi być jedną z: {', '.join(ROLES)}")
    if role == "editor" and not office:
        raise UserError("redaktor musi mieć przypisany urząd (--office)")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"hasło musi mieć co najmniej {MIN_PASSWORD_LENGTH} znaków")
    if db["users"].count_where("username = ?", [username]):
        raise UserError(f"użytkownik {username} już istnieje")
    db["users"].insert(
        {
            "username": username,
            "password_hash": generate_password_hash(password),
            "role": role,
            "office": office if role == "editor" else None,
            "disabled": 0,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    return User(username, role, office if role == "editor" else None)


def list_users(db: sqlite_utils.Database) -> list[dict]:
    """All users without their password hashes."""
    return [
        {k: v for k, v in row.items() if k != "password_hash"}
        for row in db["users"].rows_where(order_by="username")
    ]


def set_disabled(db: sqlite_utils.Database, username: str, disabled: bool = True) -> None:
    """Disable (or re-enable) a user; a disabled user is logged out at the next request."""
    if not db["users"].count_where("username = ?", [username]):
        raise UserError(f"nie ma użytkownika {username}")
    db["users"].update(username, {"disabled": int(disabled)})


def active_user(db: sqlite_utils.Database, username: str) -> User | None:
    """The user with this name if it exists and is not disabled."""
    rows = list(db["users"].rows_where("username = ? AND disabled = 0", [username]))
    return _row_to_user(rows[0]) if rows else None


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> User | None:
    """The user if the password matches and the account is active, else None."""
    rows = list(db["users"].rows_where("username = ?", [username]))
    stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
    matches = check_password_hash(stored, password)
    if not rows or not matches or rows[0]["disabled"]:
        return None
    db["users"].update(username, {"last_login_at": datetime.now(UTC).isoformat(timespec="seconds")})
    return _row_to_user(rows[0])
