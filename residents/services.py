"""Offices (hours, holiday exceptions, open now, contacts) and "jak załatwić sprawę"."""

from __future__ import annotations

from content_sync.db import get_db
from content_sync.model import localized
from residents import listing
from residents.i18n import page_route
from residents.news import item_page
from residents.pages import bp, cached, local_now, offices_with_status, render_page


@page_route(bp, "/urzedy")
def offices(lang: str):
    """Every office with whether it is open now; the county's first, then by name."""
    db = get_db()
    shown = offices_with_status(listing.visible(db, "office", order_by="id"), lang)
    shown.sort(
        key=lambda o: (
            o["item"].channel != listing.COUNTY_CHANNEL,
            str(localized(o["data"]["name"], "pl")),
        )
    )
    return cached(render_page("residents/offices.html", lang, "/urzedy", "offices", offices=shown))


@page_route(bp, "/urzedy/<int:item_id>")
def office(lang: str, item_id: int):
    """One office: hours, exceptions to come, open now, address and links."""

    def office_extra(item) -> dict:
        shown = offices_with_status([item], lang)[0]
        today = local_now().date().isoformat()
        return {"status": shown["status"], "status_text": shown["status_text"], "today": today}

    html, _item = item_page(
        "office", "offices", lang, item_id, "residents/office.html", office_extra
    )
    return cached(html)


@page_route(bp, "/jak-zalatwic")
def procedures(lang: str):
    """Every matter residents can settle, by name."""
    db = get_db()
    items = listing.visible(db, "procedure", order_by="id")
    items.sort(key=lambda p: str(localized(p.published["title"], lang)).casefold())
    html = render_page(
        "residents/procedures.html", lang, "/jak-zalatwic", "procedures", items=items
    )
    return cached(html, listing.last_change(db))


@page_route(bp, "/jak-zalatwic/<int:item_id>")
def procedure(lang: str, item_id: int):
    """One matter: steps, documents, fees, where to go, and the online link if there is one."""
    html, _item = item_page("procedure", "procedures", lang, item_id, "residents/item.html")
    return cached(html, listing.last_change(get_db()))
