"""What every portal page needs, whether served by the server room (openNDS's FAS) or
alone on an nftables hotspot: the resident's language, rendering in it, the error page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import render_template, request, url_for

from captive_portal.texts import TEXTS
from content_sync.model import LANGUAGE_NAMES

# Each page is for one phone at one moment of its session: never from a cache.
NO_STORE = {"Cache-Control": "no-store"}


MAX_ORIGIN_LENGTH = 2000

# Many Ukrainians in Poland keep their phones in Russian (or Belarusian). Of the portal's
# languages Ukrainian is the one such a reader reads most easily (same script, close
# kin); a language we speak that the phone also lists (English, say) still comes first,
# and the switcher is on every page for anyone the guess does not suit.
CYRILLIC_NEIGHBOURS = {"ru": "uk", "be": "uk"}


def safe_origin(url: str) -> str | None:
    """The page a resident was opening, if fit to show as a link: http(s) with a host and
    no credentials, nothing a browser reads differently (spaces, control characters,
    backslashes). None otherwise: the page is then simply not offered."""
    if len(url) > MAX_ORIGIN_LENGTH or not url.isascii() or not url.isprintable():
        return None
    if " " in url or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return url


def request_language() -> str:
    """The `lang` of the query or the form, if the portal speaks it; else the best of
    the phone's Accept-Language (q-values, en-GB as en); else Polish."""
    lang = request.values.get("lang")
    if lang in TEXTS:
        return lang
    accepted = request.accept_languages
    best = accepted.best_match(list(TEXTS))
    if best is not None:
        return best
    for tag, _quality in accepted:
        guess = CYRILLIC_NEIGHBOURS.get(tag.split("-")[0].lower())
        if guess:
            return guess
    return "pl"


def language_links() -> dict[str, str]:
    """The switcher's link for each language: this page again when it was opened (GET);
    after a posted form, the splash that form came from."""
    if request.method == "GET":
        path, keep = request.path, {k: v for k, v in request.args.items() if k != "lang"}
    else:
        keep = {k: request.form[k] for k in ("fas", "iv", "origin") if k in request.form}
        path = url_for("portal.splash")
    return {code: f"{path}?{urlencode(keep | {'lang': code})}" for code in TEXTS}


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
    page = render_portal(
        "portal/error.html",
        lang,
        message=message_key,
        retry=retry,
        fmt=fmt,
        language_links=language_links(),
    )
    return page, status, NO_STORE
