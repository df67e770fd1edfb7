"""Device health: the agent on every kiosk and hotspot, and the collector that watches them.

`device_agent.agent` runs on devices (psutil probes, a SQLite spool, the sender,
remote commands) and never imports Flask. `device_agent.collector` runs in the
server room (ingest, fleet state, alerts, dashboard, /metrics); `init_app(app)`
mounts it, importing the server parts only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Migrate fleet.db, register the ingest API, the dashboard and /metrics."""
    from device_agent.collector.setup import init_app as init_collector

    init_collector(app)
