"""Benchmarks: extraction throughput on ~2 KB articles (one core).

usage: python bench/run.py [--articles N] [--out bench/results.md] [--profile TOP]

Articles are cut to ~2 KB from the annotated dev and held-out sets under
tests/data, so the text is real-style news in both languages, each measured cold. The result
is appended to the results file with the machine it ran on. ``--profile TOP``
instead prints where the time goes (cProfile, the TOP functions by own time
and by cumulative time) and records nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from datetime import UTC, datetime
from pathlib import Path

from results import machine, record

from extractors import extract
from extractors.text import clear_memos
from extractors.types import ArticleInput
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "tests" / "data" / "dev", ROOT / "tests" / "data" / "heldout"]


def forget() -> None:
    """Drop the remembered text images, so each article is measured cold (the date
    memo holds 32 entries: too few to carry one article's answers to the next)."""
    clear_memos()


def sample_articles(size: int = 2048) -> list[ArticleInput]:
    """Every dev and held-out article, cut into ~size-byte pieces at paragraph breaks."""
    out = []
    for path in sorted(p for corpus in CORPORA for p in corpus.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        published = datetime.fromisoformat(doc["published"]) if doc.get("published") else None
        piece = ""
        for para in doc["text"].split("\n"):
            piece += para + "\n"
            if len(piece.encode("utf-8")) >= size:
                out.append(ArticleInput(piece, doc["title"], doc["lang"], published))
                piece = ""
        if piece.strip():
            out.append(ArticleInput(piece, doc["title"], doc["lang"], published))
    return out


def bench_extraction(n: int) -> dict[str, float]:
    registry = load_registry()
    articles = sample_articles()
    for article in articles:  # warm caches (automaton, regexes)
        extract(article, registry)
    total_bytes = 0
    start = time.process_time()
    for i in range(n):
        article = articles[i % len(articles)]
        forget()  # a news stream rarely repeats a text across articles
        extract(article, registry)
        total_bytes += len(article.text.encode("utf-8"))
    cpu = time.process_time() - start
    return {
        "articles": n,
        "cpu_s": cpu,
        "articles_per_s": n / cpu,
        "ms_per_article": 1000 * cpu / n,
        "avg_kb": total_bytes / n / 1024,
    }


def profile_extraction(n: int, top: int) -> None:
    """Print the ``top`` functions by own and by cumulative time over ``n`` articles."""
    registry = load_registry()
    articles = sample_articles()
    for article in articles:
        extract(article, registry)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(n):
        extract(articles[i % len(articles)], registry)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--profile", type=int, metavar="TOP", default=0)
    args = parser.parse_args()
    if args.profile:
        profile_extraction(args.articles, args.profile)
        return
    r = bench_extraction(args.articles)
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d} | extraction | {r['articles']} articles of "
        f"{r['avg_kb']:.1f} KB avg | {r['articles_per_s']:.0f} articles/s | "
        f"{r['ms_per_article']:.2f} ms/article | {machine()} |"
    )
    record(line, args.out)


if __name__ == "__main__":
    main()
