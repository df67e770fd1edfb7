"""Layered settings: defaults in code, then the machine's TOML file, then INFOMAT_* env.

Each package declares its settings once, as a tuple of `Setting` rows (name, default,
help), the way Datasette declares SETTINGS. Names are unique across the project, so
one flat namespace serves the TOML file (one table per package), the environment
(`INFOMAT_<NAME>`) and Flask's config (`<NAME>` upper-cased).

A setting named `*_dir` or `*_file` is a path. A relative one is made absolute when the
settings are loaded, against the directory the command started in: Flask would otherwise
resolve it against the package's folder (`DATA_DIR=data` served no photo), and the
processes a command starts may run elsewhere.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PATH_SUFFIXES = ("_DIR", "_FILE")


class SettingsError(ValueError):
    """A settings file or environment variable that cannot be used as given."""


@dataclass(frozen=True)
class Setting:
    """One documented setting: its name, its default and what it is for."""

    name: str
    default: Any
    help: str

    @property
    def env_name(self) -> str:
        """The environment variable that overrides this setting."""
        return "INFOMAT_" + self.name.upper()

    def parse(self, raw: Any, origin: str) -> Any:
        """Coerce a value from TOML or the environment to the default's type."""
        expected = type(self.default)
        if isinstance(raw, str) and expected is not str:
            raw = _parse_text(raw, expected, origin)
        if expected is float and isinstance(raw, int) and not isinstance(raw, bool):
            raw = float(raw)
        wrong_bool = isinstance(raw, bool) and expected is not bool
        if self.default is not None and (wrong_bool or not isinstance(raw, expected)):
            raise SettingsError(f"{origin}: {self.name} must be {expected.__name__}, got {raw!r}")
        return raw


def _parse_text(raw: str, expected: type, origin: str) -> Any:
    """Read an environment string as the type the setting expects."""
    try:
        if expected is bool:
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if expected in (int, float):
            return expected(raw)
        if expected in (list, dict):
            return json.loads(raw)
    except ValueError as exc:
        raise SettingsError(f"{origin}: cannot read {raw!r} as {expected.__name__}") from exc
    return raw


def load_settings(
    tables: Mapping[str, Iterable[Setting]],
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge the layers for every package in `tables` into one upper-cased dict.

    `tables` maps a package name (its TOML table) to its settings. Unknown keys in
    the TOML file are an error: a typo must not silently fall back to a default.
    """
    environ = os.environ if environ is None else environ
    file_values: dict[str, Any] = {}
    if config_file is not None:
        try:
            file_values = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read config file {config_file}: {exc}") from exc
    unknown_tables = set(file_values) - set(tables)
    if unknown_tables:
        raise SettingsError(f"{config_file}: unknown section(s) {sorted(unknown_tables)}")

    merged: dict[str, Any] = {}
    for package, settings in tables.items():
        section = file_values.get(package, {})
        known = {s.name for s in settings}
        unknown = set(section) - known
        if unknown:
            raise SettingsError(f"{config_file} [{package}]: unknown setting(s) {sorted(unknown)}")
        for setting in settings:
            value = setting.default
            if setting.name in section:
                value = setting.parse(section[setting.name], f"{config_file} [{package}]")
            if setting.env_name in environ:
                value = setting.parse(environ[setting.env_name], setting.env_name)
            merged[setting.name.upper()] = value
    merged.update(overrides or {})
    return {name: _absolute(name, value) for name, value in merged.items()}


def _absolute(name: str, value: Any) -> Any:
    if name.endswith(PATH_SUFFIXES) and isinstance(value, str | os.PathLike) and str(value):
        return os.path.abspath(value)
    return value
