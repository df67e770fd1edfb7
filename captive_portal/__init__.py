"""The public Wi-Fi portal: openNDS's Forward Authentication Service (FAS) at /portal/,
the splash and consent pages residents see, and the RFC 8908 captive-portal API.

`init_app(app)` mounts it in the server room; importing this package starts nothing
and imports no Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Migrate portal.db, register the gateways from settings, mount the portal."""
    from backoffice import add_nav_entry, csrf
    from captive_portal import admin, db, fas, views

    # A bad network in the setting stops the start rather than letting any address through.
    app.extensions["infomat_gateway_networks"] = fas.gateway_networks(
        app.config["PORTAL_GATEWAY_NETWORKS"]
    )
    portal_db = db.open_portal_db(app.config["DATA_DIR"])
    db.register_gateways(portal_db, app.config["PORTAL_GATEWAYS"])
    portal_db.close()
    app.teardown_appcontext(db.end_request)
    # Gateways sign their accounting reports; there is no browser session to protect.
    csrf.exempt(views.accounting_report)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    add_nav_entry(app, "Wi-Fi", "portal_admin.overview", county_admin_only=True)
