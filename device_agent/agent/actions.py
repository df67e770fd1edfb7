"""How a real kiosk or hotspot carries out each allowed verb.

System verbs run the commands the settings name (systemctl by default). The kiosk
UI's own verbs (screenshot, identify) go through request files in the sync dir's
`requests/` folder, which the UI polls: the agent writes `<id>.json`, the UI
answers with `<id>.png` (screenshot) and removes the request when it is done.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from common.files import write_atomically
from device_agent.verbs import REQUESTS_DIR


class ActionFailed(RuntimeError):
    """The verb could not be carried out; the message goes back to the admin (Polish)."""


class DeviceActions:
    """The real actuators of one device, from its settings."""

    def __init__(self, settings: dict) -> None:
        self.commands = {
            "sync-now": settings["AGENT_SYNC_NOW_COMMAND"],
            "restart-kiosk-ui": settings["AGENT_RESTART_UI_COMMAND"],
            "reboot": settings["AGENT_REBOOT_COMMAND"],
        }
        self.requests_dir = Path(settings["AGENT_SYNC_DIR"]) / REQUESTS_DIR
        self.wait_seconds = settings["AGENT_SCREENSHOT_SECONDS"]

    def run(self, verb: str, arguments: dict, command_id: str) -> dict:
        """Carry out a checked command; a dict with `detail`, and `png` for screenshots."""
        if verb in self.commands:
            return self._system(self.commands[verb])
        return self._ask_kiosk_ui(verb, arguments, command_id)

    def _system(self, argv: list[str]) -> dict:
        try:
            done = subprocess.run(  # noqa: S603 - argv from the device's own settings
                argv, capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ActionFailed(f"nie udało się uruchomić „{argv[0]}”: {exc}") from exc
        if done.returncode != 0:
            said = done.stderr.strip()[-200:]
            raise ActionFailed(
                f"„{' '.join(argv)}” zakończyło się kodem {done.returncode}"
                + (f" ({said})" if said else "")
            )
        return {"detail": f"uruchomiono „{' '.join(argv)}”"}

    def _ask_kiosk_ui(self, verb: str, arguments: dict, command_id: str) -> dict:
        request = self.requests_dir / f"{command_id}.json"
        answer = self.requests_dir / f"{command_id}.png"
        write_atomically(request, json.dumps({"verb": verb, "arguments": arguments}).encode())
        deadline = time.monotonic() + self.wait_seconds
        while time.monotonic() < deadline:
            if not request.exists():
                if verb != "screenshot":
                    return {"detail": "pokazano na ekranie infomatu"}
                try:
                    png = answer.read_bytes()
                except OSError as exc:
                    raise ActionFailed(
                        "aplikacja infomatu odpowiedziała bez zrzutu ekranu"
                    ) from exc
                answer.unlink(missing_ok=True)
                return {"detail": f"zrzut ekranu, {len(png) / 1024:.0f} KB", "png": png}
            time.sleep(0.2)
        request.unlink(missing_ok=True)
        raise ActionFailed(f"aplikacja infomatu nie odpowiedziała w ciągu {self.wait_seconds:g} s")
