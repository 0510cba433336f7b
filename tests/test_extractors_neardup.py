"""Near-duplicate articles: shingles and MinHash (pure), band lookups on both databases."""

from __future__ import annotations

import importlib.util
import itertools
import json
import tomllib
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from db import neardup_store
from db.migrate import downgrade, upgrade
from db.models import Article
from db.neardup_store import band_columns, candidate_query, find_near_duplicate
from extractors import neardup
from extractors.neardup import Signature, jaccard, shingles, signature

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "dev"
SAMPLES = ROOT / "config" / "samples" / "build" / "articles.toml"

ZH_FOOTER = (
    "（本文转载自芯闻速递，原标题《某某》。文章仅代表作者观点，版权归原作者所有，"
    "如有侵权请联系删除。）"
)
EN_FOOTER = (
    "This article was originally published by ChipWire and is republished here with "
    "permission. All rights reserved."
)


@cache
def dev() -> dict[str, str]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))["text"]
        for path in sorted(DEV.glob("*.json"))
    }


@cache
def samples() -> list[tuple[str, str, str]]:
    """(feed, title, body) of every sample-feed article."""
    data = tomllib.loads(SAMPLES.read_text(encoding="utf-8"))
    return [(a["feed"], a["title"], a["body"]) for a in data["article"]]


def sample(feed: str, title_part: str) -> str:
    found = [body for f, title, body in samples() if f == feed and title_part in title]
    assert len(found) == 1, (feed, title_part, len(found))
    return found[0]


def seed_original() -> str:
    """The seed without the reposting site's header line and two-line footer."""
    return "\n".join(dev()["zh-dev-000-seed"].split("\n")[1:-2])


def edit_two_sentences(body: str, insert: str) -> str:
    """Replace 20 characters in the middle of the first and last paragraphs."""
    paras = [p for p in body.split("\n") if p.strip()]
    for k in {0, len(paras) - 1}:
        p = paras[k]
        mid = len(p) // 2
        paras[k] = p[:mid] + insert + p[mid + 20 :]
    return "\n".join(paras)


def drop_last_paragraph(body: str) -> str:
    return "\n".join([p for p in body.split("\n") if p.strip()][:-1])


TO_TRADITIONAL = OpenCC("s2t")

# (case, original, other, is a near-duplicate)
PAIRS = [
    (
        "seed repost: header line and footer added",
        seed_original,
        lambda: dev()["zh-dev-000-seed"],
        True,
    ),
    (
        "芯途微电子 syndicated: new title, 转载 footer",
        lambda: sample("xinchips", "芯途微电子"),
        lambda: sample("jinrongxin", "芯途微电子"),
        True,
    ),
    (
        "Lumora syndicated: new title",
        lambda: sample("chipwire", "Lumora"),
        lambda: sample("semibrief", "Lumora"),
        True,
    ),
    (
        "zh footer",
        lambda: dev()["zh-dev-003"],
        lambda: dev()["zh-dev-003"] + "\n" + ZH_FOOTER,
        True,
    ),
    (
        "en footer",
        lambda: dev()["en-dev-004"],
        lambda: dev()["en-dev-004"] + "\n" + EN_FOOTER,
        True,
    ),
    (
        "en header and footer",
        lambda: dev()["en-dev-009"],
        lambda: "Reposted from ChipWire. " + dev()["en-dev-009"] + "\n" + EN_FOOTER,
        True,
    ),
    (
        "zh two sentences edited",
        lambda: dev()["zh-dev-006"],
        lambda: edit_two_sentences(dev()["zh-dev-006"], "另据知情人士透露，公司计划扩大产能"),
        True,
    ),
    (
        "en two sentences edited",
        lambda: dev()["en-dev-011"],
        lambda: edit_two_sentences(dev()["en-dev-011"], " according to people familiar "),
        True,
    ),
    (
        "zh last paragraph dropped",
        lambda: dev()["zh-dev-008"],
        lambda: drop_last_paragraph(dev()["zh-dev-008"]),
        True,
    ),
    (
        "traditional copy of a simplified article",
        lambda: dev()["zh-dev-002"],
        lambda: TO_TRADITIONAL.convert(dev()["zh-dev-002"]),
        True,
    ),
    (
        "H200 sales: two outlets, simplified and traditional, own wording",
        lambda: sample("xinchips", "H200"),
        lambda: sample("twtech", "H200"),
        False,
    ),
    (
        "摩尔线程 listing: two outlets, own wording",
        lambda: sample("xinchips", "摩尔线程登陆科创板"),
        lambda: sample("jinrongxin", "摩尔线程市值"),
        False,
    ),
    (
        "two acquisitions in the same template sentence",
        lambda: sample("xinchips", "华虹公司拟收购"),
        lambda: sample("jinrongxin", "中芯北方"),
        False,
    ),
    ("unrelated zh dev articles", lambda: dev()["zh-dev-004"], lambda: dev()["zh-dev-010"], False),
    ("zh and en articles", lambda: dev()["zh-dev-001"], lambda: dev()["en-dev-001"], False),
    (
        "short identical briefs are left to the content hash",
        lambda: "寒武纪完成10亿元融资。",
        lambda: "寒武纪完成10亿元融资。",
        False,
    ),
    (
        "short briefs of two deals",
        lambda: "Lumora raises $260 million in a Series C round.",
        lambda: "Lumora raises $90 million in a Series B round.",
        False,
    ),
]


