"""The content model: every content type as a table of fields, and the languages.

Types are data, not classes: the editor forms, validation, the JSON API and its
OpenAPI schema are all generated from `CONTENT_TYPES`, so adding a field is one line.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("pl", "en", "uk")
DEFAULT_LANGUAGE = "pl"
LANGUAGE_NAMES = {"pl": "polski", "en": "English", "uk": "українська"}

COUNTY_CHANNEL = "powiat"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_LABELS = {
    "mon": "Poniedziałek",
    "tue": "Wtorek",
    "wed": "Środa",
    "thu": "Czwartek",
    "fri": "Piątek",
    "sat": "Sobota",
    "sun": "Niedziela",
}

SEVERITIES = {"info": "Informacja", "warning": "Ostrzeżenie", "critical": "Zagrożenie"}
LOCATION_KINDS = {"kiosk": "Infomat", "hotspot": "Hotspot Wi-Fi"}


@dataclass(frozen=True)
class Field:
    """One field of a content type, as editors see it and as the API returns it.

    kind is one of: text, markdown, lines, url, email, phone, datetime, latitude,
    longitude, choice, hours, holidays, image.
    """

    name: str
    label: str
    kind: str = "text"
    translated: bool = False
    required: bool = False
    max_length: int = 300
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class ContentType:
    """A kind of content editors publish, with its fields in form order."""

    name: str
    label: str
    plural: str
    api_path: str
    fields: tuple[Field, ...]
    title_field: str = "title"
    expiry_required: bool = False

    def field(self, name: str) -> Field:
        """The field called `name`."""
        return next(f for f in self.fields if f.name == name)


def _title(label: str = "Tytuł") -> Field:
    return Field("title", label, translated=True, required=True, max_length=200)


def _body(label: str = "Treść", required: bool = False) -> Field:
    return Field(
        "body",
        label,
        "markdown",
        translated=True,
        required=required,
        max_length=20000,
        help="Markdown: **pogrubienie**, *kursywa*, listy, [odnośnik](https://…).",
    )


_IMAGE = (
    Field("image", "Zdjęcie", "image", help="JPEG, PNG lub WebP, do 10 MB."),
    Field("image_alt", "Opis zdjęcia (dla niewidomych)", translated=True, max_length=300),
)


def _coordinates(required: bool = False) -> tuple[Field, Field]:
    return (
        Field("lat", "Szerokość geograficzna", "latitude", required=required, help="Np. 51.2465"),
        Field("lon", "Długość geograficzna", "longitude", required=required, help="Np. 22.5684"),
    )


CONTENT_TYPES: dict[str, ContentType] = {
    t.name: t
    for t in (
        ContentType(
            "news",
            "Aktualność",
            "Aktualności",
            "news",
            (
                _title(),
                Field("summary", "Zajawka", translated=True, max_length=400),
                _body(required=True),
                *_IMAGE,
            ),
        ),
        ContentType(
            "event",
            "Wydarzenie",
            "Wydarzenia",
            "events",
            (
                _title(),
                Field("starts_at", "Początek", "datetime", required=True),
                Field("ends_at", "Koniec", "datetime"),
                Field("place", "Miejsce", translated=True, max_length=200),
                _body(),
                *_IMAGE,
            ),
        ),
        ContentType(
            "procedure",
            "Sprawa do załatwienia",
            "Jak załatwić sprawę",
            "procedures",
            (
                _title("Nazwa sprawy"),
                Field("summary", "Krótki opis", translated=True, max_length=400),
                Field(
                    "documents",
                    "Wymagane dokumenty",
                    "lines",
                    translated=True,
                    max_length=4000,
                    help="Jeden dokument w wierszu.",
                ),
                Field("fees", "Opłaty", translated=True, max_length=500),
                Field("where", "Gdzie załatwić", translated=True, max_length=500),
                Field("duration", "Czas załatwienia", translated=True, max_length=200),
                Field("online_url", "Załatw online (link)", "url"),
                _body("Szczegóły"),
            ),
        ),
        ContentType(
            "alert",
            "Komunikat pilny",
            "Komunikaty pilne",
            "alerts",
            (
                _title(),
                Field("body", "Treść", translated=True, required=True, max_length=1000),
                Field(
                    "severity",
                    "Waga",
                    "choice",
                    required=True,
                    choices=tuple(SEVERITIES.items()),
                ),
            ),
            expiry_required=True,
        ),
        ContentType(
            "office",
            "Urząd",
            "Urzędy",
            "offices",
            (
                Field("name", "Nazwa", translated=True, required=True, max_length=200),
                Field("address", "Adres", required=True, max_length=300),
                Field("phone", "Telefon", "phone", max_length=40),
                Field("email", "E-mail", "email", max_length=200),
                Field(
                    "opening_hours",
                    "Godziny otwarcia",
                    "hours",
                    help="Np. 7:30-15:30; kilka przedziałów po przecinku; puste = nieczynne.",
                ),
                Field(
                    "holidays",
                    "Wyjątki (święta, skrócone dni)",
                    "holidays",
                    max_length=4000,
                    help="Wiersz: 2026-12-24 zamknięte  albo  2026-12-31 8:00-12:00 Sylwester",
                ),
                Field("bip_url", "Biuletyn Informacji Publicznej (BIP)", "url"),
                Field("epuap_url", "Skrzynka ePUAP", "url"),
                *_coordinates(),
                Field("note", "Uwagi", translated=True, max_length=1000),
            ),
            title_field="name",
        ),
        ContentType(
            "location",
            "Lokalizacja urządzenia",
            "Infomaty i hotspoty",
            "locations",
            (
                Field("name", "Nazwa", translated=True, required=True, max_length=200),
                Field(
                    "kind",
                    "Rodzaj",
                    "choice",
                    required=True,
                    choices=tuple(LOCATION_KINDS.items()),
                ),
                Field("device_id", "Identyfikator urządzenia", max_length=60),
                Field("address", "Adres", required=True, max_length=300),
                *_coordinates(required=True),
            ),
            title_field="name",
        ),
    )
}


def localized(value: object, lang: str) -> object:
    """Pick `lang` from a translated value, falling back to Polish."""
    if isinstance(value, dict):
        return value.get(lang) or value.get(DEFAULT_LANGUAGE)
    return value
