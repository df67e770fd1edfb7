"""/metrics: the fleet in Prometheus exposition format, for counties that run Prometheus.

Values are computed from fleet.db at scrape time (no state kept in the worker), so
every gunicorn worker answers the same.
"""

from __future__ import annotations

import hmac
import ipaddress
import time

from flask import Blueprint, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from device_agent.collector.db import get_db
from device_agent.collector.fleet_state import Limits, load_states

bp = Blueprint("fleet_metrics", __name__)


class FleetCollector:
    """A prometheus_client collector over one fleet.db connection."""

    def __init__(self, db, limits: Limits) -> None:
        self.db = db
        self.limits = limits

    def collect(self):
        """Yield the metric families."""
        now = time.time()
        labels = ["device", "kind", "municipality"]
        up = GaugeMetricFamily(
            "infomat_device_up", "1 when the device reports on time", labels=labels
        )
        seen = GaugeMetricFamily(
            "infomat_device_last_seen_seconds", "Seconds since the last report", labels=labels
        )
        disk = GaugeMetricFamily(
            "infomat_device_disk_percent", "Disk use of the data dir", labels=labels
        )
        clients = GaugeMetricFamily(
            "infomat_hotspot_clients", "Wi-Fi clients on the hotspot", labels=labels
        )
        problems = GaugeMetricFamily("infomat_device_problems", "Open problems", labels=labels)
        for device in load_states(self.db, now, self.limits):
            values = [device.id, device.row["kind"], device.row["municipality"] or ""]
            up.add_metric(values, 1.0 if device.up else 0.0)
            if device.row["last_seen"]:
                seen.add_metric(values, round(now - device.row["last_seen"], 1))
            measured = device.latest
            if measured.get("disk") is not None:
                disk.add_metric(values, measured["disk"])
            if device.row["kind"] == "hotspot" and measured.get("clients") is not None:
                clients.add_metric(values, measured["clients"])
            problems.add_metric(values, len(device.problems) + (device.state == "offline"))
        rejected = CounterMetricFamily(
            "infomat_collector_rejected_requests", "Refused device requests", labels=["reason"]
        )
        for reason, count in self.db.execute("SELECT reason, count FROM rejections"):
            rejected.add_metric([reason], count)
        yield from (up, seen, disk, clients, problems, rejected)


def _from_loopback() -> bool:
    """Whether the client is this machine: a scraper on the server room itself.

    Behind nginx, proxy_hops makes remote_addr the forwarded client's address. A request
    that came through a proxy while proxy_hops is 0 has only the proxy's address (often
    127.0.0.1): it is not trusted as loopback.
    """
    if not current_app.config["PROXY_HOPS"] and "X-Forwarded-For" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


@bp.get("/metrics")
def metrics():
    """The exposition: to loopback scrapers, or to anyone with fleet_metrics_token when
    it is set."""
    token = current_app.config["FLEET_METRICS_TOKEN"]
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and not hmac.compare_digest(given.encode(), token.encode()):
        return Response("unauthorized\n", status=401, mimetype="text/plain")
    if not token and not _from_loopback():
        return Response(
            "forbidden: /metrics answers only this machine unless fleet_metrics_token is set\n",
            status=403,
            mimetype="text/plain",
        )
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FleetCollector(get_db(), Limits.from_config(current_app.config)))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
