"""Putting one device's agent together from its settings and enrolled credentials."""

from __future__ import annotations

import requests

from device_agent.agent.actions import DeviceActions
from device_agent.agent.credentials import Credentials
from device_agent.agent.probes import DeviceProbe
from device_agent.agent.runner import Agent
from device_agent.agent.sender import Sender
from device_agent.agent.spool import Spool


def build_agent(settings: dict) -> Agent:
    """The agent of this device; EnrollmentError when it has not enrolled yet."""
    data_dir = settings["AGENT_DATA_DIR"]
    credentials = Credentials.load(data_dir)
    server = settings["AGENT_SERVER"] or credentials.server
    session = requests.Session()
    spool = Spool(
        f"{data_dir}/spool.db",
        max_age_seconds=settings["AGENT_SPOOL_MAX_DAYS"] * 86_400,
        max_bytes=settings["AGENT_SPOOL_MAX_BYTES"],
    )
    sender = Sender(
        session,
        credentials,
        spool,
        timeout=settings["AGENT_TIMEOUT_SECONDS"],
        batch=settings["AGENT_BATCH"],
        server=server,
    )
    probe = DeviceProbe(
        settings, session, settings["AGENT_WAN_PROBE_URL"] or server.rstrip("/") + "/healthz"
    )
    return Agent(
        settings["AGENT_KIND"],
        probe,
        spool,
        sender,
        DeviceActions(settings),
        settings["AGENT_INTERVAL_SECONDS"],
    )
