"""The demo county's tables: the real municipalities of Powiat Lubelski (names, seats,
coordinates near each gmina office) and the ILLUSTRATIVE texts the demo fills them with
(news, events, procedures, office hours). content_sync.demo turns them into items.
"""

from __future__ import annotations

ILLUSTRATIVE = {
    "pl": "Dane przykładowe (demo): adres, telefon i godziny są poglądowe.",
    "en": "Illustrative demo data: address, phone and hours are not real.",
    "uk": "Демонстраційні дані: адреса, телефон і години роботи умовні.",
}

# slug, name, seat, latitude, longitude (near the seat of the gmina office)
MUNICIPALITIES = (
    ("belzyce", "Gmina Bełżyce", "Bełżyce", 51.1747, 22.2830),
    ("borzechow", "Gmina Borzechów", "Borzechów", 51.0930, 22.2830),
    ("bychawa", "Gmina Bychawa", "Bychawa", 51.0160, 22.5330),
    ("garbow", "Gmina Garbów", "Garbów", 51.3510, 22.3430),
    ("glusk", "Gmina Głusk", "Dominów", 51.1650, 22.6300),
    ("jablonna", "Gmina Jabłonna", "Jabłonna Pierwsza", 51.0790, 22.6110),
    ("jastkow", "Gmina Jastków", "Jastków", 51.2990, 22.4460),
    ("konopnica", "Gmina Konopnica", "Kozubszczyzna", 51.2240, 22.4420),
    ("krzczonow", "Gmina Krzczonów", "Krzczonów", 51.0020, 22.7060),
    ("niedrzwica", "Gmina Niedrzwica Duża", "Niedrzwica Duża", 51.1110, 22.3900),
    ("niemce", "Gmina Niemce", "Niemce", 51.3160, 22.6270),
    ("strzyzewice", "Gmina Strzyżewice", "Strzyżewice", 51.0520, 22.4140),
    ("wojciechow", "Gmina Wojciechów", "Wojciechów", 51.2380, 22.2450),
    ("wolka", "Gmina Wólka", "Jakubowice Murowane", 51.2700, 22.6420),
    ("wysokie", "Gmina Wysokie", "Wysokie", 50.9120, 22.6660),
    ("zakrzew", "Gmina Zakrzew", "Zakrzew", 50.9440, 22.6050),
)

WEEKDAY_HOURS = {day: [["07:30", "15:30"]] for day in ("mon", "wed", "thu", "fri")} | {
    "tue": [["08:00", "17:00"]]
}

COUNTY_NEWS = (
    (
        "Nowy rozkład autobusów powiatowych od 1 grudnia",
        "Zmieniają się godziny kursów na liniach łączących gminy z Lublinem.",
        "New county bus timetable from 1 December",
        "Новий розклад повітових автобусів з 1 грудня",
    ),
    (
        "Bezpłatne porady prawne w punktach powiatu",
        "Nieodpłatna pomoc prawna i poradnictwo obywatelskie — zapisy telefoniczne.",
        "Free legal advice in county help points",
        "Безкоштовна юридична допомога",
    ),
    (
        "Zima na drogach powiatowych — numery dyżurne",
        "Zarząd Dróg Powiatowych uruchomił całodobowy dyżur zimowy.",
        None,
        None,
    ),
    (
        "Wydział Komunikacji: rejestracja pojazdów bez kolejki online",
        "Zarezerwuj wizytę przez internet i załatw sprawę w 15 minut.",
        "Vehicle registration: book your visit online",
        None,
    ),
    (
        "Stypendia Starosty Lubelskiego dla uczniów",
        "Wnioski przyjmujemy do końca miesiąca w sekretariatach szkół.",
        None,
        "Стипендії старости для учнів",
    ),
    (
        "Program „Czyste powietrze” — dyżury doradców",
        "Doradcy energetyczni pomogą wypełnić wniosek o dofinansowanie.",
        None,
        None,
    ),
    (
        "Powiatowy Urząd Pracy: nowe szkolenia dla bezrobotnych",
        "Kursy spawania, obsługi wózków widłowych i kadr i płac.",
        None,
        "Нові курси для безробітних",
    ),
    (
        "Szczepienia przeciw grypie dla seniorów",
        "Bezpłatne szczepienia w przychodniach na terenie powiatu.",
        "Free flu vaccinations for seniors",
        "Безкоштовні щеплення від грипу для людей похилого віку",
    ),
    (
        "Konsultacje strategii rozwoju powiatu",
        "Czekamy na uwagi mieszkańców do projektu strategii do 2035 roku.",
        None,
        None,
    ),
    (
        "Nowe infomaty w urzędach gmin",
        "W każdej gminie stanął dotykowy ekran z informacjami i darmowe Wi-Fi.",
        "New information kiosks in municipal offices",
        "Нові інформаційні кіоски",
    ),
)

