"""The shipped source list and the offline sample feeds are well-formed and complete."""

from __future__ import annotations

import html
import re
import tomllib
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest

CONFIG = Path(__file__).resolve().parents[1] / "config"
REAL = CONFIG / "sources.toml"
SAMPLES = CONFIG / "samples"
SAMPLE_SOURCES = SAMPLES / "sources.toml"

# The dev corpus seed article (zh-dev-000-seed) must be an entry of the Chinese RSS feed.
SEED_TITLE = "沐曦股份科创板上市,非GPU路线崛起:全球算力格局剖析"
SEED_URL = "https://www.vpshk.cn/20260224442.html"
SEED_PUBLISHED = datetime.fromisoformat("2026-02-10T00:00:00+08:00")
SEED_OPENING = "据芯东西12月17日报道,上海GPU领军企业沐曦股份今日在科创板正式挂牌"

REQUIRED = {
    "name": str,
    "title": str,
    "kind": str,
    "url": str,
    "language": str,
    "interval_minutes": int,
    "enabled": bool,
}
KINDS = {"rss", "atom", "html"}
LANGUAGES = {"en", "zh"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# file -> (feedparser version, encoding feedparser detects, source language)
FEEDS = {
    "feeds/xinchips-zh.xml": ("rss20", "utf-8", "zh"),
    "feeds/chipwire-en.atom": ("atom10", "utf-8", "en"),
    "feeds/semibrief-en.xml": ("rss20", "utf-8", "en"),
    "feeds/jinrongxin-gbk.xml": ("rss20", "gbk", "zh"),
    "feeds/twtech-zh-tw.rdf": ("rss10", "utf-8", "zh"),
}
MIN_TEXT, MAX_TEXT = 250, 1500  # article length the brief asked for; the seed is exempt


def load_sources(path: Path) -> list[dict[str, Any]]:
    """The ``[[source]]`` tables of a source file."""
    return tomllib.loads(path.read_text(encoding="utf-8"))["source"]


def parse(relative: str) -> Any:
    """One sample feed, parsed by feedparser."""
    return feedparser.parse((SAMPLES / relative).read_bytes())


def entry_text(entry: Any) -> str:
    """An entry's body as plain text: content if present, else the summary."""
    body = entry.content[0].value if "content" in entry else entry.get("summary", "")
    return html.unescape(re.sub(r"<[^>]+>", "", body)).strip()


def all_entries() -> list[tuple[str, Any]]:
    """(feed file, entry) for every entry of every sample feed."""
    return [(name, e) for name in FEEDS for e in parse(name).entries]


# --- config/sources.toml ----------------------------------------------------


@pytest.mark.parametrize("path", [REAL, SAMPLE_SOURCES], ids=["real", "samples"])
def test_source_files_parse_with_required_fields(path: Path) -> None:
    sources = load_sources(path)
    assert sources
    for source in sources:
        for field, kind in REQUIRED.items():
            assert isinstance(source.get(field), kind), (source.get("name"), field)
        assert SLUG.match(source["name"]), source["name"]
        assert source["kind"] in KINDS, source["name"]
        assert source["language"] in LANGUAGES, source["name"]
        assert source["interval_minutes"] > 0, source["name"]
    names = [s["name"] for s in sources]
    assert len(names) == len(set(names)), "duplicate source names"
    assert {s["language"] for s in sources if s["enabled"]} == LANGUAGES


def test_real_sources_are_many_and_on_the_web() -> None:
    sources = load_sources(REAL)
    assert len(sources) >= 24
    assert sum(s["enabled"] for s in sources) >= 20
    for source in sources:
        parts = urlsplit(source["url"])
        assert parts.scheme in {"http", "https"} and parts.netloc, source["name"]
        assert "local" not in source, source["name"]
        assert source["enabled"] or source.get("note"), f"{source['name']}: disabled, no note"


@pytest.mark.parametrize(
    ("kind", "at_least"),
    [("rss", 15), ("atom", 1), ("html", 2)],
)
def test_real_sources_cover_each_kind(kind: str, at_least: int) -> None:
    assert sum(s["kind"] == kind for s in load_sources(REAL)) >= at_least


def test_only_html_sources_have_selectors() -> None:
    for source in load_sources(REAL):
        selectors = source.get("selectors")
        if source["kind"] == "html":
            assert selectors, source["name"]
            assert {"links", "title", "body"} <= selectors.keys(), source["name"]
            assert all(isinstance(v, str) and v for v in selectors.values())
        else:
            assert selectors is None, source["name"]


# --- config/samples ----------------------------------------------------------


def test_sample_sources_point_at_the_bundled_feeds() -> None:
    sources = load_sources(SAMPLE_SOURCES)
    for source in sources:
        assert source.get("local") is True, source["name"]
        assert not urlsplit(source["url"]).scheme, source["name"]
        assert (SAMPLES / source["url"]).is_file(), source["url"]
    assert {s["url"] for s in sources} == FEEDS.keys()
    for source in sources:
        version, _, language = FEEDS[source["url"]]
        assert source["language"] == language, source["name"]
        assert source["kind"] == ("atom" if version == "atom10" else "rss"), source["name"]


@pytest.mark.parametrize(("name", "expected"), FEEDS.items(), ids=list(FEEDS))
def test_sample_feed_parses_cleanly(name: str, expected: tuple[str, str, str]) -> None:
    version, encoding, _ = expected
    feed = parse(name)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.encoding.lower() == encoding
    assert len(feed.entries) >= 4
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)), "duplicate entry ids"
    for entry in feed.entries:
        assert entry.title and urlsplit(entry.link).scheme in {"http", "https"}
        text = entry_text(entry)
        if entry.link != SEED_URL:
            assert MIN_TEXT <= len(text) <= MAX_TEXT, (entry.title, len(text))


