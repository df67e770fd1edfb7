"""The agent runs on hotspots that have neither Flask nor Kivy installed."""

from __future__ import annotations

import subprocess
import sys


def test_the_agent_and_its_commands_import_without_flask_kivy_or_pillow():
    code = (
        "import device_agent.agent.service, device_agent.agent.simulated, device_agent.verbs; "
        "from server_room.cli import infomat; "
        "assert infomat.get_command(None, 'agent').name == 'agent'; "
        "assert infomat.get_command(None, 'enroll').name == 'enroll'; "
        "from server_room.config import load_device; load_device(None); "
        "import sys; bad = [m for m in ('flask', 'werkzeug', 'kivy', 'PIL') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
