"""SQLAlchemy 2.0 models: the tables of DESIGN.md, documented for SQL users in docs/schema.md.

Every natural key is a unique constraint, so every write can be an
idempotent "insert, or do nothing" on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import Money as MoneyType
from db.types import UtcDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Amounts up to 10^24 with 6 decimals: a 1.6万亿 yen subsidy fits, as does a 0.000001 share price.
Amount = MoneyType(30, 6)
Rate = MoneyType(20, 10)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A configured feed or page, with its fetch state."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # rss | atom | html
    url: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    local: Mapped[bool] = mapped_column(Boolean, default=False)
    interval_minutes: Mapped[int] = mapped_column(Integer, default=180)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_fetched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_status: Mapped[str | None] = mapped_column(String(20))  # ok | not_modified | error
    last_error_kind: Mapped[str | None] = mapped_column(String(30))
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failing_since: Mapped[datetime | None] = mapped_column(UtcDateTime)  # current failure streak
    disabled_reason: Mapped[str | None] = mapped_column(Text)  # set after days of failure


class Article(Base):
    """One fetched article; a syndicated copy points at the first one seen."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("source_id", "guid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    url: Mapped[str] = mapped_column(Text, unique=True)  # canonical
    guid: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    published_missing: Mapped[bool] = mapped_column(Boolean, default=False)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # near-duplicate signature (extractors.neardup): 64 MinHash values and 16 indexed
    # LSH bands, so finding a copy is 16 equality probes, not a scan of the history
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    minhash_b0: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b1: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b2: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b3: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b4: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b5: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b6: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b7: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b8: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b9: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b10: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b11: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b12: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b13: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b14: Mapped[int | None] = mapped_column(Integer, index=True)
    minhash_b15: Mapped[int | None] = mapped_column(Integer, index=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_zh: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    segment: Mapped[str | None] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20), default="company")
    tickers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    discovered: Mapped[bool] = mapped_column(Boolean, default=False)
    # discovered companies: the same key means the same company (芯屹科技 = Xinyi Technology)
    match_key: Mapped[str | None] = mapped_column(String(200), index=True)


class CompanyAlias(Base):
    __tablename__ = "company_aliases"
    __table_args__ = (UniqueConstraint("company_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text, index=True)


class Event(Base):
    """One real-world deal, however many articles report it."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    amount_value: Mapped[Decimal | None] = mapped_column(Amount)
    amount_max: Mapped[Decimal | None] = mapped_column(Amount)
    amount_currency: Mapped[str | None] = mapped_column(String(3))
    amount_qualifier: Mapped[str | None] = mapped_column(String(10))
    amount_usd: Mapped[Decimal | None] = mapped_column(Amount)
    fx_rate: Mapped[Decimal | None] = mapped_column(Rate)
    fx_rate_date: Mapped[date | None] = mapped_column(Date)
    fx_source: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status_history: Mapped[list[Any]] = mapped_column(JSON, default=list)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    last_updated: Mapped[datetime] = mapped_column(UtcDateTime)


class EventCompany(Base):
    __tablename__ = "event_companies"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    mention: Mapped[str | None] = mapped_column(Text)  # the name as first reported


class EventMention(Base):
    """What one article said about one event, with the sentence that shows it."""

    __tablename__ = "event_mentions"
    __table_args__ = (UniqueConstraint("event_id", "article_id", "evidence_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    evidence: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    amount_value: Mapped[Decimal | None] = mapped_column(Amount)
    amount_currency: Mapped[str | None] = mapped_column(String(3))
    amount_qualifier: Mapped[str | None] = mapped_column(String(10))
    event_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Alert(Base):
    """The outbox: one row per (event, rule, channel) to deliver."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("event_id", "rule", "channel", "reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(30), default="new")
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sources_ok: Mapped[int] = mapped_column(Integer, default=0)
    sources_failed: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    events_new: Mapped[int] = mapped_column(Integer, default=0)


class IngestRunSource(Base):
    """Per-source counts and the error, if any, of one run."""

    __tablename__ = "ingest_run_sources"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))  # ok | not_modified | error
    entries: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    articles_skipped: Mapped[int] = mapped_column(Integer, default=0)
    articles_failed: Mapped[int] = mapped_column(Integer, default=0)
    events_new: Mapped[int] = mapped_column(Integer, default=0)
    error_kind: Mapped[str | None] = mapped_column(String(30))
    error: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)


class FxRate(Base):
    __tablename__ = "fx_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    source: Mapped[str] = mapped_column(String(60), primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Rate)  # units of currency per 1 EUR


Index("ix_event_companies_company_id", EventCompany.company_id)
