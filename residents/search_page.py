"""The search page, /szukaj: a resident's query, ten hits a page, sections when none."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, request

from content_sync import store
from content_sync.db import get_db
from content_sync.model import COUNTY_CHANNEL
from content_sync.store import Item
from residents import listing
from residents.i18n import page_route, prefixed
from residents.pages import ITEM_PATHS, item_path, render_page
from residents.search import MAX_QUERY_CHARS, search

WORDS = {
    "pl": {
        "title": "Wyniki wyszukiwania",
        "count": "Znaleziono: {total}",
        "none": "Nic nie znaleziono dla „{query}”. Zajrzyj do działów:",
        "ask": "Wpisz, czego szukasz.",
        "everywhere": "Szukaj w całym powiecie",
    },
    "en": {
        "title": "Search results",
        "count": "Found: {total}",
        "none": "Nothing found for “{query}”. Try the sections:",
        "ask": "Type what you are looking for.",
        "everywhere": "Search the whole county",
    },
    "uk": {
        "title": "Результати пошуку",
        "count": "Знайдено: {total}",
        "none": "Нічого не знайдено за запитом «{query}». Перегляньте розділи:",
        "ask": "Введіть, що шукаєте.",
        "everywhere": "Шукати в усьому повіті",
    },
}
PER_PAGE = 10
MAX_PAGE = 1000

bp = Blueprint("residents_search_page", __name__)


@page_route(bp, "/szukaj")
def results(lang: str):
    """The search page: hits for ?q= (in ?gmina= and the county, if given), ten a page."""
    query = request.args.get("q", "")[:MAX_QUERY_CHARS].replace("\x00", "")
    page = request.args.get("page", "1")
    # isdigit() alone lets "²" through, which int() refuses.
    page = int(page) if page.isascii() and page.isdigit() and 0 < int(page) <= MAX_PAGE else None
    if page is None:
        abort(400)
    db = get_db()
    gmina = request.args.get("gmina")
    known = gmina and gmina != COUNTY_CHANNEL and store.channel_exists(db, gmina)
    channels = listing.scope_of(gmina) if known else None
    found = search(db, query, lang, channels, PER_PAGE, (page - 1) * PER_PAGE)
    # The language switcher keeps the query: a resident who switches mid-search stays on it.
    kept = {"q": query, "gmina": gmina} if channels else {"q": query}
    return render_page(
        "residents/search.html",
        lang,
        "/szukaj?" + urlencode(kept) if query else "/szukaj",
        query=query,
        gmina=gmina if channels else None,
        found=found,
        page=page,
        per_page=PER_PAGE,
        pages=max(1, -(-found.total // PER_PAGE)),
        s=WORDS[lang],
        hit_url=hit_url,
    )


def hit_url(item: Item, lang: str) -> str:
    """Where a hit leads: its page, or the map for an infomat or hotspot."""
    if item.type in ITEM_PATHS:
        return item_path(item.type, item.id, lang)
    return prefixed("/mapa", lang)
