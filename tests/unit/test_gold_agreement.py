"""scripts/gold_agreement.py scores a second annotator against the first with the benchmark's own matching."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

from scripts.gold_agreement import AGREEMENT_DIR, score_pair

REPO = Path(__file__).resolve().parents[2]
FIRST = json.loads((REPO / "tests" / "gold" / "dev" / "m-19-reporterly-kunduz-two-attacks-2020.json")
                   .read_text(encoding="utf-8"))


def test_an_annotation_agrees_fully_with_itself() -> None:
    score = score_pair(FIRST, copy.deepcopy(FIRST), verbose=False)
    assert (score.gold, score.extracted, score.matched) == (2, 2, 2)
    assert set(score.rates().values()) == {1.0}


def test_a_dropped_event_a_moved_place_and_another_toll_are_counted_as_disagreements() -> None:
    second = copy.deepcopy(FIRST)
    kept = second["events"][0]
    second["events"] = [kept]
    kept["place"] = {**kept["place"], "lat": kept["place"]["lat"] + 1.0}  # about 110 km north
    kept["fatalities_best"] = (kept["fatalities_best"] or 0) + 1
    score = score_pair(FIRST, second, verbose=False)
    rates = score.rates()
    assert (score.matched, rates["recall"], rates["precision"]) == (1, 0.5, 1.0)
    assert (rates["place"], rates["fatalities"], rates["date"]) == (0.0, 0.0, 1.0)
    assert any(p.startswith("missed: ") for p in score.problems)


def test_the_script_prints_both_figures_for_the_articles_annotated_twice() -> None:
    seconds = sorted(AGREEMENT_DIR.glob("*.json"))
    assert len(seconds) >= 10
    assert all((AGREEMENT_DIR.parent / p.name).is_file() for p in seconds), "a second annotation without a first"
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "gold_agreement.py")], capture_output=True,
                         text=True, check=True, timeout=300).stdout
    assert "half (12 articles), second annotator vs first: precision" in out
    assert "half (12 articles), extractor vs first: precision" in out
