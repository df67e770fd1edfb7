"""What the portal says to residents, in Polish, English and Ukrainian."""

TEXTS = {
    "pl": {
        "title": "Bezpłatne Wi-Fi Powiatu Lubelskiego",
        "hotspot": "Punkt dostępu",
        "accept": "Akceptuję i łączę się",
        "terms": "Regulamin",
        "terms_body": (
            "Sieć jest bezpłatna i otwarta dla wszystkich. Korzystasz z niej na własną "
            "odpowiedzialność; połączenie nie jest szyfrowane — do bankowości i poczty używaj "
            "stron z kłódką (https).",
            "Zabronione jest łamanie prawa, rozsyłanie spamu i utrudnianie korzystania z sieci "
            "innym. Sesja trwa {minutes} min; potem wystarczy zaakceptować regulamin ponownie.",
            "Administratorem sieci jest Starostwo Powiatowe w Lublinie, ul. Spokojna 9, "
            "20-074 Lublin.",
        ),
        "privacy": "Prywatność (RODO)",
        "privacy_body": (
            "Nie zbieramy imion, e-maili ani numerów telefonów. Zapisujemy tylko skrót "
            "(hash) adresu urządzenia, czas połączenia i ilość danych — do statystyk i "
            "bezpieczeństwa sieci, przez najwyżej 12 miesięcy. Kontakt z inspektorem "
            "ochrony danych: iod@powiat.lublin.pl."
        ),
        "alerts": "Komunikaty pilne",
        "news": "Aktualności",
        "in_polish": "",
        "connecting": "Łączymy Cię z internetem…",
        "continue": "Przejdź do internetu",
        "connected": "Masz dostęp do internetu",
        "connected_for": "Sesja trwa {minutes} min.",
        "connected_left": "Sesja potrwa jeszcze {minutes} min.",
        "origin": "Strona, którą chcesz otworzyć:",
        "error_title": "Nie udało się otworzyć strony logowania",
        "error_body": "Odłącz się od sieci Wi-Fi i połącz ponownie. Jeśli to nie pomoże, "
        "zapytaj w urzędzie.",
        "used": "To połączenie zostało już zaakceptowane. Jeśli nie masz internetu, odłącz się "
        "od sieci i połącz ponownie.",
        "language": "Język",
        "extend": "Przedłuż sesję",
        "extended": "Sesja przedłużona.",
        "daily_quota": "To urządzenie wykorzystało już dzisiejszy limit danych w tej sieci. "
        "Zapraszamy jutro.",
        "closed_hours": "Wi-Fi w tym miejscu działa w godz. {opens}–{closes}.",
        "full": "Wszystkie miejsca w tej sieci są zajęte. Spróbuj za kilka minut.",
        "voucher_label": "Kod dostępu (z kartki w urzędzie)",
        "voucher_wrong": "Ten kod jest nieprawidłowy, został już użyty albo wygasł.",
        "voucher_wait": "Za dużo błędnych kodów. Spróbuj ponownie za {minutes} min.",
        "try_again": "Spróbuj ponownie",
        "useful": "Przydatne strony",
        "offices": "Urzędy",
        "residents_portal": "Portal mieszkańca",
    },
    "en": {
        "title": "Free Wi-Fi of Lublin County",
        "hotspot": "Hotspot",
        "accept": "Accept and connect",
        "terms": "Terms of use",
        "terms_body": (
            "The network is free and open to everyone. You use it at your own risk; the "
            "connection is not encrypted — for banking and e-mail use sites with a padlock "
            "(https).",
            "Breaking the law, sending spam and disturbing other users are forbidden. A "
            "session lasts {minutes} min; then just accept the terms again.",
            "The network is run by the Lublin County Office, ul. Spokojna 9, 20-074 Lublin.",
        ),
        "privacy": "Privacy (GDPR)",
        "privacy_body": (
            "We collect no names, e-mails or phone numbers. We keep only a hash of your "
            "device's address, the connection time and the amount of data — for statistics and "
            "network security, for at most 12 months. Data protection officer: "
            "iod@powiat.lublin.pl."
        ),
        "alerts": "Urgent notices",
        "news": "News",
        "in_polish": "(in Polish)",
        "connecting": "Connecting you to the internet…",
        "continue": "Go to the internet",
        "connected": "You are online",
        "connected_for": "Your session lasts {minutes} min.",
        "connected_left": "Your session has {minutes} min left.",
        "origin": "The page you were opening:",
        "error_title": "The sign-in page could not be opened",
        "error_body": "Disconnect from the Wi-Fi and connect again. If that does not help, "
        "ask at the office.",
        "used": "This connection was already accepted. If you have no internet, disconnect "
        "from the network and connect again.",
        "language": "Language",
        "extend": "Extend my session",
        "extended": "Session extended.",
        "daily_quota": "This device has used today's data allowance on this network. "
        "Welcome back tomorrow.",
        "closed_hours": "The Wi-Fi here works from {opens} to {closes}.",
        "full": "This network is full right now. Try again in a few minutes.",
        "voucher_label": "Access code (from the slip at the office)",
        "voucher_wrong": "This code is wrong, already used or expired.",
        "voucher_wait": "Too many wrong codes. Try again in {minutes} min.",
        "try_again": "Try again",
        "useful": "Useful pages",
        "offices": "Offices",
        "residents_portal": "Residents' portal",
    },
    "uk": {
        "title": "Безкоштовний Wi-Fi Люблінського повіту",
        "hotspot": "Точка доступу",
        "accept": "Приймаю та підключаюся",
        "terms": "Правила користування",
        "terms_body": (
            "Мережа безкоштовна й відкрита для всіх. Ви користуєтеся нею на власну "
            "відповідальність; з'єднання не шифрується — для банкінгу та пошти "
            "використовуйте сайти із замком (https).",
            "Заборонено порушувати закон, розсилати спам і заважати іншим. Сесія триває "
            "{minutes} хв; потім просто прийміть правила ще раз.",
            "Адміністратор мережі — Повітове староство в Любліні, вул. Спокійна 9, 20-074 Люблін.",
        ),
        "privacy": "Приватність (GDPR)",
        "privacy_body": (
            "Ми не збираємо імен, e-mail чи номерів телефонів. Зберігаємо лише хеш адреси "
            "пристрою, час з'єднання та обсяг даних — для статистики й безпеки мережі, "
            "щонайбільше 12 місяців. Інспектор із захисту даних: iod@powiat.lublin.pl."
        ),
        "alerts": "Термінові повідомлення",
        "news": "Новини",
        "in_polish": "(польською)",
        "connecting": "Підключаємо вас до інтернету…",
        "continue": "Перейти до інтернету",
        "connected": "Ви в інтернеті",
        "connected_for": "Сесія триває {minutes} хв.",
        "connected_left": "Сесія триватиме ще {minutes} хв.",
        "origin": "Сторінка, яку ви відкривали:",
        "error_title": "Не вдалося відкрити сторінку входу",
        "error_body": "Від'єднайтеся від Wi-Fi і підключіться знову. Якщо це не допоможе, "
        "запитайте в установі.",
        "used": "Це з'єднання вже прийнято. Якщо інтернету немає, від'єднайтеся від мережі "
        "й підключіться знову.",
        "language": "Мова",
        "extend": "Продовжити сесію",
        "extended": "Сесію продовжено.",
        "daily_quota": "Цей пристрій уже використав сьогоднішній ліміт даних у цій мережі. "
        "Чекаємо завтра.",
        "closed_hours": "Wi-Fi тут працює з {opens} до {closes}.",
        "full": "Усі місця в цій мережі зайняті. Спробуйте за кілька хвилин.",
        "voucher_label": "Код доступу (з картки в установі)",
        "voucher_wrong": "Цей код неправильний, уже використаний або прострочений.",
        "voucher_wait": "Забагато неправильних кодів. Спробуйте за {minutes} хв.",
        "try_again": "Спробувати ще раз",
        "useful": "Корисні сторінки",
        "offices": "Установи",
        "residents_portal": "Портал мешканця",
    },
}
