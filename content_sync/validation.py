"""Turning an editor's form into clean item data, or into messages in Polish.

Nothing is stored unless every field is valid: `validate_form` returns either the
whole item or the errors, keyed by the form field that needs fixing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from common.polish import LOCAL_TZ
from content_sync.model import LANGUAGES, WEEKDAYS, ContentType, Field

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,40}$")
_TIME_RANGE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?$")
_CLOSED_WORDS = {"zamknięte", "nieczynne", "closed", "-"}

MSG_REQUIRED = "To pole jest wymagane."
# Residents who do not read Polish need these most: what is dangerous now, and how to get
# a thing done at the office. Other types may go out in Polish only without a word.
TRANSLATION_EXPECTED = frozenset({"alert", "procedure"})
_IN_LANGUAGE = {"en": "angielskiego", "uk": "ukraińskiego"}
MSG_HTML = "Usuń znaczniki HTML (np. <script>); formatowanie tylko przez Markdown."


@dataclass
class FormResult:
    """Clean data for every field, or the errors that block saving."""

    data: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the form can be saved."""
        return not self.errors


class FieldError(ValueError):
    """A single field's value is not acceptable; the message is shown to the editor."""


def clean_text(raw: str | None, max_length: int) -> str:
    """Normalise line ends, trim, and refuse markup, control characters and overlong text."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(text):
        raise FieldError("Tekst zawiera niedozwolone znaki sterujące.")
    if _HTML_TAG.search(text):
        raise FieldError(MSG_HTML)
    if len(text) > max_length:
        raise FieldError(f"Za długi tekst: {len(text)} znaków, dozwolone {max_length}.")
    return text


def parse_local_datetime(raw: str) -> datetime:
    """Read `2026-12-01T10:00` (or with a space) as Polish local time."""
    try:
        value = datetime.fromisoformat(raw.strip().replace(" ", "T"))
    except ValueError:
        raise FieldError("Nieprawidłowa data — użyj formatu RRRR-MM-DD GG:MM.") from None
    if not 2000 <= value.year <= 2100:
        raise FieldError("Data musi przypadać w latach 2000–2100.")
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value


def utc_iso(value: datetime) -> str:
    """The canonical stored form of an instant: UTC, seconds, a trailing Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time_ranges(raw: str) -> list[list[str]]:
    """`7:30-15:30, 16-18` → [["07:30", "15:30"], ["16:00", "18:00"]]."""
    raw = raw.strip()
    if not raw or raw.lower() in _CLOSED_WORDS:
        return []
    ranges = []
    for part in raw.split(","):
        match = _TIME_RANGE.match(part.strip())
        if not match:
            raise FieldError(f"Nie rozumiem godzin „{part.strip()}” — wpisz np. 7:30-15:30.")
        h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
        if not (h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60):
            raise FieldError(f"Nieprawidłowa godzina w „{part.strip()}”.")
        start, end = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
        if end <= start:
            raise FieldError(f"Koniec przed początkiem w „{part.strip()}”.")
        ranges.append([start, end])
    return ranges


def _parse_holidays(raw: str) -> list[dict]:
    holidays = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day, _, rest = line.partition(" ")
        try:
            date = datetime.strptime(day, "%Y-%m-%d").date()
        except ValueError:
            raise FieldError(f"Wiersz {number}: zacznij od daty RRRR-MM-DD.") from None
        rest = rest.strip()
        hours_text, _, note = rest.partition(" ")
        if hours_text.lower() in _CLOSED_WORDS or not hours_text:
            hours, note = [], note if hours_text else ""
        else:
            try:
                hours = parse_time_ranges(hours_text)
            except FieldError:
                hours, note = [], rest
        holidays.append({"date": date.isoformat(), "hours": hours, "note": note.strip()})
    return holidays


def _parse_value(spec: Field, raw: str):
    """Parse one non-empty raw form value for `spec`; raise FieldError if it is wrong."""
    if spec.kind in ("text", "markdown", "phone", "email", "url", "choice"):
        text = clean_text(raw, spec.max_length)
        if spec.kind == "phone" and not _PHONE.match(text):
            raise FieldError("Nieprawidłowy numer telefonu.")
        if spec.kind == "email" and not _EMAIL.match(text):
            raise FieldError("Nieprawidłowy adres e-mail.")
        if spec.kind == "url":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
                raise FieldError("Podaj pełny adres zaczynający się od https://")
        if spec.kind == "choice" and text not in dict(spec.choices):
            raise FieldError("Wybierz jedną z podanych wartości.")
        return text
    if spec.kind == "lines":
        text = clean_text(raw, spec.max_length)
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]
    if spec.kind == "datetime":
        return parse_local_datetime(raw).isoformat(timespec="minutes")
    if spec.kind in ("latitude", "longitude"):
        limit = 90 if spec.kind == "latitude" else 180
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            raise FieldError("Podaj liczbę, np. 51.2465.") from None
        if not -limit <= number <= limit:
            raise FieldError(f"Wartość spoza zakresu ±{limit}.")
        return number
    if spec.kind == "holidays":
        return _parse_holidays(clean_text(raw, spec.max_length))
    raise AssertionError(f"no parser for field kind {spec.kind}")


