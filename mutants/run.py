"""`make mutants`: applies each realistic fault in mutants/*.diff to a scratch copy of the
tree and checks that the tests it names catch it.

A mutant is caught when its tests pass on the unmutated tree and fail (pytest exit 1) on
the mutated one. Anything else is reported for what it is: the patch does not apply, the
tests fail even without the fault (baseline fails), or pytest could not run them (broken
mutant: a collection error, no such test, an interrupted run).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import fnmatch
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
# The venv's python has the project installed editable from ROOT; the scratch copy is put
# first on PYTHONPATH (ahead of the editable finder, which setuptools appends to
# sys.meta_path) and is pytest's rootdir, so its modules are the ones imported.
PYTHON = ROOT / ".venv" / "bin" / "python"
PYTEST = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
PACKAGES = ("backoffice", "captive_portal", "common", "content_sync", "device_agent",
            "kiosk_ui", "server_room")  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    """One fault: its file, the promise it breaks and the tests that must catch it."""

    path: Path
    why: str
    tests: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass
class Outcome:
    """What running one mutant showed."""

    mutant: Mutant
    verdict: str
    seconds: float
    detail: str = ""

    @property
    def caught(self) -> bool:
        return self.verdict == "caught"


def read_mutant(path: Path) -> Mutant:
    """The `# why:` and `# test:` header lines of a mutant file (before its diff)."""
    why, tests = "", ()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key.strip() == "why":
            why = value.strip()
        elif key.strip() == "test":
            tests = tuple(value.split())
    return Mutant(path, why, tests)


def tree_files(root: Path) -> list[str]:
    """The tree as git sees it, committed and new files alike, without what .gitignore
    keeps out (.venv, data dirs, build/, caches)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


def copy_tree(root: Path, target: Path) -> None:
    """A plain copy of the tree's files (no hardlinks: a fault must never reach ROOT)."""
    for name in tree_files(root):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name, follow_symlinks=False)


def scratch_env(scratch: Path) -> dict[str, str]:
    """The environment tests run in: the scratch copy first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(scratch), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def check_imports_come_from(scratch: Path) -> None:
    """Refuse to run at all unless the project's packages import from the scratch copy."""
    code = f"import {', '.join(PACKAGES)}; print({', '.join(p + '.__file__' for p in PACKAGES)})"
    done = subprocess.run(
        [str(PYTHON), "-c", code], cwd=scratch, env=scratch_env(scratch),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    files = done.stdout.split()
    if done.returncode or not files or not all(f.startswith(str(scratch)) for f in files):
        sys.exit(f"mutants: the scratch copy is not imported:\n{done.stdout}{done.stderr}")


def tail(output: str, lines: int = 15) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])


