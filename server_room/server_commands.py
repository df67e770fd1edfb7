"""The server-room commands of `infomat`: server, portal, users, keys, import-feeds, backup and
restore (`infomat demo` is server_room.demo)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from backoffice.db import open_accounts_db
from backoffice.users import (
    ROLES,
    UserError,
    add_user,
    list_users,
    set_disabled,
    set_password,
)
from common.settings import SettingsError
from content_sync import store
from content_sync.db import open_content_db
from content_sync.feeds import import_feeds
from content_sync.hub import Hub
from content_sync.signing import ROLES as ROLES_TUF
from content_sync.signing import SigningError
from server_room import create_app
from server_room.config import load
from server_room.gunicorn_app import serve


def command_settings(config_file: str | None, data_dir: str | None = None, **overrides) -> dict:
    """This machine's settings, the options given overriding; a bad file is a one-line error."""
    overrides = {k: v for k, v in ({"data_dir": data_dir} | overrides).items() if v}
    try:
        return load(config_file, **overrides)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="TOML settings file (default /etc/infomat/infomat.toml or $INFOMAT_CONFIG).",
)
data_dir_option = click.option(
    "--data-dir", type=click.Path(file_okay=False), help="Override the data_dir setting."
)


@click.command()
@config_option
def server(config_file: str | None) -> None:
    """Serve the server room under gunicorn with this machine's settings.

    Example: infomat server --config /etc/infomat/infomat.toml
    """
    settings = command_settings(config_file)
    serve_room(create_app(settings), settings)


def serve_room(app, settings: dict, accesslog: str = "-", on_ready=None) -> None:
    """The one way the server room is served, by `infomat server` and `infomat demo` alike.

    The fleet watcher starts once it listens, then `on_ready` when given.
    """

    def ready() -> None:
        app.extensions["infomat_fleet_watcher"]().start()
        if on_ready:
            on_ready()

    serve(
        app,
        settings["BIND"],
        settings["WORKERS"],
        settings["WORKER_CONNECTIONS"],
        on_ready=ready,
        accesslog=accesslog,
    )


