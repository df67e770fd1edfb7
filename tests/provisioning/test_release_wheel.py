"""The release wheel (`make wheel`, what the playbooks install) carries every file the
packages need besides their code: templates, static files, .kv rules, catalogs."""

from __future__ import annotations

import zipfile

from tests.provisioning.release import ROOT, build_wheel

PACKAGES = ("common", "backoffice", "content_sync", "captive_portal", "kiosk_ui",
            "device_agent", "server_room")  # fmt: skip


def test_the_release_wheel_carries_every_template_static_file_and_catalog(tmp_path):
    wheel = build_wheel(tmp_path)
    in_wheel = {name for name in zipfile.ZipFile(wheel).namelist() if not name.endswith(".py")}
    in_tree = {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    assert in_tree, "no data files found in the tree"
    assert sorted(in_tree - in_wheel) == []
