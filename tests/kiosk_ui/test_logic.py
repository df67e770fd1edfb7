"""The kiosk's window-free logic: hours, idle phases, markup, views, map, theme, admin."""

from __future__ import annotations

import socket
from datetime import date, datetime

import pytest

from content_sync.county_map import Projection, lublin_centre
from content_sync.hours import office_status
from kiosk_ui.admin import CornerGesture, PinLock
from kiosk_ui.i18n import _, day_label, status_line
from kiosk_ui.idle import IdleTimer, Phase
from kiosk_ui.liveness import Liveness
from kiosk_ui.richtext import html_to_markup, markup_to_text
from kiosk_ui.theme import ALERT_COLOURS, HIGH_CONTRAST, STANDARD, TEXT_ON, contrast_ratio

HOURS = {"mon": [["07:30", "15:30"]], "tue": [["08:00", "12:00"], ["13:00", "17:00"]]}
HOLIDAYS = [{"date": "2026-12-28", "hours": [], "note": "Inwentaryzacja"}]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 10, 0), "Otwarte teraz, do 15:30"),
        (datetime(2026, 11, 23, 6, 0), "Zamknięte, otwarcie dziś o 07:30"),
        (datetime(2026, 11, 23, 16, 0), "Zamknięte, otwarcie jutro o 08:00"),
        (datetime(2026, 11, 24, 12, 30), "Zamknięte, otwarcie dziś o 13:00"),
        (datetime(2026, 11, 25, 9, 0), "Zamknięte, otwarcie: poniedziałek, 30 listopada, 07:30"),
        (datetime(2026, 12, 28, 10, 0), "Zamknięte, otwarcie jutro o 08:00 (Inwentaryzacja)"),
    ],
)
def test_the_open_now_line_follows_the_hours_and_the_holidays(moment, expected):
    status = office_status(HOURS, HOLIDAYS, moment)
    assert status_line(status, moment.date(), "pl") == expected


def test_an_office_with_no_hours_is_just_closed():
    assert status_line(office_status({}, [], datetime(2026, 1, 1, 9)), date(2026, 1, 1), "en") == (
        "Closed"
    )


def test_the_idle_timer_warns_then_resets_a_visit_and_attracts_only_an_untouched_home():
    timer = IdleTimer(idle_seconds=90, warning_seconds=20, attract_after=180)
    timer.touch(1000)
    assert timer.phase(1089, True) == (Phase.ACTIVE, 0)
    assert timer.phase(1091, True) == (Phase.WARNING, 19)
    assert timer.phase(1110, True) == (Phase.RESET, 0)
    assert timer.phase(1110, False) == (Phase.ACTIVE, 0)
    assert timer.phase(1180, False) == (Phase.ATTRACT, 0)
    timer.touch(1181)
    assert timer.phase(1182, False) == (Phase.ACTIVE, 0)


def test_html_becomes_escaped_kivy_markup_with_bullets_and_link_addresses():
    html = (
        "<p>Uwaga [pilne] &amp; <strong>ważne</strong></p><ul><li>jeden</li><li>dwa</li></ul>"
        '<ol><li>a</li><li>b</li></ol><p><a href="https://bip.example">BIP</a></p>'
        "<script>x</script>"
    )
    markup = html_to_markup(html)
    assert "&bl;pilne&br; &amp; [b]ważne[/b]" in markup
    assert "• jeden\n• dwa" in markup and "1. a\n2. b" in markup
    assert "BIP (https://bip.example)" in markup
    assert markup_to_text(markup).startswith("Uwaga [pilne] & ważne")


def test_every_ui_string_has_a_polish_and_a_ukrainian_translation():
    from pathlib import Path

    from babel.messages.extract import extract_python

    root = Path(__file__).parents[2] / "kiosk_ui"
    messages = set()
    for path in root.rglob("*"):
        if path.suffix in (".py", ".kv"):
            with path.open("rb") as source:
                for _line, _func, message, _comments in extract_python(source, {"_": None}, [], {}):
                    messages.add(message[0] if isinstance(message, tuple) else message)
    assert len(messages) > 60
    same_in_polish = {"Administrator", "E-mail: {email}"}
    untranslated = [
        (m, lang)
        for m in messages
        for lang in ("pl", "uk")
        if _(m, lang) == m and not (lang == "pl" and m in same_in_polish)
    ]
    assert untranslated == []


def test_every_text_colour_meets_wcag_contrast_on_its_background():
    for text, background in TEXT_ON:
        assert contrast_ratio(STANDARD[text], STANDARD[background]) >= 4.5, (text, background)
        assert contrast_ratio(HIGH_CONTRAST[text], HIGH_CONTRAST[background]) >= 7, text
    for background, text in ALERT_COLOURS.values():
        assert contrast_ratio(text, background) >= 4.5
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21)


def test_the_map_puts_lublin_inside_the_county_and_fits_the_box():
    projection = Projection(0, 0, 1000, 1400)
    assert not projection.contains(*lublin_centre())  # a city county of its own
    assert not projection.contains(21.0, 52.0)
    xs, ys = projection.outline()[0::2], projection.outline()[1::2]
    assert min(xs) >= 0 and max(xs) <= 1000 and min(ys) >= 0 and max(ys) <= 1400
    x, y = projection.point(22.345, 51.355)  # Garbów, north-west of Lublin
    lx, ly = projection.point(*lublin_centre())
    assert x < lx and y > ly


def test_the_admin_gesture_needs_the_four_corners_in_order_and_in_time():
    gesture, w, h = CornerGesture(), 1080, 1920
    corners = [(10, 1910), (1070, 1910), (1070, 10), (10, 10)]
    assert [gesture.tap(x, y, w, h, 1.0 + i) for i, (x, y) in enumerate(corners)] == [
        False,
        False,
        False,
        True,
    ]
    assert not any(gesture.tap(x, y, w, h, 10.0 + 4 * i) for i, (x, y) in enumerate(corners))
    assert not gesture.tap(540, 960, w, h, 30)


def test_three_wrong_pins_lock_the_panel_and_an_empty_pin_disables_it():
    lock = PinLock("2468")
    assert [lock.check("0000", 0) for _ in range(3)] == ["wrong", "wrong", "locked"]
    assert lock.check("2468", 10) == "locked"
    assert lock.check("2468", 400) == "ok"
    assert PinLock("").check("", 0) == "disabled"


def test_liveness_touches_its_file_and_speaks_sd_notify(tmp_path):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(tmp_path / "notify"))
    liveness = Liveness(
        tmp_path / "alive", {"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "4000000"}
    )
    assert liveness.beat_seconds == 2
    liveness.ready()
    assert (tmp_path / "alive").exists()
    assert server.recv(100) == b"WATCHDOG=1"
    assert server.recv(100) == b"READY=1"
    server.close()


def test_a_day_of_another_year_says_its_year():
    today = date(2026, 11, 25)
    assert day_label(date(2026, 12, 4), "pl", today) == "piątek, 4 grudnia"
    assert day_label(date(2027, 1, 1), "pl", today) == "piątek, 1 stycznia 2027"
    assert day_label(date(2027, 1, 1), "en", today) == "Friday, 1 January 2027"
