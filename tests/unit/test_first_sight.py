"""scripts/first_sight.py: which commit first saw each batch, how errors are classed, how ranking is scored."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from scripts.first_sight import auc, classify, first_commits

REPO = Path(__file__).resolve().parents[2]


def _cand(kind: str, start: int, end: int, day: str = "2020-05-01") -> SimpleNamespace:
    event = {"kind": kind, "sub_event_type": "Armed clash", "date_start": day, "date_end": day}
    return SimpleNamespace(event=event, evidence=[{"field": "event", "start": start, "end": end}], confidence=0.5)


def _gold(gid: str, start: int, end: int) -> dict[str, object]:
    return {"id": gid, "kind": "incident", "sub_event_type": "Armed clash", "date_start": "2020-05-01",
            "date_end": "2020-05-01", "evidence": [{"start": start, "end": end}]}


def test_each_batch_is_replayed_with_the_first_commit_it_was_measured_with() -> None:
    split = {"history": [
        {"round": "9a", "measured": "once with commit d5abb9c before its errors were read, once with commit a88a9fd",
         "articles": ["r9a-01.json"]},
        {"round": "x", "measured": "no commit recorded", "articles": ["x.json"]},
    ]}
    assert first_commits(split) == [("9a", "d5abb9c", ["r9a-01.json"])]
    real = json.loads((REPO / "tests" / "gold" / "dev" / "split.json").read_text(encoding="utf-8"))
    rounds = first_commits(real)
    assert rounds and not any(set(articles) & set(real["check"]) for _, _, articles in rounds)


def test_auc_is_the_chance_a_right_candidate_ranks_above_a_wrong_one() -> None:
    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.1], [0.9]) == 0.0
    assert auc([0.5, 0.9], [0.5]) == 0.75  # a tie counts half


def test_errors_are_classed_by_what_stood_on_the_gold_sentence() -> None:
    gold = [_gold("g1", 0, 50), _gold("g2", 100, 150), _gold("g3", 200, 250)]
    cands = [_cand("incident", 0, 60),  # matches g1
             _cand("posture", 100, 150),  # on g2's sentence, another kind
             _cand("incident", 40, 55),  # a second candidate of g1's sentence
             _cand("incident", 400, 450)]  # nothing in the gold there
    errors: Counter[str] = Counter()
    classify(gold, cands, errors)
    assert errors == Counter({"missed: a candidate of another kind": 1, "missed: no candidate on its sentence": 1,
                              "wrong: a second candidate of a matched event": 1,
                              "wrong: nothing in the gold on its sentence": 1,
                              "wrong: the right sentence, another kind or dates": 1})