@click.command()
@config_option
def portal(config_file: str | None) -> None:
    """Run the Wi-Fi portal alone on a Linux hotspot with the nftables driver.

    Installs (or refreshes) the `inet infomat_portal` table, keeping authorized
    clients, then serves the splash on portal_lan_address:portal_port.
    Example: infomat portal --config /etc/infomat/infomat.toml
    """
    from captive_portal.local import create_local_app
    from captive_portal.nft_accounting import SessionWatcher
    from captive_portal.nftables import NftError

    settings = command_settings(config_file)
    try:
        app = create_local_app(settings)
        app.extensions["infomat_nftables"].install()
    except (NftError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    bind = f"{settings['PORTAL_LAN_ADDRESS']}:{settings['PORTAL_PORT']}"
    watcher = SessionWatcher(app.extensions["infomat_nftables"], settings)
    serve(app, bind, settings["WORKERS"], settings["WORKER_CONNECTIONS"], on_ready=watcher.start)


@click.group()
def users() -> None:
    """Manage the server room's admin users."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.option("--office", help="Channel of the editor's office, e.g. garbow or powiat.")
@click.password_option(help="Asked for when not given; at least 10 characters.")
@config_option
@data_dir_option
def users_add(username, role, office, password, config_file, data_dir) -> None:
    """Create an admin user.

    Example: infomat users add jan.kowalski --role editor --office garbow
    """
    settings = command_settings(config_file, data_dir)
    content_db = open_content_db(settings["DATA_DIR"])
    known = store.channel_exists(content_db, office) if office else True
    content_db.close()
    if not known:
        raise click.ClickException(f"nie ma kanału urzędu {office!r}")
    try:
        add_user(open_accounts_db(settings["DATA_DIR"]), username, password, role, office)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {username} ({role}{', ' + office if office else ''})")


@users.command("list")
@config_option
@data_dir_option
def users_list(config_file, data_dir) -> None:
    """List admin users and whether they are active."""
    for user in list_users(open_accounts_db(command_settings(config_file, data_dir)["DATA_DIR"])):
        state = "disabled" if user["disabled"] else "active"
        office = user["office"] or "-"
        click.echo(f"{user['username']:<24} {user['role']:<13} {office:<12} {state}")


@users.command("disable")
@click.argument("username")
@config_option
@data_dir_option
def users_disable(username, config_file, data_dir) -> None:
    """Disable a user; their session ends at their next click."""
    try:
        set_disabled(
            open_accounts_db(command_settings(config_file, data_dir)["DATA_DIR"]), username
        )
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"disabled {username}")


@users.command("passwd")
@click.argument("username")
@click.password_option(help="Asked for when not given; at least 10 characters, not a common one.")
@click.option(
    "--force-change/--no-force-change",
    default=True,
    show_default=True,
    help="Make the user replace this password at their next login.",
)
@config_option
@data_dir_option
def users_passwd(username, password, force_change, config_file, data_dir) -> None:
    """Set a user's password and end their sessions (an admin's reset).

    Example: infomat users passwd jan.kowalski
    """
    accounts = open_accounts_db(command_settings(config_file, data_dir)["DATA_DIR"])
    try:
        set_password(accounts, username, password, must_change=force_change)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        accounts.close()
    then = "; they must change it at their next login" if force_change else ""
    click.echo(f"password of {username} set{then}")


@click.group()
def keys() -> None:
    """Manage the content-signing keys (kept 0600 in the sync_keys_dir setting)."""


@keys.command("init")
@config_option
@data_dir_option
@click.option("--keys-dir", type=click.Path(file_okay=False), help="Override sync_keys_dir.")
def keys_init(config_file, data_dir, keys_dir) -> None:
    """Create the four signing keys and version 1 of the signed metadata.

    Example: infomat keys init --config /etc/infomat/infomat.toml
    Then copy <data_dir>/sync/metadata/1.root.json to every device as its trust root.
    """
    hub = _hub(config_file, data_dir, keys_dir)
    try:
        hub.repository.init()
    except SigningError as exc:
        raise click.ClickException(str(exc)) from exc
    db = open_content_db(hub.data_dir)
    version = hub.publish(db)
    db.close()
    click.echo(f"keys in {hub.repository.keys.dir}; snapshot version {version}")
    click.echo(f"trust root for devices: {hub.repository.metadata_dir / '1.root.json'}")


@keys.command("rotate")
@click.option("--role", type=click.Choice(ROLES_TUF), required=True)
@config_option
@data_dir_option
@click.option("--keys-dir", type=click.Path(file_okay=False), help="Override sync_keys_dir.")
def keys_rotate(role, config_file, data_dir, keys_dir) -> None:
    """Replace one role's key; devices follow the new root on their next poll.

    Example: infomat keys rotate --role timestamp
    """
    hub = _hub(config_file, data_dir, keys_dir)
    try:
        keyid = hub.repository.rotate(role)
    except SigningError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{role} key is now {keyid[:16]}…; root version {hub.repository.root().version}")


def _hub(config_file, data_dir, keys_dir) -> Hub:
    return Hub.from_settings(command_settings(config_file, data_dir, sync_keys_dir=keys_dir))


@click.command("import-feeds")
@config_option
@data_dir_option
def import_feeds_command(config_file, data_dir) -> None:
    """Import news from the offices' RSS/Atom feeds listed in the `feeds` setting.

    Example: infomat import-feeds --config /etc/infomat/infomat.toml
    """
    settings = command_settings(config_file, data_dir)
    db = open_content_db(settings["DATA_DIR"])
    reports = import_feeds(
        db,
        settings["FEEDS"],
        max_bytes=settings["FEED_MAX_BYTES"],
        timeout=settings["FEED_TIMEOUT_SECONDS"],
    )
    for report in reports:
        click.echo(report.line())
    Hub.from_settings(settings).publish(db)
    if any(r.error for r in reports):
        sys.exit(1)


@click.command("backup")
@config_option
@data_dir_option
@click.option("--to", "target", type=click.Path(file_okay=False), required=True)
@click.option("--keep", type=click.IntRange(1, 365), default=14, show_default=True)
def backup_command(config_file, data_dir, target, keep) -> None:
    """Back up the server room (safe while it runs) and keep KEEP generations.

    Example: infomat backup --config /etc/infomat/infomat.toml --to /var/backups/infomat
    """
    from server_room.backup import BackupError, backup

    settings = command_settings(config_file, data_dir)
    try:
        generation = backup(
            Path(settings["DATA_DIR"]), Path(settings["SYNC_KEYS_DIR"]), Path(target), keep
        )
    except (BackupError, OSError) as exc:
        raise click.ClickException(f"backup failed: {exc}") from exc
    click.echo(f"backup written to {generation}")


@click.command("restore")
@config_option
@data_dir_option
@click.option("--from", "generation", type=click.Path(file_okay=False, exists=True), required=True)
def restore_command(config_file, data_dir, generation) -> None:
    """Restore a backup generation over the data dir; stop the server room first.

    Example: systemctl stop infomat-server && infomat restore --from
    /var/backups/infomat/20261125T023000 && systemctl start infomat-server
    """
    from server_room.backup import BackupError, restore

    settings = command_settings(config_file, data_dir)
    try:
        restored = restore(
            Path(generation), Path(settings["DATA_DIR"]), Path(settings["SYNC_KEYS_DIR"])
        )
    except (BackupError, OSError) as exc:
        raise click.ClickException(f"restore refused: {exc}") from exc
    click.echo(f"restored {', '.join(restored)} from {generation}")
