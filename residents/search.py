"""Searching what residents may see: query folding, safe FTS5 matching, ranking, highlights.

content.db's `search_index` (content_sync.db's migration; triggers keep it equal to the
published items) holds each item's title and body per language, with ł folded to l;
its tokenizer strips every other diacritic. Here a resident's words are folded the same
way and each one is quoted as an FTS5 string, so nothing they type (`"`, `*`, `NEAR`,
`-`, `OR`, `title_pl:`) is ever read as query syntax.

Inflection is handled by prefix matching, not a stemmer: FTS5 ships only an English
(Porter) stemmer, and Python's sqlite3 cannot register a custom tokenizer. Polish
inflects mostly at the end of a word, so each word is cut to a stem of max(4, len - 2)
characters and matched as a prefix: "dowód osobisty" → "dowo"* "osobis"*, which finds
"dowodu osobistego". Words of up to three letters match whole: a prefix that short
("a"*) reads a large part of the index and finds nearly everything. The price is some
extra matches for short stems; bm25 ranking, with titles weighted above bodies, puts
the closest ones first.

Highlights come from the item's original text, not from FTS5's snippet(): the index
holds folded text ("Glusk" for "Głusk"). Each piece is HTML-escaped first and only then
are matched words wrapped in <mark>, so item text can never inject markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlite_utils
from markupsafe import Markup, escape

from content_sync.db import SEARCH_LANGUAGES
from content_sync.labels import shown_language
from content_sync.model import CONTENT_TYPES, DEFAULT_LANGUAGE, localized
from content_sync.store import _VISIBLE, Item, now_iso

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
PREFIX_FROM = 4
TITLE_WEIGHT = 10.0
SNIPPET_WORDS = 30

_LATIN_BASE = {
    chr(code): unicodedata.normalize("NFKD", chr(code))[0]
    for code in range(0xC0, 0x250)
    if unicodedata.normalize("NFKD", chr(code)) != chr(code)
}
_WORD = re.compile(r"[^\W_]+")
# Markdown punctuation and link targets, which read as noise in a snippet.
_MARKDOWN = re.compile(r"\]\([^)]*\)|[*_#`\[\]]")


def fold(text: str) -> str:
    """Lower case, Latin letters without diacritics, ł too: "Łęczna" → "leczna"."""
    # Like unicode61's remove_diacritics, only Latin letters lose their marks: "й" and
    # "ї" stay letters of their own, as Ukrainian readers type them.
    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(_LATIN_BASE.get(c, c) for c in text).lower()


def query_stems(query: str) -> list[str]:
    """The folded, truncated words of a query, at most MAX_TERMS, none of them syntax."""
    words = _WORD.findall(fold(query[:MAX_QUERY_CHARS]))
    stems = [w if len(w) <= 4 else w[: max(4, len(w) - 2)] for w in words]
    return list(dict.fromkeys(stems))[:MAX_TERMS]


def _term(stem: str) -> str:
    """One quoted FTS5 term; a prefix only from 4 characters on ("a"* would read half the index)."""
    return f'"{stem}"*' if len(stem) >= PREFIX_FROM else f'"{stem}"'


def match_expression(stems: list[str], lang: str) -> str:
    """An FTS5 query: every stem, quoted, as a prefix, in `lang`'s and Polish columns."""
    langs = dict.fromkeys((lang, DEFAULT_LANGUAGE))
    columns = " ".join(f"title_{code} body_{code}" for code in langs)
    terms = " AND ".join(_term(stem) for stem in stems)
    return f"{{{columns}}} : ({terms})"


@dataclass(frozen=True)
class Hit:
    """One found item: what it is, its title and a highlighted extract."""

    item: Item
    title: Markup
    snippet: Markup
    title_lang: str  # the language each is in: Polish where the reader's is missing
    snippet_lang: str


