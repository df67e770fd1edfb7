"""The device agent's real actuator asks the running kiosk for a screenshot and an
identify banner, through the requests folder, as it does on an infomat."""

from __future__ import annotations

import threading

from PIL import Image

from device_agent.agent.actions import ActionFailed, DeviceActions
from server_room.config import load_device


def ask(kiosk, county, verb, arguments, command_id="c1", wait=10.0):
    """Run the agent's actuator in a thread while the kiosk's main loop turns here."""
    settings = load_device(None, agent_sync_dir=str(county.data_dir), agent_screenshot_seconds=wait)
    outcome = {}

    def agent_side():
        try:
            outcome["result"] = DeviceActions(settings).run(verb, arguments, command_id)
        except ActionFailed as exc:
            outcome["error"] = str(exc)

    thread = threading.Thread(target=agent_side)
    thread.start()
    kiosk.wait_for(lambda: not thread.is_alive(), timeout=wait + 5, what=f"the {verb} answer")
    return outcome


def test_the_agent_gets_a_screenshot_of_what_the_kiosk_shows(county, open_kiosk, tmp_path):
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("Urzędy")
    outcome = ask(kiosk, county, "screenshot", {})
    png = outcome["result"]["png"]
    path = tmp_path / "shot.png"
    path.write_bytes(png)
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == tuple(kiosk.window.size)
    assert not list((county.data_dir / "requests").iterdir())


def test_identify_raises_a_banner_naming_the_device_while_the_kiosk_stays_usable(
    county, open_kiosk
):
    kiosk = open_kiosk(county.data_dir)
    outcome = ask(kiosk, county, "identify", {"seconds": 5})
    assert outcome["result"]["detail"] == "pokazano na ekranie infomatu"
    assert kiosk.app.overlays.banner.parent is not None
    assert "Infomat kiosk-04" in kiosk.text_on_screen()
    kiosk.press("Urzędy")
    assert kiosk.screen == "offices"


def test_a_forged_request_file_is_dropped_unread(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir)
    folder = county.data_dir / "requests"
    folder.mkdir(exist_ok=True)
    (folder / "x.json").write_text('{"verb": "reboot"}')
    (folder / "y.json").write_text("{broken")
    kiosk.wait_for(lambda: not list(folder.iterdir()), what="the forged requests to go")
    assert kiosk.app.overlays.banner.parent is None


def test_the_agent_gives_up_when_no_kiosk_ui_answers(county, tmp_path):
    settings = load_device(None, agent_sync_dir=str(tmp_path), agent_screenshot_seconds=0.5)
    try:
        DeviceActions(settings).run("screenshot", {}, "c9")
    except ActionFailed as exc:
        assert "nie odpowiedziała" in str(exc)
    else:
        raise AssertionError("a screenshot without a kiosk UI must fail")
    assert not (tmp_path / "requests" / "c9.json").exists()
