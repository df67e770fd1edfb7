"""What the agent measures: the machine (psutil), the kiosk app, the hotspot, the uplink.

Each probe returns plain JSON-ready values and never raises: a probe that cannot
measure says so in its value (None, or an "error" entry), because a report with a
hole is worth more than no report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import requests

from device_agent.measures import BOUNDS

BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str:
    """The kernel's id of this boot: a new one after every reboot."""
    try:
        return BOOT_ID_FILE.read_text().strip()
    except OSError:
        import psutil

        return f"boot-{int(psutil.boot_time())}"


def system_sample(disk_path: str | Path) -> dict:
    """Boot time, uptime, load, CPU, memory, disk, temperatures, interfaces, own RSS."""
    import psutil

    now = time.time()
    boot = psutil.boot_time()
    memory = psutil.virtual_memory()
    sample = {
        "boot_time": boot,
        "uptime": round(now - boot),
        "load": [round(x, 2) for x in os.getloadavg()],
        "cpu_percent": psutil.cpu_percent(interval=None),
        "memory": {"total": memory.total, "available": memory.available, "percent": memory.percent},
        "disk": _disk(disk_path),
        "temperature_c": _max_temperature(psutil),
        "interfaces": _interfaces(psutil),
        "agent_rss": psutil.Process().memory_info().rss,
    }
    return sample


def _disk(path: str | Path) -> dict | None:
    target = Path(path)
    while not target.exists() and target != target.parent:
        target = target.parent
    try:
        usage = shutil.disk_usage(target)
    except OSError:
        return None
    return {
        "path": str(path),
        "total": usage.total,
        "used": usage.used,
        "percent": round(100 * usage.used / usage.total, 1) if usage.total else 0.0,
    }


def _max_temperature(psutil) -> float | None:
    reader = getattr(psutil, "sensors_temperatures", None)
    try:
        sensors = reader() if reader else {}
    except OSError:
        return None
    low, high = BOUNDS["temperature"]
    readings = [
        entry.current
        for entries in sensors.values()
        for entry in entries
        if low <= entry.current <= high  # NaN too is left out
    ]
    return round(max(readings), 1) if readings else None


def _interfaces(psutil) -> dict:
    stats = psutil.net_if_stats()
    counters = psutil.net_io_counters(pernic=True)
    result = {}
    for name, stat in stats.items():
        if name == "lo":
            continue
        io = counters.get(name)
        result[name] = {
            "up": stat.isup,
            "bytes_sent": io.bytes_sent if io else 0,
            "bytes_recv": io.bytes_recv if io else 0,
        }
    return result


def file_age_seconds(path: str | Path, now: float | None = None) -> float | None:
    """Seconds since `path` was last touched; None when it does not exist."""
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        return None
    return round(max(0.0, (time.time() if now is None else now) - mtime), 1)


def ui_on_screen(path: str | Path) -> dict:
    """What the kiosk UI says it shows (its liveness file); empty when unreadable.

    The file is written by another program: anything but a small JSON object is ignored.
    """
    try:
        with open(path, "rb") as handle:
            value = json.loads(handle.read(4096) or b"{}")
    except (OSError, ValueError):
        return {}
    if not isinstance(value, dict):
        return {}
    alerts = value.get("alerts")
    return {
        "screen": str(value.get("screen") or "")[:40] or None,
        "alerts": [a for a in alerts if isinstance(a, int) and not isinstance(a, bool)][:20]
        if isinstance(alerts, list)
        else [],
        "snapshot": value.get("snapshot") if isinstance(value.get("snapshot"), int) else None,
    }


def sync_check(sync_dir: str | Path, now: float | None = None) -> dict:
    """The sync's status file: snapshot version, age of its last success, its last error."""
    from datetime import datetime

    try:
        status = json.loads((Path(sync_dir) / "status.json").read_text())
    except (OSError, ValueError):
        return {
            "version": None,
            "last_success_age": None,
            "last_error": "brak pliku stanu synchronizacji",
        }
    age = None
    if status.get("last_success"):
        try:
            success = datetime.fromisoformat(status["last_success"]).timestamp()
            age = round((time.time() if now is None else now) - success)
        except ValueError:
            age = None
    return {
        "version": status.get("version"),
        "last_success_age": age,
        "last_error": status.get("last_error"),
    }


def opennds_check(ndsctl: str = "ndsctl") -> dict:
    """Whether openNDS answers `ndsctl json`, and how many clients it holds."""
    if not shutil.which(ndsctl):
        return {"alive": False, "clients": None, "error": f"brak programu {ndsctl}"}
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv from config
            [ndsctl, "json"], capture_output=True, text=True, timeout=10, check=True
        )
        data = json.loads(done.stdout)
    except (subprocess.SubprocessError, ValueError, OSError) as exc:
        return {"alive": False, "clients": None, "error": str(exc)[:200]}
    return {"alive": True, "clients": int(data.get("client_length", len(data.get("clients", {}))))}


def nft_set_size(set_spec: str) -> dict:
    """Elements in the nftables set `family table set` (authorized clients)."""
    parts = set_spec.split()
    if len(parts) != 3 or not shutil.which("nft"):
        return {"clients": None, "error": "nft or a 'family table set' spec missing"}
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv from config
            ["nft", "-j", "list", "set", *parts],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        entries = json.loads(done.stdout)["nftables"]
    except (subprocess.SubprocessError, ValueError, KeyError, OSError) as exc:
        return {"clients": None, "error": str(exc)[:200]}
    sets = [entry["set"] for entry in entries if "set" in entry]
    return {"clients": len(sets[0].get("elem", [])) if sets else 0}


def wan_probe(session: requests.Session, url: str, timeout: float = 5.0) -> dict:
    """One small request through the uplink: ok, and how long it took."""
    started = time.monotonic()
    try:
        response = session.get(url, timeout=timeout)
        ok = response.status_code < 500
    except requests.Timeout:
        return {"ok": False, "ms": None, "error": "brak odpowiedzi w czasie"}
    except requests.ConnectionError:
        return {"ok": False, "ms": None, "error": "brak połączenia"}
    except requests.RequestException:
        return {"ok": False, "ms": None, "error": "błąd połączenia"}
    return {"ok": ok, "ms": round(1000 * (time.monotonic() - started), 1)}


class DeviceProbe:
    """The real probes of one kiosk or hotspot, as its settings describe it."""

    def __init__(self, settings: dict, session: requests.Session, wan_url: str) -> None:
        self.kind = settings["AGENT_KIND"]
        self.sync_dir = settings["AGENT_SYNC_DIR"]
        self.liveness = settings["AGENT_LIVENESS_FILE"] or str(Path(self.sync_dir) / "ui-alive")
        self.ndsctl = settings["AGENT_NDSCTL"]
        self.nft_set = settings["AGENT_NFT_SET"]
        self.session = session
        self.wan_url = wan_url

    def boot_id(self) -> str:
        """This boot's id."""
        return boot_id()

    def sample(self) -> dict:
        """Everything, measured now."""
        report = {"kind": self.kind, "system": system_sample(self.sync_dir)}
        report["sync"] = sync_check(self.sync_dir)
        if self.kind == "kiosk":
            report["ui_liveness_age"] = file_age_seconds(self.liveness)
            report["ui"] = ui_on_screen(self.liveness)
        else:
            report["hotspot"] = (
                nft_set_size(self.nft_set) if self.nft_set else opennds_check(self.ndsctl)
            )
        report["wan"] = wan_probe(self.session, self.wan_url)
        return report
