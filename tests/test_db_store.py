"""The store on SQLite and PostgreSQL: migrations, idempotent inserts, event mentions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine, func, inspect, select

from db import event_store, store
from db.engine import read_only, session_factory
from db.migrate import current_revision, downgrade, head_revision, upgrade
from db.models import Article, Company, Event, EventCompany, EventMention, Source
from extractors.types import (
    Company as RegistryCompany,
)
from extractors.types import (
    CompanyMention,
    EventDraft,
    EventType,
    Evidence,
    Money,
    Qualifier,
    Status,
)

BROADCOM = RegistryCompany(key="broadcom", name="Broadcom", names_zh=("博通",))
ANTHROPIC = RegistryCompany(key="anthropic", name="Anthropic", kind="lab")
NOW = datetime(2025, 12, 12, 8, 0, tzinfo=UTC)
DAY = NOW.date()


def order(amount: int | None, status: Status = Status.ANNOUNCED, start: int = 0) -> EventDraft:
    return EventDraft(
        type=EventType.ORDER,
        companies={
            "buyer": [CompanyMention(ANTHROPIC, "Anthropic", 0, 9)],
            "supplier": [CompanyMention(BROADCOM, "博通", 10, 12)],
        },
        amount=Money(Decimal(amount), "USD", Qualifier.EXACT) if amount else None,
        status=status,
        date=date(2025, 12, 11),
        evidence=Evidence("Anthropic向博通下达总值210亿美元的订单", start, start + 20),
    )


def article(url: str, text: str = "正文", guid: str | None = None) -> store.NewArticle:
    return store.NewArticle(
        source_id=None,
        url=url,
        guid=guid,
        title="t",
        published=NOW,
        published_missing=False,
        fetched_at=NOW,
        language="zh",
        text=text,
    )


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            m.__tablename__: conn.scalar(select(func.count()).select_from(m))
            for m in (Article, Company, Event, EventCompany, EventMention, Source)
        }


def test_migrations_reach_head_and_go_back(db_url_engine: Engine) -> None:
    upgrade(db_url_engine)
    assert current_revision(db_url_engine) == head_revision(db_url_engine)
    tables = set(inspect(db_url_engine).get_table_names())
    assert {"sources", "articles", "events", "event_mentions", "alerts", "fx_rates"} <= tables
    upgrade(db_url_engine)  # a second upgrade is a no-op
    downgrade(db_url_engine, "base")
    assert "events" not in set(inspect(db_url_engine).get_table_names())


def test_views_answer_on_an_empty_database(engine: Engine) -> None:
    from sqlalchemy import text

    with engine.connect() as conn:
        for view in ("event_overview", "event_parties", "article_events"):
            assert conn.execute(text(f"SELECT * FROM {view}")).all() == []


def test_articles_are_deduplicated_by_url_and_guid(engine: Engine) -> None:
    with session_factory(engine).begin() as s:
        first = store.add_article(s, article("https://a.test/1", guid="g1"))
        assert first is not None
        assert store.add_article(s, article("https://a.test/1")) is None  # same URL
        assert store.add_article(s, article("https://a.test/2", guid="g1")) is None  # same GUID
        copy = store.add_article(s, article("https://b.test/x", text="正文"))
        assert copy is not None and copy.duplicate_of == first.id  # same text elsewhere
    assert counts(engine)["articles"] == 2


def test_event_is_stored_once_with_a_mention_per_article(engine: Engine) -> None:
    make = session_factory(engine)
    with make.begin() as s:
        store.sync_companies(s, [BROADCOM, ANTHROPIC])
        ids = store.company_ids(s, ["broadcom", "anthropic"])
        a1 = store.add_article(s, article("https://a.test/1"))
        a2 = store.add_article(s, article("https://a.test/2", text="另一篇"))
        assert a1 and a2
        first = event_store.store_event(
            s, a1.id, order(21_000_000_000, Status.RUMORED), ids, reported_on=DAY
        )
        again = event_store.store_event(
            s, a1.id, order(21_000_000_000, Status.RUMORED), ids, reported_on=DAY
        )
        later = event_store.store_event(
            s, a2.id, order(21_000_000_000, Status.ANNOUNCED, 5), ids, reported_on=DAY
        )
        other = event_store.store_event(s, a2.id, order(10_000_000_000), ids, reported_on=DAY)
    assert first.created and not again.created and not later.created and other.created
    assert later.status_advanced and later.event_id == first.event_id
    with make() as s:
        event = s.get(Event, first.event_id)
        assert event is not None
        assert event.status == "announced"
        assert [h[0] for h in event.status_history] == ["rumored", "announced"]
        assert event.amount_value == Decimal("21000000000")
        roles = dict(
            s.execute(
                select(EventCompany.role, EventCompany.company_id).where(
                    EventCompany.event_id == event.id
                )
            ).all()
        )
        assert roles == {"buyer": ids["anthropic"], "supplier": ids["broadcom"]}
    c = counts(engine)
    assert (c["events"], c["event_mentions"]) == (2, 3)


def test_sync_companies_is_idempotent(engine: Engine) -> None:
    make = session_factory(engine)
    for _ in range(2):
        with make.begin() as s:
            store.sync_companies(s, [BROADCOM, ANTHROPIC])
    assert counts(engine)["companies"] == 2


def test_sync_sources_updates_and_disables(engine: Engine) -> None:
    make = session_factory(engine)
    spec = {
        "name": "x",
        "kind": "rss",
        "url": "https://x.test/feed",
        "language": "en",
        "enabled": True,
        "local": False,
        "interval_minutes": 60,
        "title": None,
    }
    with make.begin() as s:
        store.sync_sources(s, [spec, {**spec, "name": "y"}])
    with make.begin() as s:
        store.sync_sources(s, [{**spec, "url": "https://x.test/new"}])
    with make() as s:
        rows = {r.name: r for r in s.scalars(select(Source))}
        assert rows["x"].url == "https://x.test/new" and rows["x"].enabled
        assert not rows["y"].enabled
        assert [r.name for r in store.due_sources(s, NOW)] == ["x"]


def test_read_only_connection_refuses_writes(engine: Engine) -> None:
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with read_only(engine) as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 0
        with pytest.raises(DBAPIError):
            conn.execute(text("DELETE FROM events"))
