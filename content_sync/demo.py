"""The demo county: the real municipalities of Powiat Lubelski with illustrative content.

Names of the county and its 16 gminas are true. Addresses, phone numbers, opening
hours, news, events and device locations are ILLUSTRATIVE (made up for the demo)
and every office says so in its note. Coordinates are near each gmina's seat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlite_utils

from common.sqlite import write_transaction
from content_sync import store
from content_sync.model import COUNTY_CHANNEL
from content_sync.validation import LOCAL_TZ, utc_iso

DEMO_ACTOR = "demo"
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


def _tr(pl: str, en: str | None = None, uk: str | None = None) -> dict:
    return {"pl": pl} | ({"en": en} if en else {}) | ({"uk": uk} if uk else {})


def _office(slug: str, name: str, seat: str, lat: float, lon: float, index: int) -> dict:
    return {
        "name": _tr(
            name.replace("Gmina", "Urząd Gminy"), name.replace("Gmina", "Municipal Office of")
        ),
        "address": f"ul. Przykładowa {index + 1}, {seat}",
        "phone": f"+48 81 555 {index:02d} {index + 10:02d}",
        "email": f"sekretariat@{slug}.example",
        "opening_hours": WEEKDAY_HOURS,
        "holidays": [
            {"date": "2026-12-24", "hours": [], "note": "Wigilia"},
            {"date": "2026-12-31", "hours": [["07:30", "12:00"]], "note": "Sylwester"},
        ],
        "bip_url": f"https://{slug}.example/bip",
        "epuap_url": "https://epuap.gov.pl/wps/portal",
        "lat": lat,
        "lon": lon,
        "note": ILLUSTRATIVE,
    }


def _minute(dt: datetime) -> datetime:
    return dt.replace(second=0, microsecond=0)


def _local(dt: datetime) -> str:
    return _minute(dt).isoformat(timespec="minutes")


def demo_items(today: datetime) -> list[tuple[str, str, dict]]:
    """(type, channel, data) for every demo item, dated relative to `today` in Poland."""
    today = today.astimezone(LOCAL_TZ)
    items: list[tuple[str, str, dict]] = [
        (
            "office",
            COUNTY_CHANNEL,
            _office(COUNTY_CHANNEL, "Starostwo Powiatowe w Lublinie", "Lublin", 51.2465, 22.5684, 0)
            | {
                "name": _tr(
                    "Starostwo Powiatowe w Lublinie",
                    "Lublin County Office",
                    "Повітове староство в Любліні",
                )
            },
        )
    ]
    for index, (slug, name, seat, lat, lon) in enumerate(MUNICIPALITIES, start=1):
        items.append(("office", slug, _office(slug, name, seat, lat, lon, index)))
    for title, summary, en, uk in COUNTY_NEWS:
        items.append(
            (
                "news",
                COUNTY_CHANNEL,
                {
                    "title": _tr(title, en, uk),
                    "summary": _tr(summary),
                    "body": _tr(
                        f"{summary}\n\nSzczegóły w **Starostwie Powiatowym w Lublinie** "
                        "i na stronie [powiat.lublin.pl](https://powiat.lublin.pl)."
                    ),
                },
            )
        )
    for slug, name, seat, _lat, _lon in MUNICIPALITIES:
        for title, body in LOCAL_NEWS_TEMPLATES:
            items.append(
                (
                    "news",
                    slug,
                    {
                        "title": _tr(title.format(seat=seat, short=name.removeprefix("Gmina "))),
                        "body": _tr(body),
                    },
                )
            )
    for number, (slug, _name, seat, _lat, _lon) in enumerate(MUNICIPALITIES[:6]):
        for title, place, days, hour, hours_long in EVENT_TEMPLATES:
            start = (today + timedelta(days=days + number)).replace(hour=hour, minute=0)
            items.append(
                (
                    "event",
                    slug,
                    {
                        "title": _tr(title.format(seat=seat)),
                        "starts_at": _local(start),
                        "ends_at": _local(start + timedelta(hours=hours_long)),
                        "place": _tr(f"{place}, {seat}"),
                        "body": _tr("Zapraszamy wszystkich mieszkańców. Wstęp wolny."),
                    },
                )
            )
    for title, documents, fees, where, url, en, uk in PROCEDURES:
        data = {
            "title": _tr(title, en, uk),
            "documents": {"pl": documents},
            "fees": _tr(fees),
            "where": _tr(where),
            "duration": _tr("Zwykle od ręki do 30 dni"),
        }
        if url:
            data["online_url"] = url
        items.append(("procedure", COUNTY_CHANNEL, data))
    items.append(
        (
            "alert",
            COUNTY_CHANNEL,
            {
                "title": _tr(
                    "Ostrzeżenie przed oblodzeniem", "Ice warning", "Попередження про ожеледицю"
                ),
                "body": _tr(
                    "IMGW ostrzega przed gołoledzią w nocy i rano. Zachowaj ostrożność.",
                    "Black ice expected at night and in the morning. Take care.",
                    "Вночі та вранці очікується ожеледиця. Будьте обережні.",
                ),
                "severity": "warning",
                "publish_until": utc_iso(
                    (today + timedelta(days=2)).replace(second=0, microsecond=0)
                ),
            },
        )
    )
    items += _device_locations()
    return items


def _device_locations() -> list[tuple[str, str, dict]]:
    """20 kiosks (one per gmina and 4 more) and 22 hotspots (one per gmina and 6 more)."""
    extra_kiosks = ("belzyce", "bychawa", "niemce", "jastkow")
    extra_hotspots = ("belzyce", "bychawa", "niemce", "jastkow", "konopnica", "garbow")
    seats = {m[0]: m for m in MUNICIPALITIES}
    plan = [("kiosk", m[0], 0) for m in MUNICIPALITIES] + [("kiosk", s, 1) for s in extra_kiosks]
    plan += [("hotspot", m[0], 0) for m in MUNICIPALITIES] + [
        ("hotspot", s, 1) for s in extra_hotspots
    ]
    counters = {"kiosk": 0, "hotspot": 0}
    places = ("urząd gminy", "biblioteka", "ośrodek zdrowia")
    locations = []
    for kind, slug, second in plan:
        counters[kind] += 1
        _slug, _name, seat, lat, lon = seats[slug]
        place = places[second + (kind == "hotspot")]
        offset = 0.004 * (second + 1) * (1 if kind == "kiosk" else -1)
        locations.append(
            (
                "location",
                slug,
                {
                    "name": _tr(
                        f"{seat} — {place}", f"{seat} — {'kiosk' if kind == 'kiosk' else 'Wi-Fi'}"
                    ),
                    "kind": kind,
                    "device_id": f"{kind}-{counters[kind]:02d}",
                    "address": f"{seat}, {place} (adres poglądowy)",
                    "lat": round(lat + offset, 4),
                    "lon": round(lon + offset / 2, 4),
                },
            )
        )
    return locations


def load_demo_county(
    db: sqlite_utils.Database,
    now: datetime | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> bool:
    """Fill an empty content.db with the demo county; False if it already has content.

    One transaction: a demo interrupted while loading leaves the file empty, not half full.
    """
    with write_transaction(db):
        return _load_if_empty(db, now, progress)


def _load_if_empty(db, now, progress) -> bool:
    if db["channels"].count:
        return False
    today = now or datetime.now(UTC)
    channels = [
        {
            "id": COUNTY_CHANNEL,
            "name": "Powiat Lubelski (cały powiat)",
            "kind": "county",
            "position": 0,
        }
    ]
    channels += [
        {"id": slug, "name": name, "kind": "municipality", "position": 1}
        for slug, name, *_rest in MUNICIPALITIES
    ]
    db["channels"].insert_all(channels)
    progress(f"channels: {len(channels)}")
    items = demo_items(today)
    for number, (type_name, channel, data) in enumerate(items, start=1):
        item = store.create_item(db, type_name, channel, data, DEMO_ACTOR, source="demo")
        store.publish_item(db, item, DEMO_ACTOR)
        if number % 25 == 0 or number == len(items):
            progress(f"items: {number}/{len(items)}")
    return True