class Runner:
    """Runs mutants against copies of one base tree, checking each test set's baseline once."""

    def __init__(self, workdir: Path, timeout: float, verbose: bool) -> None:
        self.workdir = workdir
        self.base = workdir / "base"
        self.timeout = timeout
        self.verbose = verbose
        self._baselines: dict[tuple[str, ...], concurrent.futures.Future] = {}
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen] = set()
        self._stopped = False

    def stop(self) -> None:
        """Kill every pytest still running (with the servers its tests started) and run no more."""
        with self._lock:
            self._stopped = True
            for proc in self._running:
                os.killpg(proc.pid, signal.SIGKILL)

    def pytest(self, scratch: Path, tests: tuple[str, ...]) -> tuple[int | None, str]:
        """pytest's exit code on `tests` in `scratch` (None on timeout) and its output."""
        with self._lock:
            if self._stopped:
                return None, "interrupted"
            proc = subprocess.Popen(
                [str(PYTHON), *PYTEST, *tests], cwd=scratch, env=scratch_env(scratch),
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                start_new_session=True,
            )  # fmt: skip
            self._running.add(proc)
        try:
            output, _ = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            # the tests' own servers and agents run in the same session: stop them all
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
            return None, output
        finally:
            with self._lock:
                self._running.discard(proc)
        return proc.returncode, output

    def prepare(self) -> None:
        self.base.mkdir()
        copy_tree(ROOT, self.base)
        check_imports_come_from(self.base)

    def baseline(self, tests: tuple[str, ...]) -> tuple[int | None, str]:
        """The unmutated tree's result for `tests`, computed by whichever mutant asks first."""
        with self._lock:
            future = self._baselines.get(tests)
            mine = future is None
            if mine:
                future = self._baselines[tests] = concurrent.futures.Future()
        if mine:
            scratch = Path(tempfile.mkdtemp(prefix="baseline-", dir=self.workdir))
            try:
                shutil.copytree(self.base, scratch, symlinks=True, dirs_exist_ok=True)
                future.set_result(self.pytest(scratch, tests))
            except BaseException as exc:  # the mutants waiting for this baseline must not hang
                future.set_exception(exc)
                raise
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        return future.result()

    def run(self, mutant: Mutant) -> Outcome:
        started = time.monotonic()
        verdict, detail = self._verdict(mutant)
        return Outcome(mutant, verdict, time.monotonic() - started, detail)

    def _verdict(self, mutant: Mutant) -> tuple[str, str]:
        if not mutant.tests:
            return "broken mutant", "no `# test:` line"
        scratch = Path(tempfile.mkdtemp(prefix=f"{mutant.name}-", dir=self.workdir))
        try:
            shutil.copytree(self.base, scratch, symlinks=True, dirs_exist_ok=True)
            patched = subprocess.run(
                ["patch", "-p1", "--forward", "--batch", "--no-backup-if-mismatch",
                 "-r", "-", "-i", str(mutant.path)],
                cwd=scratch, capture_output=True, text=True,
            )  # fmt: skip
            if patched.returncode:
                return "does not apply", tail(patched.stdout + patched.stderr)
            code, output = self.pytest(scratch, mutant.tests)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if code is None:
            return "timed out", tail(output)
        if code == 0:
            return "NOT CAUGHT", tail(output) if self.verbose else ""
        if code != 1:
            return "broken mutant", f"pytest exit {code}\n{tail(output)}"
        base_code, base_output = self.baseline(mutant.tests)
        if base_code != 0:
            return "baseline fails", f"pytest exit {base_code}\n{tail(base_output)}"
        return "caught", tail(output) if self.verbose else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mutants", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="mutant files to run (default: mutants/*.diff)"
    )
    parser.add_argument("--only", metavar="PATTERN", help="glob on mutant names, e.g. 'sync-*'")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="mutants run at once")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per pytest run")
    parser.add_argument("-v", "--verbose", action="store_true", help="show pytest's output")
    args = parser.parse_args(argv)

    files = args.files or sorted(MUTANTS.glob("*.diff"))
    mutants = [read_mutant(path.resolve()) for path in files]
    if args.only:
        pattern = args.only if any(c in args.only for c in "*?[") else f"*{args.only}*"
        mutants = [m for m in mutants if fnmatch.fnmatch(m.name, pattern)]
    if not mutants:
        print("mutants: none match")
        return 1
    with tempfile.TemporaryDirectory(prefix="infomat-mutants-") as workdir:
        runner = Runner(Path(workdir), args.timeout, args.verbose)
        runner.prepare()
        outcomes = []
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            try:
                for outcome in pool.map(runner.run, mutants):
                    outcomes.append(outcome)
                    print(f"{outcome.verdict:<15} {outcome.mutant.name} ({outcome.seconds:.1f} s)")
                    if outcome.detail:
                        print("    " + outcome.detail.replace("\n", "\n    "))
                    sys.stdout.flush()
            except KeyboardInterrupt:
                runner.stop()
                pool.shutdown(cancel_futures=True)
                print("mutants: interrupted", file=sys.stderr)
                return 130
    caught = sum(outcome.caught for outcome in outcomes)
    print(f"mutants: {caught} caught of {len(outcomes)}")
    return 0 if caught == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
