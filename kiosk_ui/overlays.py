"""What covers the screens: critical alerts, 'are you still there?', the attract loop, admin;
and the banner of warnings and notices above the screens.

Each overlay is a full-window widget on top of the screens that swallows the touches
under it. `Overlays` decides which are up; the app tells it what time it is.
"""

from __future__ import annotations

import logging
import socket
from datetime import datetime

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label

from content_sync.labels import shown_language
from content_sync.validation import LOCAL_TZ
from kiosk_ui.admin import ip_addresses
from kiosk_ui.app import KV_DIR, load_kv
from kiosk_ui.content import parse_moment
from kiosk_ui.i18n import _, clock, day_label, in_polish_note, pick
from kiosk_ui.richtext import escape_markup
from kiosk_ui.speech import Speech
from kiosk_ui.theme import ALERT_COLOURS, rgba

log = logging.getLogger(__name__)


class Overlay(FloatLayout):
    """A full-window layer that keeps touches from reaching what is under it."""

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True


class AlertOverlay(Overlay):
    """Critical alerts (and warnings the visitor opened), full screen, in the colour of
    the most severe one."""

    alerts = ListProperty([])
    severity = StringProperty("info")
    colour = ListProperty([1, 1, 1, 1])
    text_colour = ListProperty([0, 0, 0, 1])
    collapsible = NumericProperty(1)


class IdleOverlay(Overlay):
    """'Are you still there?' with a countdown and a 'More time' button."""

    seconds_left = NumericProperty(0)


class AttractOverlay(Overlay):
    """Featured news and events, one after another, until someone touches the screen."""

    slide = ObjectProperty(None, allownone=True)


class IdentifyBanner(Label):
    """A banner across the top naming the device, for an admin finding it in a hall.

    Not an Overlay: residents keep using the kiosk under it.
    """


class AdminOverlay(Overlay):
    """PIN pad, then the device's facts and the way out."""

    entered = StringProperty("")
    message = StringProperty("")
    facts = StringProperty("")


