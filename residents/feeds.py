"""The portal for machines: Atom per channel and type, iCalendar events, sitemap, robots.txt.

Every document lists only what residents may see now (published, inside its window),
through residents.listing like the pages do. Calendars carry their own VTIMEZONE for
Europe/Warsaw and local times with TZID, so an event at 18:00 stays at 18:00 in every
calendar on both sides of a DST change.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, request, url_for
from markupsafe import Markup

from common.polish import LOCAL_TZ
from content_sync import store
from content_sync.db import get_db
from content_sync.labels import LABELS
from content_sync.model import COUNTY_CHANNEL, LANGUAGES, localized
from content_sync.store import Item
from residents import listing
from residents.i18n import page_route, prefixed
from residents.news import MAX_ID
from residents.pages import ITEM_PATHS, SECTION_PATHS, cached, item_path
from residents.texts import TEXTS

bp = Blueprint("residents_feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
CALENDAR_EVENTS = 500
# The path word of each feed ("aktualnosci.atom") and the type it lists.
FEED_TYPES = {path.strip("/"): type_name for type_name, path in ITEM_PATHS.items()}
SECTION_OF = {
    "news": "news",
    "event": "events",
    "office": "offices",
    "procedure": "procedures",
    "alert": "alerts",
}
# Crawlers are kept to the portal: the staff's pages, the devices' API and sync files
# and the Wi-Fi splash are for people and machines with business there. /api/ is
# disallowed too: it serves the same published items as JSON, which would only compete
# with the pages in search results and cost the server; kiosks do not read robots.txt.
ROBOTS_DISALLOW = ("/editor/", "/admin/", "/fleet/", "/portal/", "/api/", "/sync/", "/login")
# Endpoints never listed in the sitemap: results of a query, and the feeds themselves.
NOT_PAGES = ("residents_search_page.", "residents_feeds.")

WARSAW_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Warsaw",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def absolute(path: str) -> str:
    """`path` as an absolute URL on the host the request came to."""
    return request.host_url.rstrip("/") + path


def _scope(channel: str) -> list[str] | None:
    """The channels a feed lists: everything for the county, else county + gmina; 404 else."""
    if channel == COUNTY_CHANNEL:
        return None
    if not store.channel_exists(get_db(), channel):
        abort(404)
    return listing.scope_of(channel)


def _title(item: Item, lang: str) -> str:
    data = item.published or {}
    return str(localized(data.get("title") or data.get("name"), lang) or "")


def _summary(item: Item, lang: str) -> str:
    data = item.published or {}
    for name in ("summary", "body", "note", "place"):
        text = localized(data.get(name), lang)
        if text:
            return str(text)[:500]
    return ""


def _atom_time(stamp: str) -> str:
    """A stored UTC instant (…Z) in RFC 3339, as Atom wants it."""
    return stamp if stamp.endswith("Z") else stamp + "Z"


def atom_feed(items: list[Item], lang: str, title: str, self_url: str, page_url: str) -> bytes:
    """An Atom 1.0 document for `items` (newest first) in `lang`."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add(feed, "title", title)
    add(feed, "id", self_url)
    add(feed, "link", rel="self", href=self_url)
    add(feed, "link", rel="alternate", href=page_url, type="text/html")
    add(feed, "author").append(_named(LABELS[lang]["county"]))
    stamps = [item.published_at for item in items if item.published_at]
    add(feed, "updated", _atom_time(max(stamps) if stamps else "2000-01-01T00:00:00Z"))
    for item in items:
        url = absolute(item_path(item.type, item.id, lang))
        entry = add(feed, "entry")
        add(entry, "title", _title(item, lang))
        add(entry, "id", url)
        add(entry, "link", rel="alternate", href=url, type="text/html")
        add(entry, "updated", _atom_time(item.published_at))
        summary = _summary(item, lang)
        if summary:
            add(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _named(name: str) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}name")
    element.text = name
    return element


def _ics_text(value: str) -> str:
    """Text escaped for an iCalendar property value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _local(iso: str) -> str:
    """A stored event time (ISO with offset, or naive local) as Warsaw wall time."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TZ)
    return moment.strftime("%Y%m%dT%H%M%S")


