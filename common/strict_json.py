"""Parsing JSON that strangers send: finite numbers within ±2**53 only, bounded nesting,
ValueError for everything wrong.

Python's json module accepts NaN and Infinity, turns 1e400 into infinity, parses
integers of thousands of digits, and raises RecursionError (not ValueError) on deep
nesting; each of those reached a 500 or a stored value no page could render.
"""

from __future__ import annotations

import json
from typing import TypeVar

MAX_DEPTH = 32
# Integers are exact up to here in a float (and in JavaScript); nothing Infomat counts
# or measures comes near it.
MAX_MAGNITUDE = 2**53
N = TypeVar("N", int, float)


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _bounded(value: N) -> N:
    # NaN fails every comparison, so this refuses it too.
    if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        raise ValueError("number not finite or beyond ±2**53")
    return value


def _float(text: str) -> float:
    return _bounded(float(text))


def _int(text: str) -> int:
    return _bounded(int(text))


def _depth_within(value: object, limit: int) -> bool:
    pending = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return False
            children = node.values() if isinstance(node, dict) else node
            pending.extend((child, depth + 1) for child in children)
    return True


def loads(raw: bytes | str, max_depth: int = MAX_DEPTH) -> object:
    """The value `raw` holds, or ValueError if it is not strict JSON of finite numbers
    nested at most `max_depth` deep."""
    try:
        value = json.loads(
            raw,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not _depth_within(value, max_depth):
        raise ValueError("JSON nested too deeply")
    return value
