"""A visit's state: language, idle warning and reset, alerts, a new snapshot, the admin."""

from __future__ import annotations

import json
import time

from kiosk_ui.theme import STANDARD, TILE_COLOURS, rgba
from tests.kiosk_ui.conftest import PORTRAIT, from_now


def publish_a_warning(county) -> None:
    """An hour-long warning, "Gołoledź", on the county channel: a banner, not full screen."""
    county.publish(
        "alert",
        "powiat",
        {
            "title": {"pl": "Gołoledź"},
            "body": {"pl": "Ślisko."},
            "severity": "warning",
            "publish_until": from_now(3600),
        },
    )


def test_the_language_switch_changes_every_text_and_falls_back_to_polish_per_field(
    county, open_kiosk, tmp_path
):
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("УКР")
    assert kiosk.app.lang == "uk"
    assert "Новини" in kiosk.text_on_screen()
    assert "Aktualności" not in kiosk.text_on_screen()
    kiosk.press("Новини")
    kiosk.press("Новий розклад повітових автобусів")
    text = kiosk.text_on_screen()
    # the title is translated, the body exists only in Polish
    assert "Новий розклад" in text and "Szczegóły w" in text
    assert "Візьміть із собою" in text
    kiosk.save("kiosk-uk", tmp_path)
    kiosk.press("EN")
    assert "New county bus timetable" in kiosk.text_on_screen()
    assert kiosk.screen == "detail"


def test_an_idle_visit_is_asked_then_reset_to_a_fresh_polish_home(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir, idle_seconds=60, idle_warning_seconds=30)
    # the idle clock moves only when the test says so: a slow machine cannot reset the
    # visit between two steps of it
    now = [kiosk.app.monotonic()]
    kiosk.app.monotonic = lambda: now[0]
    kiosk.press("EN")
    kiosk.press("Large text")
    kiosk.press("Contrast")
    kiosk.press("Offices")
    now[0] += 60
    kiosk.wait_for(lambda: kiosk.app.overlays.idle.parent is not None, what="the idle question")
    assert "Are you still there?" in kiosk.text_on_screen()
    assert kiosk.screen == "offices" and kiosk.app.lang == "en"  # asked, not reset yet
    kiosk.press("More time")
    assert kiosk.app.overlays.idle.parent is None
    assert kiosk.screen == "offices"
    now[0] += 60
    kiosk.wait_for(lambda: kiosk.app.overlays.idle.parent is not None, what="the question again")
    now[0] += 30
    kiosk.wait_for(lambda: kiosk.screen == "home", what="the reset")
    assert kiosk.app.lang == "pl" and not kiosk.app.large_text and not kiosk.app.high_contrast
    assert not kiosk.app.history
    assert kiosk.app.overlays.idle.parent is None
    assert "Aktualności" in kiosk.text_on_screen()
    # what the next resident sees, not only the flags: standard text size and colours
    home = kiosk.app.manager.get_screen("home")
    assert home.ids.greeting.font_size == 52
    assert home.ids.tile_news.background == rgba(TILE_COLOURS[0])
    assert home.ids.today.color == rgba(STANDARD["muted"])


def test_an_idle_reset_forgets_the_alerts_set_aside_and_the_pages_the_visitor_read(
    county, open_kiosk
):
    publish_a_warning(county)
    kiosk = open_kiosk(county.data_dir, idle_seconds=2, idle_warning_seconds=1)
    kiosk.press("Urzędy")
    kiosk.press("Starostwo Powiatowe")
    kiosk.tap(kiosk.app.root.ids.alert_strip)
    assert kiosk.screen == "detail" and kiosk.app.overlays.alert.parent is not None
    kiosk.wait_for(lambda: kiosk.screen == "home", what="the reset")
    # the next resident finds the warning as its banner, not left open by the last visit
    kiosk.wait_for(lambda: kiosk.app.overlays.alert.parent is None, what="the banner again")
    assert kiosk.app.root.ids.alert_strip.opacity == 1
    # and no screen behind Home still holds the page the last resident read
    assert "Starostwo Powiatowe" not in kiosk.text_held()


def test_a_long_idle_home_shows_the_attract_loop_and_a_touch_only_wakes_it(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir, attract_after_seconds=1, attract_slide_seconds=1)
    kiosk.wait_for(lambda: kiosk.app.overlays.attract.parent is not None, what="attract loop")
    assert "Dotknij ekranu" in kiosk.text_on_screen()
    first = kiosk.app.overlays.attract.slide
    kiosk.wait_for(lambda: kiosk.app.overlays.attract.slide is not first, what="next slide")
    tile = kiosk.button("Aktualności")
    kiosk.tap(tile)
    assert kiosk.app.overlays.attract.parent is None
    assert kiosk.screen == "home"  # the waking touch did not open the tile under it


