"""Measure the article-to-events extractor against the gold annotations.

Runs :func:`geo.extraction.pipeline.extract_events` on the five seed articles
(``tests/gold/seeds_gold.json``) and on the invented test articles
(``tests/gold/fixtures_gold.json``) and prints, per article and overall:

* event precision and recall: a candidate matches a gold event when the kind
  is the same, the date ranges overlap and an evidence sentence overlaps a
  gold evidence span; matching is one-to-one (largest overlap first);
* place accuracy: share of matched events whose place lies within 50 km of
  the gold place (geodesic; distance to the area for gold areas);
* date accuracy: the gold range lies inside the extracted range and the
  extracted range is no wider than twice the gold range (or has the same
  precision);
* figure accuracy: fatalities best, wounded and strength best equal, and the
  wording kept when the gold has one.

Usage: ``.venv/bin/python scripts/bench_extract.py [--verbose]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shapely.geometry import Point  # noqa: E402
from shapely.geometry.base import BaseGeometry  # noqa: E402

from geo.extraction import (  # noqa: E402
    ArticleMeta,
    Candidate,
    distance_km,
    extract_events,
)
from geo.places import geocode_or_none  # noqa: E402

SEEDS_GOLD = REPO / "tests" / "gold" / "seeds_gold.json"
FIXTURES_GOLD = REPO / "tests" / "gold" / "fixtures_gold.json"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
FIXTURES_DIR = REPO / "tests" / "fixtures" / "articles"
#: A matched event's place is right within this distance of the gold place, km.
PLACE_KM = 50.0
TARGETS = {"precision": 0.85, "recall": 0.85, "place": 0.9, "date": 0.9, "figures": 0.9}


@dataclass
class Score:
    """Counts for one article or a total."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0
    place_ok: int = 0
    date_ok: int = 0
    figures_ok: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "extracted", "matched", "place_ok", "date_ok", "figures_ok", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "precision": share(self.matched, self.extracted),
            "recall": share(self.matched, self.gold),
            "place": share(self.place_ok, self.matched),
            "date": share(self.date_ok, self.matched),
            "figures": share(self.figures_ok, self.matched),
        }


def gold_geometry(place: dict[str, Any]) -> BaseGeometry:
    """The gold place: the geocoded area phrase when given, else the point."""
    if place.get("area"):
        area = geocode_or_none(place["area"])
        if area is not None:
            return area.geometry
    return Point(place["lon"], place["lat"])


def _overlap(spans_a: list[tuple[int, int]], spans_b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a1, b1) - max(a0, b0)) for a0, a1 in spans_a for b0, b1 in spans_b)


def _dates(record: dict[str, Any]) -> tuple[dt.date, dt.date]:
    return (dt.date.fromisoformat(str(record["date_start"])), dt.date.fromisoformat(str(record["date_end"])))


def match_events(gold: list[dict[str, Any]], candidates: list[Candidate]) -> list[tuple[dict[str, Any], Candidate]]:
    """One-to-one pairs (same kind, overlapping dates, overlapping evidence), largest overlap first."""
    pairs = []
    for g in gold:
        g_spans = [(e["start"], e["end"]) for e in g["evidence"]]
        g0, g1 = _dates(g)
        for c in candidates:
            c0, c1 = _dates(c.event)
            c_spans = [(e["start"], e["end"]) for e in c.evidence if e["field"] == "event"]
            overlap = _overlap(g_spans, c_spans)
            if c.event["kind"] == g["kind"] and c0 <= g1 and g0 <= c1 and overlap > 0:
                same_type = c.event["sub_event_type"] == g["sub_event_type"]
                pairs.append((overlap + (10_000 if same_type else 0), g["id"], id(c), g, c))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[str] = set()
    used_c: set[int] = set()
    out = []
    for _, gid, cid, g, c in pairs:
        if gid not in used_g and cid not in used_c:
            used_g.add(gid)
            used_c.add(cid)
            out.append((g, c))
    return out


def date_ok(g: dict[str, Any], c: Candidate) -> bool:
    """Gold range inside the extracted one, and the extracted one not needlessly wide."""
    g0, g1 = _dates(g)
    c0, c1 = _dates(c.event)
    inside = c0 <= g0 and g1 <= c1
    width_ok = (c1 - c0).days <= 2 * (g1 - g0).days + 1 or c.event["time_precision"] == g["time_precision"]
    return inside and width_ok


def _text_ok(gold_text: str | None, text: str | None) -> bool:
    if not gold_text or not text:
        return not gold_text and not text
    return gold_text.lower() in text.lower() or text.lower() in gold_text.lower()