class Overlays:
    """Which overlays are up, and their content."""

    def __init__(self, app, root) -> None:
        load_kv(KV_DIR / "overlays.kv")
        self.app, self.root = app, root
        self.alert = AlertOverlay()
        self.idle = IdleOverlay()
        self.attract = AttractOverlay()
        self.admin = AdminOverlay()
        self._alert_ids: tuple = ()
        self.alerts_on_screen: list[int] = []
        self.alert_speech: Speech = []
        self._slides: list[dict] = []
        self._slide_event = None
        self.banner = IdentifyBanner()
        self._banner_event = None

    def _raise(self, overlay) -> None:
        if overlay.parent is None:
            self.root.add_widget(overlay)

    def _drop(self, overlay) -> None:
        if overlay.parent is not None:
            overlay.parent.remove_widget(overlay)

    def stop(self) -> None:
        """Stop the attract loop's and the banner's clocks."""
        for event in (self._slide_event, self._banner_event):
            if event:
                event.cancel()

    def show_identify(self, text: str, seconds: float) -> None:
        """Name this device across the top of the screen for `seconds`."""
        self.banner.text = text
        self._raise(self.banner)
        if self._banner_event:
            self._banner_event.cancel()
        self._banner_event = Clock.schedule_once(lambda _dt: self._drop(self.banner), seconds)

    # -- alerts -----------------------------------------------------------------------

    def show_alerts(self, alerts: list[dict]) -> None:
        """Critical alerts cover the screen; warnings and notices are a banner above the
        screens (Home stays usable) until the visitor taps it to read them in full."""
        lang = self.app.lang
        shown = [
            a for a in alerts if _severity(a) == "critical" or a["id"] in self.app.opened_alerts
        ]
        self._banner([a for a in alerts if a not in shown])
        key = (tuple(a["sha256"] if "sha256" in a else a["id"] for a in shown), lang)
        self.alerts_on_screen = [a["id"] for a in alerts]
        if not shown:
            self._alert_ids = ()
            self._drop(self.alert)
            return
        if key != self._alert_ids:
            self._alert_ids = key
            worst = _severity(shown[0])
            background, text = ALERT_COLOURS[worst]
            self.alert.colour, self.alert.text_colour = rgba(background), rgba(text)
            self.alert.severity = worst
            self.alert.collapsible = 0 if worst == "critical" else 1
            texts = [self._alert_text(a, lang) for a in shown]
            self.alert.alerts = [markup for markup, _speech in texts]
            self.alert_speech = [segment for _markup, speech in texts for segment in speech]
        if self.alert.parent is None:
            self._raise(self.alert)
            if self.app.read_aloud:
                self.app.speaker.say(self.alert_speech, lang)

    def _alert_text(self, alert: dict, lang: str) -> tuple[str, Speech]:
        data = alert["data"]
        severity = _severity_word(_severity(alert), lang)
        title, body = pick(data.get("title"), lang), pick(data.get("body"), lang)
        title_lang = shown_language(data.get("title"), lang)
        body_lang = shown_language(data.get("body"), lang)
        until = parse_moment(alert.get("publish_until"))
        valid = ""
        if until:
            local = until.astimezone(LOCAL_TZ)
            valid = _("Valid until {day}, {time}", lang).format(
                day=day_label(local.date(), lang), time=clock(local)
            )
        scale = self.app.font_scale
        note = in_polish_note(title_lang, lang) or in_polish_note(body_lang, lang)
        markup = "\n\n".join(
            filter(
                None,
                [
                    f"[size={int(34 * scale)}]{escape_markup(severity.upper())}[/size]",
                    f"[b][size={int(60 * scale)}]{escape_markup(title)}[/size][/b]",
                    f"[i]{escape_markup(note)}[/i]" if note else "",
                    escape_markup(body),
                    escape_markup(valid),
                ],
            )
        )
        speech = [(lang, f"{severity}. {note}"), (title_lang, title), (body_lang, body)]
        return markup, [*speech, (lang, valid)]

    def set_alerts_aside(self) -> None:
        """'Continue': the warnings opened from their banner go back to being a banner."""
        self.app.opened_alerts.clear()
        self.app.tick()

    def reopen_alerts(self) -> None:
        """The banner was tapped: show its alerts full screen."""
        now = self.app.now()
        self.app.opened_alerts.update(a["id"] for a in self.app.content.active_alerts(now))
        self.app.tick()

    def _banner(self, alerts: list[dict]) -> None:
        strip = self.root.ids.alert_strip
        if not alerts:
            strip.height, strip.opacity, strip.disabled, strip.text = 0, 0, True, ""
            return
        lang = self.app.lang
        first = alerts[0]
        background, text = ALERT_COLOURS[_severity(first)]
        strip.background, strip.color = rgba(background), rgba(text)
        title = pick(first["data"].get("title"), lang)
        note = in_polish_note(shown_language(first["data"].get("title"), lang), lang)
        more = f" (+{len(alerts) - 1})" if len(alerts) > 1 else ""
        strip.text = (
            f"[b]{escape_markup(_severity_word(_severity(first), lang))}:[/b] "
            f"{escape_markup(title)}{more}" + (f" [i]{escape_markup(note)}[/i]" if note else "")
        )
        strip.speech = title
        strip.opacity, strip.disabled = 1, False
        strip.texture_update()
        strip.height = max(110, strip.texture_size[1] + 30)

    # -- idle -------------------------------------------------------------------------

    def show_idle_warning(self, seconds_left: int) -> None:
        """Ask whether anyone is still there."""
        self.idle.seconds_left = seconds_left
        self._raise(self.idle)

    def hide_idle_warning(self) -> None:
        """Nobody needs asking."""
        self._drop(self.idle)

    def start_attract(self) -> None:
        """Begin the attract loop, if it is not running."""
        if self.attract.parent is not None:
            return
        now = self.app.now()
        content = self.app.content
        self._slides = (content.news(now)[:5] + content.upcoming_events(now)[:5]) or [{}]
        self._next_slide(0)
        self._raise(self.attract)
        self._slide_event = Clock.schedule_interval(
            self._next_slide, self.app.settings["ATTRACT_SLIDE_SECONDS"]
        )

    def _next_slide(self, _dt) -> None:
        self._slides.append(self._slides.pop(0))
        self.attract.slide = self._slides[-1] or None

    def touched(self) -> bool:
        """A touch ends the attract loop; True when it did (the touch is spent)."""
        if self.attract.parent is None:
            return False
        self.stop()
        self._drop(self.attract)
        self.app.go_home()
        return True

    # -- admin ------------------------------------------------------------------------

    def open_admin(self) -> None:
        """The corner gesture was made: ask for the PIN."""
        self.admin.entered, self.admin.facts = "", ""
        self.admin.message = "" if self.app.pin_lock.pin else self._admin_text("disabled")
        self._raise(self.admin)

    def admin_key(self, key: str) -> None:
        """A key of the PIN pad."""
        if key == "clear":
            self.admin.entered = ""
        elif key == "ok":
            verdict = self.app.pin_lock.check(self.admin.entered, self.app.monotonic())
            self.admin.entered = ""
            self.admin.message = self._admin_text(verdict)
            if verdict == "ok":
                self.admin.facts = self.device_facts()
        elif len(self.admin.entered) < 8:
            self.admin.entered += key

    def _admin_text(self, verdict: str) -> str:
        lang = self.app.default_lang
        return {
            "ok": "",
            "wrong": _("Wrong PIN.", lang),
            "locked": _("Too many attempts. Try again in 5 minutes.", lang),
            "disabled": _("The admin panel is disabled (no PIN configured).", lang),
        }[verdict]

    def close_admin(self) -> None:
        """Back to the resident's screen."""
        self._drop(self.admin)

    def device_facts(self) -> str:
        """What a technician needs: who this is, what it shows, when it last synced."""
        app, lang = self.app, self.app.default_lang
        last = app.freshness.last_success
        none = _("none", lang)
        facts = [
            (_("Device", lang), app.settings["DEVICE_ID"] or socket.gethostname()),
            (_("Content version", lang), app.content.version if app.content else none),
            (_("Last sync", lang), _local_text(last) if last else _("never", lang)),
            (_("Last error", lang), app.freshness.last_error or none),
            (_("IP addresses", lang), ", ".join(ip_addresses()) or none),
            (_("Data directory", lang), app.data_dir),
        ]
        return "\n".join(escape_markup(f"{name}: {value}") for name, value in facts)


def _severity(alert: dict) -> str:
    severity = alert["data"].get("severity")
    return severity if severity in ALERT_COLOURS else "info"


def _severity_word(severity: str, lang: str) -> str:
    return {
        "critical": _("Danger", lang),
        "warning": _("Warning", lang),
        "info": _("Information", lang),
    }[severity]


def _local_text(moment: datetime) -> str:
    local = moment.astimezone(LOCAL_TZ)
    return f"{local:%Y-%m-%d} {clock(local)}"
