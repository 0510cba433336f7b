"""Benchmark: event deduplication on the labelled corpus (tests/data/dedup).

usage: python bench/dedup.py [--out bench/results.md]

Ingests the corpus into a fresh SQLite file in three orders and reports
pairwise merge precision and recall, whether the three event tables agree,
and the per-article cost of the whole article path (extract, match, store).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from results import machine, record

from db.engine import make_engine
from db.migrate import upgrade
from pipeline.dedup_eval import (
    canonical_events,
    events_by_url,
    ingest_docs,
    load_corpus,
    merge_score,
)
from pipeline.fx import FxTable
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "dedup" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    docs = load_corpus(CORPUS)
    shuffled = list(docs)
    random.Random(20261128).shuffle(shuffled)
    registry, fx = load_registry(), FxTable.load()
    tables, scores, seconds = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, order in enumerate([docs, list(reversed(docs)), shuffled]):
            engine = make_engine(f"sqlite:///{Path(tmp) / f'd{i}.db'}")
            upgrade(engine)
            began = time.perf_counter()
            ingest_docs(engine, order, registry, fx)
            seconds.append(time.perf_counter() - began)
            tables.append(canonical_events(engine))
            scores.append(merge_score(docs, events_by_url(engine)))
            engine.dispose()
    s = scores[0]
    same = tables[0] == tables[1] == tables[2]
    per_article = 1000 * sum(seconds) / (3 * len(docs))
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d} | event dedup | {len(docs)} articles, "
        f"{len({d['deal'] for d in docs})} deals, 3 orders | precision {s.precision:.3f}, "
        f"recall {s.recall:.3f}, orders agree: {same} | {per_article:.1f} ms/article "
        f"(extract+match+store, SQLite) | {machine()} |"
    )
    record(line, args.out)


if __name__ == "__main__":
    main()
