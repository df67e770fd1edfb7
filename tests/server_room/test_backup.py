"""Backups: consistent while the server writes, generations kept, restore verified."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time

import pytest
from click.testing import CliRunner

from server_room.backup import BackupError, backup, generations, restore
from server_room.cli import infomat


def rows(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM items").fetchone()[0]


def test_a_backup_taken_while_a_writer_works_is_consistent(data_dir, tmp_path):
    stop = threading.Event()

    def writer():
        db = sqlite3.connect(data_dir / "content.db", timeout=15)
        db.execute("CREATE TABLE IF NOT EXISTS churn (n INTEGER, pad TEXT)")
        n = 0
        while not stop.is_set():
            with db:
                db.execute("INSERT INTO churn VALUES (?, ?)", [n, "x" * 500])
            n += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.2)
        generation = backup(data_dir, data_dir / "keys", tmp_path / "backups", keep=3)
    finally:
        stop.set()
        thread.join()
    copy = sqlite3.connect(generation / "content.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    numbers = [n for (n,) in copy.execute("SELECT n FROM churn ORDER BY n")]
    assert numbers == list(range(len(numbers)))  # a prefix: no torn transaction
    assert (generation / "keys").is_dir() and (generation / "sync").is_dir()


def test_only_the_newest_generations_are_kept(data_dir, tmp_path):
    made = []
    for _ in range(4):
        made.append(backup(data_dir, data_dir / "keys", tmp_path / "b", keep=2))
        time.sleep(1.05)  # generations are named by the second
    assert generations(tmp_path / "b") == made[-2:]


def test_restore_brings_back_what_was_lost(data_dir, tmp_path):
    before = rows(data_dir / "content.db")
    generation = backup(data_dir, data_dir / "keys", tmp_path / "b", keep=1)
    (data_dir / "content.db").unlink()
    shutil.rmtree(data_dir / "keys")
    restored = restore(generation, data_dir, data_dir / "keys")
    assert "content.db" in restored and "keys" in restored
    assert rows(data_dir / "content.db") == before
    assert any((data_dir / "keys").iterdir())


def test_a_damaged_generation_is_refused_and_nothing_is_replaced(data_dir, tmp_path):
    generation = backup(data_dir, data_dir / "keys", tmp_path / "b", keep=1)
    with open(generation / "content.db", "r+b") as fh:
        fh.seek(200)
        fh.write(b"\xde\xad" * 50)
    current = (data_dir / "content.db").read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        restore(generation, data_dir, data_dir / "keys")
    assert (data_dir / "content.db").read_bytes() == current


def test_the_commands_back_up_and_restore_with_clear_messages(data_dir, tmp_path):
    runner = CliRunner()
    made = runner.invoke(
        infomat, ["backup", "--data-dir", str(data_dir), "--to", str(tmp_path / "b")]
    )
    assert made.exit_code == 0, made.output
    generation = generations(tmp_path / "b")[-1]
    back = runner.invoke(
        infomat, ["restore", "--data-dir", str(data_dir), "--from", str(generation)]
    )
    assert back.exit_code == 0 and "restored content.db" in back.output
    wrong = runner.invoke(
        infomat, ["restore", "--data-dir", str(data_dir), "--from", str(tmp_path)]
    )
    assert wrong.exit_code == 1 and "is not a backup generation" in wrong.output
