"""`chipnews eval`: score extraction against articles annotated as in corpus/FORMAT.md.

Matching follows the project's scorer: a predicted event finds a gold event of
the same type whose principal company it names; optional gold events need not
be found and are no error when predicted. Pairs are chosen greedily, the most
agreeing first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors import extract
from extractors.types import ArticleInput, EventType
from pipeline.extract_files import parse_time
from pipeline.registry import load_registry

PRINCIPAL_ORDER: dict[str, tuple[str, ...]] = {
    EventType.FUNDING: ("investee",),
    EventType.ACQUISITION: ("target", "acquirer"),
    EventType.LISTING: ("issuer",),
    EventType.ORDER: ("supplier", "buyer"),
    EventType.INVESTMENT: ("investor",),
    EventType.REGULATION: ("affected",),
}
LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团", "公司", "股份",
    "incorporated", "corporation", "company", "limited", "holdings", "inc", "corp",
    "co", "ltd", "llc", "plc", "ag", "nv", "sa", "group",
)  # fmt: skip
_PUNCT = re.compile(r"[\s\.,'’\"()（）\-·&]+")


def name_key(name: str) -> str:
    """Case, spacing, punctuation and legal suffixes do not distinguish names."""
    key = _PUNCT.sub("", unicodedata.normalize("NFKC", name).lower())
    stripped = True
    while stripped:
        stripped = False
        for suffix in LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key, stripped = key[: -len(suffix)], True
    return key


def _predicted_names(company: Any) -> set[str]:
    if isinstance(company, str):
        return {name_key(company)} - {""}
    names = {company.get("name") or "", company.get("mention") or ""}
    return {name_key(n) for n in names} - {""}


def _named(gold: list[list[str]], predicted: list[Any]) -> int:
    """How many gold companies of a role the prediction names."""
    found = [set().union(*(_predicted_names(p) for p in predicted))] if predicted else [set()]
    return sum(1 for names in gold if {name_key(n) for n in names} & found[0])


def _principal_agrees(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    gc, pc = gold.get("companies") or {}, pred.get("companies") or {}
    for role in PRINCIPAL_ORDER.get(gold["type"], ()):
        if gc.get(role):
            return _named(gc[role], pc.get(role) or []) > 0
    return True


def amounts_agree(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    try:
        g, p = float(gold["value"]), float(pred["value"])
    except (KeyError, TypeError, ValueError):
        return False
    return (
        (gold.get("currency") or "").upper() == (pred.get("currency") or "").upper()
        and abs(g - p) <= 0.005 * max(abs(g), 1)
        and (gold.get("qualifier") or "exact") == (pred.get("qualifier") or "exact")
    )


def _roles_agree(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    gc, pc = gold.get("companies") or {}, pred.get("companies") or {}
    return all(_named(names, pc.get(role) or []) == len(names) for role, names in gc.items())


@dataclass
class Evaluation:
    counts: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    extras: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        c = self.counts
        p, r, f = prf(c["tp"], len(self.extras), len(self.misses))
        return {
            "articles": c["articles"], "gold_events": c["gold"], "tp": c["tp"],
            "fp": len(self.extras), "fn": len(self.misses),
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "amount_acc": _ratio(c["amount_ok"], c["amount_n"]),
            "roles_acc": _ratio(c["roles_ok"], c["tp"]),
            "status_acc": _ratio(c["status_ok"], c["status_n"]),
            "date_acc": _ratio(c["date_ok"], c["date_n"]),
            "by_type": {
                t: dict(zip(("p", "r", "f1"), (round(x, 3) for x in
                                               prf(v["tp"], v["fp"], v["gold"] - v["tp"])),
                            strict=True))
                for t, v in sorted(self.by_type.items())
            },
        }  # fmt: skip


def _ratio(ok: int, n: int) -> float | None:
    return round(ok / n, 3) if n else None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_article(
    ev: Evaluation, article_id: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> None:
    """Pair one article's predictions with its gold events and count."""
    ev.counts["articles"] += 1
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p.get("type") == g["type"] and _principal_agrees(g, p):
                rank = (
                    not g.get("optional"),
                    amounts_agree(g.get("amount"), p.get("amount")),
                    _roles_agree(g, p),
                    str(p.get("date") or "")[:10] == (g.get("date") or "-"),
                )
                pairs.append((rank, gi, pi))
    pairs.sort(key=lambda t: t[0], reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold[gi], pred[pi]
        if g.get("optional"):
            continue
        c = ev.counts
        c["tp"] += 1
        ev.by_type[g["type"]]["tp"] += 1
        c["roles_ok"] += _roles_agree(g, p)
        if g.get("amount") is not None:
            c["amount_n"] += 1
            c["amount_ok"] += amounts_agree(g.get("amount"), p.get("amount"))
        if g.get("status"):
            c["status_n"] += 1
            c["status_ok"] += p.get("status") == g["status"]
        if g.get("date"):
            c["date_n"] += 1
            c["date_ok"] += str(p.get("date") or "")[:10] == g["date"]
    for gi, g in enumerate(gold):
        if not g.get("optional"):
            ev.counts["gold"] += 1
            ev.by_type[g["type"]]["gold"] += 1
            if gi not in used_g:
                ev.misses.append((article_id, g))
    for pi, p in enumerate(pred):
        if pi not in used_p:
            ev.extras.append((article_id, p))
            ev.by_type[str(p.get("type"))]["fp"] += 1


def evaluate_dir(gold_dir: Path) -> Evaluation:
    """Extract every annotated article under ``gold_dir`` and score the result."""
    registry = load_registry()
    ev = Evaluation()
    for path in sorted(gold_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        article = ArticleInput(
            text=doc.get("text") or "",
            title=doc.get("title") or "",
            language=doc.get("lang"),
            published=parse_time(doc.get("published")),
        )
        pred = [e.to_json() for e in extract(article, registry)]
        score_article(ev, str(doc.get("id") or path.stem), doc.get("events") or [], pred)
    return ev


def render(ev: Evaluation, verbose: bool = False) -> str:
    s = ev.summary()
    lines = [f"{k}: {v}" for k, v in s.items() if k != "by_type"]
    lines += [
        f"  {t:<12} p={v['p']:.3f} r={v['r']:.3f} f1={v['f1']:.3f}" for t, v in s["by_type"].items()
    ]
    if verbose:
        for aid, g in ev.misses:
            lines.append(
                f"MISS  {aid} {g['type']} {json.dumps(g.get('companies'), ensure_ascii=False)}"
                f" {g.get('amount')}"
            )
        for aid, p in ev.extras:
            lines.append(
                f"EXTRA {aid} {p.get('type')} "
                f"{json.dumps(p.get('companies'), ensure_ascii=False)} {p.get('amount')}"
            )
    return "\n".join(lines)
