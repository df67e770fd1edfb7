"""Answering the device agent: a screenshot for the fleet dashboard, an identify banner.

The agent leaves `<id>.json` in the data dir's requests folder; the UI, on its own
main loop, renders what it shows right now to `<id>.png` (screenshot) or raises the
banner (identify), then deletes the request, which tells the agent it is done.
Anything else in the folder is removed unread: only these two verbs reach the UI.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from device_agent.verbs import REQUESTS_DIR, UI_VERBS, command_error

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceRequest:
    """One request file from the agent."""

    id: str
    verb: str
    arguments: dict
    path: Path


def pending(data_dir: str | Path) -> list[DeviceRequest]:
    """The well-formed requests waiting; malformed or unknown ones are deleted."""
    folder = Path(data_dir) / REQUESTS_DIR
    requests = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            data = json.loads(path.read_text())
            verb, arguments = data["verb"], data.get("arguments", {})
            error = None if verb in UI_VERBS else "not a UI verb"
            error = error or command_error(verb, arguments, "kiosk")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            error = f"unreadable: {exc}"
        if error:
            log.warning("kiosk: dropping agent request %s: %s", path.name, error)
            path.unlink(missing_ok=True)
            continue
        requests.append(DeviceRequest(path.stem, verb, arguments, path))
    return requests


def serve(app) -> None:
    """Carry out every waiting request on the running kiosk app."""
    for request in pending(app.data_dir):
        try:
            if request.verb == "screenshot":
                partial = request.path.with_name(f".{request.id}.partial.png")
                app.root.export_to_png(str(partial))
                os.replace(partial, request.path.with_suffix(".png"))
            else:
                name = app.settings["DEVICE_ID"] or socket.gethostname()
                text = request.arguments.get("text") or f"Infomat {name}"
                app.overlays.show_identify(text, request.arguments.get("seconds", 60))
            log.info("kiosk: %s done for the device agent", request.verb)
        finally:
            request.path.unlink(missing_ok=True)