LOCAL_NEWS_TEMPLATES = (
    (
        "{seat}: zbiórka odpadów wielkogabarytowych",
        "Meble i duże odpady wystaw przed posesję do godziny 7:00 w dniu zbiórki.",
    ),
    (
        "Sesja Rady Gminy {short}",
        "Transmisja obrad na żywo w BIP. Porządek obrad dostępny w urzędzie.",
    ),
)

EVENT_TEMPLATES = (
    ("Jarmark bożonarodzeniowy — {seat}", "Rynek / plac przy urzędzie", 6, 10, 6),
    ("Dzień otwarty urzędu — {seat}", "Urząd gminy, sala konferencyjna", 10, 9, 4),
)

PROCEDURES = (
    (
        "Dowód osobisty — wydanie nowego",
        [
            "Wniosek o wydanie dowodu osobistego",
            "Jedno aktualne zdjęcie 35×45 mm",
            "Dotychczasowy dowód (jeśli go masz)",
        ],
        "Bezpłatnie",
        "Urząd gminy — referat spraw obywatelskich",
        "https://www.gov.pl/web/gov/uzyskaj-dowod-osobisty",
        "Identity card — new",
        "Посвідчення особи — оформлення нового",
    ),
    (
        "Zameldowanie na pobyt stały",
        [
            "Formularz zgłoszenia pobytu stałego",
            "Dowód osobisty lub paszport",
            "Tytuł prawny do lokalu (do wglądu)",
        ],
        "Bezpłatnie",
        "Urząd gminy — ewidencja ludności",
        "https://www.gov.pl/web/gov/zamelduj-sie-na-pobyt-staly",
        "Registering permanent residence",
        "Реєстрація постійного місця проживання",
    ),
    (
        "Rejestracja samochodu",
        ["Wniosek o rejestrację", "Dowód własności pojazdu", "Polisa OC", "Dowód rejestracyjny"],
        "180,50 zł",
        "Starostwo Powiatowe w Lublinie, Wydział Komunikacji",
        "https://www.gov.pl/web/gov/zarejestruj-pojazd",
        "Registering a car",
        None,
    ),
    (
        "Prawo jazdy — wymiana",
        ["Wniosek", "Zdjęcie 35×45 mm", "Dotychczasowe prawo jazdy"],
        "100,50 zł",
        "Starostwo Powiatowe w Lublinie, Wydział Komunikacji",
        "https://www.gov.pl/web/gov/wymien-prawo-jazdy",
        "Driving licence — replacement",
        None,
    ),
    (
        "Deklaracja o wysokości opłaty za odpady",
        ["Formularz deklaracji", "Dane nieruchomości"],
        "Bezpłatnie",
        "Urząd gminy — referat podatków",
        None,
        None,
        None,
    ),
    (
        "Podatek od nieruchomości — informacja",
        ["Formularz IN-1", "Akt notarialny lub wypis z księgi wieczystej"],
        "Bezpłatnie",
        "Urząd gminy — referat podatków",
        None,
        "Property tax — information form",
        None,
    ),
    (
        "Akt urodzenia — odpis",
        ["Wniosek o wydanie odpisu aktu stanu cywilnego", "Dowód osobisty"],
        "22 zł",
        "Urząd Stanu Cywilnego",
        "https://www.gov.pl/web/gov/uzyskaj-odpis-aktu-urodzenia",
        "Birth certificate — copy",
        "Свідоцтво про народження — копія",
    ),
    (
        "Karta Dużej Rodziny",
        ["Wniosek", "Dokumenty potwierdzające liczbę dzieci"],
        "Bezpłatnie (duplikat 10,32 zł)",
        "Urząd gminy — ośrodek pomocy społecznej",
        "https://empatia.mrpips.gov.pl",
        "Large Family Card",
        None,
    ),
    (
        "Pozwolenie na budowę",
        [
            "Wniosek PB-1",
            "Projekt budowlany (3 egzemplarze)",
            "Oświadczenie o prawie do nieruchomości",
        ],
        "Bezpłatnie (budynek mieszkalny)",
        "Starostwo Powiatowe w Lublinie, Wydział Architektury",
        "https://e-budownictwo.gunb.gov.pl",
        "Building permit",
        None,
    ),
    (
        "Wypis z rejestru gruntów",
        ["Wniosek EGiB", "Dowód osobisty"],
        "Od 20 zł",
        "Starostwo Powiatowe w Lublinie, Geodezja",
        None,
        None,
        None,
    ),
    (
        "Numer PESEL dla obywatela Ukrainy",
        ["Wniosek o nadanie PESEL", "Paszport lub inny dokument tożsamości", "Zdjęcie 35×45 mm"],
        "Bezpłatnie",
        "Dowolny urząd gminy",
        "https://www.gov.pl/web/gov/uzyskaj-pesel",
        "PESEL number for Ukrainian citizens",
        "Номер PESEL для громадян України",
    ),
)
