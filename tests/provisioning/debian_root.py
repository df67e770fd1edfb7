"""A throwaway Debian 12 root made with debootstrap, to apply the playbooks into for real.

Ansible runs inside the root with `connection: local` (ansible-core's chroot plugin lives
in a collection this machine cannot fetch), as it would on a machine that provisions
itself. The base root (debootstrap + Ansible) is built once and kept as a tarball under
build/, so each test extracts a fresh copy. Nothing is bind-mounted except /proc, and a
root is deleted only once nothing is mounted under it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.provisioning.release import ROOT, build_wheel

CACHE = ROOT / "build" / "provision"
MIRROR = "http://deb.debian.org/debian"
# systemd for `systemctl enable`, python3-apt for Ansible's apt module, venv for Ansible.
BASE_PACKAGES = "systemd,systemd-sysv,python3,python3-apt,python3-venv,sudo,ca-certificates"
ANSIBLE_VENV = "/opt/ansible"
SOURCE = "/opt/infomat-src"
_RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


@dataclass
class Applied:
    """One ansible-playbook run: its exit code, the recap's counts and the whole output."""

    returncode: int
    changed: int
    failed: int
    output: str

    def changed_tasks(self) -> list[str]:
        """The names of the tasks that reported a change."""
        names, current = [], ""
        for line in self.output.splitlines():
            if line.startswith(("TASK [", "RUNNING HANDLER [")):
                current = line.split("[", 1)[1].rsplit("]", 1)[0]
            elif line.startswith("changed:") and current not in names:
                names.append(current)
        return names


def run(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)


def ansible_version() -> str:
    """The ansible-core the project's own checks use, so both sides agree."""
    from importlib.metadata import version

    return version("ansible-core")


def base_tarball() -> Path:
    """debootstrap bookworm + Ansible in a venv, built once and cached."""
    tarball = CACHE / f"bookworm-ansible-{ansible_version()}.tar"
    if tarball.exists():
        return tarball
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = CACHE / "base"
    remove_root(staging)
    run("debootstrap", "--variant=minbase", f"--include={BASE_PACKAGES}", "bookworm",
        str(staging), MIRROR, timeout=1200)  # fmt: skip
    root = DebianRoot(staging)
    root.prepare_network_and_services()
    with root.mounted():
        root.run("python3", "-m", "venv", ANSIBLE_VENV)
        root.run(f"{ANSIBLE_VENV}/bin/pip", "install", "-q", f"ansible-core=={ansible_version()}")
    partial = tarball.with_suffix(".partial")
    run("tar", "-C", str(staging), "-cf", str(partial), ".")
    partial.rename(tarball)
    remove_root(staging)
    return tarball


def remove_root(path: Path) -> None:
    """Delete a root, refusing while anything is still mounted inside it."""
    if not path.exists():
        return
    mounts = Path("/proc/mounts").read_text().split("\n")
    inside = [m for m in mounts if len(m.split()) > 1 and m.split()[1].startswith(f"{path}/")]
    if inside:
        raise RuntimeError(f"still mounted inside {path}: {inside}")
    shutil.rmtree(path)


class DebianRoot:
    """One extracted root: run commands in it and apply playbooks to it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def fresh(cls, path: Path) -> DebianRoot:
        tarball = base_tarball()
        path.mkdir(parents=True)
        run("tar", "-C", str(path), "-xf", str(tarball))
        return cls(path)

    def prepare_network_and_services(self) -> None:
        """What an image builder does: this network's CAs and resolver, and no daemon
        started by a package's postinst inside the root (policy-rc.d)."""
        for ca in Path("/usr/local/share/ca-certificates").glob("*.crt"):
            shutil.copy(ca, self.path / "usr/local/share/ca-certificates" / ca.name)
        shutil.copy("/etc/resolv.conf", self.path / "etc/resolv.conf")
        policy = self.path / "usr/sbin/policy-rc.d"
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
        self.run("update-ca-certificates")

    @contextmanager
    def mounted(self):
        """/proc mounted in the root for the block (Ansible's facts need it)."""
        run("mount", "-t", "proc", "proc", str(self.path / "proc"))
        try:
            yield self
        finally:
            run("umount", str(self.path / "proc"))

    def run(
        self, *argv: str, check: bool = True, timeout: float = 1200
    ) -> subprocess.CompletedProcess:
        """A command inside the root with a clean environment (no host pip settings)."""
        env = [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME=/root",
            "LANG=C.UTF-8",
            "DEBIAN_FRONTEND=noninteractive",
            "ANSIBLE_NOCOLOR=1",
            f"ANSIBLE_CONFIG={SOURCE}/provisioning/ansible.cfg",
        ]
        return subprocess.run(
            ["chroot", str(self.path), "/usr/bin/env", "-i", *env, *argv],
            check=check, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip

    def install_control_files(self, trust_root: bytes) -> None:
        """The control node's side, inside the root: the provisioning tree from this
        working copy, the release wheel (`make wheel`) and the hub's trust root."""
        target = self.path / SOURCE.lstrip("/")
        shutil.copytree(ROOT / "provisioning", target / "provisioning")
        (target / "dist").mkdir()
        build_wheel(target / "dist")
        (target / "provisioning" / "files").mkdir(exist_ok=True)
        (target / "provisioning" / "files" / "1.root.json").write_bytes(trust_root)

    def apply(self, playbook: str, host: str, extra_vars: dict | None = None) -> Applied:
        """ansible-playbook for one inventory host, with the connection local to the root;
        `extra_vars` stand in for the vault."""
        done = self.run(
            f"{ANSIBLE_VENV}/bin/ansible-playbook", "-c", "local", "--limit", host,
            "-i", f"{SOURCE}/provisioning/inventory/hosts.yml",
            "-e", json.dumps(extra_vars or {}), f"{SOURCE}/provisioning/{playbook}", check=False,
        )  # fmt: skip
        output = done.stdout + done.stderr
        recap = {m.group(1): m.groups()[1:] for m in _RECAP.finditer(output)}
        _ok, changed, _unreachable, failed = (int(n) for n in recap.get(host, ("0", "0", "0", "1")))
        return Applied(done.returncode, changed, failed, output)
