"""Admin users: only sensible names, roles, offices and passwords are accepted."""

from __future__ import annotations

import pytest

from backoffice.db import open_accounts_db
from backoffice.users import UserError, add_user, authenticate, list_users


@pytest.fixture
def accounts(tmp_path):
    db = open_accounts_db(tmp_path)
    yield db
    db.close()


@pytest.mark.parametrize(
    ("username", "password", "role", "office", "message"),
    [
        ("Ad Min", "long-enough-pw", "editor", "garbow", "login: 2–40"),
        ("jan", "short", "editor", "garbow", "co najmniej 10"),
        ("jan", "long-enough-pw", "superuser", None, "rola musi być"),
        ("jan", "long-enough-pw", "editor", None, "przypisany urząd"),
    ],
)
def test_bad_users_are_refused_with_a_reason(accounts, username, password, role, office, message):
    with pytest.raises(UserError, match=message):
        add_user(accounts, username, password, role, office)
    assert list_users(accounts) == []


def test_passwords_are_stored_only_as_hashes(accounts):
    add_user(accounts, "jan", "long-enough-pw", "editor", "garbow")
    row = accounts["users"].get("jan")
    assert "long-enough-pw" not in row["password_hash"]
    assert authenticate(accounts, "jan", "long-enough-pw").office == "garbow"
    assert authenticate(accounts, "jan", "wrong-password") is None


def test_a_user_name_cannot_be_taken_twice(accounts):
    add_user(accounts, "jan", "long-enough-pw", "county-admin", None)
    with pytest.raises(UserError, match="już istnieje"):
        add_user(accounts, "jan", "other-password", "editor", "garbow")
