"""Enrolling a device with a one-time code, and the per-device token it gets (0600)."""

from __future__ import annotations

import json
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from common.files import write_atomically

CREDENTIALS_FILE = "credentials.json"


class EnrollmentError(RuntimeError):
    """The server refused the code, or could not be reached."""


@dataclass(frozen=True)
class Credentials:
    """Who this device is to the collector, and the token that proves it."""

    server: str
    device_id: str
    token: str

    def save(self, data_dir: str | Path) -> Path:
        """Write them readable by the agent's user only."""
        path = Path(data_dir) / CREDENTIALS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(asdict(self)).encode(), mode=0o600)
        return path

    @classmethod
    def load(cls, data_dir: str | Path) -> Credentials:
        """Read them; EnrollmentError when the device has not enrolled."""
        path = Path(data_dir) / CREDENTIALS_FILE
        try:
            data = json.loads(path.read_text())
            return cls(data["server"], data["device_id"], data["token"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EnrollmentError(
                f"not enrolled ({path} missing or unreadable): run infomat enroll"
            ) from exc


def enroll(
    server: str,
    code: str,
    session: requests.Session | None = None,
    timeout: float = 10.0,
) -> Credentials:
    """Trade a one-time enrollment code for this device's id and token."""
    session = session or requests.Session()
    url = server.rstrip("/") + "/api/v1/enroll"
    try:
        response = session.post(
            url, json={"code": code.strip(), "hostname": socket.gethostname()}, timeout=timeout
        )
    except requests.RequestException as exc:
        raise EnrollmentError(
            f"server room unreachable at {url}: {exc.__class__.__name__}"
        ) from exc
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code != 200:
        message = data.get("error") or f"HTTP {response.status_code}"
        raise EnrollmentError(f"enrollment refused: {message}")
    try:
        return Credentials(server.rstrip("/"), data["device_id"], data["token"])
    except KeyError as exc:
        raise EnrollmentError("enrollment answer without device id or token") from exc
