"""The device commands of `infomat`: what runs on kiosks and hotspots (no Flask here)."""

from __future__ import annotations

import signal
import sys
import threading

import click

from content_sync.mirror import Mirror, SyncLocalError


@click.command()
@click.option("--server", required=True, help="The server room, e.g. https://infomat.example")
@click.option("--data-dir", type=click.Path(file_okay=False), required=True)
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
