"""The kiosk app: navigation between lazily built screens, per-visit state, content.

One KioskApp owns what a visit changes (screen history, language, large text,
contrast, read aloud) and resets all of it when the resident walks away. Screens and
overlays only render; everything they show comes from kiosk_ui.views.
"""

from __future__ import annotations

import importlib
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.floatlayout import FloatLayout

from content_sync.model import COUNTY_CHANNEL, LANGUAGES
from content_sync.validation import LOCAL_TZ
from kiosk_ui import device_requests, widgets  # noqa: F401 - widgets registers kv classes
from kiosk_ui.admin import CornerGesture, PinLock
from kiosk_ui.i18n import _, clock
from kiosk_ui.idle import IdleTimer, Phase
from kiosk_ui.liveness import Liveness
from kiosk_ui.speech import Speaker
from kiosk_ui.theme import palette
from kiosk_ui.views import SCREEN_TYPES
from kiosk_ui.watcher import SnapshotWatcher, SyncFreshness

log = logging.getLogger(__name__)
KV_DIR = Path(__file__).parent
LARGE_TEXT_SCALE = 1.6
TICK_SECONDS = 0.5
SCREENS = {
    "home": ("kiosk_ui.screens.home_screen", "HomeScreen"),
    "news": ("kiosk_ui.screens.list_screen", "ListScreen"),
    "offices": ("kiosk_ui.screens.list_screen", "ListScreen"),
    "procedures": ("kiosk_ui.screens.list_screen", "ListScreen"),
    "events": ("kiosk_ui.screens.list_screen", "ListScreen"),
    "detail": ("kiosk_ui.screens.detail_screen", "DetailScreen"),
    "map": ("kiosk_ui.screens.map_screen", "MapScreen"),
    "help": ("kiosk_ui.screens.help_screen", "HelpScreen"),
    "unavailable": ("kiosk_ui.screens.unavailable_screen", "UnavailableScreen"),
}
_loaded_kv: set[Path] = set()


def load_kv(path: Path) -> None:
    """Load a .kv file once per process (rules loaded twice would apply twice)."""
    if path not in _loaded_kv:
        Builder.load_file(str(path))
        _loaded_kv.add(path)


class KioskRoot(FloatLayout):
    """The window's one child: bars, screens, and the overlays on top."""

    def on_touch_down(self, touch):
        if App.get_running_app().touched(touch):
            return True
        return super().on_touch_down(touch)


