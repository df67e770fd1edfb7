"""Which language a portal page is in, links that keep it, and fields shown in Polish.

The language comes from the URL: `/en/…` and `/uk/…` are English and Ukrainian, the
same path without a prefix is Polish. A path prefix (not `?lang=`, not a cookie) keeps
every page one URL per language, so nginx and browsers cache it without `Vary`, a shared
link opens in the language it was shared in, and the sitemap lists each language.
`Accept-Language` decides only where a visitor arrives without choosing: the bare `/`
sends a browser that prefers English or Ukrainian to `/en/` or `/uk/` (the Polish link
in the switcher, `/?lang=pl`, says the choice was made; `/?lang=uk` goes to `/uk/`).
Elsewhere `?lang=` means nothing to the portal; the kiosk's QR pages (/p/…?lang=, in
content_sync.public) keep theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request, url_for
from markupsafe import Markup, escape

from content_sync.labels import LABELS, shown_language
from content_sync.model import DEFAULT_LANGUAGE, LANGUAGES, localized

PREFIXED = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)


def page_route(bp, rule: str, **options) -> Callable:
    """Route `rule` in Polish at `rule` and in each other language at `/<lang>rule`."""

    def register(view: Callable) -> Callable:
        bp.add_url_rule(rule, view_func=view, defaults={"lang": DEFAULT_LANGUAGE}, **options)
        bp.add_url_rule(f"/<any({', '.join(PREFIXED)}):lang>{rule}", view_func=view, **options)
        return view

    return register


def portal_url(endpoint: str, lang: str, **values) -> str:
    """The URL of a portal page in `lang` (Polish home carries its explicit choice)."""
    url = url_for(endpoint, lang=lang, **values)
    if endpoint == "residents.home" and lang == DEFAULT_LANGUAGE:
        return url + "?lang=pl"
    return url


def negotiated_language() -> str:
    """The language the browser prefers among ours, Polish when it names none of them."""
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def query_language() -> str | None:
    """A valid `?lang=` value, or None (unknown values are ignored, never an error)."""
    lang = request.args.get("lang")
    return lang if lang in LANGUAGES else None


def in_lang(value: object, lang: str) -> Markup:
    """A translated value as HTML; a Polish fallback tagged lang="pl" and marked so."""
    text = localized(value, lang) or ""
    if shown_language(value, lang) == lang:
        return escape(text)
    return Markup('<span lang="pl">{}</span> <small class="in-polish">{}</small>').format(
        text, LABELS[lang]["in_polish"]
    )


def prefixed(path: str, lang: str) -> str:
    """`path` (a portal path starting with /) in `lang`: /uk/aktualnosci for Ukrainian."""
    return path if lang == DEFAULT_LANGUAGE else f"/{lang}{path}"
