"""Device-side code never pulls in the server: a kiosk has no Flask to import."""

from __future__ import annotations

import subprocess
import sys

DEVICE_IMPORTS = (
    "import content_sync.mirror, content_sync.localstore, content_sync.fetch; "
    "from server_room.cli import infomat; "
    "assert infomat.get_command(None, 'sync').name == 'sync'; "
)


def test_device_side_sync_and_its_command_import_without_flask():
    code = DEVICE_IMPORTS + (
        "import sys; bad = [m for m in ('flask', 'werkzeug', 'kivy', 'PIL') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
