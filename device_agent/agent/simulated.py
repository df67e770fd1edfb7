"""Simulated devices for `infomat demo`: the real agent (enrollment, spool, sender,
commands) with made-up probe values, so the dashboard shows a living fleet.

    python -m device_agent.agent.simulated --server URL --data-dir DIR --codes FILE

Only the measurements and the actuators are simulated: what a fleet of 42 machines
would measure cannot be produced on one machine. Everything between the probe and
the collector is the code real devices run.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import math
import random
import signal
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

import requests

from device_agent.agent.credentials import Credentials, EnrollmentError, enroll
from device_agent.agent.runner import Agent
from device_agent.agent.sender import Sender
from device_agent.agent.spool import Spool

log = logging.getLogger(__name__)


class SimulatedScreens:
    """What a simulated kiosk has on screen: the alerts in force for its channels, read
    from the server room's public API (a real kiosk reads them from its synced snapshot),
    at most every `seconds` per gmina, shared by all the simulated kiosks."""

    def __init__(self, server: str, session: requests.Session, seconds: float = 10.0) -> None:
        self.server, self.session, self.seconds = server, session, seconds
        self._alerts: dict[str, tuple[float, list[int]]] = {}
        self._lock = threading.Lock()

    def alerts(self, municipality: str) -> list[int]:
        with self._lock:
            at, ids = self._alerts.get(municipality, (0.0, []))
            if time.monotonic() - at < self.seconds:
                return ids
            try:
                answer = self.session.get(
                    f"{self.server}/api/v1/alerts",
                    params={"channel": ",".join(dict.fromkeys(["powiat", municipality]))},
                    timeout=5,
                )
                ids = [item["id"] for item in answer.json()["items"]]
            except (requests.RequestException, ValueError, KeyError, TypeError):
                pass  # keep showing what was shown; the server room may be restarting
            self._alerts[municipality] = (time.monotonic(), ids)
            return ids


class SimulatedProbe:
    """Plausible, slowly wandering values for one kiosk or hotspot."""

    def __init__(
        self,
        device_id: str,
        kind: str,
        seed: int,
        screens: SimulatedScreens | None = None,
        municipality: str = "powiat",
    ) -> None:
        self.device_id = device_id
        self.kind = kind
        self.screens, self.municipality = screens, municipality
        self.random = random.Random(seed)  # noqa: S311 - simulation, not crypto
        self.boot = f"sim-{uuid.UUID(int=self.random.getrandbits(128))}"
        self.booted_at = time.time() - self.random.uniform(3600, 20 * 86_400)
        self.cpu = self.random.uniform(3, 15)
        self.disk = self.random.uniform(20, 60)
        self.version = 1

    def boot_id(self) -> str:
        """This simulated boot."""
        return self.boot

    def sample(self) -> dict:
        """One report's worth of made-up but consistent measurements."""
        now = time.time()
        hour = datetime.now().hour + datetime.now().minute / 60
        daylight = max(0.0, math.sin(math.pi * (hour - 7) / 14)) if 7 <= hour <= 21 else 0.0
        self.cpu = min(95.0, max(1.0, self.cpu + self.random.uniform(-3, 3)))
        report = {
            "kind": self.kind,
            "simulated": True,
            "system": {
                "boot_time": self.booted_at,
                "uptime": round(now - self.booted_at),
                "load": [round(self.cpu / 40, 2)] * 3,
                "cpu_percent": round(self.cpu, 1),
                "memory": {
                    "total": 4 << 30,
                    "available": 2 << 30,
                    "percent": round(40 + self.cpu / 5, 1),
                },
                "disk": {
                    "path": "/var/lib/infomat",
                    "total": 32 << 30,
                    "used": 0,
                    "percent": round(self.disk, 1),
                },
                "temperature_c": round(38 + self.cpu / 3 + self.random.uniform(-1, 1), 1),
                "interfaces": {"eth0": {"up": True, "bytes_sent": 0, "bytes_recv": 0}},
                "agent_rss": 28 << 20,
            },
            "sync": {
                "version": self.version,
                "last_success_age": self.random.randint(1, 60),
                "last_error": None,
            },
            "wan": {"ok": True, "ms": round(self.random.uniform(8, 40), 1)},
        }
        if self.kind == "kiosk":
            report["ui_liveness_age"] = round(self.random.uniform(0, 5), 1)
            alerts = self.screens.alerts(self.municipality) if self.screens else []
            report["ui"] = {"screen": "home", "alerts": alerts, "snapshot": self.version}
        else:
            clients = round(daylight * self.random.uniform(4, 25) + self.random.uniform(0, 2))
            report["hotspot"] = {"alive": True, "clients": clients}
        return report


