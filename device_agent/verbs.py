"""The remote commands a device accepts: an allow-list of verbs and their arguments.

Both sides check a command against this list: the collector before it queues one,
and the agent again before it runs one, because the agent trusts no verb it does
not know, whoever sent it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kiosk UI's own verbs travel as files in this folder of the sync's data dir:
# the agent writes <id>.json, the UI answers (<id>.png for a screenshot) and deletes it.
REQUESTS_DIR = "requests"
UI_VERBS = ("screenshot", "identify")
# Who runs a verb, named in its refusal ("… nie wykonuje punkt Wi-Fi").
KIND_NAMES = {"kiosk": "infomat", "hotspot": "punkt Wi-Fi"}


@dataclass(frozen=True)
class Verb:
    """One allowed verb: which devices run it, its arguments, who may send it."""

    name: str
    label: str
    kinds: tuple[str, ...]
    # argument name → (type, lowest, highest); for str, the bounds are lengths
    arguments: dict[str, tuple[type, int, int]] = field(default_factory=dict)
    county_admin_only: bool = False


VERBS = {
    verb.name: verb
    for verb in (
        Verb("sync-now", "Synchronizuj teraz", ("kiosk", "hotspot")),
        Verb("restart-kiosk-ui", "Uruchom ponownie aplikację", ("kiosk",)),
        Verb("screenshot", "Zrzut ekranu", ("kiosk",)),
        Verb(
            "identify",
            "Pokaż baner identyfikacyjny",
            ("kiosk",),
            {"seconds": (int, 5, 600), "text": (str, 0, 120)},
        ),
        Verb("reboot", "Uruchom ponownie urządzenie", ("kiosk", "hotspot"), county_admin_only=True),
    )
}


def verbs_for(kind: str) -> list[Verb]:
    """The verbs a device of this kind runs, in menu order."""
    return [verb for verb in VERBS.values() if kind in verb.kinds]


def command_error(verb_name: object, arguments: object, kind: str) -> str | None:
    """Why this command must not run on a device of `kind`, in Polish for the admin's
    page; None when it may."""
    verb = VERBS.get(verb_name) if isinstance(verb_name, str) else None
    if verb is None:
        return f"nieznane polecenie {str(verb_name)[:40]!r}"
    if kind not in verb.kinds:
        return f"polecenia „{verb.label}” nie wykonuje {KIND_NAMES.get(kind, kind)}"
    if not isinstance(arguments, dict):
        return f"polecenie „{verb.label}” przyszło z nieczytelnymi ustawieniami"
    for name, value in arguments.items():
        if name not in verb.arguments:
            return f"polecenie „{verb.label}” nie ma ustawienia {str(name)[:40]!r}"
        expected, low, high = verb.arguments[name]
        if not isinstance(value, expected) or isinstance(value, bool):
            kind_of_value = "liczbą" if expected is int else "tekstem"
            return f"ustawienie {name!r} polecenia „{verb.label}” musi być {kind_of_value}"
        size = len(value) if isinstance(value, str) else value
        if not low <= size <= high:
            return f"ustawienie {name!r} polecenia „{verb.label}” musi mieścić się w {low}–{high}"
    return None
