"""Building the release wheel the playbooks install, as `make wheel` does, for tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_wheel(workdir: Path) -> Path:
    """The project's wheel, built from a clean copy of this working tree (setuptools packs
    whatever an earlier build left in build/lib, which could hide a missing file)."""
    source = workdir / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "data", "docs", "__pycache__", "*.egg-info"))  # fmt: skip
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(workdir), str(source)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if built.returncode != 0:
        raise RuntimeError(f"pip wheel failed: {built.stderr}")
    shutil.rmtree(source)
    (wheel,) = workdir.glob("infomat-*.whl")
    return wheel
