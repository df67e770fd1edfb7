"""The Ansible playbooks pass --syntax-check and ansible-lint (production profile), and the
example inventory holds the county: 20 kiosks and 22 hotspots grouped by gmina."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require

PROVISIONING = Path(__file__).resolve().parents[2] / "provisioning"
BIN = Path(sys.executable).parent
PLAYBOOKS = ("server.yml", "kiosk.yml", "hotspot.yml")


def ansible(tool: str, *argv: str) -> subprocess.CompletedProcess:
    program = BIN / tool if (BIN / tool).exists() else shutil.which(tool)
    require(program is not None, f"{tool} (pip install ansible-core ansible-lint)")
    env = os.environ | {"ANSIBLE_CONFIG": str(PROVISIONING / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    return subprocess.run(
        [str(program), *argv], cwd=PROVISIONING, capture_output=True, text=True, env=env,
        timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_each_playbook_passes_the_syntax_check(playbook):
    done = ansible("ansible-playbook", "--syntax-check", playbook)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_playbooks_and_roles_pass_ansible_lint_in_the_production_profile():
    done = ansible("ansible-lint", *PLAYBOOKS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Profile 'production' was required, and it passed" in done.stdout + done.stderr


def test_the_inventory_groups_the_20_kiosks_and_22_hotspots_by_gmina():
    done = ansible("ansible-inventory", "--list")
    assert done.returncode == 0, done.stderr
    inventory = json.loads(done.stdout)

    def hosts(group: str) -> set[str]:
        found = set(inventory.get(group, {}).get("hosts", []))
        for child in inventory.get(group, {}).get("children", []):
            found |= hosts(child)
        return found

    assert len(hosts("kiosks")) == 20 and len(hosts("hotspots")) == 22
    assert hosts("kiosks_garbow") == {"kiosk-04"}
    assert inventory["_meta"]["hostvars"]["hotspot-22"]["infomat_gmina"] == "garbow"
