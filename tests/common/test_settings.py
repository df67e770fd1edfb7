"""Settings merge defaults, the TOML file and the environment, and every one is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import Setting, SettingsError, load_settings
from server_room.device_settings import DEVICE_SETTINGS
from server_room.settings import ALL_SETTINGS

TABLE = {"pkg": (Setting("port", 80, "p"), Setting("name", "x", "n"), Setting("on", True, "o"))}


def test_the_file_overrides_defaults_and_the_environment_overrides_the_file(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[pkg]\nport = 8080\nname = "from-file"\n')
    merged = load_settings(TABLE, config, environ={"INFOMAT_NAME": "from-env", "INFOMAT_ON": "no"})
    assert merged == {"PORT": 8080, "NAME": "from-env", "ON": False}


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("[pkg]\nprot = 1\n", {}, "unknown setting"),
        ("[other]\n", {}, "unknown section"),
        ("[pkg]\nport = [1]\n", {}, "must be int"),
        ("[pkg]\nport = true\n", {}, "must be int"),
        ("[pkg\n", {}, "cannot read config file"),
        ("", {"INFOMAT_PORT": "eighty"}, "cannot read 'eighty'"),
    ],
)
def test_mistakes_in_settings_are_reported_not_ignored(tmp_path, text, environ, message):
    config = tmp_path / "c.toml"
    config.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load_settings(TABLE, config, environ=environ)


def test_setting_names_are_unique_across_packages():
    tables = {**ALL_SETTINGS, **DEVICE_SETTINGS}
    names = [s.name for table in tables.values() for s in table]
    assert len(names) == len(set(names))


def test_every_setting_is_documented_in_the_configuration_guide():
    guide = (Path(__file__).parents[2] / "docs" / "CONFIGURATION.md").read_text()
    missing = [
        s.name
        for table in (*ALL_SETTINGS.values(), *DEVICE_SETTINGS.values())
        for s in table
        if f"`{s.name}`" not in guide
    ]
    assert missing == []