def test_an_urgent_alert_covers_the_screen_until_it_expires_then_the_visitor_is_back(
    county, open_kiosk, tmp_path
):
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("Urzędy")
    kiosk.press("Starostwo Powiatowe")
    alert = county.publish(
        "alert",
        "powiat",
        {
            "title": {"pl": "Alarm powodziowy", "en": "Flood alarm"},
            "body": {"pl": "Stan alarmowy na Bystrzycy. Unikaj terenów nad rzeką."},
            "severity": "critical",
            "publish_until": from_now(8),
        },
    )
    kiosk.wait_for(lambda: kiosk.app.overlays.alert.parent is not None, what="the alert")
    assert "Alarm powodziowy" in kiosk.text_on_screen()
    # a critical alert offers no way past it: no Continue to read, none where it would be
    assert "Przejdź do informacji" not in kiosk.text_on_screen()
    kiosk.tap(kiosk.app.overlays.alert.ids.continue_button)
    assert kiosk.app.overlays.alert.parent is not None and not kiosk.app.opened_alerts
    # the liveness file tells the agent which alert residents see, on which snapshot
    on_screen = json.loads((tmp_path / "ui-alive").read_text())
    assert on_screen["alerts"] == [alert.id] and on_screen["screen"] == "detail"
    assert on_screen["snapshot"] == kiosk.app.content.version
    kiosk.press("EN")
    assert "Flood alarm" in kiosk.text_on_screen()
    kiosk.save("kiosk-alert", tmp_path)
    # a critical alert cannot be set aside; touching it changes nothing underneath
    kiosk.tap_at(540, 960)
    assert kiosk.app.overlays.alert.parent is not None
    kiosk.wait_for(lambda: kiosk.app.overlays.alert.parent is None, timeout=15, what="expiry")
    assert kiosk.screen == "detail"
    kiosk.frames(3)
    assert json.loads((tmp_path / "ui-alive").read_text())["alerts"] == []
    assert "Starostwo Powiatowe" in kiosk.text_on_screen() or "County Office" in (
        kiosk.text_on_screen()
    )


def test_a_warning_can_be_set_aside_for_the_visit_and_reopened_from_its_strip(county, open_kiosk):
    publish_a_warning(county)
    kiosk = open_kiosk(county.data_dir)
    assert kiosk.app.overlays.alert.parent is None  # a warning is a banner
    kiosk.press("Gołoledź")
    assert kiosk.app.overlays.alert.parent is not None
    kiosk.press("Przejdź do informacji")
    assert kiosk.app.overlays.alert.parent is None


def test_a_new_snapshot_keeps_the_visitor_on_their_page_unless_the_item_vanished(
    county, open_kiosk
):
    item = county.publish(
        "news", "garbow", {"title": {"pl": "Zebranie wiejskie"}, "body": {"pl": "W remizie."}}
    )
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("Aktualności")
    kiosk.press("Zebranie wiejskie")
    before = kiosk.app.content.version
    county.publish("news", "powiat", {"title": {"pl": "Inna wiadomość"}, "body": {"pl": "x"}})
    kiosk.wait_for(lambda: kiosk.app.content.version > before, what="the new snapshot")
    assert kiosk.screen == "detail"
    assert "Zebranie wiejskie" in kiosk.text_on_screen()
    kiosk.press("Wstecz")
    assert "Inna wiadomość" in kiosk.text_on_screen()
    kiosk.press("Zebranie wiejskie")
    county.withdraw(item)
    kiosk.wait_for(lambda: kiosk.screen == "news", what="the fall-back to the list")
    assert "Zebranie wiejskie" not in kiosk.text_on_screen()


def test_a_missing_or_corrupt_snapshot_shows_the_phone_number_never_a_traceback(
    county, open_kiosk, tmp_path
):
    (county.data_dir / "current").resolve().joinpath("content.json").write_text("{broken")
    kiosk = open_kiosk(county.data_dir, help_phone="81 111 22 33")
    assert kiosk.screen == "unavailable"
    text = kiosk.text_on_screen()
    assert "Informacje chwilowo niedostępne" in text and "81 111 22 33" in text
    assert "Інформація тимчасово недоступна" in text
    empty = open_kiosk(tmp_path / "never-synced")
    assert empty.screen == "unavailable"


def test_the_corner_gesture_and_pin_open_the_admin_panel_and_let_the_admin_exit(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir)
    stopped = []
    kiosk.app.stop = lambda *_args: stopped.append(True)  # the real stop closes the window
    width, height = PORTRAIT
    corners = [(20, height - 20), (width - 20, height - 20), (width - 20, 20), (20, 20)]
    for x, y in corners:
        kiosk.tap_at(x, y)
    admin = kiosk.app.overlays.admin
    assert admin.parent is not None
    for digit in "1111":
        kiosk.press(digit)
    kiosk.press("OK")
    assert "Błędny PIN" in kiosk.text_on_screen()
    # a wrong PIN shows no facts and no way out, not even where the button would be
    assert "kiosk-04" not in kiosk.text_on_screen()
    kiosk.tap(admin.ids.exit_button)
    assert not stopped
    for digit in "2468":
        kiosk.press(digit)
    kiosk.press("OK")
    facts = kiosk.text_on_screen()
    assert "kiosk-04" in facts and f"Wersja treści: {kiosk.app.content.version}" in facts
    kiosk.press("Zamknij infomat")
    assert kiosk.app.allow_exit and stopped


def test_the_ui_beats_its_watchdog_while_its_loop_turns_and_falls_silent_when_it_hangs(
    county, systemd, open_kiosk, tmp_path
):
    kiosk = open_kiosk(county.data_dir)
    alive = tmp_path / "ui-alive"
    assert b"READY=1" in systemd.messages()
    written = alive.stat().st_mtime_ns
    # an untouched Home changes nothing on screen: only the heartbeat writes and pings
    beats = []

    def four_beats() -> bool:
        beats.extend(systemd.messages())
        return len(beats) >= 4

    kiosk.wait_for(four_beats, what="four watchdog pings")
    assert set(beats) == {b"WATCHDOG=1"}
    assert alive.stat().st_mtime_ns > written
    # a hung main loop (here: one that does not turn) must look dead to systemd
    systemd.messages()
    time.sleep(1.0)
    assert b"WATCHDOG=1" not in systemd.messages()