class KioskApp(App):
    """The infomat app; `settings` is the merged [kiosk_ui] table, upper-cased keys."""

    lang = StringProperty("pl")
    large_text = BooleanProperty(False)
    high_contrast = BooleanProperty(False)
    read_aloud = BooleanProperty(False)
    font_scale = NumericProperty(1.0)
    palette = DictProperty(palette(False))
    place_name = StringProperty("Powiat Lubelski")
    updated_text = StringProperty("")
    offline = BooleanProperty(False)
    speech_available = BooleanProperty(False)
    can_go_back = BooleanProperty(False)
    content = ObjectProperty(None, allownone=True)

    def __init__(self, settings: dict[str, Any], **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.title = "Infomat"
        self.data_dir = Path(settings["KIOSK_DATA_DIR"])
        self.default_lang = settings["KIOSK_LANGUAGE"]
        self.lang = self.default_lang
        self.speaker = Speaker(settings["ESPEAK_COMMAND"])
        self.speech_available = self.speaker.available
        self.idle = IdleTimer(
            settings["IDLE_SECONDS"],
            settings["IDLE_WARNING_SECONDS"],
            settings["ATTRACT_AFTER_SECONDS"],
        )
        self.gesture = CornerGesture()
        self.pin_lock = PinLock(str(settings["KIOSK_ADMIN_PIN"]))
        self.liveness = Liveness(settings["LIVENESS_FILE"] or self.data_dir / "ui-alive")
        self.freshness = SyncFreshness(None, None)
        self.history: list[tuple[str, dict]] = []
        self.location: tuple[str, dict] = ("home", {})
        # warnings and notices this visitor opened full screen from their banner
        self.opened_alerts: set[int] = set()
        self.allow_exit = False
        self.watcher: SnapshotWatcher | None = None
        self._events: list = []
        self.overlays = None
        self.now = lambda: datetime.now(UTC)
        self.monotonic = time.monotonic

    # -- building ---------------------------------------------------------------------

    def load_kv(self, filename=None):
        """The app's rules come from kiosk.kv, loaded in build(); no search by class name."""
        return True

    def build(self):
        load_kv(KV_DIR / "kiosk.kv")
        from kiosk_ui.overlays import Overlays

        self.root = KioskRoot()
        self.overlays = Overlays(self, self.root)
        return self.root

    @property
    def manager(self):
        """The ScreenManager."""
        return self.root.ids.screens

    def screen(self, name: str):
        """The screen called `name`, built (and its .kv loaded) on first use."""
        if not self.manager.has_screen(name):
            module_name, class_name = SCREENS[name]
            module = importlib.import_module(module_name)
            load_kv(Path(module.__file__).with_suffix(".kv"))
            self.manager.add_widget(getattr(module, class_name)(name=name))
        return self.manager.get_screen(name)

    # -- lifecycle --------------------------------------------------------------------

    def on_start(self):
        self.start()

    def on_stop(self):
        self.shutdown()

    def start(self) -> None:
        """Read the content, show Home, and start the clocks and the snapshot watcher."""
        self.idle.touch(self.monotonic())
        self.watcher = SnapshotWatcher(
            self.data_dir, self._content_arrived, self.settings["SNAPSHOT_POLL_SECONDS"]
        )
        self.watcher.check()
        self._apply_pending()
        self.watcher.start()
        self._events = [
            Clock.schedule_interval(lambda _dt: self.tick(), TICK_SECONDS),
            Clock.schedule_interval(lambda _dt: self.liveness.beat(), self.liveness.beat_seconds),
            Clock.schedule_once(lambda _dt: self.liveness.ready(), 0),
            Clock.schedule_interval(
                lambda _dt: device_requests.serve(self), self.settings["SNAPSHOT_POLL_SECONDS"]
            ),
        ]

    def shutdown(self) -> None:
        """Stop the watcher, the clocks and any speech."""
        for event in self._events:
            event.cancel()
        self._events = []
        if self.watcher:
            self.watcher.stop()
        self.speaker.stop()
        if self.overlays:
            self.overlays.stop()
        self.liveness.stopping()

    # -- content ----------------------------------------------------------------------

    _pending: tuple | None = None

    def _content_arrived(self, content, freshness) -> None:
        """From the watcher thread: remember, and apply on the main loop."""
        self._pending = (content, freshness)
        Clock.schedule_once(lambda _dt: self._apply_pending(), 0)

    def _apply_pending(self) -> None:
        if self._pending is None:
            return
        content, freshness = self._pending
        self._pending = None
        self.freshness = freshness
        self._update_freshness()
        if content is None:
            if self.content is None:
                self.show("unavailable", push=False)
            return
        first = self.content is None
        self.content = content
        self.place_name = self._place_name()
        if first or self.location[0] == "unavailable":
            self.history.clear()
            self.show("home", push=False)
        else:
            self.rerender()
        self.tick()

    def _place_name(self) -> str:
        channels = self.content.snapshot.content.get("channels", [])
        local = [c for c in channels if c != COUNTY_CHANNEL]
        names = [self.content.channel_name(COUNTY_CHANNEL).split(" (")[0]]
        names += [self.content.channel_name(c) for c in local]
        return " · ".join(dict.fromkeys(names))

    def _update_freshness(self) -> None:
        last = self.freshness.last_success
        if last is None:
            self.updated_text, self.offline = "", True
            return
        self.updated_text = _("Updated {time}", self.lang).format(
            time=clock(last.astimezone(LOCAL_TZ))
        )
        limit = timedelta(minutes=self.settings["OFFLINE_AFTER_MINUTES"])
        self.offline = self.now() - last > limit

    def rerender(self) -> None:
        """Show the current screen again (new content, language or text size).

        A detail page whose item vanished falls back to its list.
        """
        name, context = self.location
        if not self.show(name, push=False, **context) and name == "detail":
            self.show(_list_of(context.get("type", "")), push=False)

    # -- navigation -------------------------------------------------------------------

    def show(self, name: str, push: bool = True, **context) -> bool:
        """Go to screen `name` with `context`; False (and Home) when it cannot be shown."""
        if self.content is None and name != "unavailable":
            name, context = "unavailable", {}
        try:
            screen = self.screen(name)
            screen.show(self, **context)
        except LookupError:
            log.info("kiosk: %s %s is no longer published", name, context)
            return False
        except Exception:
            log.exception("kiosk: screen %s failed with %s; going Home", name, context)
            if name == "home":
                self.show("unavailable", push=False)
            else:
                self.history.clear()
                self.show("home", push=False)
            return False
        if push and (name, context) != self.location:
            self.history.append(self.location)
        self.location = (name, context)
        self.manager.current = name
        self.can_go_back = bool(self.history)
        if self.read_aloud:
            self.speaker.say(screen.speech(self), self.lang)
        return True

    def open_item(self, type_name: str, item_id: int) -> None:
        """Open the detail page of an item."""
        self.show("detail", type=type_name, id=item_id)

    def go_back(self) -> None:
        """The previous screen that can still be shown."""
        while self.history:
            name, context = self.history.pop()
            if self.show(name, push=False, **context):
                return
        self.go_home()

    def go_home(self) -> None:
        """Home, forgetting the way here."""
        self.history.clear()
        self.show("home", push=False)

    # -- per-visit settings ------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch every text on screen to `lang`."""
        if lang in LANGUAGES and lang != self.lang:
            self.lang = lang
            self.rerender()
            self.tick()  # the alert overlay and the top bar change language at once too

    def toggle(self, mode: str) -> None:
        """Turn large_text, high_contrast or read_aloud on or off."""
        setattr(self, mode, not getattr(self, mode))
        if mode == "read_aloud":
            if self.read_aloud:
                self.speaker.say(_("Read aloud is on.", self.lang), self.lang)
            else:
                self.speaker.stop()
            return
        self.font_scale = LARGE_TEXT_SCALE if self.large_text else 1.0
        self.palette = palette(self.high_contrast)
        self.rerender()

    def visit_in_progress(self) -> bool:
        """Whether there is anything of this visit to forget."""
        return (
            self.location[0] != "home"
            or self.lang != self.default_lang
            or self.large_text
            or self.high_contrast
            or self.read_aloud
            or bool(self.opened_alerts)
        )

    def reset_visit(self) -> None:
        """Forget everything about the last resident: back to a fresh Home."""
        log.info("kiosk: idle, resetting the visit")
        self.speaker.stop()
        self.history.clear()
        self.opened_alerts.clear()
        self.lang = self.default_lang
        self.read_aloud = self.large_text = self.high_contrast = False
        self.font_scale = 1.0
        self.palette = palette(False)
        self._update_freshness()
        self.show("home", push=False)
        # screens keep scroll positions and the last item: rebuilt fresh for the next visit
        for screen in list(self.manager.screens):
            if screen.name != self.manager.current:
                self.manager.remove_widget(screen)

    # -- input and time ---------------------------------------------------------------

    def touched(self, touch) -> bool:
        """Any touch anywhere: the resident is here; maybe the admin gesture.

        True when the touch only woke the kiosk from its attract loop and must not
        also press what lies under the finger.
        """
        self.idle.touch(self.monotonic())
        if self.overlays.touched():
            return True
        width, height = self.root.size
        if self.gesture.tap(touch.x, touch.y, width, height, self.monotonic()):
            self.overlays.open_admin()
        return False

    def pressed(self, text: str) -> None:
        """A button was pressed: say it in read-aloud mode."""
        if self.read_aloud and text:
            self.speaker.say(text, self.lang)

    def tick(self) -> None:
        """Twice a second: alerts in force, the idle phase, the offline badge."""
        if self.root is None:
            return
        self._update_freshness()
        alerts = self.content.active_alerts(self.now()) if self.content else []
        self.overlays.show_alerts(alerts)
        self.liveness.show(
            {
                "screen": self.manager.current,
                "alerts": self.overlays.alerts_on_screen,
                "snapshot": self.content.version if self.content else None,
            }
        )
        phase, seconds_left = self.idle.phase(self.monotonic(), self.visit_in_progress())
        if phase is Phase.RESET:
            self.overlays.hide_idle_warning()
            self.reset_visit()
        elif phase is Phase.WARNING:
            self.overlays.show_idle_warning(seconds_left)
        elif phase is Phase.ATTRACT and self.content is not None:
            self.overlays.start_attract()
        else:
            self.overlays.hide_idle_warning()

    def more_time(self) -> None:
        """The resident answered 'Are you still there?'."""
        self.idle.touch(self.monotonic())
        self.overlays.hide_idle_warning()

    def exit_kiosk(self) -> None:
        """Leave the kiosk (admin only)."""
        log.info("kiosk: exit requested from the admin panel")
        self.allow_exit = True
        self.stop()


def _list_of(type_name: str) -> str:
    return next((screen for screen, t in SCREEN_TYPES.items() if t == type_name), "home")
