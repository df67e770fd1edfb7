"""Composing the server-room Flask app from the admin shell and the server blueprints."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify

import backoffice
import captive_portal
import content_sync
import device_agent
import residents
from server_room.config import defaults, load


def build_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app for `config`, or for this machine's settings when it is None."""
    app = Flask(__name__)
    app.config.update(load() if config is None else defaults() | dict(config))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 1_000_000
    app.logger.setLevel(logging.INFO)

    backoffice.init_app(app)
    content_sync.init_app(app)
    device_agent.init_app(app)
    captive_portal.init_app(app)
    residents.init_app(app)
    backoffice.add_nav_entry(app, "Użytkownicy", "user_admin.index", county_admin_only=True)

    @app.get("/healthz")
    def healthz():
        """Liveness for nginx, systemd and the device agent."""
        return jsonify({"status": "ok"})

    return app
