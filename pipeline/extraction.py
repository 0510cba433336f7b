"""The extractor hook: one stored article in, event drafts out."""

from __future__ import annotations

from db.store import NewArticle
from extractors import extract
from extractors.companies import CompanyRegistry
from extractors.types import ArticleInput, EventDraft


def extract_events(article: NewArticle, registry: CompanyRegistry) -> list[EventDraft]:
    """Run the extractors on an article; a guessed publication time is not trusted for dates."""
    return extract(
        ArticleInput(
            text=article.text,
            title=article.title,
            language=article.language,
            published=None if article.published_missing else article.published,
        ),
        registry,
    )
