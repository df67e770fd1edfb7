"""How many people are on the Wi-Fi: the one definition every page shows (the Wi-Fi
admin, the policy's client limit, the fleet dashboard).

A person is a device (a salted MAC hash), counted once however many times it consented,
whose session was live at some moment of the last WINDOW_MINUTES: consented before now,
not expired, and not reported ended (BinAuth) before the window began.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import sqlite_utils

# A gateway reports an ended session only when openNDS deauthenticates it, and the
# fleet's aggregates are 5-minute buckets: a few minutes' window keeps the number
# steady between reports without counting yesterday's visitors.
WINDOW_MINUTES = 5
MEANING = f"urządzenia z aktywną sesją w ciągu ostatnich {WINDOW_MINUTES} min"

_COUNT = (
    "SELECT COUNT(DISTINCT c.mac_hash) FROM consents c"
    " LEFT JOIN gateways g ON g.name = c.gateway WHERE "
)
_LIVE = (
    "c.consented_at <= :now AND c.consented_at + c.session_seconds > :since"
    " AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.gateway = c.gateway"
    " AND s.mac_hash = c.mac_hash AND s.ended_at >= c.consented_at AND s.ended_at < :since)"
)


def people_online(
    db: sqlite_utils.Database,
    *,
    gateways: Iterable[str] | None = None,
    hotspots: Iterable[str] | None = None,
    excluding: str | None = None,
    now: float | None = None,
) -> int:
    """Distinct devices with a live session in the last WINDOW_MINUTES, at the named
    gateways (openNDS names) or hotspots (device ids), or anywhere; `excluding` leaves
    one device (a MAC hash) out."""
    now = time.time() if now is None else now
    params: dict = {"now": now, "since": now - WINDOW_MINUTES * 60}
    where = [_LIVE]
    for column, names in (("gateway", gateways), ("hotspot", hotspots)):
        if names is not None:
            keys = {f"{column}{n}": name for n, name in enumerate(names)}
            params |= keys
            where.append(f"{column} IN ({', '.join(':' + key for key in keys)})")
    if excluding is not None:
        where.append("c.mac_hash != :excluding")
        params["excluding"] = excluding
    # Only the fixed fragments above are joined; every value is a named parameter.
    return db.execute(_COUNT + " AND ".join(where), params).fetchone()[0]
