"""The hub's safe HTML (rendered Markdown) as Kivy label markup, and markup as plain text.

Only the small tag set the editor's Markdown produces is understood; anything else
contributes its text. Text is escaped, so a '[' in content can never become markup.
Links cannot be followed on a kiosk, so their address is shown after the text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_INLINE = {"strong": "b", "b": "b", "em": "i", "i": "i"}
_BLOCKS = {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


def escape_markup(text: str) -> str:
    """Kivy's escaping of '&', '[' and ']'."""
    return text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")


class _ToMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[list[int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in _INLINE:
            self.out.append(f"[{_INLINE[tag]}]")
        elif tag in _BLOCKS:
            self.out.append("\n\n")
            if tag.startswith("h"):
                self.out.append("[b]")
            if tag in ("ul", "ol"):
                self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            counter = self.lists[-1] if self.lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
                self.out.append(f"\n{counter[0]}. ")
            else:
                self.out.append("\n• ")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in _INLINE:
            self.out.append(f"[/{_INLINE[tag]}]")
        elif tag in _BLOCKS:
            if tag.startswith("h"):
                self.out.append("[/b]")
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self.out.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and href.startswith(("http://", "https://")):
                self.out.append(f" ({escape_markup(href)})")

    def handle_data(self, data):
        self.out.append(escape_markup(data))

    def result(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_markup(html: str) -> str:
    """Kivy markup ([b], [i]) with paragraphs as blank lines and lists as bullets."""
    parser = _ToMarkup()
    parser.feed(html or "")
    parser.close()
    return parser.result()


def markup_to_text(markup: str) -> str:
    """What a markup string says, without its tags: for reading aloud."""
    text = re.sub(r"\[/?(?:b|i|u|s|size|color|font|sub|sup)(?:=[^\]]*)?\]", "", markup)
    return text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")
