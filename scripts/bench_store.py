"""Time one edit of a large GeoPackage store: in place (one SQLite transaction) vs the whole-file copy.

Builds a store of N synthetic events (``scripts/gen_synthetic.py``, written with the
store's bulk path), then saves 20 edits of random events with ``EventStore.update``
the way the Edit page does, once with the in-place write and once with the copy path
the store used for every write before (the naive baseline, measured in the same run),
and prints the median and worst times and the ratio.

Usage: ``.venv/bin/python scripts/bench_store.py --n 100000 [--edits 20]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.model import frame_to_events  # noqa: E402
from geo.stores import GeoPackageStore  # noqa: E402
from scripts.gen_synthetic import make_synthetic_frame  # noqa: E402


def time_edits(store: GeoPackageStore, ids: list[str], label: str) -> list[float]:
    """Seconds per ``update`` of each id (a note changed, the version checked)."""
    seconds = []
    for number, event_id in enumerate(ids):
        event, version = store.get_versioned(event_id)  # type: ignore[misc]
        started = time.perf_counter()
        store.update(event.model_copy(update={"notes": f"{label} edit {number}"}), expected_version=version,
                     actor="bench")
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; building a store of {args.n:,} synthetic events")
    frame = make_synthetic_frame(args.n, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        store = GeoPackageStore(Path(folder) / "store.gpkg")
        started = time.perf_counter()
        store.replace_all(frame_to_events(frame), actor="bench")
        print(f"store written in {time.perf_counter() - started:.1f} s ({store.path.stat().st_size / 1e6:.0f} MB)")
        ids = [str(i) for i in frame["event_id"].sample(args.edits * 2, random_state=1)]
        in_place = time_edits(store, ids[:args.edits], "in-place")
        copying = GeoPackageStore(store.path, in_place_max_rows=0)  # every write copies the file (the old way)
        copied = time_edits(copying, ids[args.edits:], "copy")
    for label, values in (("in place (ours)", in_place), ("whole-file copy (baseline)", copied)):
        print(f"{label:28} median {statistics.median(values) * 1000:8.1f} ms, worst {max(values) * 1000:8.1f} ms")
    print(f"ratio: in place is {statistics.median(copied) / statistics.median(in_place):.0f}x faster (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
