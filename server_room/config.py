"""Loading this machine's settings: code defaults, the TOML file, then INFOMAT_* env."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from common.settings import load_settings

DEFAULT_CONFIG_FILE = Path("/etc/infomat/infomat.toml")


def defaults() -> dict[str, Any]:
    """Every setting at its default, upper-cased as Flask expects."""
    from server_room.settings import ALL_SETTINGS

    return load_settings(ALL_SETTINGS, environ={})


def load(config_file: str | Path | None = None, **overrides: Any) -> dict[str, Any]:
    """Merge the server's layers; an explicit file must exist, the default may be absent."""
    from server_room.settings import ALL_SETTINGS

    return _load(ALL_SETTINGS, config_file, overrides)


def load_device(config_file: str | Path | None = None, **overrides: Any) -> dict[str, Any]:
    """Merge a kiosk's or hotspot's layers, the same way."""
    from server_room.device_settings import DEVICE_SETTINGS

    return _load(DEVICE_SETTINGS, config_file, overrides)


def _load(tables, config_file, overrides) -> dict[str, Any]:
    if config_file is None:
        config_file = os.environ.get("INFOMAT_CONFIG") or (
            DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None
        )
    upper = {key.upper(): value for key, value in overrides.items()}
    return load_settings(tables, config_file, overrides=upper)
