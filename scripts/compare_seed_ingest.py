"""Issue 5's acceptance check: ingest the five seed articles and compare the map with the curated dataset.

The seed articles (``../shared/seeds``, metadata from ``tests/gold/seeds_gold.json``
and ``data/sources.csv``) are ingested one by one into an empty temporary
GeoPackage store and every candidate is accepted as proposed, through the Ingest
page's own path (:mod:`ui.ingest_batch`: extract, look for duplicates among the
events already stored, ``add`` new events / ``add_sources`` for repeats; the
article's ratings stay as proposed, F6). The stored events are then compared
with the curated dataset (:func:`geo.stores.dataset.load_default_events`):

* a curated event is matched by an ingested one of the same kind whose date
  range overlaps its own and whose geometry lies within 50 km (geodesic,
  :func:`geo.extraction.dedupe.distance_km`; 0 when they touch); pairs are made one to
  one, nearest first;
* ingested events without a curated counterpart are those left unpaired;
* the median distance is over the matched pairs (km; also between a
  representative point of each geometry, since an area holding a point is 0 km away);
* fatality agreement: of the matched pairs where either side gives a best
  fatality estimate, the share where both give the same one.

Usage: ``.venv/bin/python scripts/compare_seed_ingest.py [--verbose]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.extraction import (  # noqa: E402
    ArticleMeta,
    distance_km,
    read_article,
)
from geo.model import Event, frame_to_events  # noqa: E402
from geo.stores import (  # noqa: E402
    GeoPackageStore,
    load_default_events,
    load_sources,
)
from ui.ingest_batch import ingest_as_proposed  # noqa: E402

SEEDS_GOLD = REPO / "tests" / "gold" / "seeds_gold.json"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
#: A curated event and an ingested one are the same event within this distance, km.
MATCH_KM = 50.0
#: Who the writes are recorded under in the temporary store's audit log.
ACTOR = "compare_seed_ingest"


@dataclass
class Comparison:
    """The figures printed by this script."""

    articles: int = 0
    candidates: int = 0
    stored: int = 0
    merged: int = 0
    curated: int = 0
    pairs: list[tuple[Event, Event, float]] = field(default_factory=list)  # (curated, ingested, km)
    unmatched_curated: list[Event] = field(default_factory=list)
    unmatched_ingested: list[Event] = field(default_factory=list)

    @property
    def matched(self) -> int:
        """Curated events with an ingested counterpart."""
        return len(self.pairs)

    @property
    def median_km(self) -> float:
        """Median distance of the matched pairs, km (NaN without pairs)."""
        return statistics.median(km for _, _, km in self.pairs) if self.pairs else float("nan")

    @property
    def median_anchor_km(self) -> float:
        """Median distance between a representative point of each side of the matched pairs, km."""
        return statistics.median(distance_km(c.geometry.representative_point(), i.geometry.representative_point())
                                 for c, i, _ in self.pairs) if self.pairs else float("nan")

    @property
    def fatality_pairs(self) -> list[tuple[int | None, int | None]]:
        """(curated, ingested) best fatality estimates of matched pairs where either gives one."""
        return [(c.fatalities_best, i.fatalities_best) for c, i, _ in self.pairs
                if c.fatalities_best is not None or i.fatalities_best is not None]

    @property
    def fatalities_agree(self) -> int:
        """Matched pairs (with a figure on either side) whose best estimates are equal."""
        return sum(c == i for c, i in self.fatality_pairs)


def seed_articles() -> list[tuple[Path, ArticleMeta]]:
    """Each seed file with the metadata an analyst would type: date (gold), publisher, title, URL (sources.csv)."""
    sources = {row["seed_file"]: row for row in load_sources()}
    out = []
    for article in json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["articles"]:
        row = sources.get(article["file"], {})
        meta = ArticleMeta(published=dt.date.fromisoformat(article["published"]),
                           publisher=row.get("publisher") or "", title=row.get("title") or "", url=row.get("url"))
        out.append((SEEDS_DIR / article["file"], meta))
    return out


def _overlap(a: Event, b: Event) -> bool:
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def match_events(curated: list[Event], ingested: list[Event], comparison: Comparison) -> None:
    """Pair curated and ingested events one to one (same kind, overlapping dates, within MATCH_KM), nearest first."""
    options = []
    for c in curated:
        for i in ingested:
            if c.kind == i.kind and _overlap(c, i):
                km = distance_km(c.geometry, i.geometry)
                if km <= MATCH_KM:
                    gap = abs((c.date_start - i.date_start).days)
                    options.append((km, gap, c.event_id, i.event_id, c, i))
    used_c: set[str] = set()
    used_i: set[str] = set()
    for km, _, cid, iid, c, i in sorted(options, key=lambda o: o[:4]):
        if cid not in used_c and iid not in used_i:
            comparison.pairs.append((c, i, km))
            used_c.add(cid)
            used_i.add(iid)
    comparison.unmatched_curated = [c for c in curated if c.event_id not in used_c]
    comparison.unmatched_ingested = [i for i in ingested if i.event_id not in used_i]


def compare_seed_ingest(workdir: Path | None = None) -> Comparison:
    """Ingest every seed into an empty store in ``workdir`` (a temporary directory by default) and compare."""
    with tempfile.TemporaryDirectory(prefix="bm-seed-ingest-") as tmp:
        store = GeoPackageStore(Path(workdir or tmp) / "seed_ingest.gpkg")
        comparison = Comparison()
        for path, meta in seed_articles():
            article = read_article(path)
            result, proposals = ingest_as_proposed(store, article.text, meta, actor=ACTOR)
            if not result.ok:
                raise RuntimeError(f"{path.name}: the store refused the batch: {'; '.join(result.problems)}")
            comparison.articles += 1
            comparison.candidates += len(proposals)
            comparison.merged += len(result.merged) + len(result.unchanged)
        ingested = frame_to_events(store.load())
    curated = load_default_events()
    comparison.stored, comparison.curated = len(ingested), len(curated)
    match_events(curated, ingested, comparison)
    return comparison


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.0f} %)" if whole else f"{part} of 0"


def report(c: Comparison, verbose: bool = False) -> str:
    """The figures as printed."""
    by_kind = Counter(e.kind for e, _, _ in c.pairs)
    curated_kinds = Counter(e.kind for e in [*(p[0] for p in c.pairs), *c.unmatched_curated])
    lines = [
        "Seed articles ingested one by one into an empty store, accepted as proposed, "
        "compared with data/events.geojson",
        f"  articles: {c.articles}; candidates: {c.candidates}; stored as new events: {c.stored}; "
        f"added as a new source to an event already stored: {c.merged}",
        f"  curated events matched (same kind, overlapping dates, within {MATCH_KM:.0f} km): "
        f"{_share(c.matched, c.curated)}",
        "    by kind: " + ", ".join(f"{k} {by_kind[k]}/{n}" for k, n in sorted(curated_kinds.items())),
        f"  ingested events without a curated counterpart: {_share(len(c.unmatched_ingested), c.stored)}",
        f"  median distance of matched pairs: {c.median_km:.1f} km (0 when a point lies in the other's area); "
        f"between representative points: {c.median_anchor_km:.1f} km",
        f"  fatality agreement: {_share(c.fatalities_agree, len(c.fatality_pairs))} matched pairs with a best "
        "estimate on either side give the same best estimate",
    ]
    if verbose:
        lines.append("  matched (curated <- ingested, km):")
        lines += [f"    {a.event_id} <- {b.event_id} {b.location} ({km:.1f})" for a, b, km in c.pairs]
        lines.append("  curated without an ingested counterpart:")
        lines += [f"    {e.event_id} ({e.kind}, {e.location}, {e.date_start})" for e in c.unmatched_curated]
        lines.append("  ingested without a curated counterpart:")
        lines += [f"    {e.event_id} ({e.kind}, {e.location}, {e.date_start})" for e in c.unmatched_ingested]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the pairs and the unmatched events")
    args = parser.parse_args(argv)
    if not SEEDS_DIR.is_dir():
        print(f"seed articles not found in {SEEDS_DIR}", file=sys.stderr)
        return 2
    print(report(compare_seed_ingest(), args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
