"""Feed bytes to articles: RSS 0.9x/1.0/2.0 and Atom, via feedparser.

``parse_feed`` does no I/O. Whatever is wrong with the document (not XML, an
HTML page, an entry without a link, a date that cannot be read) is written to
``FeedBatch.problems``; it never raises on bad input.

XML entities: feedparser removes entity declarations that refer to other
entities before its SAX parser sees them and never loads external entities,
and expat itself (2.4+) caps entity amplification, so a "billion laughs" feed
ends as a small bozo result, not a huge string.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser

from pipeline.encoding import codec_name, decode, http_charset
from pipeline.htmltext import html_to_text
from pipeline.urls import absolute_http_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")

# feedparser reads "2024/05/01 12:00" and "2024年05月01日" as 1 November; numeric
# dates are read here first. No zone in the text: taken as UTC, like feedparser.
_NUMERIC_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?\s*秒?)?\s*$"
)

# A date further ahead than this is a publisher's mistake, not a schedule.
_FUTURE_SLACK = timedelta(days=2)

# What feedparser ends with when nothing declared a charset and UTF-8 failed.
_LATIN_FALLBACKS = frozenset({"windows-1252", "iso-8859-1"})

_MAX_PROBLEMS = 50  # one broken feed must not flood the log


@dataclass(frozen=True)
class ParsedArticle:
    """One feed entry, ready to store."""

    url: str
    """Canonical http(s) URL; "" when the entry has only a GUID."""
    guid: str | None
    title: str
    published: datetime
    """Aware, UTC."""
    published_missing: bool
    """True when the entry had no usable date and fetched_at was used."""
    language: str | None
    """Entry, then feed, then default language; normalised like "zh-CN", "en"."""
    text: str
    """Plain text, one paragraph per line."""
    summary_only: bool
    """True when the feed gave only a summary/description, not the full content."""


@dataclass
class FeedBatch:
    """The articles of one feed document and what was wrong with it."""

    articles: list[ParsedArticle] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bozo: bool = False
    """True when the document was not well-formed (feedparser's flag)."""
    feed_title: str | None = None


def parse_feed(
    content: bytes,
    *,
    base_url: str,
    fetched_at: datetime,
    default_language: str | None,
    content_type: str | None = None,
) -> FeedBatch:
    """Parse feed bytes into articles; bad input is reported in ``problems``.

    ``content_type`` is the HTTP Content-Type; its charset decides how the
    bytes are decoded (a GBK feed says so there or in its XML declaration).
    Relative links are resolved against ``base_url``.
    """
    if fetched_at.tzinfo is None:
        raise ValueError("fetched_at must be timezone-aware")
    fetched_at = fetched_at.astimezone(UTC)
    if not content.strip():
        return FeedBatch(problems=["empty document"], bozo=True)
    problems: list[str] = []
    if b"<!ENTITY" in _prolog(content):
        problems.append("the document declares XML entities; nested and external ones are ignored")
    parsed = _feedparser(content, base_url, content_type, problems)
    if parsed is None:
        return FeedBatch(problems=problems, bozo=True)
    bozo, reason = _bozo(parsed)
    if not bozo and parsed.get("encoding") in _LATIN_FALLBACKS and not content.isascii():
        problems.append(f"no usable charset declared; decoded as {parsed['encoding']}")
    feed = parsed.get("feed", {})
    feed_title = _clean(feed.get("title")) or None
    if not parsed.entries:
        if bozo or not parsed.get("version"):
            problems.append(f"not a feed: {reason or 'no RSS or Atom elements'}")
        return FeedBatch(problems=_capped(problems), bozo=bozo, feed_title=feed_title)
    if bozo:
        problems.append(f"feed not well-formed, entries kept: {reason}")
    language = _language(feed.get("language")) or _language(default_language)
    articles = []
    for index, entry in enumerate(parsed.entries, start=1):
        article = _article(entry, index, base_url, fetched_at, language, problems)
        if article is not None:
            articles.append(article)
    return FeedBatch(articles, _capped(problems), bozo, feed_title)


def _feedparser(
    content: bytes, base_url: str, content_type: str | None, problems: list[str]
) -> Any:
    """Run feedparser; retry as GB18030 when an undeclared GBK feed came out as Latin-1."""
    headers = {"content-location": base_url}
    content_type = _honest_content_type(content, content_type, problems)
    if content_type:
        headers["content-type"] = content_type
    try:
        # A BytesIO, never the bytes: feedparser treats a bare string as a URL or path.
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
        if _undeclared_chinese(content, parsed):
            problems.append("no charset declared; decoded as GB18030")
            headers["content-type"] = "application/xml; charset=gb18030"
            parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    except Exception as exc:  # feedparser's own bugs on hostile input are still bad input
        problems.append(f"feedparser failed: {type(exc).__name__}: {exc}")
        return None
    return parsed


def _honest_content_type(
    content: bytes, content_type: str | None, problems: list[str]
) -> str | None:
    """The Content-Type, its charset replaced when the bytes do not decode under it.

    feedparser trusts an HTTP charset over the XML declaration; a server that
    labels a GBK feed UTF-8 would otherwise give mojibake or a bozo feed.
    """
    label = http_charset(content_type)
    codec = codec_name(label)
    if content_type is None or label is None or codec is None:
        return content_type
    try:
        content.decode(codec)
        return content_type
    except UnicodeDecodeError:
        pass
    decoded = decode(content, None)  # BOM, XML declaration, then detection
    problems.append(f"HTTP charset {label} does not fit the bytes; read as {decoded.encoding}")
    return content_type.replace(label, decoded.encoding)


def _undeclared_chinese(content: bytes, parsed: Any) -> bool:
    """True when feedparser fell back to windows-1252 but the bytes read as Chinese GB18030."""
    if parsed.get("encoding") not in _LATIN_FALLBACKS:
        return False
    try:
        content.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("gb18030")
    except UnicodeDecodeError:
        return False
    non_ascii = [ch for ch in text if ord(ch) > 127]
    han = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff")
    return bool(non_ascii) and han >= 0.6 * len(non_ascii)


def _bozo(parsed: Any) -> tuple[bool, str]:
    """Whether the document was broken, and why; charset and content-type notes are not."""
    if not parsed.get("bozo"):
        return False, ""
    exc = parsed.get("bozo_exception")
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if isinstance(exc, harmless):
        return False, ""
    return True, f"{type(exc).__name__}: {exc}" if exc else "bozo"


def _article(
    entry: Any,
    index: int,
    base_url: str,
    fetched_at: datetime,
    feed_language: str | None,
    problems: list[str],
) -> ParsedArticle | None:
    """One entry as a ParsedArticle, or None (with a problem) when it cannot be kept."""
    title = _title(entry)
    label = f"entry {index}" + (f" ({title[:60]})" if title else "")
    guid = _clean(entry.get("id")) or None
    url = absolute_http_url(entry.get("link"), base_url)
    if url is None and guid is not None:
        url = absolute_http_url(guid, base_url) if guid.startswith(("http:", "https:")) else ""
    if url is None:
        problems.append(f"{label}: no link and no guid; dropped")
        return None
    published = _published(entry, fetched_at, label, problems)
    text, summary_only = _text(entry)
    language = (
        _language(_detail_language(entry)) or feed_language
    )  # entry xml:lang wins over the channel's <language>
    return ParsedArticle(
        url=url,
        guid=guid,
        title=title,
        published=published or fetched_at,
        published_missing=published is None,
        language=language,
        text=text,
        summary_only=summary_only,
    )


def _title(entry: Any) -> str:
    raw = entry.get("title") or ""
    if entry.get("title_detail", {}).get("type") in _HTML_TYPES:
        return " ".join(html_to_text(raw).split())
    return _clean(raw)


def _published(
    entry: Any, fetched_at: datetime, label: str, problems: list[str]
) -> datetime | None:
    """The entry's date as aware UTC, or None when it has none we can trust."""
    for raw_key, parsed_key in (
        ("published", "published_parsed"),
        ("updated", "updated_parsed"),
        ("created", "created_parsed"),
    ):
        # dict.get: FeedParserDict.get("updated") falls back to "published" with a
        # DeprecationWarning; the fallback order is ours to choose.
        raw = dict.get(entry, raw_key)
        when = _numeric_date(raw) if isinstance(raw, str) else None
        parsed = dict.get(entry, parsed_key)
        if when is None and parsed:
            try:
                year, month, day, hour, minute, second = parsed[:6]
                when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except (TypeError, ValueError, OverflowError):
                when = None
        if when is None:
            continue
        if when > fetched_at + _FUTURE_SLACK:
            problems.append(f"{label}: date {when.isoformat()} is in the future; fetch time used")
            return None
        return when
    return None


def _numeric_date(raw: str) -> datetime | None:
    match = _NUMERIC_DATE.match(raw)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def _text(entry: Any) -> tuple[str, bool]:
    """Plain text from the longest content, else from the summary; and whether summary-only."""
    contents = [item for item in entry.get("content") or [] if isinstance(item.get("value"), str)]
    contents.sort(key=lambda item: len(item["value"]), reverse=True)
    for item in contents:
        text = _as_text(item["value"], item.get("type"))
        if text:
            return text, False
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary") or "", detail.get("type")), True


def _as_text(value: str, mime: str | None) -> str:
    if mime in _HTML_TYPES:
        return html_to_text(value)
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def _detail_language(entry: Any) -> str | None:
    """xml:lang seen on the entry's content, summary or title (feedparser keeps it there)."""
    details = [
        *(entry.get("content") or []),
        entry.get("summary_detail"),
        entry.get("title_detail"),
    ]
    for detail in details:
        if detail and detail.get("language"):
            return str(detail["language"])
    return None


def _language(tag: object) -> str | None:
    """A BCP 47-ish tag: "zh_cn" -> "zh-CN", "EN" -> "en", "zh-hant" -> "zh-Hant"."""
    if not isinstance(tag, str):
        return None
    parts = [part for part in tag.strip().replace("_", "-").split("-") if part]
    if not parts or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def _clean(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _prolog(content: bytes) -> bytes:
    """The bytes before the first element: where a DOCTYPE and its entities live."""
    match = re.search(rb"<[A-Za-z]", content)
    return content[: match.start()] if match else content


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= _MAX_PROBLEMS:
        return problems
    return [*problems[:_MAX_PROBLEMS], f"... and {len(problems) - _MAX_PROBLEMS} more"]
