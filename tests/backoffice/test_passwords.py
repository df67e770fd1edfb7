"""New passwords: long enough, not the login, not a common password however decorated."""

from __future__ import annotations

import pytest

from backoffice.passwords import common_passwords, password_problem


def test_the_shipped_list_of_common_passwords_is_read_from_the_package():
    common = common_passwords()
    assert len(common) >= 300
    assert {"123456", "qwerty", "zaq12wsx", "polska", "haslo"} <= common
    assert all(word == word.casefold() and word.strip() == word for word in common)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("krotkie", "co najmniej 10 znaków"),
        ("x" * 1025, "najwyżej 1024 znaki"),
        ("Jan.Kowalski", "nie może być loginem"),
        ("jan.kowalski2024!", "nie może być loginem"),
        ("1234567890", "zbyt popularne"),
        ("QWERTYUIOP", "zbyt popularne"),
        ("Password123!", "zbyt popularne"),
        ("zaq12wsx!!", "zbyt popularne"),
        ("polska12345", "zbyt popularne"),
    ],
)
def test_weak_passwords_are_refused_with_a_polish_reason(password, message):
    assert message in password_problem(password, "jan.kowalski")


@pytest.mark.parametrize("password", ["lipowa-aleja-1987", "kosz ogórków na ławce", "x" * 1024])
def test_long_uncommon_passwords_are_accepted(password):
    assert password_problem(password, "jan.kowalski") is None
