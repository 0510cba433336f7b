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
    "finditer_at",
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
    if text.isascii():
        return text.lower()
    # str.translate looks every character up in the table (0.2 ms on 2 KB of
    # Chinese); four substring tests say whether one of its four characters is there.
    if "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text:
        text = text.translate(_ODD_CASE)
    return text.lower()


def finditer_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` when every match must begin at one of ``starts``.

    ``starts`` is sorted and holds every offset where a match can begin (more
    do no harm). The same non-overlapping, leftmost matches, but the pattern is
    tried only at those offsets instead of at every character.
    """
    out: list[re.Match[str]] = []
    pos = 0
    for at in starts:
        if at < pos:
            continue
        m = pattern.match(text, at)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


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
# The characters whose normal image ``y`` does not fold to ``y.lower()`` (a Σ, whose
# lower case hangs on the next character; a rule that gives two characters). A
# normalized text made of none of them folds by ``str.lower`` in C (~4 µs for 1 KB)
# instead of a second translation (~60 µs).
_FOLD_UNSAFE: set[str] = set()


def _translate(text: str, table: dict[int, str], lower: bool) -> tuple[str, set[str]]:
    """``text``'s image under ``table`` and the set of its characters."""
    seen = _SEEN[id(table)]
    fixed = _FIXED[id(table)]
    chars = set(text)
    for ch in chars.difference(seen):
        image = _image(ch, lower)
        table[ord(ch)] = image
        seen.add(ch)
        if image == ch:
            fixed.add(ch)
        if not lower and (image == "\u03a3" or _image(image, True) != image.lower()):
            _FOLD_UNSAFE.add(ch)
    if chars <= fixed:
        return text, chars
    return text.translate(table), chars


class _Memo:
    """The last images made, by text: an article is normalized by the engine and
    again by the company finder, and short names are folded over and over.

    Bounded by characters held; full, it starts afresh (a news stream repeats
    texts within one article, rarely across them).
    """

    def __init__(self, max_chars: int) -> None:
        self.images: dict[str, str] = {}  # "": the text is its own image
        self.chars = 0
        self.max_chars = max_chars

    def get(self, text: str) -> str | None:
        """The remembered image of ``text``, or None."""
        found = self.images.get(text)
        if found is None:
            return None
        return found or text  # the caller's own object, as _translate gives it

    def remember(self, text: str, image: str) -> None:
        if self.chars + len(text) > self.max_chars:
            self.images.clear()
            self.chars = 0
        # no non-ASCII text has the empty image, so "" can mark "itself"
        self.images[text] = "" if image == text else image
        self.chars += len(text)


_NORMAL_MEMO = _Memo(1 << 20)  # ~1 M characters: a few hundred articles
_FOLDED_MEMO = _Memo(1 << 20)


def clear_memos() -> None:
    """Forget remembered images (benchmarks measure each article cold)."""
    for memo in (_NORMAL_MEMO, _FOLDED_MEMO):
        memo.images.clear()
        memo.chars = 0


def normalize(text: str) -> str:
    """NFKC and traditional→simplified, per character: the result has ``len(text)``."""
    if text.isascii():
        return text
    out = _NORMAL_MEMO.get(text)
    if out is None:
        out, chars = _translate(text, _NORMAL, lower=False)
        _NORMAL_MEMO.remember(text, out)
        if chars.isdisjoint(_FOLD_UNSAFE):  # the company finder folds ``out`` next
            _FOLDED_MEMO.remember(out, out.lower())
    return out


def fold(text: str) -> str:
    """``normalize`` plus lower case, still one character for one."""
    if text.isascii():
        return text.lower()
    out = _FOLDED_MEMO.get(text)
    if out is None:
        out = _translate(text, _FOLDED, lower=True)[0]
        _FOLDED_MEMO.remember(text, out)
    return out


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
# A legal ending closes a sentence when a subject and its verb follow ("Inc. Microsoft
# also said", "Corp. The company"), not a title or another name ("Corp. Chief Executive").
_LEGAL_ENDINGS = frozenset(("inc", "corp", "ltd", "co", "plc"))
_NEW_CLAUSE = re.compile(r"\s+[A-Z][\w’'-]*\s+[a-z]")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
# Only these characters can end a sentence; the scan jumps between them in C.
# A "." "!" "?" that no closing quote, end of text, CJK character or space and
# capital follows never ends one (3.5, U.S.A, e.g.), nor a ";" "!" "?" after no
# CJK character: the pattern skips those too, so the loop sees only likely ends.
_ENDERS = re.compile(
    "[。！？；\n!?;.]"
    f"(?:(?<=[。！？；\n])|(?<=[{_HAN_CLASS}][!?;])"
    f"|(?<=[.!?])(?=[{re.escape(_CLOSERS)}]*(?:\\Z|[{_HAN_CLASS}]"
    "|\\s+[A-Z\"'“‘(\\[\u4e00-\u9fff])))"
)


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
            if token in _LEGAL_ENDINGS and _NEW_CLAUSE.match(text, j):
                return j  # "… from Dell Technologies Inc. Microsoft also announced …"
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
    # str.strip drops exactly the characters str.isspace is true for, in C
    piece = text[start:end].lstrip()
    if piece:
        start = end - len(piece)
        spans.append((start, start + len(piece.rstrip())))


_LATIN = re.compile("[A-Za-z]")


def guess_language(text: str) -> str:
    """``"zh"`` when Chinese characters carry the text, else ``"en"``.

    One Han character carries about as much as a five-letter English word, so
    Chinese wins when Han characters times five outweigh the Latin letters.
    """
    han = han_count(text)
    latin = len(_LATIN.findall(text))
    return "zh" if han and han * 5 >= latin else "en"
