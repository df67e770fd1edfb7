"""Whether each device is up, and if not, the likeliest reason, from what it last said.

online: reported within 1.5 intervals; stale: later than that; offline: after the
configured number of missed intervals. A device can be online and still unhealthy
(a hung kiosk app, a full disk): those are its problems.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from common import strict_json
from device_agent.collector.reports import LATEST_COLUMNS

STATES = ("online", "stale", "offline", "never", "revoked")
STATE_LABELS = {
    "online": "działa",
    "stale": "spóźnia się",
    "offline": "nie działa",
    "never": "nie zgłosił się",
    "revoked": "dostęp cofnięty",
}


@dataclass(frozen=True)
class Limits:
    """The thresholds states and problems are judged by (from the [fleet] settings)."""

    interval: float = 60.0
    offline_after_intervals: int = 3
    disk_percent: float = 90
    temperature_c: float = 80
    sync_stale_hours: float = 24
    ui_stale_seconds: float = 60

    @classmethod
    def from_config(cls, config: dict) -> Limits:
        """Limits from Flask-style upper-cased settings."""
        return cls(
            interval=config["FLEET_INTERVAL_SECONDS"],
            offline_after_intervals=config["FLEET_OFFLINE_AFTER_INTERVALS"],
            disk_percent=config["FLEET_DISK_PERCENT"],
            temperature_c=config["FLEET_TEMPERATURE_C"],
            sync_stale_hours=config["FLEET_SYNC_STALE_HOURS"],
            ui_stale_seconds=config["FLEET_UI_STALE_SECONDS"],
        )


@dataclass
class DeviceState:
    """One device as the dashboard, alerts and /metrics see it."""

    row: dict
    state: str
    reason: str = ""
    problems: dict[str, str] = field(default_factory=dict)
    latest: dict = field(default_factory=dict)

    @property
    def report(self) -> dict:
        """The newest report in full (parsed on demand: the device page needs it)."""
        try:
            report = strict_json.loads(self.row.get("last_report") or "{}")
        except ValueError:
            return {}
        return report if isinstance(report, dict) else {}

    @property
    def wifi_clients(self) -> int:
        """Wi-Fi users on this hotspot now (0 unless it is up)."""
        return int(self.latest.get("clients") or 0) if self.up else 0

    @property
    def id(self) -> str:
        """The device id."""
        return self.row["id"]

    @property
    def up(self) -> bool:
        """Reporting on time (online)."""
        return self.state == "online"


def _state(row: dict, now: float, limits: Limits) -> str:
    if row.get("revoked_at"):
        return "revoked"
    if not row.get("last_seen"):
        return "never"
    age = now - row["last_seen"]
    if age <= 1.5 * limits.interval:
        return "online"
    if age <= limits.offline_after_intervals * limits.interval:
        return "stale"
    return "offline"


def _problems(kind: str, values: dict, limits: Limits) -> dict[str, str]:
    problems = {}
    if values["disk"] is not None and values["disk"] > limits.disk_percent:
        problems["disk"] = f"dysk zajęty w {values['disk']:.0f}%"
    if values["temperature"] is not None and values["temperature"] > limits.temperature_c:
        problems["temperature"] = f"temperatura {values['temperature']:.0f} °C"
    sync_age = values["sync_age"]
    if sync_age is None or sync_age > limits.sync_stale_hours * 3600:
        last_error = values.get("sync_error") or "brak udanej synchronizacji"
        problems["sync"] = (
            f"brak synchronizacji od ponad {limits.sync_stale_hours:.0f} h ({last_error})"
        )
    if kind == "kiosk":
        ui_age = values["ui_liveness_age"]
        if ui_age is None or ui_age > limits.ui_stale_seconds:
            problems["ui"] = "aplikacja kiosku nie odpowiada (zawieszona lub wyłączona)"
    elif values.get("portal_alive") == 0:  # False, or 0 as stored
        problems["portal"] = "portal Wi-Fi (openNDS) nie odpowiada"
    return problems


def _offline_reason(row: dict, values: dict, site_down: bool) -> str:
    if row.get("stopping"):
        return "agent zatrzymany poprawnie (usługa wyłączona lub restart systemu)"
    if values.get("wan_ok") == 0:  # False, or 0 as stored
        return "zerwane łącze: ostatnie raporty nie docierały do internetu"
    if site_down:
        return "kilka urządzeń w tej gminie zamilkło naraz: zasilanie lub sieć w lokalizacji"
    return "brak raportów: zasilanie, sieć albo agent"


def finite(value: object) -> object:
    """`value`, or None for a float no page can show (NaN, ±inf).

    Ingest refuses those; this keeps pages rendering whatever fleet.db holds anyway.
    """
    return None if isinstance(value, float) and not math.isfinite(value) else value


def fleet_states(rows: list[dict], now: float, limits: Limits) -> list[DeviceState]:
    """The state of every device in `rows`, with reasons and problems."""
    states = []
    for row in rows:
        row = {key: finite(value) for key, value in row.items()}
        latest = {name: row.get(f"latest_{name}") for name in LATEST_COLUMNS}
        state = _state(row, now, limits)
        problems = _problems(row["kind"], latest, limits) if state == "online" else {}
        states.append(DeviceState(row, state, problems=problems, latest=latest))
    silent_at: dict[str, list[float]] = {}
    for device in states:
        if device.state == "offline":
            silent_at.setdefault(device.row["municipality"], []).append(device.row["last_seen"])
    for times in silent_at.values():
        times.sort()
    window = 2 * limits.interval
    for device in states:
        if device.state != "offline":
            continue
        times, seen = silent_at[device.row["municipality"]], device.row["last_seen"]
        together = bisect_right(times, seen + window) - bisect_left(times, seen - window)
        device.reason = _offline_reason(device.row, device.latest, together >= 2)
    return states


SUMMARY_COLUMNS = (
    "id, kind, name, municipality, address, lat, lon, token_hash, enrolled_at, revoked_at,"
    " hostname, last_seen, boot_id, clock_offset, stopping, rejected, "
    + ", ".join(f"latest_{name}" for name in LATEST_COLUMNS)
)


def load_states(
    db, now: float, limits: Limits, where: str = "", params=(), full: bool = False
) -> list[DeviceState]:
    """Read the devices (optionally filtered by a WHERE clause) and judge them.

    Without `full`, the newest report itself is not read: a fleet page judges
    thousands of devices from the `latest_*` columns alone.
    """
    select = "*" if full else SUMMARY_COLUMNS
    rows = list(db["devices"].rows_where(where or None, list(params), order_by="id", select=select))
    return fleet_states(rows, now, limits)
