"""Quality gates: extraction scores may not fall below pinned floors.

Annotated sets: the project's dev articles (tests/data/dev, a copy of
../shared/corpus/dev); a team-written held-out set in the style of unseen news
(tests/data/heldout: general Chinese financial news with unknown companies and
no publication time, Chinese and English chip news); and six sets written
blind by authors who read nothing of the project (heldout2: mixed; heldout3:
chip news; heldout4: Chinese general finance; heldout5-7: chip and general
business news), each scored once blind (see their README) and tuned on since;
and heldout8 (ordinary chip and finance news), scored blind and never tuned on:
only look at its aggregate scores.
The floors are pinned just under the scores measured when they were last
raised (2026-11-28: dev F1 0.979; heldout 0.949; heldout2 0.966; heldout3
0.869; heldout4 0.882; heldout5 0.746; heldout6 0.812; heldout7 0.748; heldout8
0.774). A change that lowers any of them fails CI; raise them when the engine
improves.
`chipnews eval tests/data/heldout5 --verbose` shows misses and extras.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_dir

DATA = Path(__file__).resolve().parent / "data"
FLOORS = {
    "dev": {"f1": 0.95, "amount_acc": 0.97, "roles_acc": 0.93, "status_acc": 0.95,
            "date_acc": 0.7},
    "heldout": {"f1": 0.93, "amount_acc": 0.93, "roles_acc": 0.87, "status_acc": 0.91},
    "heldout2": {"f1": 0.95, "amount_acc": 0.90, "roles_acc": 0.94, "status_acc": 0.91},
    "heldout3": {"f1": 0.85, "amount_acc": 0.89, "roles_acc": 0.81, "status_acc": 0.91},
    "heldout4": {"f1": 0.86, "amount_acc": 0.85, "roles_acc": 0.76, "status_acc": 0.79},
    "heldout5": {"f1": 0.73, "amount_acc": 0.86, "roles_acc": 0.83, "status_acc": 0.87},
    "heldout6": {"f1": 0.80, "amount_acc": 0.88, "roles_acc": 0.84, "status_acc": 0.92},
    "heldout7": {"f1": 0.73, "amount_acc": 0.73, "roles_acc": 0.86, "status_acc": 0.86},
    "heldout8": {"f1": 0.76, "amount_acc": 0.93, "roles_acc": 0.76, "status_acc": 0.86},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_floors(name: str) -> None:
    folder = DATA / name
    summary = evaluate_dir(folder).summary()
    assert summary["articles"] == len(list(folder.glob("*.json")))
    floors = FLOORS[name]
    low = {k: (summary[k], floor) for k, floor in floors.items() if (summary[k] or 0) < floor}
    assert not low, f"{name}: scores below their floors (score, floor): {low}"
