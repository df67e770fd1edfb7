"""The portal's pages: home, channel homes, news, events, offices and procedures."""

from __future__ import annotations

from flask import Blueprint, render_template

from content_sync.labels import LABELS
from content_sync.model import LANGUAGE_NAMES
from residents.i18n import page_route, portal_url, prefixed
from residents.texts import TEXTS

bp = Blueprint(
    "residents",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/residents-static",
)

SECTION_PATHS = {
    "news": "/aktualnosci",
    "events": "/wydarzenia",
    "offices": "/urzedy",
    "procedures": "/jak-zalatwic",
}


def render_page(template: str, lang: str, here: str, section: str = "", **context) -> str:
    """A portal page in `lang`; `here` is its path without the language prefix."""
    return render_template(
        template,
        lang=lang,
        here=here,
        section=section,
        t=LABELS[lang],
        w=TEXTS[lang],
        language_names=LANGUAGE_NAMES,
        section_paths=SECTION_PATHS,
        prefixed=prefixed,
        portal_url=portal_url,
        **context,
    )


@page_route(bp, "/")
def home(lang: str):
    """The county's home page."""
    return render_page("residents/home.html", lang, "/", "home", heading=LABELS[lang]["county"])
