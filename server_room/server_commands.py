"""The server-room commands of `infomat`: demo, server, users, keys, import-feeds."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
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
from common.files import write_atomically
from common.settings import SettingsError
from content_sync import store
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from content_sync.feeds import import_feeds
from content_sync.hub import Hub
from content_sync.signing import ROLES as ROLES_TUF
from content_sync.signing import SigningError
from device_agent.agent.credentials import Credentials
from device_agent.collector import registry
from device_agent.collector.db import open_fleet_db
from server_room import create_app
from server_room.config import load
from server_room.gunicorn_app import serve

DEMO_EDITORS = ("garbow", "konopnica")
DEMO_REPORT_SECONDS = 15
DEMO_KIOSK = "kiosk-04"  # Gmina Garbów's infomat, the one whose window the demo opens


def _settings(config_file: str | None, data_dir: str | None = None) -> dict:
    overrides = {"data_dir": data_dir} if data_dir else {}
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
@click.option("--data-dir", type=click.Path(file_okay=False), default="data", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--kiosk/--no-kiosk",
    default=True,
    show_default=True,
    help="Also sync a demo kiosk (Gmina Garbów) and open its window, when a display exists.",
)
def demo(data_dir: str, host: str, port: int, kiosk: bool) -> None:
    """Load the demo county into DATA_DIR and serve the server room.

    Example: infomat demo --data-dir /tmp/county --port 8080 --no-kiosk
    """
    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    click.echo(f"[1/3] demo county → {data.resolve()}")
    content_db = open_content_db(data)
    if not load_demo_county(content_db, progress=lambda msg: click.echo(f"      {msg}")):
        click.echo("      already loaded, keeping what is there")
    content_db.close()

    click.echo("[2/3] admin users and signing keys")
    password = os.environ.get("INFOMAT_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    accounts = open_accounts_db(data)
    created = _ensure_demo_users(accounts, password)
    accounts.close()
    if created and "INFOMAT_DEMO_PASSWORD" not in os.environ:
        click.echo(f"      generated password for {', '.join(created)}: {password}")
    elif created:
        click.echo(f"      created {', '.join(created)} with INFOMAT_DEMO_PASSWORD")

    settings = _settings(None, str(data))
    faskey = os.environ.get("INFOMAT_DEMO_FASKEY") or secrets.token_hex(16)
    if "INFOMAT_DEMO_FASKEY" not in os.environ:
        click.echo(
            f"      generated faskey of the 22 demo hotspots (set INFOMAT_DEMO_FASKEY): {faskey}"
        )
    settings.update(
        PORTAL_GATEWAYS=_demo_gateways(faskey),
        SECURE_COOKIES=False,
        PUBLIC_URL=f"http://{host}:{port}",
        SYNC_KEYS_DIR=str(data / "keys"),
    )
    if "INFOMAT_FLEET_INTERVAL_SECONDS" not in os.environ:
        settings["FLEET_INTERVAL_SECONDS"] = DEMO_REPORT_SECONDS
    hub = Hub.from_settings(settings)
    if not hub.repository.initialized:
        hub.repository.init()
        click.echo(f"      signing keys created in {data / 'keys'} (demo only: keep them offline)")
    app = create_app(settings)
    click.echo(f"      devices trust {hub.repository.metadata_dir / '1.root.json'}")
    click.echo(f"[3/3] server room on http://{host}:{port}/  (Ctrl+C stops)")
    devices = _start_demo_kiosk(data, f"http://{host}:{port}", hub) if kiosk else []
    interval = settings["FLEET_INTERVAL_SECONDS"]
    real_agents = {DEMO_KIOSK} if devices else set()
    if real_agents:
        devices.append(_start_demo_kiosk_agent(data, f"http://{host}:{port}"))
    devices.append(_start_demo_fleet(data, f"http://{host}:{port}", interval, real_agents))
    try:
        _serve(app, settings | {"BIND": f"{host}:{port}"})
    finally:
        for process in devices:
            process.terminate()


def _start_demo_kiosk(data: Path, server_url: str, hub: Hub) -> list[subprocess.Popen]:
    """`infomat sync --every` and `infomat kiosk --windowed` for one demo infomat."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        click.echo("      no display: the kiosk window is skipped (run under xvfb-run to see it)")
        return []
    kiosk_dir = data / "kiosk-garbow"
    command = [sys.executable, "-m", "server_room"]
    root = hub.repository.metadata_dir / "1.root.json"
    click.echo(f"      demo infomat of Gmina Garbów syncing into {kiosk_dir}; window opening")
    sync = [*command, "sync", "--server", server_url, "--data-dir", str(kiosk_dir)]
    sync += ["--channels", "powiat,garbow", "--root", str(root), "--every", "15"]
    window = [*command, "kiosk", "--data-dir", str(kiosk_dir), "--windowed", "--size", "1080x1920"]
    return [subprocess.Popen(sync), subprocess.Popen(window)]  # noqa: S603 - our own commands


