"""A hotspot's policy: its own values where an admin set them, the settings otherwise;
checked when a resident consents (hours of operation, maximum clients)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class PolicyError(ValueError):
    """An admin's policy value that cannot be used; the message is Polish."""


@dataclass(frozen=True)
class Policy:
    """What a hotspot grants."""

    session_minutes: float
    upload_kbps: int
    download_kbps: int
    quota_mb: int
    daily_quota_mb: int
    opens: str | None
    closes: str | None
    max_clients: int | None

    def seconds_until_close(self, now: datetime) -> float | None:
        """Seconds until closing time, None when always open; <= 0 when closed now."""
        if not (self.opens and self.closes):
            return None
        opens = now.replace(hour=int(self.opens[:2]), minute=int(self.opens[3:]), second=0)
        closes = now.replace(hour=int(self.closes[:2]), minute=int(self.closes[3:]), second=0)
        if closes <= opens:  # open over midnight, e.g. 06:00-02:00
            if now < closes:
                opens -= timedelta(days=1)
            else:
                closes += timedelta(days=1)
        return (closes - now).total_seconds() if opens <= now < closes else 0.0

    def session_seconds(self, now: datetime) -> int:
        """This session's length: the policy's, but never past closing time."""
        seconds = self.session_minutes * 60
        until_close = self.seconds_until_close(now)
        if until_close is not None:
            seconds = min(seconds, until_close)
        return max(0, round(seconds))


def for_gateway(gateway: dict, config: dict) -> Policy:
    """The effective policy of one gateway row."""

    def pick(name: str, setting: str):
        return gateway.get(name) if gateway.get(name) is not None else config[setting]

    return Policy(
        session_minutes=float(pick("session_minutes", "PORTAL_SESSION_MINUTES")),
        upload_kbps=int(pick("upload_kbps", "PORTAL_UPLOAD_KBPS")),
        download_kbps=int(pick("download_kbps", "PORTAL_DOWNLOAD_KBPS")),
        quota_mb=int(pick("quota_mb", "PORTAL_QUOTA_MB")),
        daily_quota_mb=int(pick("daily_quota_mb", "PORTAL_DAILY_QUOTA_MB")),
        opens=gateway.get("opens"),
        closes=gateway.get("closes"),
        max_clients=gateway.get("max_clients"),
    )


def used_today_kb(db: sqlite_utils.Database, gateway: str, mac_hash: str) -> int:
    """Data this device used at this hotspot since local midnight, from ended sessions."""
    midnight = datetime.combine(datetime.now().date(), datetime.min.time()).timestamp()
    row = db.execute(
        "SELECT COALESCE(SUM(MAX(bytes_in, bytes_out)), 0) FROM sessions"
        " WHERE gateway = ? AND mac_hash = ? AND ended_at >= ?",
        [gateway, mac_hash, midnight],
    ).fetchone()
    return row[0] // 1024


def session_quota_kb(rules: Policy, used_kb: int) -> int | None:
    """The quota for a new session in kB (0 = none), or None when today's is used up."""
    if not rules.daily_quota_mb:
        return rules.quota_mb * 1024
    left = rules.daily_quota_mb * 1024 - used_kb
    if left <= 0:
        return None
    return min(left, rules.quota_mb * 1024) if rules.quota_mb else left


def parse_form(form: dict) -> dict:
    """Admin form → column values (None = use the setting); PolicyError in Polish."""
    values: dict = {}
    limits = {
        "session_minutes": (float, 1, 24 * 60, "Długość sesji"),
        "upload_kbps": (int, 0, 1_000_000, "Limit wysyłania"),
        "download_kbps": (int, 0, 1_000_000, "Limit pobierania"),
        "quota_mb": (int, 0, 1_000_000, "Limit danych"),
        "daily_quota_mb": (int, 0, 1_000_000, "Dzienny limit danych"),
        "max_clients": (int, 1, 10_000, "Maksymalna liczba użytkowników"),
    }
    for name, (kind, low, high, label) in limits.items():
        raw = str(form.get(name, "")).strip().replace(",", ".")
        if not raw:
            values[name] = None
            continue
        try:
            value = kind(raw)
        except ValueError as exc:
            raise PolicyError(f"{label}: podaj liczbę.") from exc
        if not low <= value <= high:
            raise PolicyError(f"{label}: od {low} do {high}.")
        values[name] = value
    opens, closes = (str(form.get(k, "")).strip() for k in ("opens", "closes"))
    if bool(opens) != bool(closes):
        raise PolicyError("Godziny działania: podaj obie godziny albo żadnej.")
    for clock in (opens, closes):
        if clock and not CLOCK.match(clock):
            raise PolicyError("Godziny działania: w formacie GG:MM, np. 06:00.")
    values["opens"], values["closes"] = opens or None, closes or None
    return values
