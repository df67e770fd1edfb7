"""What every portal page needs, whether served by the server room (openNDS's FAS) or
alone on an nftables hotspot: the resident's language, rendering in it, the error page."""

from __future__ import annotations

from flask import render_template, request

from captive_portal.texts import TEXTS
from content_sync.model import LANGUAGE_NAMES

# Each page is for one phone at one moment of its session: never from a cache.
NO_STORE = {"Cache-Control": "no-store"}


def request_language() -> str:
    """The `lang` of the query or the form, if the portal speaks it; else Polish."""
    lang = request.values.get("lang", "pl")
    return lang if lang in TEXTS else "pl"


def render_portal(template: str, lang: str, **context) -> str:
    """A portal template with the texts of `lang` and the language switcher's names."""
    return render_template(template, t=TEXTS[lang], lang=lang, languages=LANGUAGE_NAMES, **context)


def portal_page(template: str, lang: str, **context) -> tuple[str, int, dict]:
    """A 200 answer with a portal page that no cache keeps."""
    return render_portal(template, lang, **context), 200, NO_STORE


def error_page(
    status: int, lang: str, message_key: str = "error_body", retry: str | None = None, **fmt
):
    """A short explanation in the resident's language, with a way to try again."""
    return render_portal(
        "portal/error.html", lang, message=message_key, retry=retry, fmt=fmt
    ), status
