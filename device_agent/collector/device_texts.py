"""What a device's page says in Polish: its log as sentences, its kiosk's screen by name.

fleet.db keeps each log entry's action as a code ("enrolled", "command-done") with its
details as JSON, so code and scripts that read fleet.db keep stable names while the
wording shown to admins lives here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from device_agent.verbs import VERBS

# The kiosk UI's screen names (kiosk_ui.app.SCREENS), as the county calls them.
SCREEN_NAMES = {
    "home": "ekran główny",
    "news": "aktualności",
    "offices": "urzędy",
    "procedures": "sprawy urzędowe",
    "events": "wydarzenia",
    "detail": "szczegóły pozycji",
    "map": "mapa",
    "help": "pomoc",
    "unavailable": "komunikat o braku treści",
}
ACTORS = {"device": "urządzenie"}


def actor(name: str) -> str:
    """Who acted, in Polish: a user's login, or the device itself."""
    return ACTORS.get(name, name)


def _details(raw: object) -> dict:
    """An entry's details; text that is not a JSON object is kept as its `text`."""
    try:
        details = json.loads(raw) if isinstance(raw, str) and raw.startswith("{") else None
    except ValueError:
        details = None
    return details if isinstance(details, dict) else {"text": str(raw or "")}


def _command(details: dict) -> str:
    verb = VERBS.get(details.get("verb"))
    return f"„{verb.label}”" if verb else "nieznane"


def _arguments(arguments: object) -> str:
    if not isinstance(arguments, dict):
        return ""
    parts = []
    if "seconds" in arguments:
        parts.append(f"{arguments['seconds']} s")
    if arguments.get("text"):
        parts.append(f"napis „{arguments['text']}”")
    return f" ({', '.join(parts)})" if parts else ""


def sentence(entry: Mapping, office_names: Mapping[str, str]) -> str:
    """One log entry as a sentence for the admin: what happened, in Polish."""
    details = _details(entry["detail"])
    result = str(details.get("result") or details.get("text") or "").strip()
    match entry["action"]:
        case "enrollment-code":
            return "Utworzono jednorazowy kod rejestracji (ważny 24 h)."
        case "enrolled":
            return f"Zarejestrowano urządzenie (komputer: {details.get('hostname') or '—'})."
        case "token-revoked":
            return "Cofnięto dostęp urządzenia: zgłosi się znowu dopiero z nowym kodem rejestracji."
        case "moved":
            before, after = details.get("from"), details.get("to")
            return (
                f"Przeniesiono do: {office_names.get(after, after)}"
                f" (wcześniej: {office_names.get(before, before)})."
            )
        case "command":
            return f"Wysłano polecenie {_command(details)}{_arguments(details.get('arguments'))}."
        case "command-done":
            return f"Wykonano polecenie {_command(details)}" + (f": {result}." if result else ".")
        case "command-failed":
            return f"Polecenie {_command(details)} nie powiodło się" + (
                f": {result}." if result else "."
            )
    # An action this version does not know (written by a newer one): its own words.
    return result or entry["action"]
