"""The device commands of `infomat`: what runs on kiosks and hotspots (no Flask here)."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from common.settings import SettingsError
from content_sync.mirror import Mirror, SyncLocalError


@click.command()
@click.option("--server", required=True, help="The server room, e.g. https://infomat.example")
@click.option("--data-dir", type=click.Path(file_okay=False, resolve_path=True), required=True)
@click.option(
    "--channels",
    default="powiat",
    show_default=True,
    help="Comma-separated channels: the county plus this device's gmina, e.g. powiat,garbow.",
)
@click.option("--root", "root_file", type=click.File("rb"), help="Trust root to install first.")
@click.option("--once", is_flag=True, help="Poll once; exit 0 only on a verified snapshot.")
@click.option("--every", type=click.FloatRange(min=1), help="Poll every SECONDS until stopped.")
@click.option(
    "--keep",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Snapshots kept for rollback.",
)
@click.option("--renditions", help="Image sizes to fetch (kiosk,phone,thumb); all by default.")
def sync(server, data_dir, channels, root_file, once, every, keep, renditions) -> None:
    """Keep DATA_DIR on the newest verified snapshot of the hub's content.

    Exit status with --once: 0 verified (new or unchanged), 1 something was refused,
    2 hub unreachable, 3 local problem (disk full, no trust root).

    Example: infomat sync --server http://127.0.0.1:8080 --data-dir /var/lib/infomat-kiosk
    --channels powiat,garbow --root 1.root.json --once
    """
    if once == bool(every):
        raise click.UsageError("give exactly one of --once or --every SECONDS")
    mirror = Mirror(
        data_dir,
        server,
        [c.strip() for c in channels.split(",") if c.strip()],
        keep=keep,
        renditions=set(renditions.split(",")) if renditions else None,
    )
    if root_file:
        try:
            mirror.install_root(root_file.read())
        except SyncLocalError as exc:
            raise click.ClickException(str(exc)) from exc
    if once:
        code, _result = mirror.sync_once()
        sys.exit(code)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        mirror.run_forever(every, stop)
    except KeyboardInterrupt:
        stop.set()


@click.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True))
@click.option("--data-dir", type=click.Path(file_okay=False), help="The sync's data dir.")
@click.option("--windowed", is_flag=True, help="A normal window instead of locked fullscreen.")
@click.option("--size", default="1080x1920", show_default=True, help="WIDTHxHEIGHT in pixels.")
@click.option("--lang", type=click.Choice(["pl", "en", "uk"]), help="Language visits start in.")
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, writable=True),
    help="Render Home, save it as this PNG and exit.",
)
def kiosk(config_file, data_dir, windowed, size, lang, screenshot) -> None:
    """The touch-screen app of an infomat, reading the content DATA_DIR holds.

    Needs a display (X11 or Wayland). Example, on a desktop:
    infomat kiosk --data-dir /var/lib/infomat-kiosk --windowed --size 1080x1920
    """
    from server_room.config import load_device

    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError as exc:
        raise click.BadParameter("use WIDTHxHEIGHT, e.g. 1080x1920", param_hint="--size") from exc
    overrides = {"kiosk_data_dir": data_dir, "kiosk_language": lang}
    try:
        settings = load_device(config_file, **{k: v for k, v in overrides.items() if v})
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    from kiosk_ui.runner import run_kiosk

    sys.exit(
        run_kiosk(settings, (width, height), windowed, Path(screenshot) if screenshot else None)
    )
