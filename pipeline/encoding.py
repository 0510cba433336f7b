"""Bytes of a page or feed to text, trusting the charset declarations in order.

Order of trust: a byte-order mark (it cannot be there by accident), the HTTP
``charset``, an XML declaration, an HTML ``<meta charset>``, then detection.
A declaration is only believed when the bytes decode under it strictly; a page
that says UTF-8 but is GBK is decoded as what it is, and the lie is recorded.
No I/O here: bytes in, ``Decoded`` out; it never raises on bad input.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

# Declared names mapped to the superset that decodes everything the name's
# users actually send (WHATWG encoding standard does the same).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
# Single-byte charsets decode any bytes, so "it decoded" proves nothing for them.
_ANY_BYTES = frozenset({"cp1252", "latin_1", "iso8859-15", "cp1251", "koi8-r"})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.I)
_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_SNIFF_BYTES = 4096  # where a <meta charset> must be (HTML spec: the first 1024; pages vary)


@dataclass(frozen=True)
class Decoded:
    """The text and how it was decoded."""

    text: str
    encoding: str
    """Python codec name actually used."""
    declared: str | None
    """The first declaration found, even when it was wrong."""
    problems: list[str] = field(default_factory=list)


def codec_name(label: str | None) -> str | None:
    """A Python codec for a charset label, widened to its superset; None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, as written."""
    match = _HTTP_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def declarations(content: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(where, label) of every charset declaration, most trusted first."""
    found: list[tuple[str, str]] = []
    for bom, name in _BOMS:
        if content.startswith(bom):
            found.append(("BOM", name))
            break
    header = http_charset(content_type)
    if header:
        found.append(("HTTP charset", header))
    head = content[:_SNIFF_BYTES]
    xml = _XML_DECL.match(head)
    if xml:
        found.append(("XML declaration", xml.group(1).decode("ascii", "replace")))
    meta = _META.search(head)
    if meta:
        found.append(("meta charset", meta.group(1).decode("ascii", "replace")))
    return found


def decode(content: bytes, content_type: str | None = None) -> Decoded:
    """Decode ``content`` by the most trusted declaration that fits the bytes, else detect."""
    problems: list[str] = []
    found = declarations(content, content_type)
    declared = found[0][1] if found else None
    for where, label in found:
        codec = codec_name(label)
        if codec is None:
            problems.append(f"{where} names an unknown charset {label!r}")
            continue
        if codec in _ANY_BYTES and not content.isascii():
            better = _detect_multibyte(content)
            if better is not None:
                problems.append(
                    f"{where} says {label} but the bytes are {better}; read as {better}"
                )
                return Decoded(_strip_bom(content.decode(better)), better, declared, problems)
        try:
            return Decoded(_strip_bom(content.decode(codec)), codec, declared, problems)
        except UnicodeDecodeError:
            problems.append(f"{where} says {label} but the bytes do not decode as it")
    codec = _detect(content)
    if found or not content.isascii():
        problems.append(f"charset detected as {codec}")
    return Decoded(_strip_bom(content.decode(codec, errors="replace")), codec, declared, problems)


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _detect(content: bytes) -> str:
    """UTF-8 if it fits, then the East Asian multibyte charsets, then charset_normalizer."""
    if content.isascii():
        return "ascii"
    multibyte = _detect_multibyte(content)
    if multibyte is not None:
        return multibyte
    best = from_bytes(content[: 256 * 1024]).best()
    codec = codec_name(best.encoding) if best is not None else None
    return codec or "cp1252"


def _detect_multibyte(content: bytes) -> str | None:
    """UTF-8, GB18030, Big5 or Shift_JIS when the bytes decode strictly and read as CJK text.

    Strict trial decoding rules most codecs out at once (UTF-8 almost never
    decodes by accident); the Han/kana share rules out mojibake.
    """
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    fits = []
    for codec in ("gb18030", "big5hkscs", "cp932"):
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_cjk(text, japanese=codec == "cp932"):
            fits.append(codec)
    if len(fits) <= 1:
        return fits[0] if fits else None
    # GB18030 accepts nearly every Big5 and Shift_JIS byte pair, so more than one
    # fits; the character statistics of charset_normalizer tell them apart.
    best = from_bytes(content[: 64 * 1024], cp_isolation=fits).best()
    chosen = codec_name(best.encoding) if best is not None else None
    return chosen if chosen in fits else fits[0]


def _looks_cjk(text: str, *, japanese: bool) -> bool:
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return False
    han = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff")
    kana = sum(1 for ch in non_ascii if "\u3040" <= ch <= "\u30ff") if japanese else 0
    return han + kana >= 0.6 * len(non_ascii)
