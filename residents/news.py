"""News (paged list and item), events (by day, a month at a time) and alerts' own pages."""

from __future__ import annotations

import re
from datetime import date
from itertools import groupby

from babel.dates import format_date
from flask import abort, request

from content_sync.db import get_db
from content_sync.model import CONTENT_TYPES
from content_sync.public import item_context
from content_sync.store import visible_item
from residents import listing
from residents.i18n import page_route
from residents.pages import DAY, ITEM_PATHS, bp, fresh, local_now, render_page

PAGE_SIZE = 10
MAX_ID = 2**63 - 1  # SQLite's largest integer; a longer number in the URL names nothing
_PAGE = re.compile(r"[1-9][0-9]{0,5}")
_MONTH = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])")


def page_number() -> int:
    """The `?strona=` page, 1 by default; anything but a plain small number is a 404."""
    raw = request.args.get("strona", "1")
    if not _PAGE.fullmatch(raw):
        abort(404)
    return int(raw)


@page_route(bp, "/aktualnosci")
def news_list(lang: str):
    """Published news, newest first, ten to a page."""
    page = page_number()

    def render() -> str:
        db = get_db()
        total = listing.count_visible(db, "news")
        pages = max(1, -(-total // PAGE_SIZE))
        if page > pages:
            abort(404)
        items = listing.visible(db, "news", limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        return render_page(
            "residents/news_list.html",
            lang,
            "/aktualnosci",
            "news",
            items=items,
            names=listing.channel_names(db),
            page=page,
            pages=pages,
        )

    return fresh(render, last_modified=True)


def month_bounds(raw: str) -> tuple[date, date]:
    """The first day of the month `raw` (YYYY-MM) and of the next one; 404 if not a month."""
    match = _MONTH.fullmatch(raw)
    if not match:
        abort(404)
    year, month = int(match[1]), int(match[2])
    first = date(year, month, 1)
    return first, date(year + month // 12, month % 12 + 1, 1)


@page_route(bp, "/wydarzenia")
def events(lang: str):
    """Events by day: from today on, or the whole month `?miesiac=2026-12`."""
    raw = request.args.get("miesiac")
    if raw is not None:
        month_bounds(raw)
    return fresh(lambda: events_page(lang, raw), DAY)


def events_page(lang: str, raw: str | None) -> str:
    """The events page from today on (`raw` None) or of the month `raw`."""
    db = get_db()
    today = local_now().date()
    if raw is None:
        first, after = today, None
        month = today.replace(day=1)
    else:
        first, after = month_bounds(raw)
        month = first
    found = listing.events_between(
        db, None, first.isoformat(), after.isoformat() if after else None
    )
    days = [
        (date.fromisoformat(day), list(group))
        for day, group in groupby(found, key=lambda e: e.published["starts_at"][:10])
    ]
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return render_page(
        "residents/events.html",
        lang,
        "/wydarzenia",
        "events",
        days=days,
        month=format_date(month, "LLLL y", locale=lang) if raw is not None else None,
        previous=previous.strftime("%Y-%m"),
        following=following.strftime("%Y-%m"),
        this_month=month.strftime("%Y-%m"),
        names=listing.channel_names(db),
        today=today,
    )


def item_page(type_name: str, section: str, lang: str, item_id: int, template: str, extra=None):
    """One visible item of `type_name` on its portal page; anything else is a 404."""
    db = get_db()
    item = visible_item(db, item_id) if item_id <= MAX_ID else None
    if item is None or item.type != type_name:
        abort(404)
    context = item_context(CONTENT_TYPES[type_name], item, item.published, lang)
    for own in ("lang", "t", "language_names"):
        context.pop(own)
    html = render_page(
        template,
        lang,
        f"{ITEM_PATHS[type_name]}/{item_id}",
        section,
        item=item,
        channel_name=listing.channel_names(db).get(item.channel),
        **context,
        **(extra(item) if extra else {}),
    )
    return html, item


@page_route(bp, "/aktualnosci/<int:item_id>")
def news_item(lang: str, item_id: int):
    """One news item."""
    return fresh(
        lambda: item_page("news", "news", lang, item_id, "residents/item.html")[0],
        last_modified=True,
    )


@page_route(bp, "/wydarzenia/<int:item_id>")
def event_item(lang: str, item_id: int):
    """One event, with its "add to calendar" link."""
    return fresh(
        lambda: item_page("event", "events", lang, item_id, "residents/item.html")[0],
        last_modified=True,
    )


@page_route(bp, "/komunikaty/<int:item_id>")
def alert_item(lang: str, item_id: int):
    """One urgent alert in force."""
    return fresh(lambda: item_page("alert", "home", lang, item_id, "residents/item.html")[0])
