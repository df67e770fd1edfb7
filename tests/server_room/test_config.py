"""Settings as every command loads them: a relative directory or file is made absolute once,
against the directory the command was started in (issue 13, item 1)."""

from __future__ import annotations

from pathlib import Path

from server_room.config import load, load_device


def test_a_relative_data_dir_given_on_the_command_line_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load(None, data_dir="data", sync_keys_dir="data/keys")
    assert settings["DATA_DIR"] == str(tmp_path / "data")
    assert settings["SYNC_KEYS_DIR"] == str(tmp_path / "data" / "keys")


def test_relative_paths_in_a_config_file_are_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "infomat.toml"
    config.write_text(
        '[kiosk_ui]\nkiosk_data_dir = "kiosk"\n'
        '[device_agent]\nagent_data_dir = "agent"\nagent_sync_dir = "./kiosk"\n'
    )
    settings = load_device(config)
    assert settings["KIOSK_DATA_DIR"] == str(tmp_path / "kiosk")
    assert settings["AGENT_DATA_DIR"] == str(tmp_path / "agent")
    assert settings["AGENT_SYNC_DIR"] == str(tmp_path / "kiosk")


def test_unset_paths_stay_unset_and_absolute_ones_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_device(None, agent_data_dir="/var/lib/infomat-agent")
    assert settings["LIVENESS_FILE"] == ""
    assert settings["AGENT_DATA_DIR"] == "/var/lib/infomat-agent"
    assert Path(settings["KIOSK_DATA_DIR"]).is_absolute()
