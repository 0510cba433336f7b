"""Length-preserving text normalization, sentence spans and a language guess.

``normalize`` maps the text one character to one character (full-width forms
to ASCII, traditional to simplified Chinese), so any offset found in the
normalized text is valid in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

__all__ = [
    "HAN",
    "ascii_lower",
    "fold",
    "guess_language",
    "han_count",
    "is_han",
    "normalize",
    "split_sentences",
]


_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{_HAN_CLASS}]")  # one CJK ideograph, as ``is_han`` defines it


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (the basic block, extension A and compatibility forms)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def han_count(text: str) -> int:
    """How many characters of ``text`` are CJK ideographs (one pass in C)."""
    return len(HAN.findall(text))


# The only non-ASCII characters that (?i) matches to an ASCII letter: İ ı → i, ſ → s, K → k.
_ODD_CASE = str.maketrans({0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"})


def ascii_lower(text: str) -> str:
    """Lower case, one character for one, in which every character a ``re.IGNORECASE``
    pattern reads as an ASCII letter is that letter.

    So ``word in ascii_lower(text)`` is true wherever a (?i) pattern could match the
    ASCII ``word``: a cheap test that lets a caller skip a pattern's full scan.
    """
    return text.translate(_ODD_CASE).lower()


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def _image(ch: str, lower: bool) -> str:
    """The one character ``ch`` normalizes to (itself where a rule would give two)."""
    out = ch
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1:
        out = folded
    if is_han(out):
        simple = _t2s().convert(out)
        if len(simple) == 1:
            out = simple
    if lower:
        low = out.lower()
        if len(low) == 1:
            out = low
    return out


# Code point -> image, filled on first sight of each character; a plain dict keeps
# str.translate in C (a dict subclass with __missing__ ran three times slower).
_NORMAL: dict[int, str] = {}
_FOLDED: dict[int, str] = {}
_SEEN: dict[int, set[str]] = {id(_NORMAL): set(), id(_FOLDED): set()}
# The characters each table maps to themselves: text made only of them is its
# own image, as normalized text passed to ``normalize`` again usually is.
_FIXED: dict[int, set[str]] = {id(_NORMAL): set(), id(_FOLDED): set()}


def _translate(text: str, table: dict[int, str], lower: bool) -> str:
    seen = _SEEN[id(table)]
    fixed = _FIXED[id(table)]
    chars = set(text)
    for ch in chars.difference(seen):
        image = _image(ch, lower)
        table[ord(ch)] = image
        seen.add(ch)
        if image == ch:
            fixed.add(ch)
    if chars <= fixed:
        return text
    return text.translate(table)


def normalize(text: str) -> str:
    """NFKC and traditional→simplified, per character: the result has ``len(text)``."""
    if text.isascii():
        return text
    return _translate(text, _NORMAL, lower=False)


def fold(text: str) -> str:
    """``normalize`` plus lower case, still one character for one."""
    if text.isascii():
        return text.lower()
    return _translate(text, _FOLDED, lower=True)


# Chinese terminators end a sentence wherever they stand; ASCII ! and ? only
# before a space and a capital, a quote or a CJK character (the English rule).
_CLOSERS = "\"'”’」』）)]》"
_ABBREVIATION_TEXT = (
    "inc corp co ltd llc plc no nos mr mrs ms dr prof st jr sr vs etc approx est dept gov "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun "
    "u.s u.k e.u u.n a.m p.m fig vol ft"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_EN_NEXT = re.compile(r"\s+(?=[A-Z\"'“‘(\[\u4e00-\u9fff])")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
# Only these characters can end a sentence; the scan jumps between them in C.
_ENDERS = re.compile("[。！？；\n!?;.]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    search = _ENDERS.search
    hit = search(text)
    while hit is not None:
        i = hit.start()
        ch = text[i]
        cut = -1
        if ch in "。！？；\n":
            cut = i + 1
        elif ch in "!?;" and i > 0 and is_han(text[i - 1]):
            cut = i + 1  # a normalized Chinese ！？；
        elif ch in ".!?":
            cut = _english_cut(text, i)
        if cut > 0:
            while cut < n and text[cut] in _CLOSERS and ch != "\n":
                cut += 1
            _add_span(text, start, cut, spans)
            start = cut
            hit = search(text, cut)
        else:
            hit = search(text, i + 1)
    _add_span(text, start, n, spans)
    return spans


def _english_cut(text: str, i: int) -> int:
    """Where a sentence ends after the ``.``/``!``/``?`` at ``i``, or -1 if it does not."""
    j = i + 1
    while j < len(text) and text[j] in _CLOSERS:
        j += 1
    if j >= len(text):
        return j
    if is_han(text[j]):
        return j
    if not _EN_NEXT.match(text, j):
        return -1
    if text[i] == ".":
        token = _word_before(text, i)
        if token:
            token = token.lower()
            if token in _ABBREVIATIONS or "." in token:
                return -1
            if len(token) == 1 and token.isalpha():  # an initial: "J. Smith"
                return -1
    return j


def _word_before(text: str, i: int) -> str:
    """The Latin word (letters and dots, led by a letter) that ends at ``i``, or "".

    Read backwards from ``i``: a regex anchored at ``i`` would rescan the text
    from its start at every full stop. Like ``$``, it may end before a newline.
    """
    end = i
    if end > 0 and text[end - 1] == "\n":
        end -= 1
    start = end
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < end and text[start] == ".":
        start += 1
    return text[start:end]


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


_LATIN = re.compile("[A-Za-z]")


def guess_language(text: str) -> str:
    """``"zh"`` when Chinese characters carry the text, else ``"en"``.

    One Han character carries about as much as a five-letter English word, so
    Chinese wins when Han characters times five outweigh the Latin letters.
    """
    han = han_count(text)
    latin = len(_LATIN.findall(text))
    return "zh" if han and han * 5 >= latin else "en"
