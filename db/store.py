"""All reads and writes. Inserts are idempotent and report what was new."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import (
    Article,
    Company,
    CompanyAlias,
    Source,
)
from db.neardup_store import band_columns, find_near_duplicate
from extractors.neardup import Signature
from extractors.types import Company as RegistryCompany


def utcnow() -> datetime:
    return datetime.now(UTC)


def insert_ignore(session: Session, table: Table, rows: list[dict[str, Any]]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on any unique key; returns rows inserted.

    Counted with RETURNING: psycopg reports rowcount -1 for this statement.
    """
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    maker = pg_insert if dialect == "postgresql" else sqlite_insert
    key = next(iter(table.primary_key.columns))
    statement = maker(table).values(rows).on_conflict_do_nothing().returning(key)
    return len(session.execute(statement).all())


# ---------------------------------------------------------------- sources


SOURCE_FIELDS = ("title", "kind", "url", "language", "enabled", "local", "interval_minutes")


def sync_sources(session: Session, specs: Iterable[Mapping[str, Any]]) -> list[Source]:
    """Make the sources table say what the file says; sources no longer listed are disabled."""
    existing = {s.name: s for s in session.scalars(select(Source))}
    listed: list[Source] = []
    for spec in specs:
        source = existing.get(spec["name"])
        if source is None:
            source = Source(name=spec["name"], consecutive_failures=0)
            session.add(source)
        for field in SOURCE_FIELDS:
            if field in spec and getattr(source, field) != spec[field]:
                setattr(source, field, spec[field])
        listed.append(source)
    names = {s.name for s in listed}
    for name, source in existing.items():
        if name not in names and source.enabled:
            source.enabled = False
    session.flush()
    return listed


def due_sources(
    session: Session, now: datetime, names: Iterable[str] | None = None
) -> list[Source]:
    """Enabled sources whose next fetch time has come (or all named ones)."""
    query = select(Source).where(Source.enabled.is_(True)).order_by(Source.name)
    sources = list(session.scalars(query))
    if names is not None:  # a source named on purpose is tried even when disabled
        wanted = set(names)
        return [s for s in sources if s.name in wanted]
    return [
        s
        for s in sources
        if s.disabled_reason is None and (s.next_due_at is None or s.next_due_at <= now)
    ]


# ---------------------------------------------------------------- articles


@dataclass(frozen=True)
class NewArticle:
    source_id: int | None
    url: str
    guid: str | None
    title: str
    published: datetime
    published_missing: bool
    fetched_at: datetime
    language: str | None
    text: str

    @property
    def content_hash(self) -> str:
        body = " ".join(self.text.split())
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def article_known(session: Session, source_id: int | None, url: str, guid: str | None) -> bool:
    """Already stored by canonical URL, or by the same feed GUID from this source."""
    if session.scalar(select(Article.id).where(Article.url == url)) is not None:
        return True
    if guid:
        found = select(Article.id).where(Article.source_id == source_id, Article.guid == guid)
        return session.scalar(found) is not None
    return False


def add_article(
    session: Session, article: NewArticle, signature: Signature | None = None
) -> Article | None:
    """Store one article; None when it was already known (URL or GUID).

    A copy of a stored article (same text, or near-duplicate by ``signature``)
    is stored with ``duplicate_of`` pointing at the first one seen.
    """
    if article_known(session, article.source_id, article.url, article.guid):
        return None
    content_hash = article.content_hash
    first = session.scalar(
        select(Article.id).where(Article.content_hash == content_hash).order_by(Article.id)
    )
    if first is None and signature is not None:
        first = find_near_duplicate(session, signature)
    row = Article(
        source_id=article.source_id,
        url=article.url,
        guid=article.guid,
        title=article.title,
        published=article.published,
        published_missing=article.published_missing,
        fetched_at=article.fetched_at,
        language=article.language,
        text=article.text,
        content_hash=content_hash,
        duplicate_of=first,
        **(band_columns(signature) if signature is not None else {}),
    )
    session.add(row)
    session.flush()
    return row


# ---------------------------------------------------------------- companies


def sync_companies(session: Session, companies: Iterable[RegistryCompany]) -> None:
    """Insert registry companies and their aliases that the database lacks."""
    companies = list(companies)
    insert_ignore(session, Company.__table__, [_company_row(c) for c in companies])
    ids = company_ids(session, [c.key for c in companies])
    alias_rows = [
        {"company_id": ids[c.key], "alias": alias}
        for c in companies
        for alias in dict.fromkeys((c.name, *c.names_zh, *c.aliases))
    ]
    for start in range(0, len(alias_rows), 500):
        insert_ignore(session, CompanyAlias.__table__, alias_rows[start : start + 500])


def _company_row(c: RegistryCompany) -> dict[str, Any]:
    return {
        "key": c.key,
        "name": c.name,
        "name_zh": c.name_zh,
        "country": c.country,
        "segment": c.segment,
        "kind": c.kind,
        "tickers": list(c.tickers),
        "discovered": c.discovered,
    }


def company_ids(session: Session, keys: Iterable[str]) -> dict[str, int]:
    keys = list(dict.fromkeys(keys))
    out: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(Company.key, Company.id).where(Company.key.in_(chunk))
        out.update((key, id_) for key, id_ in session.execute(query))
    return out


def ensure_companies(
    session: Session,
    companies: Iterable[RegistryCompany],
    match_keys: Mapping[str, str | None] | None = None,
) -> dict[str, int]:
    """Ids for these companies, creating discovered ones on first sight."""
    companies = {c.key: c for c in companies}
    ids = company_ids(session, companies)
    missing = [c for key, c in companies.items() if key not in ids]
    if missing:
        rows = [{**_company_row(c), "match_key": (match_keys or {}).get(c.key)} for c in missing]
        insert_ignore(session, Company.__table__, rows)
        rows = [{"company_id": 0, "alias": c.name} for c in missing]
        ids = company_ids(session, companies)
        for row, c in zip(rows, missing, strict=True):
            row["company_id"] = ids[c.key]
        insert_ignore(session, CompanyAlias.__table__, rows)
    return ids
