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


def test_the_kiosk_ui_imports_without_flask_and_its_logic_without_kivy():
    code = (
        "import kiosk_ui.views, kiosk_ui.watcher, kiosk_ui.speech, kiosk_ui.admin; "
        "import sys; assert 'kivy' not in sys.modules, 'logic pulled in Kivy'; "
        "import os; os.environ['KIVY_NO_ARGS'] = '1'; import kiosk_ui.app, kiosk_ui.runner; "
        "from server_room.cli import infomat; "
        "assert infomat.get_command(None, 'kiosk').name == 'kiosk'; "
        "from server_room.config import load_device; load_device(None); "
        # (Kivy loads PIL itself as an image provider when it is installed)
        "bad = [m for m in ('flask', 'werkzeug') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
