"""Which kiosks show each urgent alert in force.

Taken from what each kiosk's UI says it has on screen (the `ui` part of its agent's
newest report), so the county sees an alert reach the residents, not only the devices'
disks. A kiosk that is not up counts as not showing it, whatever its last report said.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from content_sync import store
from content_sync.model import COUNTY_CHANNEL, localized
from device_agent.collector.fleet_state import DeviceState


@dataclass
class AlertReach:
    """One alert in force and the kiosks it should be on."""

    alert_id: int
    title: str
    severity: str
    channel: str
    showing: list[str] = field(default_factory=list)
    not_showing: list[tuple[str, str]] = field(default_factory=list)  # (kiosk id, why)

    @property
    def kiosks(self) -> int:
        return len(self.showing) + len(self.not_showing)


def alerts_on_screen(state: DeviceState) -> set[int]:
    """The alert ids a kiosk's newest report says are on its screen (reports are the
    devices' words: anything malformed counts as none)."""
    try:
        report = json.loads(state.row.get("last_report") or "{}")
    except ValueError:
        return set()
    ui = report.get("ui") if isinstance(report, dict) else None
    alerts = ui.get("alerts") if isinstance(ui, dict) else None
    if not isinstance(alerts, list):
        return set()
    return {a for a in alerts if isinstance(a, int) and not isinstance(a, bool)}


def alert_reach(content_db, load_kiosks: Callable[[], list[DeviceState]]) -> list[AlertReach]:
    """Every alert in force, with the kiosks of its channel that show it and those that
    do not (and why). `load_kiosks` gives full states (newest report read); it is called
    only when an alert is in force, so a quiet day costs one query."""
    alerts = store.published_items(content_db, "alert")
    if not alerts:
        return []
    kiosks = load_kiosks()
    shown_by = {k.id: alerts_on_screen(k) if k.up else set() for k in kiosks}
    reaches = []
    for item in alerts:
        reach = AlertReach(
            item.id,
            str(localized(item.published.get("title"), "pl") or ""),
            item.published.get("severity", "info"),
            item.channel,
        )
        for kiosk in kiosks:
            if item.channel not in (COUNTY_CHANNEL, kiosk.row["municipality"]):
                continue
            if item.id in shown_by[kiosk.id]:
                reach.showing.append(kiosk.id)
            else:
                why = "nie działa" if not kiosk.up else "jeszcze nie pokazuje"
                reach.not_showing.append((kiosk.id, why))
        if reach.kiosks:
            reaches.append(reach)
    return reaches
