"""The portal's pages about the county itself: the map of offices, infomats and Wi-Fi
hotspots, the page about the Wi-Fi and the infomats, and the accessibility statement."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app
from markupsafe import Markup, escape

from content_sync import store
from content_sync.db import get_db
from residents import listing
from residents.about_texts import OMBUDSMAN_URL, TEXTS
from residents.i18n import in_lang, page_route, prefixed
from residents.map import (
    KIND_LABELS,
    KINDS,
    Place,
    by_channel,
    county_svg,
    legend_icon,
    published_places,
)
from residents.pages import cached, render_page

bp = Blueprint("residents_about", __name__, template_folder="templates")


def place_url(place: Place, lang: str) -> str:
    """The page a place's marker and list entry lead to: an office's own page, or the
    device's entry on the Wi-Fi and infomats page."""
    if place.kind == "office":
        return prefixed(f"/urzedy/{place.item_id}", lang)
    return prefixed("/wifi-i-infomaty", lang) + f"#miejsce-{place.item_id}"


@page_route(bp, "/mapa")
def county_map(lang: str):
    """The county map with every published office, infomat and hotspot, and the same
    places as a plain list by gmina (the way in for those who cannot use the map)."""
    db = get_db()
    places = published_places(db, lang)
    a = TEXTS[lang]
    svg = county_svg(places, lang, a["map_svg_title"], lambda p: place_url(p, lang))
    return cached(
        render_page(
            "residents/map.html",
            lang,
            "/mapa",
            a=a,
            svg=svg,
            groups=by_channel(places, store.channels(db)),
            kinds=KIND_LABELS[lang],
            icons={kind: legend_icon(kind) for kind in KINDS},
            place_url=place_url,
        ),
        listing.last_change(db),
    )


@page_route(bp, "/wifi-i-infomaty")
def wifi_infomats(lang: str):
    """Where the hotspots and infomats are, by gmina, and what they offer."""
    db = get_db()
    channels = store.channels(db)
    places = published_places(db, lang, kinds=("hotspot", "kiosk"))
    sections = [
        (kind, by_channel([p for p in places if p.kind == kind], channels))
        for kind in ("hotspot", "kiosk")
    ]
    return cached(
        render_page(
            "residents/wifi_infomats.html",
            lang,
            "/wifi-i-infomaty",
            a=TEXTS[lang],
            sections=sections,
            icons={kind: legend_icon(kind) for kind in KINDS},
            kinds=KIND_LABELS[lang],
        ),
        listing.last_change(db),
    )


def statement_date(value: str) -> str | None:
    """A configured date as YYYY-MM-DD (the form the statute's template uses), None if unset.

    A value that is not an ISO date is shown as written rather than hidden."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return value.strip()


@page_route(bp, "/deklaracja-dostepnosci")
def statement(lang: str):
    """The accessibility statement the 2019 act requires, from the portal's settings."""
    config = current_app.config
    a = TEXTS[lang]
    # the ids are the ones the statute's template gives, for the ministry's crawler
    intro = Markup(escape(a["intro"])).format(  # noqa: S704 - the fixed text, escaped
        entity=Markup('<span id="a11y-podmiot">{}</span>').format(config["ACCESSIBILITY_ENTITY"]),
        site=Markup('<a id="a11y-url" href="{0}">{0}</a>').format(config["PUBLIC_URL"]),
    )
    dates = {
        name: statement_date(config[f"ACCESSIBILITY_{name.upper()}"])
        for name in ("site_published", "site_updated", "statement_date", "reviewed")
    }
    return cached(
        render_page(
            "residents/statement.html",
            lang,
            "/deklaracja-dostepnosci",
            a=a,
            intro=intro,
            contact={
                "name": config["ACCESSIBILITY_CONTACT_NAME"],
                "email": config["ACCESSIBILITY_CONTACT_EMAIL"],
                "phone": config["ACCESSIBILITY_CONTACT_PHONE"],
            },
            dates=dates,
            # a plain text is the Polish one: shown marked as such on the en and uk pages
            gaps=[
                in_lang(gap if isinstance(gap, dict) else {"pl": gap}, lang)
                for gap in config["ACCESSIBILITY_GAPS"]
            ],
            architecture=config["ACCESSIBILITY_ARCHITECTURE"],
            ombudsman_url=OMBUDSMAN_URL,
        ),
    )
