"""What a new password must be: long enough, not the login, not a common password."""

from __future__ import annotations

import functools
import string
from importlib.resources import files

MIN_LENGTH = 10
MAX_LENGTH = 1024  # the login form reads no more than this
_TRAILING = string.digits + string.punctuation + " "


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to allow (lower case)."""
    text = files("backoffice").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, username: str) -> str | None:
    """Why `password` may not be `username`'s new password (in Polish), or None."""
    if len(password) < MIN_LENGTH:
        return f"hasło musi mieć co najmniej {MIN_LENGTH} znaków"
    if len(password) > MAX_LENGTH:
        return f"hasło może mieć najwyżej {MAX_LENGTH} znaki"
    folded = password.casefold()
    # "Password123!" is "password" with the usual decoration, and as easy to guess.
    bare = folded.rstrip(_TRAILING)
    if username and username.casefold() in (folded, bare):
        return "hasło nie może być loginem"
    common = common_passwords()
    if folded in common or bare in common:
        return "to hasło jest zbyt popularne — wybierz inne, np. kilka niepowiązanych słów"
    return None
