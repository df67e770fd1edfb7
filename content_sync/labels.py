"""Words residents read around the content, in pl, en and uk (the content itself is the
editors'). Used by the public item page and the editors' preview alike."""

from content_sync.model import WEEKDAYS

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
        "contact": "Повітове староство в Любліні",
        "weekdays": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"),
    },
}


def weekday_labels(lang: str) -> dict[str, str]:
    """Weekday key → short name in `lang`."""
    return dict(zip(WEEKDAYS, LABELS[lang]["weekdays"], strict=True))
