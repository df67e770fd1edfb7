"""Words residents read around the content, in pl, en and uk (the content itself is the
editors'), and which language a field is really shown in. Used by the public item page,
the editors' preview and the Wi-Fi splash; imports nothing from Flask."""

from content_sync.model import DEFAULT_LANGUAGE, WEEKDAYS

LABELS = {
    "pl": {
        "county": "Powiat Lubelski",
        "documents": "Wymagane dokumenty",
        "fees": "Opłaty",
        "where": "Gdzie załatwić",
        "duration": "Czas załatwienia",
        "online": "Załatw online",
        "hours": "Godziny otwarcia",
        "closed": "nieczynne",
        "phone": "tel.",
        "place": "Miejsce",
        "not_translated": "Ta treść nie ma jeszcze tłumaczenia — pokazujemy wersję polską.",
        "in_polish": "(po polsku)",
        "contact": "Starostwo Powiatowe w Lublinie",
        "weekdays": ("Pon", "Wt", "Śr", "Czw", "Pt", "Sob", "Nd"),
    },
    "en": {
        "county": "Lublin County",
        "documents": "Required documents",
        "fees": "Fees",
        "where": "Where",
        "duration": "How long it takes",
        "online": "Do it online",
        "hours": "Opening hours",
        "closed": "closed",
        "phone": "phone",
        "place": "Place",
        "not_translated": "Not translated yet — shown in Polish.",
        "in_polish": "(in Polish)",
        "contact": "Lublin County Office",
        "weekdays": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    },
    "uk": {
        "county": "Люблінський повіт",
        "documents": "Необхідні документи",
        "fees": "Оплата",
        "where": "Де звернутися",
        "duration": "Термін розгляду",
        "online": "Оформити онлайн",
        "hours": "Години роботи",
        "closed": "зачинено",
        "phone": "тел.",
        "place": "Місце",
        "not_translated": "Переклад ще не готовий — показано польською.",
        "in_polish": "(польською)",
        "contact": "Повітове староство в Любліні",
        "weekdays": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"),
    },
}


def weekday_labels(lang: str) -> dict[str, str]:
    """Weekday key → short name in `lang`."""
    return dict(zip(WEEKDAYS, LABELS[lang]["weekdays"], strict=True))


def shown_language(value: object, lang: str) -> str:
    """The language `model.localized` shows `value` in: `lang` when translated, else Polish.

    Text that falls back to Polish is tagged lang="pl" (so screen readers and the kiosk's
    voice read it as Polish) and marked with LABELS[lang]["in_polish"].
    """
    if lang == DEFAULT_LANGUAGE or not isinstance(value, dict) or value.get(lang):
        return lang
    return DEFAULT_LANGUAGE