@pytest.mark.parametrize(("case", "left", "right", "expected"), PAIRS, ids=[p[0] for p in PAIRS])
def test_pairs(case: str, left, right, expected: bool) -> None:  # type: ignore[no-untyped-def]
    a, b = signature(left()), signature(right())
    assert a.near(b) is expected, (case, a.similarity(b))
    assert b.near(a) is expected
    if a.usable and b.usable:  # the estimate tracks the exact Jaccard (64 values: sd <= 0.06)
        exact = jaccard(shingles(left()), shingles(right()))
        assert abs(a.similarity(b) - exact) < 0.2, (case, exact, a.similarity(b))


def test_threshold_separates_the_measured_distributions() -> None:
    """The threshold sits in the gap between reposts and everything else, with margin."""
    syndicated = {("芯途微电子", "芯途微电子"), ("Lumora", "Lumora")}
    positives, negatives = [], []
    for (_, ta, a), (_, tb, b) in itertools.combinations(samples(), 2):
        score = jaccard(shingles(a), shingles(b))
        key = next((k for k in syndicated if k[0] in ta and k[1] in tb), None)
        (positives if key else negatives).append(score)
    for a, b in itertools.combinations(dev().values(), 2):
        negatives.append(jaccard(shingles(a), shingles(b)))
    for _case, left, right, expected in PAIRS:
        if expected:
            positives.append(jaccard(shingles(left()), shingles(right())))
    assert len(negatives) == 990 - 2 + 406
    assert max(negatives) < 0.05  # measured 0.046
    assert min(positives) > 0.7  # measured 0.73 (a paragraph dropped)
    assert max(negatives) + 0.3 < neardup.THRESHOLD < min(positives) - 0.2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("芯途MCU厂商", ["芯", "途", "mcu", "厂", "商"]),
        ("臺積電　ＡＳＩＬ-Ｄ，", ["台", "积", "电", "asil", "d"]),
        ("$260 million.", ["260", "million"]),
        ("", []),
        ("，。！", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert neardup.tokens(text) == expected


def test_shingles_are_token_runs() -> None:
    assert shingles("a b c d e") == {"a b c d", "b c d e"}
    assert shingles("芯片") == {"芯 片"}
    assert shingles("") == set()


def test_short_text_has_no_usable_signature() -> None:
    short = signature("寒武纪完成10亿元融资。")
    assert not short.usable
    assert short.bands() == ()
    assert short.to_bytes() is None
    assert short.similarity(short) == 0.0


def test_signature_shape_and_round_trip() -> None:
    sig = signature(dev()["en-dev-001"])
    assert sig.usable and len(sig.minhash) == neardup.K
    assert all(0 <= v < 2**32 for v in sig.minhash)
    bands = sig.bands()
    assert len(bands) == neardup.BANDS
    assert all(-(2**31) <= b < 2**31 for b in bands)
    assert len(set(bands)) > neardup.BANDS - 2  # bands are not one repeated value
    assert Signature.from_bytes(sig.to_bytes()) == Signature(sig.minhash)
    assert Signature.from_bytes(b"short") == Signature()


def test_short_text_densified_signature_still_matches_its_copy() -> None:
    """About 40 shingles leave half the buckets empty; borrowing must stay consistent."""
    body = "Lumora Photonics, a San Jose start-up that builds optical chiplets, raised money "
    body += "from Harborline Ventures and Keelstone Capital to hire engineers in Texas "
    body += "and Ohio this year."
    a = signature(body)
    assert a.usable and a.shingle_count < 40
    assert a.near(signature(body + " All rights reserved."))
    assert not a.near(signature(dev()["en-dev-002"]))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_signature_never_raises_and_is_deterministic(text_: str) -> None:
    a = signature(text_)
    assert a == signature(text_)
    assert a.bands() == signature(text_).bands()
    if a.usable:
        assert a.similarity(a) == 1.0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(["芯片", "融资", "Nvidia", "wafer", "亿元", "2025", "。"]), max_size=200
    )
)
def test_signature_of_chip_vocabulary(words: list[str]) -> None:
    text_ = " ".join(words)
    assert signature(text_) == signature(text_)


