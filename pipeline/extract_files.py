"""`chipnews extract`: articles from files (corpus JSON, text, HTML) to event JSON lines."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from extractors import extract
from extractors.types import ArticleInput
from pipeline.htmltext import html_to_text
from pipeline.registry import load_registry

log = logging.getLogger("chipnews.extract")
SUFFIXES = (".json", ".jsonl", ".txt", ".html", ".htm")


def extract_paths(
    paths: tuple[str, ...], *, published: str | None = None, lang: str | None = None
) -> Iterator[dict[str, Any]]:
    """One `{"id", "events"}` object per article found under ``paths``."""
    registry = load_registry()
    default_published = parse_time(published)
    for article_id, article in _articles(paths, default_published, lang):
        try:
            events = [e.to_json() for e in extract(article, registry)]
        except Exception as exc:  # one article's bug must not stop the batch; it is reported
            log.error("extraction failed for %s: %s: %s", article_id, type(exc).__name__, exc)
            yield {"id": article_id, "events": [], "error": f"{type(exc).__name__}: {exc}"}
            continue
        yield {"id": article_id, "events": events}


def _articles(
    paths: tuple[str, ...], published: datetime | None, lang: str | None
) -> Iterator[tuple[str, ArticleInput]]:
    for raw in paths:
        if raw == "-":
            yield from _from_stream(sys.stdin.read(), "stdin", published, lang)
            continue
        path = Path(raw)
        files = (
            sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES) if path.is_dir() else [path]
        )
        for file in files:
            try:
                content = file.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                log.error("cannot read %s: %s", file, exc)
                continue
            yield from _from_stream(content, file.stem, published, lang, suffix=file.suffix)


def _from_stream(
    content: str, name: str, published: datetime | None, lang: str | None, suffix: str = ""
) -> Iterator[tuple[str, ArticleInput]]:
    stripped = content.lstrip()
    if suffix in (".json", ".jsonl", "") and stripped[:1] in ("{", "["):
        docs = _json_docs(stripped, name)
        if docs is not None:
            for i, doc in enumerate(docs):
                yield str(doc.get("id") or f"{name}-{i}"), _from_doc(doc, published, lang)
            return
    text = html_to_text(content) if suffix in (".html", ".htm") or stripped[:1] == "<" else content
    yield name, ArticleInput(text=text, title="", language=lang, published=published)


def _json_docs(content: str, name: str) -> list[dict[str, Any]] | None:
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in content.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            log.error("%s: not JSON (%s); read as plain text", name, exc)
            return None
    docs = data if isinstance(data, list) else [data]
    return [d for d in docs if isinstance(d, dict)]


def _from_doc(doc: dict[str, Any], published: datetime | None, lang: str | None) -> ArticleInput:
    return ArticleInput(
        text=str(doc.get("text") or ""),
        title=str(doc.get("title") or ""),
        language=doc.get("lang") or doc.get("language") or lang,
        published=parse_time(doc.get("published")) or published,
    )


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 publication time, or None (an unreadable one is logged, not raised)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        log.warning("unreadable publication time %r ignored", value)
        return None
    return moment
