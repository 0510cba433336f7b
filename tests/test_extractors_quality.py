"""Quality gate: extraction scores on the annotated dev articles may not fall below the floors.

The floors are pinned just under what the engine scored (f1 0.979, amount 1.0, roles 0.968,
status 1.0, date 0.778 on 2026-11-28) when they were
last raised; a change that lowers any of them fails CI. Raise them when the
engine improves. `chipnews eval tests/data/dev --verbose` shows misses and extras.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import evaluate_dir

DEV = Path(__file__).resolve().parent / "data" / "dev"
FLOORS = {"f1": 0.95, "amount_acc": 0.97, "roles_acc": 0.93, "status_acc": 0.95, "date_acc": 0.7}


def test_dev_scores_stay_above_floors() -> None:
    summary = evaluate_dir(DEV).summary()
    assert summary["articles"] == len(list(DEV.glob("*.json")))
    low = {k: (summary[k], floor) for k, floor in FLOORS.items() if (summary[k] or 0) < floor}
    assert not low, f"scores below their floors (score, floor): {low}"
