"""The idle state machine: when to ask "are you still there?", reset, and attract.

A visit is "in progress" when the resident has left Home or changed a setting
(language, large text, contrast, read aloud). Only then is there anything to reset,
so only then is the countdown shown; an untouched Home goes straight to the attract
loop after `attract_after` seconds.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass


class Phase(enum.Enum):
    """What the idle timer asks the UI to do now."""

    ACTIVE = "active"
    WARNING = "warning"
    RESET = "reset"
    ATTRACT = "attract"


@dataclass
class IdleTimer:
    """Seconds since the last touch, turned into a phase; times are monotonic seconds."""

    idle_seconds: float
    warning_seconds: float
    attract_after: float
    last_touch: float = 0.0

    def touch(self, now: float) -> None:
        """A resident touched the screen."""
        self.last_touch = now

    def phase(self, now: float, visit_in_progress: bool) -> tuple[Phase, int]:
        """The phase and, while warning, the whole seconds left before the reset."""
        idle = now - self.last_touch
        if visit_in_progress:
            if idle < self.idle_seconds:
                return Phase.ACTIVE, 0
            left = self.idle_seconds + self.warning_seconds - idle
            if left > 0:
                return Phase.WARNING, math.ceil(left)
            return Phase.RESET, 0
        if idle >= self.attract_after:
            return Phase.ATTRACT, 0
        return Phase.ACTIVE, 0
