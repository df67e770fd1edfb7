"""Atomic writes: concurrent writers of one path never mix their bytes."""

from __future__ import annotations

import os
import threading

from common.files import write_atomically


def test_concurrent_writers_of_one_path_leave_one_whole_version_and_no_temporaries(tmp_path):
    target = tmp_path / "doc.json"
    payloads = [bytes([65 + n]) * 200_000 for n in range(8)]
    threads = [threading.Thread(target=write_atomically, args=(target, p)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in payloads
    assert os.listdir(tmp_path) == ["doc.json"]


def test_a_private_file_is_created_with_its_mode(tmp_path):
    key = tmp_path / "keys" / "k.pem"
    write_atomically(key, b"secret", mode=0o600)
    assert key.stat().st_mode & 0o777 == 0o600
