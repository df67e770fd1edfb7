"""Offices (hours, holiday exceptions, open now, contacts) and "jak załatwić sprawę"."""

from __future__ import annotations

from content_sync.db import get_db
from content_sync.model import localized
from residents import listing
from residents.i18n import page_route
from residents.news import item_page
from residents.pages import MINUTE, bp, fresh, local_now, offices_with_status, render_page


@page_route(bp, "/urzedy")
def offices(lang: str):
    """Every office with whether it is open now; the county's first, then by name."""

    def render() -> str:
        shown = offices_with_status(listing.visible(get_db(), "office", order_by="id"), lang)
        shown.sort(
            key=lambda o: (
                o["item"].channel != listing.COUNTY_CHANNEL,
                str(localized(o["data"]["name"], "pl")),
            )
        )
        return render_page("residents/offices.html", lang, "/urzedy", "offices", offices=shown)

    return fresh(render, MINUTE)


@page_route(bp, "/urzedy/<int:item_id>")
def office(lang: str, item_id: int):
    """One office: hours, exceptions to come, open now, address and links."""

    def office_extra(item) -> dict:
        shown = offices_with_status([item], lang)[0]
        today = local_now().date().isoformat()
        return {"status": shown["status"], "status_text": shown["status_text"], "today": today}

    return fresh(
        lambda: item_page(
            "office", "offices", lang, item_id, "residents/office.html", office_extra
        )[0],
        MINUTE,
    )


@page_route(bp, "/jak-zalatwic")
def procedures(lang: str):
    """Every matter residents can settle, by name."""

    def render() -> str:
        items = listing.visible(get_db(), "procedure", order_by="id")
        items.sort(key=lambda p: str(localized(p.published["title"], lang)).casefold())
        return render_page(
            "residents/procedures.html", lang, "/jak-zalatwic", "procedures", items=items
        )

    return fresh(render, last_modified=True)


@page_route(bp, "/jak-zalatwic/<int:item_id>")
def procedure(lang: str, item_id: int):
    """One matter: steps, documents, fees, where to go, and the online link if there is one."""
    return fresh(
        lambda: item_page("procedure", "procedures", lang, item_id, "residents/item.html")[0],
        last_modified=True,
    )
