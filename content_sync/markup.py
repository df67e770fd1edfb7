"""Body text: a small Markdown subset rendered to HTML that is safe to show anywhere."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}

# Headings are shifted down so an editor's "# Title" never competes with the page's h1.
_HEADING_SHIFT = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}

_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable(["image", "code", "fence", "html_block", "html_inline", "table"], ignoreInvalid=True)


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_SHIFT[token.tag]


def render_markdown(text: str) -> str:
    """Markdown → sanitized HTML: paragraphs, emphasis, lists, links, small headings."""
    tokens = _markdown.parse(text or "")
    _shift_headings(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
