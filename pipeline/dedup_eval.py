"""Measure event deduplication on a labelled corpus: ingest in some order, score merges.

Used by tests/test_pipeline_dedup.py and bench/dedup.py. A pair of articles
counts as merged when they mention a common event; it should be merged
exactly when the corpus gives both the same ``deal`` label.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from db.engine import session_factory
from db.models import Article, Company, Event, EventCompany, EventMention
from db.store import NewArticle, sync_companies
from extractors.companies import CompanyRegistry
from pipeline.articles import store_article
from pipeline.fx import FxTable


def load_corpus(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def ingest_docs(
    engine: Engine, docs: Iterable[dict[str, Any]], registry: CompanyRegistry, fx: FxTable
) -> None:
    """Store each document as an article (one transaction each), in the given order."""
    make = session_factory(engine)
    with make.begin() as session:
        sync_companies(session, registry.companies)
    for doc in docs:
        published = datetime.fromisoformat(doc["published"]).astimezone(UTC)
        article = NewArticle(
            source_id=None,
            url=doc["url"],
            guid=None,
            title=doc.get("title", ""),
            published=published,
            published_missing=False,
            fetched_at=published,
            language=doc.get("lang"),
            text=doc["text"],
        )
        with make.begin() as session:
            store_article(session, article, registry, fx)


def events_by_url(engine: Engine) -> dict[str, set[int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Article.url, EventMention.event_id).join(
                EventMention, EventMention.article_id == Article.id
            )
        )
        out: dict[str, set[int]] = defaultdict(set)
        for url, event_id in rows:
            out[url].add(event_id)
    return out


def canonical_events(engine: Engine) -> set[tuple[Any, ...]]:
    """The events table as order-free facts: no ids, no timestamps."""
    with engine.connect() as conn:
        urls: dict[int, set[str]] = defaultdict(set)
        for event_id, url in conn.execute(
            select(EventMention.event_id, Article.url).join(
                Article, Article.id == EventMention.article_id
            )
        ):
            urls[event_id].add(url)
        parties: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for event_id, role, key in conn.execute(
            select(EventCompany.event_id, EventCompany.role, Company.key).join(
                Company, Company.id == EventCompany.company_id
            )
        ):
            parties[event_id].add((role, key))
        return {
            (
                e.type,
                e.status,
                str(e.amount_value),
                e.amount_currency,
                e.amount_qualifier,
                str(e.event_date),
                frozenset(parties[e.id]),
                frozenset(urls[e.id]),
            )
            for e in conn.execute(select(Event.__table__))
        }


@dataclass(frozen=True)
class MergeScore:
    precision: float
    recall: float
    predicted_pairs: int
    gold_pairs: int
    true_pairs: int


def merge_score(docs: list[dict[str, Any]], by_url: dict[str, set[int]]) -> MergeScore:
    """Pairwise precision and recall of 'these two articles report one deal'."""
    tp = predicted = gold = 0
    for a, b in combinations(docs, 2):
        same_gold = a["deal"] == b["deal"]
        same_pred = bool(by_url.get(a["url"], set()) & by_url.get(b["url"], set()))
        gold += same_gold
        predicted += same_pred
        tp += same_gold and same_pred
    return MergeScore(
        precision=tp / predicted if predicted else 1.0,
        recall=tp / gold if gold else 1.0,
        predicted_pairs=predicted,
        gold_pairs=gold,
        true_pairs=tp,
    )
