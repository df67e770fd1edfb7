"""Admin users: creating, listing, disabling, passwords, and ending their sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

from backoffice.passwords import password_problem
from common.sqlite import write_transaction

ROLES = ("county-admin", "editor")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
# Checked when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("infomat-timing-equaliser")


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


class WrongPasswordError(UserError):
    """The current password given to confirm a change is not the user's."""


@dataclass(frozen=True)
class User:
    """A logged-in admin: who, in which role, for which office's channel.

    `session_generation` is stamped into the session cookie at login; bumping it in the
    database ends every session issued before. `must_change_password` keeps the user on
    the password form until they replace a password someone handed them.
    """

    username: str
    role: str
    office: str | None
    session_generation: int = 0
    must_change_password: bool = False

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
    return User(
        row["username"],
        row["role"],
        row["office"],
        row["session_generation"],
        bool(row["must_change_password"]),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_new_password(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem:
        raise UserError(problem)


def add_user(
    db: sqlite_utils.Database, username: str, password: str, role: str, office: str | None
) -> User:
    """Create a user; editors must name the office (channel) they work for."""
    if not _USERNAME.match(username):
        raise UserError("login: 2–40 znaków — małe litery, cyfry, „.”, „_” lub „-”")
    _check_role(role, office)
    _check_new_password(password, username)
    with write_transaction(db):
        if db["users"].count_where("username = ?", [username]):
            raise UserError(f"użytkownik {username} już istnieje")
        db["users"].insert(
            {
                "username": username,
                "password_hash": generate_password_hash(password),
                "role": role,
                "office": office if role == "editor" else None,
                "disabled": 0,
                "created_at": _now(),
            }
        )
    return User(username, role, office if role == "editor" else None)


def list_users(db: sqlite_utils.Database) -> list[dict]:
    """All users without their password hashes."""
    return [
        {k: v for k, v in row.items() if k != "password_hash"}
        for row in db["users"].rows_where(order_by="username")
    ]


def _update(db: sqlite_utils.Database, username: str, changes: dict) -> None:
    """Apply `changes` to an existing user and end all their sessions."""
    with write_transaction(db):
        if not db["users"].count_where("username = ?", [username]):
            raise UserError(f"nie ma użytkownika {username}")
        if changes:
            db["users"].update(username, changes)
        db.execute(
            "UPDATE users SET session_generation = session_generation + 1 WHERE username = ?",
            [username],
        )


def _check_role(role: str, office: str | None) -> None:
    if role not in ROLES:
        raise UserError(f"rola musi być jedną z: {', '.join(ROLES)}")
    if role == "editor" and not office:
        raise UserError("redaktor musi mieć przypisany urząd (--office)")


def set_role(db: sqlite_utils.Database, username: str, role: str, office: str | None) -> None:
    """Give a user another role (and office); their sessions so far are over."""
    _check_role(role, office)
    _update(db, username, {"role": role, "office": office if role == "editor" else None})


def set_disabled(db: sqlite_utils.Database, username: str, disabled: bool = True) -> None:
    """Disable (or re-enable) a user; either way their sessions so far are over."""
    _update(db, username, {"disabled": int(disabled)})


def end_sessions(db: sqlite_utils.Database, username: str) -> None:
    """End every session of this user, in every browser (logout)."""
    _update(db, username, {})


def set_password(
    db: sqlite_utils.Database, username: str, password: str, must_change: bool = True
) -> None:
    """Give a user a new password (an admin's reset), by default one to change at next login."""
    _check_new_password(password, username)
    _update(
        db,
        username,
        {
            "password_hash": generate_password_hash(password),
            "must_change_password": int(must_change),
        },
    )


def change_password(db: sqlite_utils.Database, username: str, current: str, new: str) -> User:
    """The user's own change: needs the current password; ends their other sessions.

    Returns the user as now stored, whose generation the caller's session takes on.
    """
    rows = list(db["users"].rows_where("username = ? AND disabled = 0", [username]))
    if not rows or not check_password_hash(rows[0]["password_hash"], current):
        raise WrongPasswordError("obecne hasło jest nieprawidłowe")
    if new == current:
        raise UserError("nowe hasło musi się różnić od obecnego")
    set_password(db, username, new, must_change=False)
    return _row_to_user(db["users"].get(username))


def active_user(db: sqlite_utils.Database, username: str, generation: int | None) -> User | None:
    """The user with this name if it exists, is not disabled and the session is current."""
    rows = list(
        db["users"].rows_where(
            "username = ? AND disabled = 0 AND session_generation = ?", [username, generation]
        )
    )
    return _row_to_user(rows[0]) if rows else None


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> User | None:
    """The user if the password matches and the account is active, else None."""
    rows = list(db["users"].rows_where("username = ?", [username]))
    stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
    matches = check_password_hash(stored, password)
    if not rows or not matches or rows[0]["disabled"]:
        return None
    with write_transaction(db):
        db["users"].update(username, {"last_login_at": _now()})
    return _row_to_user(rows[0])
