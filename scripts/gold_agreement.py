"""How far two human annotators agree on the same articles: the ceiling the extractor is measured under.

A second annotator re-annotated some articles of the development corpus (of both halves) blind (without
seeing the first annotation or running the extractor); the second annotations are kept in
``tests/gold/dev/agreement/`` under the first annotation's file name. Tune-half and check-half articles are
scored apart. This script scores the second
annotation against the first with exactly the matching and field checks of
``scripts/bench_extract.py`` (same kind, overlapping dates and evidence; place within 50 km, 100 km
for a precision-3 place; date range; fatality figure), and prints the extractor's figures on the same
articles next to it, so the two can be read together.

Usage: ``.venv/bin/python scripts/gold_agreement.py [--verbose]``
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import bench_extract as bench  # noqa: E402

from geo.extraction import distance_km  # noqa: E402

AGREEMENT_DIR = bench.DEV_DIR / "agreement"


@dataclass
class Annotated:
    """A second annotator's event in the shape :func:`bench_extract.match_events` compares."""

    event: dict[str, Any]
    evidence: list[dict[str, Any]]


def as_candidates(events: list[dict[str, Any]]) -> list[Annotated]:
    """The second annotation's events, their evidence spans marked as event evidence."""
    return [Annotated(event=e, evidence=[{"field": "event", "start": s["start"], "end": s["end"]}
                                         for s in e["evidence"]]) for e in events]


def score_pair(first: dict[str, Any], second: dict[str, Any], verbose: bool) -> bench.Score:
    """The second annotation scored as if it were the extractor's output, the first being the gold."""
    gold, other = first["events"], as_candidates(second["events"])
    score = bench.Score(gold=len(gold), extracted=len(other))
    pairs = bench.match_events(gold, other)
    score.matched = len(pairs)
    for g, c in pairs:
        km = distance_km(bench.gold_geometry(g["place"]), bench.gold_geometry(c.event["place"]))
        limit = bench.PLACE_KM_REGION if bench.gold_precision(g["place"]) == 3 else bench.PLACE_KM
        checks = {"place": km <= limit, "date": bench.date_ok(g, c),
                  "fatalities": c.event.get("fatalities_best") == g["fatalities_best"],
                  "figures": bench.figures_ok(g, c)}
        score.place_ok += checks["place"]
        score.date_ok += checks["date"]
        score.fatalities_ok += checks["fatalities"]
        score.figures_ok += checks["figures"]
        score.problems += [f"{name}: {g['id']} first {bench._brief(g)} / second {bench._brief(c.event)} "
                           f"({km:.0f} km)" for name, ok in checks.items() if not ok]
    matched_first = {g["id"] for g, _ in pairs}
    matched_second = {c.event["id"] for _, c in pairs}
    score.problems += [f"missed: {g['id']} {bench._brief(g)}" for g in gold if g["id"] not in matched_first]
    score.problems += [f"extra: {c.event['id']} {bench._brief(c.event)}" for c in other
                       if c.event["id"] not in matched_second]
    if verbose:
        for line in score.problems:
            print(f"    {line}")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    seconds = sorted(AGREEMENT_DIR.glob("*.json"))
    if not seconds:
        print(f"no second annotations in {AGREEMENT_DIR}")
        return 1
    split = json.loads(bench.DEV_SPLIT.read_text(encoding="utf-8"))
    summaries = []
    for half in ("tune", "check"):
        mine = [p for p in seconds if p.name in split.get(half, [])]
        if not mine:
            continue
        humans, firsts = bench.Score(), []
        print(f"\n{half.capitalize()} half, second annotator against the first: {len(mine)} articles")
        for path in mine:
            first = json.loads((bench.DEV_DIR / path.name).read_text(encoding="utf-8"))
            firsts.append(first)
            score = score_pair(first, json.loads(path.read_text(encoding="utf-8")), args.verbose)
            bench._print_row(path.name, score)
            humans.add(score)
        bench._print_row("ALL", humans)
        machine = bench.run(firsts, bench.DEV_DIR, f"{half.capitalize()} half, extractor against the first annotator",
                            False)
        summaries += [bench._summary(f"{half.capitalize()} half ({len(mine)} articles), second annotator vs first",
                                     humans) + f" ({humans.gold} / {humans.extracted} / {humans.matched})",
                      bench._summary(f"{half.capitalize()} half ({len(mine)} articles), extractor vs first", machine)
                      + f" ({machine.gold} / {machine.extracted} / {machine.matched})"]
    print()
    print("\n".join(summaries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

