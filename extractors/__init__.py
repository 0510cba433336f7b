"""Pure extraction: article text in, events out (no I/O, no database)."""

from __future__ import annotations

from extractors.companies import CompanyRegistry
from extractors.events import extract_events
from extractors.types import ArticleInput, EventDraft

__all__ = ["extract"]


def extract(article: ArticleInput, registry: CompanyRegistry) -> list[EventDraft]:
    """Every event ``article`` reports, in the shape of FORMAT.md."""
    return extract_events(article, registry)