def figures_ok(g: dict[str, Any], c: Candidate) -> bool:
    """Fatalities best, wounded and strength best equal; wording kept where the gold has it."""
    e = c.event
    return (
        e.get("fatalities_best") == g["fatalities_best"]
        and e.get("wounded") == g["wounded"]
        and e.get("strength_best") == g["strength_best"]
        and _text_ok(g["fatalities_text"], e.get("fatalities_text"))
        and _text_ok(g["strength_text"], e.get("strength_text"))
    )


def score_article(article: dict[str, Any], folder: Path, verbose: bool) -> Score:
    """Extract one article and compare with its gold events."""
    text = (folder / article["file"]).read_text(encoding="utf-8")
    meta = ArticleMeta(published=dt.date.fromisoformat(article["published"]), publisher="benchmark",
                       title=article["file"])
    started = time.perf_counter()
    result = extract_events(text, meta)
    score = Score(gold=len(article["events"]), extracted=len(result.candidates),
                  seconds=time.perf_counter() - started)
    pairs = match_events(article["events"], result.candidates)
    score.matched = len(pairs)
    for g, c in pairs:
        km = distance_km(gold_geometry(g["place"]), c.to_event().geometry.representative_point())
        checks = {"place": km <= PLACE_KM, "date": date_ok(g, c), "figures": figures_ok(g, c)}
        score.place_ok += checks["place"]
        score.date_ok += checks["date"]
        score.figures_ok += checks["figures"]
        for name, ok in checks.items():
            if not ok:
                score.problems.append(f"{g['id']} {name}: gold {_brief(g)} / got {_brief(c.event)} ({km:.0f} km)")
    matched_ids = {g["id"] for g, _ in pairs}
    matched_c = {id(c) for _, c in pairs}
    score.problems += [f"{g['id']} missed: {_brief(g)}" for g in article["events"] if g["id"] not in matched_ids]
    score.problems += [f"extra: {_brief(c.event)}" for c in result.candidates if id(c) not in matched_c]
    if verbose:
        for line in score.problems:
            print(f"    {line}")
    return score


def _brief(record: dict[str, Any]) -> str:
    where = record["place"]["name"] if isinstance(record.get("place"), dict) else record.get("location")
    figures = [f"{k}={record.get(k)}" for k in ("fatalities_best", "wounded", "strength_best") if record.get(k)]
    dates = f"{record['date_start']}..{record['date_end']}"
    return f"{record['kind']} {record['sub_event_type']} {dates} {where} {' '.join(figures)}"


def run(gold_path: Path, folder: Path, key: str, label: str, verbose: bool) -> Score:
    """Score every article of one gold file and print the table."""
    doc = json.loads(gold_path.read_text(encoding="utf-8"))
    total = Score()
    print(f"\n{label}: {gold_path.relative_to(REPO)}")
    columns = ("gold", "got", "match", "prec", "rec", "place", "date", "figs", "sec")
    print(f"  {'article':38} " + " ".join(f"{c:>5}" if i > 1 else f"{c:>4}" for i, c in enumerate(columns)))
    for article in doc[key]:
        if not (folder / article["file"]).is_file():
            print(f"  {article['file']:38} missing: {folder / article['file']}")
            continue
        score = score_article(article, folder, verbose)
        _print_row(article["file"], score)
        total.add(score)
    _print_row("ALL", total)
    return total


def _print_row(name: str, score: Score) -> None:
    r = score.rates()
    print(f"  {name[:38]:38} {score.gold:4d} {score.extracted:4d} {score.matched:5d} {r['precision']:5.2f} "
          f"{r['recall']:5.2f} {r['place']:5.2f} {r['date']:5.2f} {r['figures']:5.2f} {score.seconds:5.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss, extra and wrong field")
    args = parser.parse_args(argv)
    seeds = run(SEEDS_GOLD, SEEDS_DIR, "articles", "Seed articles", args.verbose)
    fixtures = run(FIXTURES_GOLD, FIXTURES_DIR, "fixtures", "Invented test articles", args.verbose)
    print("\nTargets on the seeds: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()))
    rates = seeds.rates()
    missed = [k for k, v in TARGETS.items() if rates[k] < v]
    print("Seeds meet every target." if not missed else f"Seeds below target: {', '.join(missed)}")
    both = Score()
    both.add(seeds)
    both.add(fixtures)
    print("Seeds + invented: " + ", ".join(f"{k} {v:.2f}" for k, v in both.rates().items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
