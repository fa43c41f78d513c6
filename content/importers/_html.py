"""HTML from Moodle texts turned into the plain text and markdown Discord shows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACES = re.compile(r"[ \t\r\n\f]+")
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol", "blockquote"}
)
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "u": "__", "s": "~~"}
_DROPPED = frozenset({"script", "style", "head", "title"})


class _TextCollector(HTMLParser):
    """Collect the text of an HTML fragment, with markdown for the few marks Discord shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0
        self.pre = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _DROPPED:
            self.dropping += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "pre":
            self.pre += 1
            self.parts.append("\n```\n")
        elif tag in _MARKS and not self.pre:
            self.parts.append(_MARKS[tag])
        elif tag == "img":
            alt = (attributes.get("alt") or "").strip()
            self.parts.append(f"[image: {alt}]" if alt else "[image]")
        elif tag == "a":
            self.links.append(attributes.get("href"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED:
            self.handle_starttag(tag, attrs)
            if tag == "a":
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self.parts.append("\n```\n")
        elif tag in _MARKS and not self.pre:
            self.parts.append(_MARKS[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and href.startswith(("http://", "https://")):
                self.parts.append(f" (<{href}>)")

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        self.parts.append(data if self.pre else _SPACES.sub(" ", data))


class HtmlError(ValueError):
    """An HTML text the parser cannot read; the message says why, in a sentence."""


def _open_brackets(html: str) -> str:
    """Return ``html`` with every '<' that no '>' closes before the next '<' written '&lt;'.

    Such a '<' starts no tag, but ``html.parser`` scans the rest of the text from each one
    (``<a b<a b<a b...`` takes quadratic time); escaped, each is read as text at once.
    """
    if "<" not in html:
        return html
    parts: list[str] = []
    start = 0
    opening = html.find("<")
    while opening >= 0:
        following = html.find("<", opening + 1)
        closing = html.find(">", opening + 1, following if following >= 0 else len(html))
        parts.append(html[start:opening])
        parts.append("<" if closing >= 0 else "&lt;")
        start = opening + 1
        opening = following
    parts.append(html[start:])
    return "".join(parts)


def html_to_text(html: str) -> str:
    """Return the text of an HTML fragment: tags dropped or turned into markdown, entities read.

    Raise HtmlError for markup ``html.parser`` cannot read (a ``<![`` section).
    """
    collector = _TextCollector()
    try:
        collector.feed(_open_brackets(html))
        collector.close()
    except AssertionError:  # html.parser's way of refusing a "<![" section it does not know
        raise HtmlError(
            "the HTML has a '<![' section that cannot be read; write &lt; for a '<' meant as text"
        ) from None
    lines = "".join(collector.parts).split("\n")
    return "\n".join(line.strip() if line.strip() != "" else "" for line in lines)
