"""HTML pages to articles: links from a listing page, text and date from an article page.

No I/O: decoded HTML in, values out. Bad pages come back with problems, never
an exception. The CSS selectors of a source (``links``, ``title``, ``date``,
``body``) override what the extractor would find; without them the main text
comes from trafilatura and the date from the page's metadata or its visible
text. Nothing of the page is executed: scripts are dropped with the markup.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import trafilatura
from bs4 import BeautifulSoup, Tag

from pipeline.feeds import ParsedArticle
from pipeline.htmltext import html_to_text
from pipeline.urls import absolute_http_url

MAX_LINKS = 50
"""Links taken from one listing page: a front page lists 20-40 stories; more is a sitemap."""
MIN_TEXT_CHARS = 20
"""Less extracted text than this is a page without an article (a login wall, an index)."""
CHINA_TZ = timezone(timedelta(hours=8), "UTC+8")
_FUTURE_SLACK = timedelta(days=2)

# 2025年12月17日 14:05, 2025-12-17 14:05:33, 2025/12/17, 2025.12.17 下午2:05; an
# optional zone after it: +08:00, UTC+8, GMT+0800, 北京时间 (before or after).
_DATE = re.compile(
    r"(?P<bj1>北京时间\s*)?"
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]*(?P<ampm>上午|下午|晚上|凌晨|中午)?\s*(?P<h>\d{1,2})\s*[:：时点]\s*(?P<mi>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<s>\d{1,2}))?\s*秒?(?:\.\d+)?)?"
    r"\s*\(?\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\(?北京时间\)?)?"
)
_ZONE = re.compile(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")

# <meta> names and properties that carry a publication time, best first.
_META_DATES = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "PubDate",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "date",
)


@dataclass
class PageArticle:
    """What one article page gave, and what was wrong with it."""

    article: ParsedArticle | None
    problems: list[str] = field(default_factory=list)


def soup_of(html: str) -> BeautifulSoup:
    """A parse tree that never warns (warnings are errors in tests, noise in logs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BeautifulSoup(html, "html.parser")


def listing_links(html: str, base_url: str, selector: str) -> tuple[list[str], list[str]]:
    """Canonical http(s) article URLs the selector picks from a listing page, and problems.

    ``selector`` may pick ``<a>`` elements or their containers (the first link
    inside is taken). Duplicates are dropped, order kept, at most MAX_LINKS.
    """
    problems: list[str] = []
    try:
        found = soup_of(html).select(selector)
    except Exception as exc:  # soupsieve's error for a bad selector: a config problem
        return [], [f"links selector {selector!r} failed: {type(exc).__name__}: {exc}"]
    links: list[str] = []
    for element in found:
        anchor = element if element.name == "a" else element.find("a", href=True)
        href = anchor.get("href") if isinstance(anchor, Tag) else None
        url = absolute_http_url(href, base_url)
        if url is not None and url not in links:
            links.append(url)
    if len(links) > MAX_LINKS:
        problems.append(f"{len(links)} links on the listing page; the first {MAX_LINKS} kept")
        links = links[:MAX_LINKS]
    if not links:
        problems.append(f"links selector {selector!r} found no article links")
    return links, problems


def parse_article_page(
    html: str,
    url: str,
    *,
    selectors: Mapping[str, str],
    fetched_at: datetime,
    default_language: str | None,
) -> PageArticle:
    """The article on a page: title, main text, publication date, language."""
    problems: list[str] = []
    try:
        soup = soup_of(html)
        meta = _extract(html, url)
        language = _page_language(soup) or default_language
        title = _selected_text(soup, selectors.get("title"), problems, "title")
        title = title or _clean(meta.get("title")) or _meta_title(soup)
        text = _selected_body(soup, selectors.get("body"), problems)
        text = text or meta.get("text") or ""
        published = _page_date(soup, selectors.get("date"), meta, language, problems)
    except Exception as exc:  # a parser's bug on hostile markup is still bad input
        return PageArticle(None, [f"{url}: page could not be read: {type(exc).__name__}: {exc}"])
    if len(text) < MIN_TEXT_CHARS:
        return PageArticle(None, [*problems, f"{url}: no article text found"])
    if published is not None and published > fetched_at + _FUTURE_SLACK:
        problems.append(f"{url}: date {published.isoformat()} is in the future; fetch time used")
        published = None
    article = ParsedArticle(
        url=url,
        guid=None,
        title=" ".join(title.split()),
        published=published or fetched_at,
        published_missing=published is None,
        language=language,
        text=text,
        summary_only=False,
    )
    return PageArticle(article, problems)


def parse_page_date(raw: str, *, language: str | None = None) -> datetime | None:
    """The first date in ``raw`` as aware UTC; without a zone, China time for Chinese pages.

    Reads ISO 8601, 2025-12-17 14:05, 2025/12/17, 2025年12月17日 下午2:05 and
    zones written +08:00, UTC+8, GMT+0800 or 北京时间. An English page with no
    zone is taken as UTC, like feed dates.
    """
    match = _DATE.search(raw or "")
    if match is None:
        return None
    parts = match.groupdict()
    hour = int(parts["h"] or 0)
    if parts["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    elif parts["ampm"] == "凌晨" and hour == 12:
        hour = 0
    zone = _zone(parts["zone"], bool(parts["bj1"]), language)
    try:
        local = datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            hour,
            int(parts["mi"] or 0),
            int(parts["s"] or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None
    return local.astimezone(UTC)


def _zone(raw: str | None, beijing_before: bool, language: str | None) -> timezone:
    if beijing_before or (raw and "北京" in raw):
        return CHINA_TZ
    if raw:
        if raw == "Z":
            return UTC
        match = _ZONE.search(raw.replace(" ", ""))
        if match:
            sign = -1 if match.group(1) == "-" else 1
            hours, minutes = int(match.group(2)), int(match.group(3) or 0)
            if hours <= 14 and minutes < 60:
                return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return CHINA_TZ if (language or "").lower().startswith("zh") else UTC


def _extract(html: str, url: str) -> dict[str, Any]:
    """trafilatura's main text, title and date; an empty dict when it finds nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
            as_dict=True,
        )
    if not isinstance(document, dict):
        return {}
    text = document.get("text") or ""
    lines = (" ".join(line.split()) for line in str(text).splitlines())
    document["text"] = "\n".join(line for line in lines if line)
    return document


def _selected_text(
    soup: BeautifulSoup, selector: str | None, problems: list[str], what: str
) -> str:
    if not selector:
        return ""
    try:
        element = soup.select_one(selector)
    except Exception as exc:
        problems.append(f"{what} selector {selector!r} failed: {type(exc).__name__}: {exc}")
        return ""
    if element is None:
        problems.append(f"{what} selector {selector!r} matched nothing")
        return ""
    return _clean(element.get_text(" "))


def _selected_body(soup: BeautifulSoup, selector: str | None, problems: list[str]) -> str:
    if not selector:
        return ""
    try:
        elements = soup.select(selector)
    except Exception as exc:
        problems.append(f"body selector {selector!r} failed: {type(exc).__name__}: {exc}")
        return ""
    if not elements:
        problems.append(f"body selector {selector!r} matched nothing; extractor used")
        return ""
    return "\n".join(filter(None, (html_to_text(str(element)) for element in elements)))


def _page_date(
    soup: BeautifulSoup,
    selector: str | None,
    meta: Mapping[str, Any],
    language: str | None,
    problems: list[str],
) -> datetime | None:
    """Selector text, then <meta>/<time> tags, then the extractor, then the visible text."""
    if selector:
        raw = _selected_text(soup, selector, problems, "date")
        element = soup.select_one(selector) if raw else None
        stamp = element.get("datetime") if isinstance(element, Tag) else None
        found = parse_page_date(stamp if isinstance(stamp, str) else raw, language=language)
        if found is not None:
            return found
        if raw:
            problems.append(f"date {raw[:40]!r} could not be read")
    for candidate in _meta_date_strings(soup):
        found = parse_page_date(candidate, language=language)
        if found is not None:
            return found
    if meta.get("date"):
        # htmldate gives a day only; a time from the visible text is better if it agrees
        visible = parse_page_date(soup.get_text(" ")[:20000], language=language)
        day = parse_page_date(str(meta["date"]), language=language)
        if visible is not None and day is not None and abs(visible - day) < timedelta(days=1):
            return visible
        return day
    return parse_page_date(soup.get_text(" ")[:20000], language=language)


def _meta_date_strings(soup: BeautifulSoup) -> list[str]:
    found: list[str] = []
    for key in _META_DATES:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: key})
            content = tag.get("content") if isinstance(tag, Tag) else None
            if isinstance(content, str) and content.strip():
                found.append(content)
    for tag in soup.find_all("time"):
        stamp = tag.get("datetime") if isinstance(tag, Tag) else None
        if isinstance(stamp, str):
            found.append(stamp)
    return found


def _page_language(soup: BeautifulSoup) -> str | None:
    tag = soup.find("html")
    lang = tag.get("lang") if isinstance(tag, Tag) else None
    if not isinstance(lang, str) or not lang.strip():
        return None
    parts = lang.strip().replace("_", "-").split("-")
    if not parts[0].isalpha() or not 2 <= len(parts[0]) <= 3:
        return None
    head = parts[0].lower()
    return f"{head}-{parts[1].upper()}" if len(parts) > 1 and len(parts[1]) == 2 else head


def _meta_title(soup: BeautifulSoup) -> str:
    tag = soup.find("meta", attrs={"property": "og:title"})
    content = tag.get("content") if isinstance(tag, Tag) else None
    if isinstance(content, str) and content.strip():
        return _clean(content)
    return _clean(soup.title.get_text()) if soup.title else ""


def _clean(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""