def calendar(events: list[Item], lang: str, name: str) -> bytes:
    """An iCalendar document of `events` with Warsaw local times and their VTIMEZONE."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Infomat//Portal mieszkanca//PL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(name)}",
        "X-WR-TIMEZONE:Europe/Warsaw",
        *WARSAW_VTIMEZONE,
    ]
    host = request.host.split(":")[0]
    for event in events:
        data = event.published or {}
        stamp = datetime.fromisoformat(event.published_at.replace("Z", "+00:00"))
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.id}@{host}",
            f"DTSTAMP:{stamp.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;TZID=Europe/Warsaw:{_local(data['starts_at'])}",
        ]
        if data.get("ends_at"):
            lines.append(f"DTEND;TZID=Europe/Warsaw:{_local(data['ends_at'])}")
        lines.append(f"SUMMARY:{_ics_text(_title(event, lang))}")
        place = localized(data.get("place"), lang)
        if place:
            lines.append(f"LOCATION:{_ics_text(str(place))}")
        summary = _summary(event, lang)
        if summary and summary != place:
            lines.append(f"DESCRIPTION:{_ics_text(summary)}")
        lines += [f"URL:{absolute(item_path('event', event.id, lang))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


@page_route(bp, "/kanal/<channel>/<kind>.atom")
def atom(lang: str, channel: str, kind: str):
    """The newest items of one type in a channel (the county's portal lists all)."""
    if kind not in FEED_TYPES:
        abort(404)
    type_name = FEED_TYPES[kind]
    items = listing.visible(get_db(), type_name, _scope(channel), limit=FEED_ENTRIES)
    names = listing.channel_names(get_db())
    section = SECTION_OF[type_name]
    page = prefixed(SECTION_PATHS.get(section, "/"), lang)
    title = f"{names.get(channel, channel)} · {TEXTS[lang][section]}"
    body = atom_feed(items, lang, title, absolute(request.path), absolute(page))
    return _document(body, "application/atom+xml")


@page_route(bp, "/kanal/<channel>/wydarzenia.ics")
def channel_calendar(lang: str, channel: str):
    """A channel's events as a calendar to subscribe to."""
    events = listing.visible(
        get_db(), "event", _scope(channel), order_by=listing.STARTS_AT, limit=CALENDAR_EVENTS
    )
    name = listing.channel_names(get_db()).get(channel, channel)
    return _ics_response(calendar(events, lang, name), f"{channel}.ics")


@page_route(bp, "/wydarzenia/<int:item_id>.ics")
def event_calendar(lang: str, item_id: int):
    """One event, for "add to calendar"."""
    event = store.visible_item(get_db(), item_id) if item_id <= MAX_ID else None
    if event is None or event.type != "event":
        abort(404)
    return _ics_response(calendar([event], lang, _title(event, lang)), f"wydarzenie-{item_id}.ics")


def _document(body: bytes, mimetype: str) -> Response:
    """`body` with the pages' caching headers: feed readers and nginx revalidate cheaply."""
    response = cached(body, listing.last_change(get_db()))
    response.mimetype = mimetype
    return response


def _ics_response(body: bytes, filename: str) -> Response:
    response = _document(body, "text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def portal_pages() -> list[str]:
    """The path of every portal page residents may open now, in every language."""
    db = get_db()
    paths = []
    for rule in current_app.url_map.iter_rules():
        is_page = rule.endpoint.startswith("residents") and not rule.endpoint.startswith(NOT_PAGES)
        if is_page and "GET" in rule.methods and rule.arguments == {"lang"}:
            paths += [url_for(rule.endpoint, lang=lang) for lang in LANGUAGES]
    for channel in listing.channel_names(db):
        if channel != COUNTY_CHANNEL:
            paths += [
                url_for("residents.channel", lang=lang, channel=channel) for lang in LANGUAGES
            ]
    for type_name in ITEM_PATHS:
        for item in listing.visible(db, type_name):
            paths += [item_path(type_name, item.id, lang) for lang in LANGUAGES]
    return sorted(set(paths))


@bp.get("/sitemap.xml")
def sitemap():
    """Every published page of the portal, and nothing else."""
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    urlset = ET.Element("urlset", {"xmlns": namespace})
    for path in portal_pages():
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = absolute(path)
    body = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return _document(body, "application/xml")


@bp.get("/robots.txt")
def robots():
    """Crawlers welcome on the portal, kept out of the staff's and the devices' parts."""
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Sitemap: {absolute(url_for('residents_feeds.sitemap'))}")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.app_template_filter("json_ld")
def json_ld(data: dict) -> Markup:
    """`data` as JSON safe inside <script>: no "<" survives, so no "</script>" either."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(  # noqa: S704 - JSON with <, > and & escaped
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


@bp.app_template_global()
def structured_data(item: Item, lang: str) -> dict | None:
    """schema.org data for an event or a government office; None for other types."""
    data = item.published or {}
    url = absolute(item_path(item.type, item.id, lang))
    if item.type == "event":
        event = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": _title(item, lang),
            "startDate": data["starts_at"],
            "url": url,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        }
        if data.get("ends_at"):
            event["endDate"] = data["ends_at"]
        place = localized(data.get("place"), lang)
        if place:
            event["location"] = {"@type": "Place", "name": str(place), "address": str(place)}
        return event
    if item.type == "office":
        office = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "name": _title(item, lang),
            "address": data.get("address", ""),
            "url": url,
        }
        for key, source in (("telephone", "phone"), ("email", "email"), ("sameAs", "bip_url")):
            if data.get(source):
                office[key] = data[source]
        if data.get("lat") and data.get("lon"):
            office["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": data["lat"],
                "longitude": data["lon"],
            }
        return office
    return None
