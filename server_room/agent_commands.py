"""The agent's commands of `infomat` (enroll, agent): on every kiosk and hotspot.

Kept apart from the sync's commands so that the agent, which runs for years on
small boxes, never loads the sync's cryptography (python-tuf) it does not use.
"""

from __future__ import annotations

import signal
import threading

import click

from common.settings import SettingsError


def _agent_settings(config_file: str | None, **overrides) -> dict:
    from server_room.config import load_device

    try:
        return load_device(config_file, **{k: v for k, v in overrides.items() if v})
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.option("--server", required=True, help="The server room, e.g. https://infomat.example")
@click.option("--code", required=True, help="The one-time code from the fleet dashboard.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True))
@click.option("--data-dir", type=click.Path(file_okay=False), help="Override agent_data_dir.")
def enroll(server, code, config_file, data_dir) -> None:
    """Enroll this device with a one-time code; stores its token (0600).

    Example: infomat enroll --server https://infomat.example --code 1A2B-3C4D-5E6F-7A8B
    """
    from device_agent.agent.credentials import EnrollmentError
    from device_agent.agent.credentials import enroll as enroll_device

    settings = _agent_settings(config_file, agent_data_dir=data_dir)
    try:
        credentials = enroll_device(server, code)
    except EnrollmentError as exc:
        raise click.ClickException(str(exc)) from exc
    path = credentials.save(settings["AGENT_DATA_DIR"])
    click.echo(f"enrolled as {credentials.device_id}; token in {path}")


@click.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True))
@click.option("--data-dir", type=click.Path(file_okay=False), help="Override agent_data_dir.")
@click.option("--interval", type=click.FloatRange(min=0.1), help="Override agent_interval_seconds.")
def agent(config_file, data_dir, interval) -> None:
    """Report this device's health to the server room until stopped.

    Example: infomat agent --config /etc/infomat/infomat.toml
    """
    from device_agent.agent.credentials import EnrollmentError
    from device_agent.agent.service import build_agent

    settings = _agent_settings(
        config_file, agent_data_dir=data_dir, agent_interval_seconds=interval
    )
    try:
        device_agent = build_agent(settings)
    except EnrollmentError as exc:
        raise click.ClickException(str(exc)) from exc
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        device_agent.run(stop)
    except KeyboardInterrupt:
        stop.set()
