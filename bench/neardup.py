"""Benchmark: near-duplicate detection over a synthetic history of 100,000 articles.

usage: python bench/neardup.py [--articles N] [--db PATH] [--out bench/results.md]

Articles (~1.5 KB of UTF-8, half Chinese, half English) are recombined at random
from the sentences of the annotated dev corpus and the sample feeds, with every
number in a sentence redrawn, so the history holds N distinct texts. 5% of them
are planted copies of an earlier article: a repost footer, a header and footer,
one to three sentences replaced, a sentence dropped, or a new title line and a
footer. Each article goes through ``extractors.neardup.signature``,
``db.neardup_store.find_near_duplicate`` and an insert with ``band_columns`` into
a SQLite file, in one process, in order; the row appended to the results file
gives wall time per article, peak RSS, and precision/recall of the planted copies.
Everything is drawn from ``random.Random`` seeded per article, so runs are equal.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import column, insert, table
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import machine, record  # noqa: E402

from db.engine import make_engine  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Article  # noqa: E402
from db.neardup_store import band_columns, find_near_duplicate  # noqa: E402
from extractors.neardup import jaccard, shingles, signature  # noqa: E402
from extractors.text import guess_language, split_sentences  # noqa: E402

TARGET_BYTES = 1500
PLANTED_SHARE = 0.05
MISSES_KEPT = 20
FOOTERS = {
    "zh": [
        "（本文转载自{outlet}，原标题《{title}》。文章仅代表作者观点，版权归原作者所有，如有侵权请联系删除。）",
        "本文由{outlet}于{date}发表，如有疑问，请联系我们。本文链接:https://{outlet}.example/{n}.html",
        "免责声明：本文内容来源于{outlet}，仅供参考，不构成投资建议。",
    ],
    "en": [
        "This article was originally published by {outlet} under the title {title}. Reprinted "
        "with permission.",
        "Copyright {date} {outlet}. All rights reserved. Republished from {outlet}.",
        "Disclaimer: this story first appeared on {outlet} and is provided for information only.",
    ],
}
HEADERS = {"zh": "据{outlet}{date}报道，", "en": "{outlet} reports, {date}: "}
OUTLETS = ["ChipWire", "芯闻速递", "Semi Brief", "金融芯观察", "Foundry Daily", "集微速览"]
ROW_COLUMNS = (
    "url",
    "title",
    "published",
    "published_missing",
    "fetched_at",
    "text",
    "content_hash",
    "duplicate_of",
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sentence_pools() -> dict[str, list[str]]:
    """Sentences of the dev corpus and the sample feeds, by language."""
    texts = [
        json.loads(p.read_text(encoding="utf-8"))["text"]
        for p in sorted((ROOT / "tests" / "data" / "dev").glob("*.json"))
    ]
    samples = tomllib.loads((ROOT / "config/samples/build/articles.toml").read_text("utf-8"))
    texts += [a["body"] for a in samples["article"]]
    pools: dict[str, list[str]] = {"zh": [], "en": []}
    for body in texts:
        for start, end in split_sentences(body):
            sentence = body[start:end]
            if len(sentence) >= 20:
                pools[guess_language(sentence)].append(sentence)
    return {lang: sorted(set(s)) for lang, s in pools.items()}


def redraw_numbers(sentence: str, rng: random.Random) -> str:
    return NUMBER.sub(lambda m: str(rng.randint(1, 10 ** max(1, len(m.group())))), sentence)


def original(i: int, pools: dict[str, list[str]]) -> tuple[str, str]:
    """(language, text) of synthetic article ``i``, the same on every call."""
    rng = random.Random(f"article-{i}")
    lang = "zh" if rng.random() < 0.5 else "en"
    sep = "" if lang == "zh" else " "
    parts: list[str] = []
    size = 0
    while size < TARGET_BYTES:
        sentence = redraw_numbers(rng.choice(pools[lang]), rng)
        parts.append(sentence)
        size += len(sentence.encode("utf-8")) + len(sep)
        if rng.random() < 0.25:
            parts.append("\n")
    return lang, sep.join(parts)


def repost(i: int, lang: str, body: str, pools: dict[str, list[str]]) -> tuple[str, str]:
    """(kind, text) of planted copy ``i`` of ``body``."""
    rng = random.Random(f"copy-{i}")
    fill = {
        "outlet": rng.choice(OUTLETS),
        "title": body[:20],
        "date": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "n": rng.randint(10**6, 10**7),
    }
    footer = rng.choice(FOOTERS[lang]).format(**fill)
    kind = rng.choice(["footer", "header+footer", "edited", "dropped", "title+footer"])
    sentences = [body[s:e] for s, e in split_sentences(body)]
    sep = "" if lang == "zh" else " "
    if kind == "footer":
        return kind, body + "\n" + footer
    if kind == "header+footer":
        return kind, HEADERS[lang].format(**fill) + body + "\n" + footer
    if kind == "edited":
        # An editor's touch: the middle third of one to three sentences rewritten.
        for k in rng.sample(range(len(sentences)), min(len(sentences), rng.randint(1, 3))):
            old, new = sentences[k], rng.choice(pools[lang])
            third = len(old) // 3
            sentences[k] = old[:third] + new[third : 2 * third] + old[2 * third :]
        return kind, sep.join(sentences)
    if kind == "dropped":
        del sentences[rng.randrange(len(sentences))]
        return kind, sep.join(sentences)
    return kind, f"{fill['outlet']}：{body[:30]}…\n{body}\n{footer}"


@dataclass
class Tally:
    true_pos: int = 0
    false_pos: int = 0
    planted: int = 0
    found_by_kind: dict[str, list[int]] | None = None

    @property
    def precision(self) -> float:
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.planted if self.planted else 1.0


def run(n: int, db_path: Path) -> dict[str, Any]:
    pools = sentence_pools()
    db_path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    rng = random.Random("plan")
    tally = Tally(found_by_kind={})
    ids: dict[int, int] = {}  # synthetic index -> row id
    copies: dict[int, tuple[str, str]] = {}  # planted copies' (language, text), to copy again
    misses: list[tuple[str, str, str]] = []  # (kind, copy, original) of copies not found
    root: dict[int, int] = {}  # synthetic index -> index of the first article of its story
    now = datetime(2026, 1, 1, tzinfo=UTC)
    total_bytes = 0
    t_sig = t_find = t_insert = 0.0
    # Named columns rather than db.models.Article, which may not map the band columns yet.
    mapped = Article.__table__.c
    names = [*ROW_COLUMNS, *band_columns(signature(""))]
    articles = table(
        "articles", *(column(k, mapped[k].type) if k in mapped else column(k) for k in names)
    )
    insert_row = insert(articles)
    start = time.perf_counter()
    with Session(engine) as session:
        for i in range(n):
            source = rng.randrange(i) if i > 100 and rng.random() < PLANTED_SHARE else None
            if source is None:
                kind, (_, body) = "original", original(i, pools)
                root[i] = i
            else:
                lang, first = copies.get(source) or original(source, pools)
                kind, body = repost(i, lang, first, pools)
                copies[i] = (lang, body)
                root[i] = root[source]
            total_bytes += len(body.encode("utf-8"))
            t0 = time.perf_counter()
            sig = signature(body)
            t1 = time.perf_counter()
            found = find_near_duplicate(session, sig)
            t2 = time.perf_counter()
            row = {
                "url": f"https://bench.example/{i}",
                "title": body[:30],
                "published": now,
                "published_missing": False,
                "fetched_at": now,
                "text": body,
                "content_hash": f"{i:064d}",
                "duplicate_of": found,
                **band_columns(sig),
            }
            ids[i] = session.execute(insert_row, row).lastrowid  # type: ignore[attr-defined]
            if i % 1000 == 999:
                session.commit()
            t3 = time.perf_counter()
            t_sig, t_find, t_insert = t_sig + t1 - t0, t_find + t2 - t1, t_insert + t3 - t2
            if source is not None:
                tally.planted += 1
                hit = found is not None and found == ids[root[source]]
                tally.found_by_kind.setdefault(kind, [0, 0])  # type: ignore[union-attr]
                tally.found_by_kind[kind][0] += hit  # type: ignore[index]
                tally.found_by_kind[kind][1] += 1  # type: ignore[index]
                tally.true_pos += hit
                tally.false_pos += found is not None and not hit
                if not hit and len(misses) < MISSES_KEPT:
                    misses.append((kind, body, first))
            elif found is not None:
                tally.false_pos += 1
        session.commit()
    wall = time.perf_counter() - start
    engine.dispose()
    by_kind = ", ".join(f"{k} {h}/{t}" for k, (h, t) in sorted(tally.found_by_kind.items()))  # type: ignore[union-attr]
    return {
        "articles": n,
        "planted": tally.planted,
        "avg_kb": total_bytes / n / 1024,
        "wall_s": wall,
        "ms_sig": 1000 * t_sig / n,
        "ms_find": 1000 * t_find / n,
        "ms_insert": 1000 * t_insert / n,
        "precision": tally.precision,
        "recall": tally.recall,
        "by_kind": by_kind,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": db_path.stat().st_size / 2**20,
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/chipnews-neardup-bench.db"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    r = run(args.articles, args.db)
    for kind, copy, first in r["misses"]:  # type: ignore[union-attr]
        exact = jaccard(shingles(copy), shingles(first))
        estimate = signature(copy).similarity(signature(first))
        print(f"missed {kind}: shingle Jaccard {exact:.3f}, estimate {estimate:.3f}")
    print(
        f"signature {r['ms_sig']:.3f} ms, lookup {r['ms_find']:.3f} ms, insert "
        f"{r['ms_insert']:.3f} ms per article; planted copies found by kind: {r['by_kind']}; "
        f"SQLite file {r['db_mb']:.0f} MB"
    )
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d} | near-duplicates (MinHash 64, 16 LSH bands, SQLite) | "
        f"{r['articles']} articles of {r['avg_kb']:.2f} KB avg, {r['planted']} planted copies | "
        f"{r['articles'] / r['wall_s']:.0f} articles/s ({r['wall_s']:.0f} s wall); precision "
        f"{r['precision']:.4f}, recall {r['recall']:.4f}; peak RSS {r['peak_mb']:.0f} MB | "
        f"{1000 * r['wall_s'] / r['articles']:.2f} ms/article (signature {r['ms_sig']:.2f}, "
        f"lookup {r['ms_find']:.2f}, insert {r['ms_insert']:.2f}) | {machine()} |"
    )
    record(line, args.out)


if __name__ == "__main__":
    main()