def test_gbk_feed_is_really_gbk() -> None:
    raw = (SAMPLES / "feeds/jinrongxin-gbk.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="GBK"?>')
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "金融芯观察" in raw.decode("gbk")


def test_samples_have_enough_entries_in_both_languages() -> None:
    entries = all_entries()
    assert len(entries) >= 36
    per_language = {lang: 0 for lang in LANGUAGES}
    for name, _ in entries:
        per_language[FEEDS[name][2]] += 1
    assert min(per_language.values()) >= 15, per_language


@pytest.mark.parametrize(
    ("what", "test", "at_least"),
    [
        ("tracking parameters", lambda e: "utm_source=rss" in e.link, 2),
        ("no date at all", lambda e: not (e.get("published") or e.get("updated")), 1),
        ("non-permalink guid", lambda e: e.get("guidislink") is False and e.id != e.link, 8),
    ],
    ids=["tracking", "undated", "guid"],
)
def test_samples_carry_awkward_entries(what: str, test: Any, at_least: int) -> None:
    assert sum(bool(test(e)) for _, e in all_entries()) >= at_least, what


def test_seed_article_is_an_entry_of_the_chinese_feed() -> None:
    matches = [e for e in parse("feeds/xinchips-zh.xml").entries if e.title == SEED_TITLE]
    assert len(matches) == 1
    seed = matches[0]
    assert seed.link == SEED_URL and seed.id == SEED_URL
    assert parsedate_to_datetime(seed.published) == SEED_PUBLISHED
    body = seed.content[0].value
    assert body.startswith(f"<p>{SEED_OPENING}")
    assert body.count("<p>") >= 50  # one per line of the corpus text


@pytest.mark.parametrize(
    ("original", "copy", "footer"),
    [
        ("feeds/xinchips-zh.xml", "feeds/jinrongxin-gbk.xml", "本文转载自芯闻速递"),
        ("feeds/chipwire-en.atom", "feeds/semibrief-en.xml", "first published by ChipWire"),
    ],
)
def test_syndicated_copy_keeps_the_body_under_a_new_title(
    original: str, copy: str, footer: str
) -> None:
    copies = [e for e in parse(copy).entries if footer in entry_text(e)]
    assert len(copies) == 1
    copied = entry_text(copies[0])
    sources = [e for e in parse(original).entries if entry_text(e) in copied]
    assert len(sources) == 1
    assert sources[0].title != copies[0].title
