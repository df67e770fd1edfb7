"""The admin shell's SQLite file (accounts.db): users, their session generations, and
the attempts counted against guessing (ratelimit)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from flask import current_app, g

from common.sqlite import connect, open_database

migrations = sqlite_utils.Migrations("backoffice")


@migrations()
def m001_users(db: sqlite_utils.Database) -> None:
    """Users with a role and (for editors) an office; failed logins for rate limiting."""
    db["users"].create(
        {
            "username": str,
            "password_hash": str,
            "role": str,
            "office": str,
            "disabled": int,
            "created_at": str,
            "last_login_at": str,
        },
        pk="username",
        not_null={"password_hash", "role", "disabled"},
        defaults={"disabled": 0},
    )
    db["login_failures"].create({"key": str, "at": float})
    db["login_failures"].create_index(["key", "at"])


@migrations()
def m002_sessions_and_password_changes(db: sqlite_utils.Database) -> None:
    """A session generation per user, bumped to end every session of that user, and a
    flag that keeps a user on the password form until they replace a handed-out one."""
    db["users"].add_column("session_generation", int, not_null_default=0)
    db["users"].add_column("must_change_password", int, not_null_default=0)


def database_path(data_dir: str | Path) -> Path:
    """Where the accounts database lives inside a data dir."""
    return Path(data_dir) / "accounts.db"


def open_accounts_db(data_dir: str | Path) -> sqlite_utils.Database:
    """Open accounts.db outside a request (CLI), creating and migrating it if needed."""
    return open_database(database_path(data_dir), migrations)


def get_db() -> sqlite_utils.Database:
    """The request's connection to accounts.db."""
    if "accounts_db" not in g:
        g.accounts_db = connect(database_path(current_app.config["DATA_DIR"]))
    return g.accounts_db


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection, if one was opened."""
    db = g.pop("accounts_db", None)
    if db is not None:
        db.close()
