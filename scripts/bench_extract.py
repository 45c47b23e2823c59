"""Measure the article-to-events extractor against the gold annotations.

Runs :func:`geo.extraction.pipeline.extract_events` on the five seed articles
(``tests/gold/seeds_gold.json``) and on the invented test articles
(``tests/gold/fixtures_gold.json``) and prints, per article and overall:

* event precision and recall: a candidate matches a gold event when the kind
  is the same, the date ranges overlap and an evidence sentence overlaps a
  gold evidence span; matching is one-to-one (largest overlap first);
* place accuracy: share of matched events whose place lies within 50 km of
  the gold place (100 km when the gold place is a province or region,
  precision 3; geodesic; distance to the area for gold areas);
* date accuracy: the gold range lies inside the extracted range and the
  extracted range is no wider than twice the gold range (or has the same
  precision);
* fatality accuracy: the best fatality figure equal (both empty counts);
* figure accuracy: fatalities best, wounded and strength best equal, and the
  wording kept when the gold has one.

For the check half every error is listed by kind (missed, extra, place, date,
fatalities, figures) so that the figure can be read, not just believed.

Usage: ``.venv/bin/python scripts/bench_extract.py [--verbose] [--half tune]``

``--half tune`` scores only the seeds and the tune half and lists the tune
half's errors by kind; it never opens a check-half file, so rules can be worked
on without seeing the articles they will be judged on. ``--half fresh`` does the
same for articles collected later and not yet tuned on (``fresh`` in
``split.json``): they are measured once, the figure is recorded in the split's
``history``, and then they join the tune half.
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
DEV_DIR = REPO / "tests" / "gold" / "dev"
DEV_SPLIT = DEV_DIR / "split.json"
#: A matched event's place is right within this distance of the gold place, km (wider for precision 3).
PLACE_KM = 50.0
PLACE_KM_REGION = 100.0
SEED_TARGET = 0.95
CHECK_TARGETS = {"precision": 0.85, "recall": 0.85, "place": 0.85, "date": 0.9, "fatalities": 0.85}


@dataclass
class Score:
    """Counts for one article or a total."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0
    place_ok: int = 0
    date_ok: int = 0
    fatalities_ok: int = 0
    figures_ok: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "extracted", "matched", "place_ok", "date_ok", "fatalities_ok", "figures_ok",
                     "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.slowest = max(self.slowest, other.slowest)
        self.problems += other.problems

    def rates(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "precision": share(self.matched, self.extracted),
            "recall": share(self.matched, self.gold),
            "place": share(self.place_ok, self.matched),
            "date": share(self.date_ok, self.matched),
            "fatalities": share(self.fatalities_ok, self.matched),
            "figures": share(self.figures_ok, self.matched),
        }


def gold_precision(place: dict[str, Any]) -> int:
    """The gold place's precision: given, else 3 for an area phrase or a gazetteer region, else 1."""
    if place.get("geo_precision"):
        return int(place["geo_precision"])
    if place.get("area"):
        return 3
    found = geocode_or_none(place["name"])
    return found.geo_precision if found is not None else 1


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
    seconds = time.perf_counter() - started
    score = Score(gold=len(article["events"]), extracted=len(result.candidates), seconds=seconds, slowest=seconds)
    pairs = match_events(article["events"], result.candidates)
    score.matched = len(pairs)
    for g, c in pairs:
        km = distance_km(gold_geometry(g["place"]), c.to_event().geometry.representative_point())
        limit = PLACE_KM_REGION if gold_precision(g["place"]) == 3 else PLACE_KM
        checks = {"place": km <= limit, "date": date_ok(g, c),
                  "fatalities": c.event.get("fatalities_best") == g["fatalities_best"], "figures": figures_ok(g, c)}
        score.place_ok += checks["place"]
        score.date_ok += checks["date"]
        score.fatalities_ok += checks["fatalities"]
        score.figures_ok += checks["figures"]
        for name, ok in checks.items():
            if not ok:
                score.problems.append(f"{name}: {g['id']} gold {_brief(g)} / got {_brief(c.event)} ({km:.0f} km)")
    matched_ids = {g["id"] for g, _ in pairs}
    matched_c = {id(c) for _, c in pairs}
    score.problems += [f"missed: {g['id']} {_brief(g)}" for g in article["events"] if g["id"] not in matched_ids]
    score.problems += [f"extra: {article['file']} {_brief(c.event)}" for c in result.candidates
                       if id(c) not in matched_c]
    if verbose:
        for line in score.problems:
            print(f"    {line}")
    return score