def _form_names(spec: Field) -> list[tuple[str, str | None]]:
    if spec.translated:
        return [(f"{spec.name}.{lang}", lang) for lang in LANGUAGES]
    return [(spec.name, None)]


def validate_form(ctype: ContentType, form: Mapping[str, str]) -> FormResult:
    """Validate the editor form for `ctype`; images are attached by the caller."""
    result = FormResult()
    for spec in ctype.fields:
        if spec.kind == "image":
            continue
        if spec.kind == "hours":
            _validate_hours(spec, form, result)
            continue
        values = {}
        for form_name, lang in _form_names(spec):
            raw = form.get(form_name, "") or ""
            if not raw.strip():
                continue
            try:
                values[lang] = _parse_value(spec, raw)
            except FieldError as exc:
                result.errors[form_name] = str(exc)
        first = _form_names(spec)[0][0]
        if spec.required and None not in values and "pl" not in values:
            result.errors.setdefault(first, MSG_REQUIRED)
        if values:
            result.data[spec.name] = values if spec.translated else values[None]
    _validate_window(ctype, form, result)
    _validate_event_order(result)
    return result


def _validate_hours(spec: Field, form: Mapping[str, str], result: FormResult) -> None:
    hours = {}
    for day in WEEKDAYS:
        name = f"{spec.name}.{day}"
        try:
            ranges = parse_time_ranges(clean_text(form.get(name, ""), 100))
        except FieldError as exc:
            result.errors[name] = str(exc)
            continue
        if ranges:
            hours[day] = ranges
    if hours:
        result.data[spec.name] = hours


def _validate_window(ctype: ContentType, form: Mapping[str, str], result: FormResult) -> None:
    """publish_from / publish_until: optional, except the expiry of an alert."""
    window = {}
    for name in ("publish_from", "publish_until"):
        raw = (form.get(name) or "").strip()
        if not raw:
            continue
        try:
            window[name] = parse_local_datetime(raw)
        except FieldError as exc:
            result.errors[name] = str(exc)
    if ctype.expiry_required and "publish_until" not in window:
        result.errors.setdefault("publish_until", "Komunikat pilny musi mieć datę wygaśnięcia.")
    if len(window) == 2 and window["publish_until"] <= window["publish_from"]:
        result.errors["publish_until"] = "Koniec publikacji musi być po jej początku."
    for name, value in window.items():
        result.data[name] = utc_iso(value)


def _validate_event_order(result: FormResult) -> None:
    starts, ends = result.data.get("starts_at"), result.data.get("ends_at")
    if starts and ends and datetime.fromisoformat(ends) < datetime.fromisoformat(starts):
        result.errors["ends_at"] = "Koniec wydarzenia nie może być przed początkiem."


def device_claim_error(
    device_id: str,
    other_locations: Iterable[tuple[str, str]],
    owner: str | None,
    may_manage: Callable[[str], bool],
) -> str | None:
    """Why a location may not name `device_id`, in Polish for the form; None if it may.

    A device id is one device of one office: no other location (`other_locations`:
    channel and title of each, drafts included) may name it, and a device the fleet
    already places in an office (`owner`) is attached only by someone who manages
    that office, the county admin or its own editor. Otherwise Garbów's editor could
    take Konopnica's hotspot by typing its id: its splash would show Garbów's news
    and Garbów's editor would command it.
    """
    taken = next(iter(other_locations), None)
    if taken:
        channel, title = taken
        return (
            f"Urządzenie {device_id} jest już przypisane do lokalizacji „{title}” ({channel}). "
            "Jedno urządzenie może stać tylko w jednej lokalizacji."
        )
    if owner and not may_manage(owner):
        return (
            f"Urządzenie {device_id} należy do innej gminy ({owner}); przypisać je może "
            "tylko administrator powiatu lub redaktor tej gminy."
        )
    return None


def translation_warning(ctype: ContentType, data: dict) -> str | None:
    """A warning (never a refusal) naming each language and field an alert or a procedure
    has only in Polish; None when nothing is missing or the type does not expect it."""
    if ctype.name not in TRANSLATION_EXPECTED:
        return None
    missing = []
    for lang, language in _IN_LANGUAGE.items():
        fields = [
            spec.label
            for spec in ctype.fields
            if spec.translated
            and (data.get(spec.name) or {}).get("pl")
            and not (data.get(spec.name) or {}).get(lang)
        ]
        if fields:
            missing.append(f"{language}: {', '.join(fields)}")
    if not missing:
        return None
    return (
        f"Brak tłumaczenia {'; '.join(missing)}. Osoby czytające po angielsku lub "
        "ukraińsku zobaczą te pola po polsku."
    )
