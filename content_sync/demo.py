"""The demo county loaded into content.db: its channels and published items (offices, news,
events, procedures, an alert, device locations), built from content_sync.demo_data.

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
from content_sync.demo_data import (
    COUNTY_NEWS,
    EVENT_TEMPLATES,
    ILLUSTRATIVE,
    LOCAL_NEWS_TEMPLATES,
    MUNICIPALITIES,
    PROCEDURES,
    WEEKDAY_HOURS,
)
from content_sync.model import COUNTY_CHANNEL
from content_sync.validation import LOCAL_TZ, utc_iso

DEMO_ACTOR = "demo"


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
