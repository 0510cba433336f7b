"""HTML fragments from feeds to plain paragraphs of text."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, Tag

# Elements whose text is never article prose.
_DROP = (
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "footer",
    "form",
    "template",
    "svg",
    "head",
)

# Elements that start and end a paragraph.
_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip

_BREAK = "\x1e"  # record separator: cannot survive from the input, see _CONTROL
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _paragraphs(text: str, separator: str) -> str:
    """Split on ``separator``, collapse whitespace in each piece, join non-empty by newlines."""
    pieces = (" ".join(piece.split()) for piece in text.split(separator))
    return "\n".join(piece for piece in pieces if piece)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: one paragraph per line, entities decoded.

    Text without a "<" is taken as plain text: entities are decoded, spaces
    collapsed and its lines kept, so plain text comes back unchanged.
    """
    markup = _CONTROL.sub(" ", markup)
    if "<" not in markup:
        return _paragraphs(html.unescape(markup), "\n")
    # The wrapping <div> makes the root an HTML element, so an embedded
    # "<?xml" declaration never makes bs4 warn (warnings are errors in tests).
    soup = BeautifulSoup(f"<div>{markup}</div>", "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        if isinstance(tag, Tag):
            tag.insert_before(_BREAK)
            tag.insert_after(_BREAK)
    return _paragraphs(soup.get_text(), _BREAK)