def _start_demo_kiosk_agent(data: Path, server_url: str) -> subprocess.Popen:
    """The real `infomat agent` for the demo infomat: its screenshots are of the real window."""
    agent_dir = data / "agents" / DEMO_KIOSK
    fleet_db = open_fleet_db(data)
    code = registry.create_enrollment_code(fleet_db, DEMO_KIOSK, "demo")
    # Enrolled in-process: the server is not listening yet; the other 41 go over HTTP.
    device_id, token = registry.redeem_code(fleet_db, code, "demo")
    fleet_db.close()
    Credentials(server_url, device_id, token).save(agent_dir)
    config = agent_dir / "agent.toml"
    config.write_text(
        f'[device_agent]\nagent_data_dir = "{agent_dir}"\nagent_kind = "kiosk"\n'
        f'agent_sync_dir = "{data / "kiosk-garbow"}"\n'
    )
    click.echo(f"      {DEMO_KIOSK} reports through the real agent (screenshots of that window)")
    command = [sys.executable, "-m", "server_room", "agent", "--config", str(config)]
    return subprocess.Popen(command)  # noqa: S603 - our own command


def _start_demo_fleet(
    data: Path, server_url: str, interval: float, skip: set[str]
) -> subprocess.Popen:
    """Simulated agents for the registered devices (the real agent code, made-up values)."""
    agents_dir = data / "agents"
    fleet_db = open_fleet_db(data)
    devices = {}
    for row in fleet_db["devices"].rows_where(
        "id NOT IN (SELECT value FROM json_each(?))", [json.dumps(sorted(skip))]
    ):
        entry = {
            "kind": row["kind"],
            "name": row["name"],
            "municipality": row["municipality"],
            "interval": interval,
        }
        if not (agents_dir / row["id"] / "credentials.json").exists():
            entry["code"] = registry.create_enrollment_code(fleet_db, row["id"], "demo")
        devices[row["id"]] = entry
    fleet_db.close()
    codes = agents_dir / "codes.json"
    write_atomically(codes, json.dumps(devices).encode(), mode=0o600)
    click.echo(f"      {len(devices)} simulated device agents reporting every {interval:g} s")
    command = [sys.executable, "-m", "device_agent.agent.simulated", "--server", server_url]
    command += ["--data-dir", str(agents_dir), "--codes", str(codes)]
    return subprocess.Popen(command)  # noqa: S603 - our own module


def _demo_gateways(faskey: str) -> list[dict]:
    """openNDS gateways hotspot-01 … hotspot-22, one per demo hotspot, FAS level 2."""
    return [
        {"name": f"hotspot-{n:02d}", "hotspot": f"hotspot-{n:02d}", "faskey": faskey}
        for n in range(1, 23)
    ]


def _fleet_watcher(app):
    return lambda: app.extensions["infomat_fleet_watcher"]().start()


def _ensure_demo_users(accounts, password: str) -> list[str]:
    existing = {u["username"] for u in list_users(accounts)}
    wanted = [("admin", "county-admin", None)] + [
        (f"redaktor-{office}", "editor", office) for office in DEMO_EDITORS
    ]
    created = []
    for username, role, office in wanted:
        if username not in existing:
            add_user(accounts, username, password, role, office)
            created.append(username)
    return created


@click.command()
@config_option
def server(config_file: str | None) -> None:
    """Serve the server room under gunicorn with this machine's settings.

    Example: infomat server --config /etc/infomat/infomat.toml
    """
    settings = _settings(config_file)
    _serve(create_app(settings), settings)


def _serve(app, settings: dict) -> None:
    """The one way the server room is served, by `infomat server` and `infomat demo` alike."""
    serve(
        app,
        settings["BIND"],
        settings["WORKERS"],
        settings["WORKER_CONNECTIONS"],
        on_ready=_fleet_watcher(app),
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

    settings = _settings(config_file)
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
    settings = _settings(config_file, data_dir)
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
    for user in list_users(open_accounts_db(_settings(config_file, data_dir)["DATA_DIR"])):
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
        set_disabled(open_accounts_db(_settings(config_file, data_dir)["DATA_DIR"]), username)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"disabled {username}")


@click.group()
def keys() -> None:
    """Manage the content-signing keys (kept 0600 in the sync_keys_dir setting)."""


@keys.command("init")
@config_option
@data_dir_option
@click.option("--keys-dir", type=click.Path(file_okay=False), help="Override sync_keys_dir.")
def keys_init(config_file, data_dir, keys_dir) -> None:
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
    accounts = open_accounts_db(_settings(config_file, data_dir)["DATA_DIR"])
    try:
        set_password(accounts, username, password, must_change=force_change)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        accounts.close()
    then = "; they must change it at their next login" if force_change else ""
    click.echo(f"password of {username} set{then}")


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
    settings = _settings(config_file, data_dir)
    if keys_dir:
        settings["SYNC_KEYS_DIR"] = keys_dir
    return Hub.from_settings(settings)


@click.command("import-feeds")
@config_option
@data_dir_option
def import_feeds_command(config_file, data_dir) -> None:
    """Import news from the offices' RSS/Atom feeds listed in the `feeds` setting.

    Example: infomat import-feeds --config /etc/infomat/infomat.toml
    """
    settings = _settings(config_file, data_dir)
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

    settings = _settings(config_file, data_dir)
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

    settings = _settings(config_file, data_dir)
    try:
        restored = restore(
            Path(generation), Path(settings["DATA_DIR"]), Path(settings["SYNC_KEYS_DIR"])
        )
    except (BackupError, OSError) as exc:
        raise click.ClickException(f"restore refused: {exc}") from exc
    click.echo(f"restored {', '.join(restored)} from {generation}")
