"""Quality gates: extraction scores may not fall below pinned floors.

Two annotated sets: the project's dev articles (tests/data/dev, a copy of
../shared/corpus/dev) and a team-written held-out set in the style of unseen
news (tests/data/heldout: general Chinese financial news with unknown companies
and no publication time, Chinese and English chip news). The floors are pinned
just under the scores measured when they were last raised (2026-11-28: dev F1
0.979, amount 1.0, roles 0.968, status 1.0, date 0.806; held-out F1 0.899,
amount 0.944, roles 0.899, status 0.921). A change that lowers any of them fails
CI; raise them when the engine improves.
`chipnews eval tests/data/heldout --verbose` shows misses and extras.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_dir

DATA = Path(__file__).resolve().parent / "data"
FLOORS = {
    "dev": {"f1": 0.95, "amount_acc": 0.97, "roles_acc": 0.93, "status_acc": 0.95,
            "date_acc": 0.7},
    "heldout": {"f1": 0.88, "amount_acc": 0.93, "roles_acc": 0.88, "status_acc": 0.91},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_floors(name: str) -> None:
    folder = DATA / name
    summary = evaluate_dir(folder).summary()
    assert summary["articles"] == len(list(folder.glob("*.json")))
    floors = FLOORS[name]
    low = {k: (summary[k], floor) for k, floor in floors.items() if (summary[k] or 0) < floor}
    assert not low, f"{name}: scores below their floors (score, floor): {low}"
