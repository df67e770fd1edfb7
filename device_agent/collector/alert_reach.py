"""Which kiosks show each urgent alert in force, and which alerts each kiosk shows.

Taken from what each kiosk's UI says it has on screen (the `ui` part of its agent's
newest report, kept as the `latest_ui_alerts` column), so the county sees an alert reach
the residents, not only the devices' disks. A kiosk that is not up counts as not showing
it, whatever its last report said.
"""

from __future__ import annotations

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
    """The alert ids a kiosk's newest report says are on its screen (stored on ingest as
    ",12,15,", already checked)."""
    return {int(a) for a in (state.row.get("latest_ui_alerts") or "").split(",") if a}


def shown_alerts(content_db, kiosk: DeviceState) -> list[tuple[int, str | None]]:
    """The alerts a kiosk says it shows, each with its Polish title; None for an id
    content.db no longer holds as an alert (deleted since the kiosk's last sync)."""
    shown = []
    for alert_id in sorted(alerts_on_screen(kiosk)):
        item = store.get_item(content_db, alert_id)
        title = None
        if item is not None and item.type == "alert":
            version = item.published or item.draft
            title = str(localized(version.get("title"), "pl") or "") or None
        shown.append((alert_id, title))
    return shown


def alert_reach(content_db, kiosks: list[DeviceState]) -> list[AlertReach]:
    """Every alert in force, with the kiosks of its channel that show it and those that
    do not (and why)."""
    alerts = store.published_items(content_db, "alert")
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
