"""Company listing with event counts, and merging a discovered company (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select

from db import event_store, store
from db.companies_store import MergeError, list_companies, merge_company
from db.engine import session_factory
from db.models import Company, CompanyAlias
from extractors.types import (
    Company as RegistryCompany,
)
from extractors.types import (
    CompanyMention,
    EventDraft,
    EventType,
    Evidence,
    Status,
)

NOW = datetime(2025, 3, 11, tzinfo=UTC)
YAOXIN_ZH = RegistryCompany(key="new:yaoxin", name="曜芯科技", discovered=True)
YAOXIN_EN = RegistryCompany(key="new:yaoxin-technology", name="Yaoxin Tech", discovered=True)
HONGSHAN = RegistryCompany(key="hongshan", name="HongShan", names_zh=("红杉中国",))


def funding(company: RegistryCompany, round_: str) -> EventDraft:
    return EventDraft(
        type=EventType.FUNDING,
        companies={
            "investee": [CompanyMention(company, company.name, 0, 4)],
            "investors": [CompanyMention(HONGSHAN, "红杉中国", 10, 14)],
        },
        amount=None,
        status=Status.ANNOUNCED,
        date=None,
        evidence=Evidence("…", 0, 20),
        details={"round": round_},
    )


def test_list_and_merge(engine: Engine) -> None:
    make = session_factory(engine)
    with make.begin() as s:
        store.sync_companies(s, [HONGSHAN])
        ids = store.ensure_companies(s, [YAOXIN_ZH, YAOXIN_EN, HONGSHAN])
        article = store.add_article(
            s, store.NewArticle(None, "https://a.test/1", None, "t", NOW, False, NOW, "zh", "x")
        )
        assert article is not None
        for company, round_ in ((YAOXIN_ZH, "Series B"), (YAOXIN_EN, "Series C")):
            event_store.store_event(
                s, article.id, funding(company, round_), ids, reported_on=NOW.date()
            )
    listed = {r["key"]: r["events"] for r in list_companies(engine)}
    assert listed == {"hongshan": 2, "new:yaoxin": 1, "new:yaoxin-technology": 1}
    assert [r["key"] for r in list_companies(engine, search="曜芯")] == ["new:yaoxin"]
    with make.begin() as s:
        assert merge_company(s, "new:yaoxin-technology", "new:yaoxin") == 1
    listed = {r["key"]: r["events"] for r in list_companies(engine, discovered=True)}
    assert listed == {"new:yaoxin": 2}
    with make() as s:
        target = s.scalar(select(Company.id).where(Company.key == "new:yaoxin"))
        names = set(s.scalars(select(CompanyAlias.alias).where(CompanyAlias.company_id == target)))
        assert {"曜芯科技", "Yaoxin Tech"} <= names
        with pytest.raises(MergeError, match="registry"):
            merge_company(s, "hongshan", "new:yaoxin")
        with pytest.raises(MergeError, match="no company"):
            merge_company(s, "new:nobody", "new:yaoxin")