def _brief(record: dict[str, Any]) -> str:
    where = record["place"]["name"] if isinstance(record.get("place"), dict) else record.get("location")
    figures = [f"{k}={record.get(k)}" for k in ("fatalities_best", "wounded", "strength_best") if record.get(k)]
    dates = f"{record['date_start']}..{record['date_end']}"
    return f"{record['kind']} {record['sub_event_type']} {dates} {where} {' '.join(figures)}"


def gold_file(gold_path: Path, key: str) -> list[dict[str, Any]]:
    """The article entries of a gold file with several articles (seeds, fixtures)."""
    return list(json.loads(gold_path.read_text(encoding="utf-8"))[key])


def dev_half(half: str) -> list[dict[str, Any]]:
    """The gold entries of one half (``tune``, ``check`` or ``fresh``) of the development corpus."""
    if not DEV_SPLIT.exists():
        return []
    names = json.loads(DEV_SPLIT.read_text(encoding="utf-8")).get(half, [])
    return [json.loads((DEV_DIR / name).read_text(encoding="utf-8")) for name in names]


def run(articles: list[dict[str, Any]], folder: Path, label: str, verbose: bool) -> Score:
    """Score every article of one set and print the table."""
    total = Score()
    print(f"\n{label}: {len(articles)} articles in {folder}")
    columns = ("gold", "got", "match", "prec", "rec", "place", "date", "fatal", "figs", "sec")
    print(f"  {'article':38} " + " ".join(f"{c:>5}" if i > 1 else f"{c:>4}" for i, c in enumerate(columns)))
    for article in articles:
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
          f"{r['recall']:5.2f} {r['place']:5.2f} {r['date']:5.2f} {r['fatalities']:5.2f} {r['figures']:5.2f} "
          f"{score.seconds:5.2f}")


def _summary(label: str, score: Score) -> str:
    return f"{label}: " + ", ".join(f"{k} {v:.2f}" for k, v in score.rates().items())


def _errors_by_kind(score: Score) -> None:
    kinds = ("missed", "extra", "place", "date", "fatalities", "figures")
    for kind in kinds:
        lines = [p for p in score.problems if p.startswith(kind + ":")]
        print(f"  {kind} ({len(lines)})")
        for line in lines:
            print(f"    {line[len(kind) + 2:]}")


def tune_only(verbose: bool, half: str = "tune") -> int:
    """Seeds and the tune half (or the fresh articles not yet tuned on) only, with that half's errors by kind;
    no check-half file is read."""
    seeds = run(gold_file(SEEDS_GOLD, "articles"), SEEDS_DIR, "Seed articles", verbose)
    name = "Tune half" if half == "tune" else "Fresh articles"
    tune = run(dev_half(half), DEV_DIR, f"Development corpus, {name.upper()}", False)
    print(f"\n{name}, every error by kind:")
    _errors_by_kind(tune)
    print()
    for label, score in (("Seeds", seeds), (name, tune)):
        print(_summary(label, score) + f"; slowest article {score.slowest:.2f} s")
    low_seeds = [k for k, v in seeds.rates().items() if v < SEED_TARGET]
    print(f"Seed targets (every figure >= {SEED_TARGET}): " + ("met" if not low_seeds else f"below: {low_seeds}"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss, extra and wrong field")
    parser.add_argument("--half", choices=("tune", "fresh"),
                        help="score only the seeds and this half, listing its errors (fresh: articles collected "
                             "but not yet tuned on, measured once before they join the tune half)")
    args = parser.parse_args(argv)
    if args.half:
        return tune_only(args.verbose, args.half)
    seeds = run(gold_file(SEEDS_GOLD, "articles"), SEEDS_DIR, "Seed articles", args.verbose)
    fixtures = run(gold_file(FIXTURES_GOLD, "fixtures"), FIXTURES_DIR, "Invented test articles", args.verbose)
    tune = run(dev_half("tune"), DEV_DIR, "Development corpus, TUNE half (rules were tuned on it)", args.verbose)
    check = run(dev_half("check"), DEV_DIR, "Development corpus, CHECK half (never tuned on)", False)
    print("\nCheck half, every error by kind:")
    _errors_by_kind(check)
    print()
    for label, score in (("Seeds", seeds), ("Invented", fixtures), ("Tune half", tune), ("Check half", check)):
        print(_summary(label, score) + f"; slowest article {score.slowest:.2f} s")
    low_seeds = [k for k, v in seeds.rates().items() if v < SEED_TARGET]
    low_check = [k for k, v in CHECK_TARGETS.items() if check.rates()[k] < v]
    print(f"Seed targets (every figure >= {SEED_TARGET}): " + ("met" if not low_seeds else f"below: {low_seeds}"))
    verdict = ("not measured: the check half has no articles" if not check.gold
               else "met" if not low_check else f"below: {low_check}")
    print("Check-half targets (" + ", ".join(f"{k} >= {v}" for k, v in CHECK_TARGETS.items()) + "): " + verdict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
