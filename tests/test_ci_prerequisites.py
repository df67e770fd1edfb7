"""Under CI a missing prerequisite fails the run; elsewhere it skips, saying what is missing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import in_ci, require, require_module

ROOT = Path(__file__).resolve().parents[1]
# Ways a test could skip on its own, past `require` and its CI rule.
OWN_SKIPS = re.compile(r"importorskip|pytest\.skip\(|mark\.skip|skipif|pytest\.xfail|mark\.xfail")
NEEDS_A_TOOL = """
from tests.conftest import require


def test_needs_a_tool_this_machine_lacks():
    require(False, "a tool this machine lacks")
"""


@pytest.mark.parametrize("value", ["true", "1", "yes", "True", "TRUE", "Yes", " true "])
def test_every_usual_spelling_of_ci_counts_as_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="missing prerequisite in CI: xvfb"):
        require(False, "xvfb")


@pytest.mark.parametrize("value", [None, "", "0", "false", "no"])
def test_outside_ci_a_missing_prerequisite_skips(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="missing prerequisite: xvfb"):
        require(False, "xvfb")


def test_a_missing_module_is_a_prerequisite_too(monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="no_such_browser_driver"):
        require_module("no_such_browser_driver.sync_api", "no_such_browser_driver")
    assert require_module("json", "json") is sys.modules["json"]


@pytest.mark.parametrize(
    ("ci", "exit_code", "outcome"),
    [("1", 1, "1 failed"), ("0", 0, "1 skipped")],
    ids=["under-ci-it-fails", "elsewhere-it-skips"],
)
def test_a_pytest_run_with_a_missing_prerequisite(tmp_path, ci, exit_code, outcome):
    (tmp_path / "test_needs_a_tool.py").write_text(NEEDS_A_TOOL)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", tmp_path.name],
        cwd=tmp_path.parent,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CI": ci},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == exit_code, done.stdout + done.stderr
    assert outcome in done.stdout and "a tool this machine lacks" in done.stdout


def test_no_test_skips_on_its_own_past_require():
    own = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path not in (ROOT / "tests" / "conftest.py", Path(__file__))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OWN_SKIPS.search(line)
    ]
    assert own == [], "route these through tests.conftest.require:\n" + "\n".join(own)
