"""What every portal page needs, whether served by the server room (openNDS's FAS) or
alone on an nftables hotspot: the resident's language and the error page."""

from __future__ import annotations

from flask import render_template, request

from captive_portal.texts import TEXTS


def request_language() -> str:
    """The `lang` of the query or the form, if the portal speaks it; else Polish."""
    lang = request.values.get("lang", "pl")
    return lang if lang in TEXTS else "pl"


def error_page(
    status: int, lang: str, message_key: str = "error_body", retry: str | None = None, **fmt
):
    """A short explanation in the resident's language, with a way to try again."""
    page = render_template(
        "portal/error.html", t=TEXTS[lang], lang=lang, message=message_key, retry=retry, fmt=fmt
    )
    return page, status
