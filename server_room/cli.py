"""The `infomat` command line: one click group, commands loaded when they are used.

Server commands need Flask and the server extra; device commands (`sync`, and later
the kiosk and the agent) must run on kiosks without them. So each command's module
is imported only when that command runs, and a command whose packages are missing
says so instead of failing with a traceback.
"""

from __future__ import annotations

import importlib
import logging

import click

COMMANDS = {
    "demo": "server_room.demo:demo",
    "server": "server_room.server_commands:server",
    "users": "server_room.server_commands:users",
    "keys": "server_room.server_commands:keys",
    "import-feeds": "server_room.server_commands:import_feeds_command",
    "portal": "server_room.server_commands:portal",
    "backup": "server_room.server_commands:backup_command",
    "restore": "server_room.server_commands:restore_command",
    "sync": "server_room.device_commands:sync",
    "kiosk": "server_room.device_commands:kiosk",
    "agent": "server_room.agent_commands:agent",
    "enroll": "server_room.agent_commands:enroll",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, whether or not its packages are installed here."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, or a stand-in that explains what is missing on this machine."""
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name].split(":")
        try:
            return getattr(importlib.import_module(module_name), attribute)
        except ImportError as exc:
            return _unavailable(cmd_name, exc)


def _unavailable(name: str, exc: ImportError) -> click.Command:
    def explain() -> None:
        raise click.ClickException(
            f"`infomat {name}` needs packages not installed here ({exc.name}); "
            "install the server extra: pip install 'infomat[server]'"
        )

    return click.Command(name, callback=explain, help=f"(not installed here: {exc.name})")


@click.group(cls=LazyGroup)
def infomat() -> None:
    """Infomat: kiosks, public Wi-Fi and their server room for Powiat Lubelski."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def main() -> None:
    """Entry point of the `infomat` console script."""
    infomat(prog_name="infomat")
