"""The server room: one Flask app, and the `infomat` command line.

gunicorn's target is `server_room:create_app()`. Flask is imported only when an app
is built: the same `infomat` command runs `infomat sync` on kiosks, where the server
packages are not installed. Nothing imports this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None):
    """Build the server-room app from a settings dict (see server_room.settings).

    Without `config`, settings come from /etc/infomat/infomat.toml (or the file named
    by INFOMAT_CONFIG) and INFOMAT_* environment variables.
    """
    from server_room.app import build_app

    return build_app(config)