@dataclass(frozen=True)
class Results:
    """One page of hits and how many there are in all."""

    stems: list[str]
    total: int
    hits: list[Hit]


def search(
    db: sqlite_utils.Database,
    query: str,
    lang: str,
    channels: list[str] | None = None,
    limit: int = 10,
    offset: int = 0,
    at: str | None = None,
) -> Results:
    """Published items in their window matching `query`, best first, in `channels` if given."""
    stems = query_stems(query)
    if not stems:
        return Results(stems, 0, [])
    at = at or now_iso()
    weights = ", ".join(f"{TITLE_WEIGHT}, 1.0" for _ in SEARCH_LANGUAGES)
    params: list = [match_expression(stems, lang if lang in SEARCH_LANGUAGES else "pl"), at, at]
    where = _VISIBLE
    if channels is not None:
        where += f" AND items.channel IN ({', '.join('?' for _ in channels)})"
        params += channels
    # One pass over the matches gives the page's ids and the total (bm25() cannot sit
    # beside a window function, so the FTS5 query computes it alone); only the page's
    # rows, with their JSON, are read after.
    page = db.execute(
        f"WITH hits AS (SELECT rowid, bm25(search_index, {weights}) AS score"  # noqa: S608
        " FROM search_index WHERE search_index MATCH ?)"
        " SELECT items.id, count(*) OVER () FROM hits JOIN items ON items.id = hits.rowid"
        f" WHERE {where} ORDER BY hits.score, items.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    # Past the last page there is no row to carry the total; that page says "none".
    total = page[0][1] if page else 0
    rows = {
        row["id"]: row
        for row in db["items"].rows_where(
            f"id IN ({', '.join('?' for _ in page)})", [item_id for item_id, _ in page]
        )
    }
    items = [Item.from_row(rows[item_id]) for item_id, _ in page]
    return Results(stems, total, [_hit(item, lang, stems) for item in items])


def _hit(item: Item, lang: str, stems: list[str]) -> Hit:
    data = item.published or {}
    ctype = CONTENT_TYPES[item.type]
    title = str(localized(data.get(ctype.title_field), lang) or "")
    fields = [
        data.get(f.name)
        for f in ctype.fields
        if f.name != ctype.title_field and (f.translated or f.name == "address")
    ]
    body = " ".join(_text(localized(value, lang)) for value in fields)
    # the extract may come from any field: tagged Polish only when every one it can be is
    shown = {shown_language(value, lang) for value in fields if localized(value, lang)}
    return Hit(
        item,
        highlight(title, stems),
        highlight(excerpt(body, stems), stems),
        shown_language(data.get(ctype.title_field), lang),
        DEFAULT_LANGUAGE if shown == {DEFAULT_LANGUAGE} else lang,
    )


def _text(value: object) -> str:
    """A field as plain text: a list (a procedure's documents) as its entries."""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value or "")


def excerpt(text: str, stems: list[str], words: int = SNIPPET_WORDS) -> str:
    """About `words` words of `text` around the first match (its start if none)."""
    text = " ".join(_MARKDOWN.sub("", text).split())
    found = list(_WORD.finditer(text))
    first = next((i for i, m in enumerate(found) if _matches(m.group(), stems)), 0)
    start = max(0, first - words // 3)
    end = min(len(found), start + words)
    if not found:
        return ""
    piece = text[found[start].start() : found[end - 1].end()]
    return ("… " if start else "") + piece + (" …" if end < len(found) else "")


def highlight(text: str, stems: list[str]) -> Markup:
    """`text` HTML-escaped, with the words that match a stem wrapped in <mark>."""
    out = Markup()
    done = 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), stems):
            out += escape(text[done : match.start()])
            out += Markup("<mark>{}</mark>").format(match.group())
            done = match.end()
    return out + escape(text[done:])


def _matches(word: str, stems: list[str]) -> bool:
    folded = fold(word)
    return any(folded.startswith(stem) for stem in stems)
