"""One new article's way into the database: store it, extract, normalize, store events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from db import event_store, store
from db.event_store import StoredEvent
from extractors.companies import CompanyRegistry
from extractors.dates import reference_date
from extractors.neardup import signature
from extractors.types import CompanyMention, EventDraft
from pipeline import normalize
from pipeline.extraction import extract_events
from pipeline.fx import FxTable
from pipeline.identity import match_key

EventHook = Callable[[Session, StoredEvent], None]


@dataclass
class ArticleResult:
    article_id: int
    events: list[StoredEvent] = field(default_factory=list)

    @property
    def events_new(self) -> int:
        return sum(e.created for e in self.events)


def _resolve_discovered(drafts: list[EventDraft]) -> dict[str, str | None]:
    """Give each discovered company the key of its identity (new:<match key>).

    Then 芯屹科技 and "Xinyi Technology" are one company row whichever article
    came first. Rewrites the drafts' mentions in place; returns each key's match key.
    """
    keys: dict[str, str | None] = {}
    for draft in drafts:
        for role, mentions in draft.companies.items():
            for i, mention in enumerate(mentions):
                company = mention.company
                if not company.discovered:
                    continue
                identity = match_key(company.name)
                if identity:
                    company = replace(company, key=f"new:{identity}")
                    mentions[i] = replace(mention, company=company)
                keys[company.key] = identity
            draft.companies[role] = _unique(mentions)
    return keys


def _unique(mentions: list[CompanyMention]) -> list[CompanyMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.company.key not in seen:
            seen.add(m.company.key)
            out.append(m)
    return out


def store_article(
    session: Session,
    article: store.NewArticle,
    registry: CompanyRegistry,
    fx: FxTable,
    on_event: EventHook | None = None,
) -> ArticleResult | None:
    """Store ``article`` and its events in the caller's transaction; None if already known.

    ``on_event`` runs for every stored report (the alert outbox hooks in here, so its
    rows commit with the event).
    """
    row = store.add_article(session, article, signature(article.text))
    if row is None:
        return None
    drafts = extract_events(article, registry)
    match_keys = _resolve_discovered(drafts)
    ids = store.ensure_companies(
        session, [m.company for d in drafts for ms in d.companies.values() for m in ms], match_keys
    )
    result = ArticleResult(row.id)
    # a repost dated 2026-02-10 that says 据芯东西12月17日报道 reports a 2025-12-17 event
    reported_on = reference_date(article.text, article.published) or article.published.date()
    for draft in drafts:
        usd = normalize.convert_amount(fx, draft.amount, draft.date or reported_on)
        if usd is not None and usd.restated is not None:
            draft.details["restated"] = usd.restated
        stored = event_store.store_event(
            session,
            row.id,
            draft,
            ids,
            reported_on=reported_on,
            conversion=usd.columns() if usd else None,
        )
        result.events.append(stored)
        if on_event is not None:
            on_event(session, stored)
    return result
