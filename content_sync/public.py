"""The public page of one published item: where a kiosk's QR code leads. A type the
residents' portal shows moves permanently to its portal page in the same language (codes
already printed keep working); locations, which have none, keep this phone-sized page in
pl, en or uk, no JavaScript, nothing unpublished."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request

from content_sync import store
from content_sync.api import media_url
from content_sync.db import get_db
from content_sync.labels import LABELS, shown_language, weekday_labels
from content_sync.model import CONTENT_TYPES, DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES
from content_sync.presenters import present_item
from residents.pages import ITEM_PATHS, item_path

bp = Blueprint(
    "public",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/public-static",
)


def item_context(ctype, item, data, lang: str) -> dict:
    """What the shared item template needs, for the public page and the preview."""
    shown = present_item(get_db(), ctype, item, data, lang, media_url)
    in_polish = {
        spec.name
        for spec in ctype.fields
        if spec.translated and shown_language(data.get(spec.name), lang) != lang
    }
    return {
        "shown": shown,
        "in_polish": in_polish,
        "lang": lang,
        "t": LABELS[lang],
        "weekdays": weekday_labels(lang),
        "language_names": LANGUAGE_NAMES,
    }


def requested_language() -> str:
    """The `lang` query parameter if it is one we have, else Polish."""
    lang = request.args.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@bp.route("/p/<type_name>/<int:item_id>")
def item_page(type_name: str, item_id: int):
    """A published item for residents; 404 for drafts, expired or unknown items."""
    ctype = CONTENT_TYPES.get(type_name)
    item = store.visible_item(get_db(), item_id)
    if ctype is None or item is None or item.type != type_name:
        abort(404)
    if type_name in ITEM_PATHS:
        return redirect(item_path(type_name, item_id, requested_language()), 301)
    response = render_template(
        "public/item.html", **item_context(ctype, item, item.published, requested_language())
    )
    return response, 200, {"Cache-Control": "public, max-age=60"}