def test_band_count_agrees_with_the_store_and_the_migration() -> None:
    path = ROOT / "db" / "migrations" / "versions" / "0003_neardup_bands.py"
    spec = importlib.util.spec_from_file_location("migration_0003", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.BANDS == neardup_store.BANDS == neardup.BANDS


# ---------------------------------------------------------------- database

NOW = datetime(2026, 1, 9, 12, 0, tzinfo=UTC)


def insert_article(session: Session, url: str, body: str, duplicate_of: int | None = None) -> int:
    row = Article(
        url=url,
        title=url,
        published=NOW,
        published_missing=False,
        fetched_at=NOW,
        text=body,
        content_hash=url,
        duplicate_of=duplicate_of,
    )
    session.add(row)
    session.flush()
    values = band_columns(signature(body))
    sets = ", ".join(f"{name} = :{name}" for name in values)
    session.execute(text(f"UPDATE articles SET {sets} WHERE id = :id"), {**values, "id": row.id})
    return row.id


def test_find_near_duplicate_on_both_backends(engine: Engine) -> None:
    with Session(engine) as session:
        xintu = insert_article(session, "x/xintu", sample("xinchips", "芯途微电子"))
        lumora = insert_article(session, "x/lumora", sample("chipwire", "Lumora"))
        insert_article(session, "x/h200", sample("xinchips", "H200"))
        insert_article(session, "x/short", "寒武纪完成10亿元融资。")
        for stem, body in dev().items():
            insert_article(session, f"dev/{stem}", body)
        repost = sample("jinrongxin", "芯途微电子")
        assert find_near_duplicate(session, signature(repost)) == xintu
        assert find_near_duplicate(session, signature(sample("semibrief", "Lumora"))) == lumora
        assert find_near_duplicate(session, signature(sample("twtech", "H200"))) is None
        assert find_near_duplicate(session, signature("寒武纪完成10亿元融资。")) is None
        traditional = TO_TRADITIONAL.convert(dev()["zh-dev-002"])
        found = find_near_duplicate(session, signature(traditional))
        assert session.get(Article, found).url == "dev/zh-dev-002"  # type: ignore[union-attr]

        # A copy of a copy points at the first article, not along the chain.
        copy = insert_article(session, "x/xintu-copy", repost, duplicate_of=xintu)
        assert find_near_duplicate(session, signature(repost + "\n" + ZH_FOOTER)) == xintu
        assert copy != xintu


def test_band_values_survive_the_round_trip(engine: Engine) -> None:
    """Signed 32-bit bands and the 256-byte blob come back equal on both backends."""
    body = dev()["en-dev-003"]
    with Session(engine) as session:
        id_ = insert_article(session, "x/en3", body)
        stored = session.execute(
            text("SELECT minhash, minhash_b0, minhash_b15 FROM articles WHERE id = :id"),
            {"id": id_},
        ).one()
    sig = signature(body)
    assert Signature.from_bytes(stored[0]) == Signature(sig.minhash)
    assert (stored[1], stored[2]) == (sig.bands()[0], sig.bands()[15])


def test_lookup_uses_the_band_indexes(engine: Engine) -> None:
    query = candidate_query(signature(dev()["zh-dev-001"]))
    assert query is not None
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            sql = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "MULTI-INDEX OR" in plan and "SCAN articles" not in plan, plan
            assert plan.count("ix_articles_minhash_b") == neardup.BANDS
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table is cheaper to scan
            sql = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "BitmapOr" in plan and "Seq Scan" not in plan, plan


def test_migration_downgrades_and_upgrades(engine: Engine) -> None:
    def columns() -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns("articles")}

    assert {"minhash", "minhash_b0", "minhash_b15"} <= columns()
    downgrade(engine, "0002")
    assert not any(name.startswith("minhash") for name in columns())
    upgrade(engine)
    assert "minhash_b7" in columns()
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("articles")}
    assert {f"ix_articles_minhash_b{band}" for band in range(neardup.BANDS)} <= indexes