class SimulatedActions:
    """Verbs carried out in make-believe; a screenshot is drawn, not taken."""

    def __init__(self, device_id: str, name: str) -> None:
        self.device_id = device_id
        self.name = name

    def run(self, verb: str, arguments: dict, command_id: str) -> dict:
        """Pretend to do it; a screenshot is a drawn picture of a kiosk screen."""
        if verb == "screenshot":
            return {"detail": "symulowany zrzut ekranu", "png": self._picture()}
        return {"detail": "wykonano w symulacji"}

    def _picture(self) -> bytes:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (540, 960), "#f5f7fa")
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, 540, 120), fill="#0b5394")
        draw.text((30, 40), "Powiat Lubelski - Infomat", fill="white", font_size=30)
        for row in range(3):
            for col in range(2):
                x, y = 30 + col * 250, 180 + row * 240
                draw.rounded_rectangle(
                    (x, y, x + 230, y + 210), 16, fill="white", outline="#d8dee6"
                )
        draw.text(
            (30, 900),
            f"{self.device_id} · {datetime.now():%H:%M:%S} · symulacja",
            fill="#5b6675",
            font_size=20,
        )
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()


def _credentials(server: str, directory: Path, code: str | None, session) -> Credentials | None:
    try:
        return Credentials.load(directory)
    except EnrollmentError:
        pass
    if not code:
        return None
    credentials = enroll(server, code, session)
    credentials.save(directory)
    return credentials


def run_fleet(server: str, data_dir: Path, devices: dict[str, dict], stop: threading.Event) -> None:
    """Enroll (once) and run one agent thread per simulated device until `stop`."""
    threads = []
    screens = SimulatedScreens(server, requests.Session())
    for number, (device_id, info) in enumerate(sorted(devices.items())):
        directory = data_dir / device_id
        session = requests.Session()
        try:
            credentials = _credentials(server, directory, info.get("code"), session)
        except EnrollmentError as exc:
            log.error("simulated %s cannot enroll: %s", device_id, exc)
            continue
        if credentials is None:
            continue
        spool = Spool(directory / "spool.db", max_age_seconds=7 * 86_400, max_bytes=5_000_000)
        agent = Agent(
            info["kind"],
            SimulatedProbe(
                device_id,
                info["kind"],
                seed=number,
                screens=screens,
                municipality=info.get("municipality") or "powiat",
            ),
            spool,
            Sender(session, credentials, spool, timeout=10),
            SimulatedActions(device_id, info.get("name", device_id)),
            interval=float(info.get("interval", 15)),
        )
        thread = threading.Thread(target=agent.run, args=(stop,), name=device_id, daemon=True)
        thread.start()
        threads.append(thread)
        # Spread the first reports over a second, as real devices are not in lockstep.
        time.sleep(0.02)
    log.info("%d simulated agents running", len(threads))
    for thread in threads:
        thread.join()


def main() -> None:
    """Run the simulated fleet described in --codes until SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--codes", type=Path, required=True, help="JSON: device id → kind, code")
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    devices = json.loads(args.codes.read_text())
    for _ in range(300):
        try:
            requests.get(args.server + "/healthz", timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        run_fleet(args.server, args.data_dir, devices, stop)
    except KeyboardInterrupt:
        stop.set()


if __name__ == "__main__":
    main()
