"""The development corpus of real articles is well formed and honestly split.

Checks every ``tests/gold/dev/*.json`` annotation (and every second annotation in ``agreement/``) against its
article text
(evidence offsets and their sha1, dates, figures) and that
``tests/gold/dev/split.json`` puts every article in exactly one half, with
several publishers and years in each half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

DEV = REPO / "tests" / "gold" / "dev"
SPLIT = DEV / "split.json"
GOLD = sorted(p for p in DEV.glob("*.json") if p.name != SPLIT.name)
#: Second, blind annotations of some articles (scripts/gold_agreement.py): checked like the first ones.
SECOND = sorted((DEV / "agreement").glob("*.json"))
KINDS = {"incident", "posture", "concentration", "context"}


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_the_corpus_has_at_least_40_articles_from_10_publishers_with_a_readme() -> None:
    docs = [load(p) for p in GOLD]
    assert len(docs) >= 40
    assert len({d["publisher"].strip().lower() for d in docs}) >= 10
    assert len({d["url"] for d in docs}) == len(docs), "an article is in the corpus twice"
    readme = (DEV / "README.md").read_text(encoding="utf-8")
    assert "third-party" in readme and "evaluation" in readme


@pytest.mark.parametrize("path", GOLD + SECOND, ids=[p.stem for p in GOLD] + [f"second-{p.stem}" for p in SECOND])
def test_each_annotation_matches_its_article(path: Path) -> None:
    doc = load(path)
    text = (DEV / doc["file"]).read_text(encoding="utf-8")
    assert doc["url"].startswith("http") and doc["publisher"].strip()
    published = dt.date.fromisoformat(doc["published"])
    assert dt.date(2000, 1, 1) <= published <= dt.date(2026, 12, 31)
    # an article that reports no event (drills still to come) says what is no event in it instead
    assert doc["events"] or doc["not_events"], "every corpus article reports an event or names what is none"
    ids = [e["id"] for e in doc["events"]]
    assert len(set(ids)) == len(ids)
    for event in doc["events"]:
        assert event["kind"] in KINDS
        start, end = dt.date.fromisoformat(event["date_start"]), dt.date.fromisoformat(event["date_end"])
        assert start <= end <= published + dt.timedelta(days=1), event["id"]
        assert event["time_precision"] in (1, 2, 3)
        place = event["place"]
        assert 25 <= place["lat"] <= 45 and 55 <= place["lon"] <= 80, (event["id"], place)
        low, best, high = event["fatalities_low"], event["fatalities_best"], event["fatalities_high"]
        assert best is None or ((low is None or low <= best) and (high is None or best <= high)), event["id"]
        assert event["evidence"], event["id"]
        for span in event["evidence"]:
            assert 0 <= span["start"] < span["end"] <= len(text), (event["id"], span)
            digest = hashlib.sha1(text[span["start"]:span["end"]].encode("utf-8")).hexdigest()[:12]
            assert digest == span["sha1"], (event["id"], span)


def test_the_split_puts_every_article_in_one_half_with_mixed_publishers_and_years() -> None:
    """Tune and check halves as split before any tuning (later rounds join the tune half after one measurement
    as ``fresh``); an article about the very events of a check-half article is excluded, with the reason."""
    split = load(SPLIT)
    tune, check = set(split["tune"]), set(split["check"])
    fresh, excluded = set(split.get("fresh", [])), dict(split.get("excluded", {}))
    groups = [tune, check, fresh, set(excluded)]
    assert sum(len(g) for g in groups) == len(set().union(*groups)), "an article is in two groups"
    assert set().union(*groups) == {p.name for p in GOLD}
    assert len(check) >= 40 and len(tune) >= len(check) - 2
    assert all(reason.strip() for reason in excluded.values())
    for name in excluded:
        twin = str(excluded[name]).split("check-half ")[-1].split()[0].strip(":;,.")
        assert twin in check, f"{name}: the reason names the check-half article it repeats ({twin!r})"
    for half in (tune, check):
        docs = [load(DEV / name) for name in half]
        assert len({d["publisher"].strip().lower() for d in docs}) >= 5
        assert len({d["published"][:4] for d in docs}) >= 4
