"""Mounting the collector into the server room: fleet.db, the device API, the dashboard,
/metrics, and the watcher the server starts when it serves."""

from __future__ import annotations

from flask import Flask

from device_agent.collector import dashboard, db, ingest, metrics
from device_agent.collector.watcher import FleetWatcher, read_sources


def init_app(app: Flask) -> None:
    """Migrate fleet.db, fill the registry from published locations, register routes."""
    from backoffice import add_nav_entry, csrf
    from device_agent.collector import registry

    fleet_db = db.open_fleet_db(app.config["DATA_DIR"])
    registry.sync_locations(fleet_db, read_sources(app.config["DATA_DIR"]).locations)
    fleet_db.close()
    app.teardown_appcontext(db.end_request)
    # Devices authenticate with bearer tokens, not cookies: CSRF does not apply.
    csrf.exempt(ingest.bp)
    app.register_blueprint(ingest.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(metrics.bp)
    add_nav_entry(app, "Urządzenia", "fleet.index")
    app.extensions["infomat_fleet_watcher"] = lambda: FleetWatcher(app.config)
    # The editor asks whose a device is before a location may name it.
    app.extensions["infomat_device_office"] = lambda device_id: registry.office_of(
        db.get_db(), device_id
    )
