"""Fixtures for the portal: the app with two gateways (levels 1 and 2) and fas queries
built the way openNDS builds them."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from captive_portal.db import open_portal_db
from tests.conftest import log_in

GATEWAYS = [
    {"name": "hotspot-04", "hotspot": "hotspot-04", "faskey": "key-of-garbow", "fas_level": 1},
    {"name": "hotspot-08", "hotspot": "hotspot-08", "faskey": "key-of-konopnica", "fas_level": 2},
]
# The hotspots' LANs in tests are documentation ranges, added to the private default.
GATEWAY_NETWORKS = [
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8", "198.51.100.0/24",
    "203.0.113.0/24",
]  # fmt: skip


@pytest.fixture
def make_portal_app(make_app):
    """Factory: the server room with the two test gateways and any further settings."""

    def make(**settings):
        return make_app(
            PORTAL_GATEWAYS=GATEWAYS, PORTAL_GATEWAY_NETWORKS=GATEWAY_NETWORKS, **settings
        )

    return make


@pytest.fixture
def portal_app(make_portal_app):
    """The server room with the two test gateways."""
    return make_portal_app()


@pytest.fixture
def phone(portal_app):
    """A phone's captive mini-browser."""
    return portal_app.test_client()


def fas_fields(gateway="hotspot-04", **overrides) -> str:
    """openNDS's "key=value, key=value" text for one client."""
    fields = {
        "hid": hashlib.sha256(os.urandom(8)).hexdigest(),
        "clientip": "198.51.100.2",
        "clientmac": "96:d3:0e:3a:75:f9",
        "client_type": "cpd_can",
        "gatewayname": gateway,
        "gatewayurl": "http%3a%2f%2f198.51.100.1%2f",
        "version": "9.10.0",
        "gatewayaddress": "198.51.100.1:2050",
        "gatewaymac": "aa:bb:cc:dd:ee:ff",
        "originurl": "http%3a%2f%2fexample.org%2fnews%3fa%3d1",
        "clientif": "gwlan",
        "themespec": "",
    } | overrides
    return ", ".join(f"{key}={value}" for key, value in fields.items())


def level1(text: str) -> dict:
    """The query openNDS sends at fas_secure_enabled 1."""
    return {"fas": base64.b64encode(text.encode()).decode()}


def level2(text: str, faskey: str, iv: str = "0123456789abcdef") -> dict:
    """The query at level 2: base64(base64(AES-256-CBC(text))) and iv, as PHP does it."""
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode()) + padder.finalize()
    key = faskey.encode().ljust(32, b"\0")[:32]
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv.encode())).encryptor()
    inner = base64.b64encode(encryptor.update(data) + encryptor.finalize())
    return {"fas": base64.b64encode(inner).decode(), "iv": iv}


@pytest.fixture
def portal_db(portal_app, data_dir):
    """A connection to the test's portal.db."""
    db = open_portal_db(data_dir)
    yield db
    db.close()


@pytest.fixture
def admin(portal_app):
    """A county admin logged in to the server room."""
    client = portal_app.test_client()
    assert log_in(client, "admin").status_code == 302
    return client


def fas_query(gateway: str = "hotspot-04", **overrides) -> dict:
    """The query openNDS sends for one client of a test gateway, at that gateway's level."""
    settings = next(g for g in GATEWAYS if g["name"] == gateway)
    text = fas_fields(gateway, **overrides)
    return level1(text) if settings["fas_level"] == 1 else level2(text, settings["faskey"])
