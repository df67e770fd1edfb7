"""Fixtures for the server room as deployed: its TOML file and the room on real HTTP at a
port that survives a restart."""

from __future__ import annotations

import json

import pytest

from tests.captive_portal.conftest import GATEWAY_NETWORKS, GATEWAYS


@pytest.fixture
def config_file(tmp_path, data_dir):
    """/etc/infomat/infomat.toml for the test's data dir, keys in it, the two test gateways."""
    gateways = "".join(
        "\n[[captive_portal.portal_gateways]]\n"
        + "".join(f"{key} = {json.dumps(value)}\n" for key, value in gateway.items())
        for gateway in GATEWAYS
    )
    path = tmp_path / "infomat.toml"
    path.write_text(
        f"[server_room]\ndata_dir = {json.dumps(str(data_dir))}\n"
        "[backoffice]\nsecure_cookies = false\n"
        f"[content_sync]\nsync_keys_dir = {json.dumps(str(data_dir / 'keys'))}\n"
        f"[captive_portal]\nportal_gateway_networks = {json.dumps(GATEWAY_NETWORKS)}\n" + gateways
    )
    return path
