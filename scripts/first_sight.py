"""What the extractor got wrong on text it had never seen: each unseen batch replayed with its first-sight code.

Every batch collected after the split was scored once with the code of the moment it arrived; that commit is
recorded in ``tests/gold/dev/split.json`` (``history``, the first commit named in ``measured``). This script
checks each such commit out in a scratch ``git worktree``, runs *that* extractor on its batch (in a
subprocess, so old and new code never mix), and scores the candidates against today's gold with today's
matching (``scripts/bench_extract.py``). It prints each batch's figures, then the errors of all batches
together by class and a table of how often candidates of each kind, date precision and position were
right, and how well the confidence ranks right above wrong candidates (AUC).

These are the figures of code on text it was not written from, which the tune half (tuned on) cannot
give. Only batches listed in ``history`` are read; the check half never is. Needs the git history
(a full clone). Usage: ``.venv/bin/python scripts/first_sight.py [--rounds 9a,9b]``
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import bench_extract as bench  # noqa: E402

# Run inside a worktree of an old commit: its own geo package extracts; candidates go out as JSON.
EXTRACT = """
import datetime as dt, json, sys
from geo.extraction.pipeline import extract_events
from geo.extraction.records import ArticleMeta
out = {}
for path in sys.argv[1:]:
    article = json.load(open(path, encoding="utf-8"))
    text = open(path[:-5] + ".txt", encoding="utf-8").read()
    meta = ArticleMeta(published=dt.date.fromisoformat(article["published"]), publisher="benchmark",
                       title=article["file"])
    out[path] = [{"event": c.event, "evidence": c.evidence, "confidence": c.confidence}
                 for c in extract_events(text, meta).candidates]
print(json.dumps(out, default=str))
"""


def first_commits(split: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(round, first-sight commit, articles) of every measured batch."""
    rounds = []
    for entry in split.get("history", []):
        commit = re.search(r"commit ([0-9a-f]{7,40})", entry.get("measured", ""))
        if commit and entry.get("articles"):
            rounds.append((str(entry["round"]), commit.group(1), list(entry["articles"])))
    return rounds


def extract_with(commit: str, paths: list[Path], scratch: Path) -> dict[str, list[dict[str, Any]]]:
    tree = scratch / commit
    if not tree.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--force", str(tree), commit],
                       check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", EXTRACT, *map(str, paths)], cwd=tree, check=True,
                          capture_output=True, text=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout)


def as_candidate(raw: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(event=raw["event"], evidence=raw["evidence"], confidence=raw["confidence"])


def auc(right: list[float], wrong: list[float]) -> float:
    """Probability that a right candidate scores above a wrong one (ties count half)."""
    pairs = [(r > w) + 0.5 * (r == w) for r in right for w in wrong]
    return sum(pairs) / len(pairs) if pairs else float("nan")


def classify(gold: list[dict[str, Any]], cands: list[SimpleNamespace], errors: Counter[str]) -> None:
    pairs = bench.match_events(gold, cands)
    matched_gold = {g["id"]: c for g, c in pairs}
    matched = {id(c) for _, c in pairs}
    for g in gold:
        if g["id"] in matched_gold:
            continue
        spans = [(e["start"], e["end"]) for e in g["evidence"]]
        g0, g1 = bench._dates(g)
        why = "missed: no candidate on its sentence"
        for c in cands:
            if bench._overlap(spans, [(e["start"], e["end"]) for e in c.evidence if e["field"] == "event"]) <= 0:
                continue
            c0, c1 = bench._dates(c.event)
            why = ("missed: a candidate of another kind" if c.event["kind"] != g["kind"] else
                   "missed: a candidate of other dates" if not (c0 <= g1 and g0 <= c1) else
                   "missed: merged into another event" if id(c) in matched else why)
            break
        errors[why] += 1
    for c in cands:
        if id(c) in matched:
            continue
        spans = [(e["start"], e["end"]) for e in c.evidence if e["field"] == "event"]
        over = [g for g in gold if bench._overlap([(e["start"], e["end"]) for e in g["evidence"]], spans) > 0]
        errors["wrong: nothing in the gold on its sentence" if not over else
               "wrong: a second candidate of a matched event" if all(g["id"] in matched_gold for g in over) else
               "wrong: the right sentence, another kind or dates"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", help="comma-separated rounds (default: every round with a commit)")
    args = parser.parse_args()
    split = json.loads((bench.DEV_DIR / "split.json").read_text(encoding="utf-8"))
    wanted = set(args.rounds.split(",")) if args.rounds else None
    rounds = [r for r in first_commits(split) if wanted is None or r[0] in wanted]
    tune = set(split["tune"])  # excluded articles (retellings of check-half events) are never read
    errors: Counter[str] = Counter()
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    right_conf: list[float] = []
    wrong_conf: list[float] = []
    print(f"{'round':6} {'commit':8} {'gold':>5} {'got':>5} {'match':>5} {'prec':>5} {'rec':>5} {'date':>5}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, commit, articles in rounds:
                paths = [bench.DEV_DIR / a for a in articles if a in tune]
                found = extract_with(commit, paths, Path(tmp))
                gold_n = got = match = dates = 0
                for path in paths:
                    article = json.loads(path.read_text(encoding="utf-8"))
                    text_length = len(path.with_suffix(".txt").read_text(encoding="utf-8"))
                    cands = [as_candidate(raw) for raw in found[str(path)]]
                    pairs = bench.match_events(article["events"], cands)
                    ok = {id(c) for _, c in pairs}
                    gold_n, got, match = gold_n + len(article["events"]), got + len(cands), match + len(pairs)
                    dates += sum(bench.date_ok(g, c) for g, c in pairs)
                    classify(article["events"], cands, errors)
                    for c in cands:
                        start = min(e["start"] for e in c.evidence if e["field"] == "event")
                        right = id(c) in ok
                        (right_conf if right else wrong_conf).append(c.confidence)
                        for key in (f"kind {c.event['kind']}", f"time precision {c.event['time_precision']}",
                                    f"quarter {min(3, 4 * start // max(text_length, 1)) + 1} of the article"):
                            table[key][right] += 1
                print(f"{name:6} {commit[:8]:8} {gold_n:5} {got:5} {match:5} {match / max(got, 1):5.2f} "
                      f"{match / max(gold_n, 1):5.2f} {dates / max(match, 1):5.2f}")
    finally:  # the scratch trees are gone: forget them
        subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)
    print("\nErrors of all batches together:")
    for why, n in sorted(errors.items()):
        print(f"  {why:50} {n:4}")
    print("\nCandidates by feature (wrong, right, precision):")
    for key, (n_wrong, n_right) in sorted(table.items()):
        print(f"  {key:28} {n_wrong:4} {n_right:4}  {n_right / max(n_wrong + n_right, 1):.2f}")
    print(f"\nConfidence ranks right above wrong candidates: AUC {auc(right_conf, wrong_conf):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
