"""Split the development corpus of real articles into a tune half and a check half.

The split is made once, before any rule is tuned, and recorded in
``tests/gold/dev/split.json``; running the script again keeps every article
where it is and only assigns articles added since. Rules, gazetteer entries and
thresholds are developed against the tune half (and the seeds); the check half
is only measured (``scripts/bench_extract.py``).

Assignment: articles are grouped by publisher (largest group first, then by
name); within a group they are ordered by publication date and dealt
alternately to the two halves, each group starting with the half that has
fewer articles so far. Both halves thus mix publishers and years.

Usage: ``.venv/bin/python scripts/split_dev_corpus.py``
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "tests" / "gold" / "dev"
SPLIT = DEV / "split.json"
HALVES = ("tune", "check")


def read_articles(folder: Path = DEV) -> list[dict[str, str]]:
    """File name, publisher and publication date of every annotated article in ``folder``."""
    out = []
    for path in sorted(folder.glob("*.json")):
        if path.name == SPLIT.name:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.append({"gold": path.name, "publisher": str(doc["publisher"]).strip(), "published": doc["published"]})
    return out


def assign(articles: list[dict[str, str]], existing: dict[str, list[str]]) -> dict[str, list[str]]:
    """The halves with every article of ``articles`` placed; ``existing`` placements are kept."""
    halves = {h: list(existing.get(h, [])) for h in HALVES}
    placed = {name for names in halves.values() for name in names}
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for article in articles:
        if article["gold"] not in placed:
            groups[article["publisher"].lower()].append(article)
    for _, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        group.sort(key=lambda a: (a["published"], a["gold"]))
        first = min(HALVES, key=lambda h: (len(halves[h]), HALVES.index(h)))
        order = (first, HALVES[1 - HALVES.index(first)])
        for i, article in enumerate(group):
            halves[order[i % 2]].append(article["gold"])
    return {h: sorted(names) for h, names in halves.items()}


def main() -> int:
    articles = read_articles()
    if not articles:
        print(f"no annotated articles in {DEV}", file=sys.stderr)
        return 1
    existing = json.loads(SPLIT.read_text(encoding="utf-8")) if SPLIT.exists() else {}
    halves = assign(articles, existing)
    doc = {"method": (__doc__ or "").split("Assignment: ")[1].split("\n\n")[0].replace("\n", " "),
           **halves}
    SPLIT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    by_name = {a["gold"]: a for a in articles}
    for half in HALVES:
        names = halves[half]
        publishers = {by_name[n]["publisher"] for n in names if n in by_name}
        years = sorted({by_name[n]["published"][:4] for n in names if n in by_name})
        print(f"{half}: {len(names)} articles, {len(publishers)} publishers, years {years[0]}–{years[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
