"""Benchmark the dashboard's questions answered in PostGIS (geo.query.sql) at one million events.

1. ``scripts/gen_synthetic.py`` writes ``--n`` synthetic events to a GeoPackage (or ``--source`` names one).
2. A PostgreSQL server of its own (``tests/pgserver.py``, PostgreSQL's durable defaults, as
   ``scripts/bench_app.py --store postgis``) and ``python -m geo import`` into it, timed, with the
   child's peak memory and the database's size.
3. The baseline the app used before: ``store.load()`` + ``prepare_frame`` + ``filter_mask``, once.
4. Every :class:`geo.query.sql.SqlQuery` method for a few typical filter sets (no filter, a one-year
   window, one source, a zoomed-in view), ``--repeat`` times each: median and worst milliseconds and
   the bytes the app receives (``len(pickle.dumps(answer))``). ``summary()`` is timed on fresh objects.

Figures are printed, nothing is asserted. Usage::

    python scripts/bench_query.py [--n 1000000] [--repeat 5] [--source big.gpkg]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.filters import Filters, filter_mask, prepare_frame  # noqa: E402
from geo.map import GRID_CELL_PX, Bounds  # noqa: E402
from geo.model import KINDS  # noqa: E402
from geo.places import REGION_BOUNDS  # noqa: E402
from geo.query import SqlQuery, TooMany  # noqa: E402
from geo.stores import open_store  # noqa: E402
from scripts.bench_app import run_child  # noqa: E402
from tests.pgserver import PgServer  # noqa: E402

#: A view at street level around Panj (zoom 11) and the whole region (zoom 7).
ZOOMED_IN = (((37.15, 69.0), (37.35, 69.3)), 11.0)
REGION = (REGION_BOUNDS, 7.0)
FILTER_SETS = {
    "no filter": (Filters(), REGION),
    "one year": (Filters(date_from=dt.date(2005, 1, 1), date_to=dt.date(2005, 12, 31)), REGION),
    "one source": (Filters(sources=("syn-src-07",)), REGION),
    "zoomed in": (Filters(), ZOOMED_IN),
}


def timed(call: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Seconds of each of ``repeat`` calls, and the last answer (a TooMany raised counts as the answer)."""
    seconds, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            answer = call()
        except TooMany as exc:
            answer = exc
        seconds.append(time.perf_counter() - started)
    return seconds, answer


def show(name: str, seconds: list[float], answer: Any) -> None:
    size = len(pickle.dumps(answer))
    print(f"  {name:<34} median {statistics.median(seconds) * 1000:8.1f} ms  worst {max(seconds) * 1000:8.1f} ms"
          f"  {size / 1000:10,.1f} kB")


def method_calls(query: SqlQuery, filters: Filters, bounds: Bounds, zoom: float, count: int
                 ) -> dict[str, Callable[[], Any]]:
    """Each SqlQuery method as the pages call it for one filter set and view."""
    kinds = list(KINDS)
    return {
        "count": lambda: query.count(filters),
        "kind_counts": lambda: query.kind_counts(filters),
        "placed_count": lambda: query.placed_count(filters, kinds, bounds),
        "grid": lambda: query.grid(filters, kinds, bounds, zoom, GRID_CELL_PX),
        "timeline year/events": lambda: query.timeline(filters, "year", "events", False),
        "timeline month/fatalities/spread": lambda: query.timeline(filters, "month", "fatalities", True),
        "source_counts": lambda: query.source_counts(filters),
        "page(0, 2000)": lambda: query.page(filters, 0, 2000),
        "page(last, 2000)": lambda: query.page(filters, max(0, count - 2000), 2000),
        "records(limit 100,000)": lambda: query.records(filters, 100_000),
        "placed_records": lambda: query.placed_records(filters, kinds, bounds),
    }


def bench_methods(query: SqlQuery, repeat: int, total: int) -> None:
    for label, (filters, (bounds, zoom)) in FILTER_SETS.items():
        count = query.count(filters)
        print(f"{label}: {count:,} events; view {bounds}, zoom {zoom}")
        for name, call in method_calls(query, filters, bounds, zoom, count).items():
            if name != "placed_records" or label == "zoomed in":  # the map asks for records only zoomed in
                show(name, *timed(call, repeat))
    show("record(id)", *timed(lambda: query.record(f"SYN-{total // 2:07d}"), repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source", type=Path, help="an existing GeoPackage of synthetic events to import")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as name, contextlib.ExitStack() as stack:
        source = args.source or Path(name) / "big.gpkg"
        if args.source is None:
            seconds, _ = run_child([sys.executable, "scripts/gen_synthetic.py", "--n", str(args.n), "--out",
                                    str(source)])
            print(f"generated {args.n:,} events in {seconds:.0f} s")
        pg = stack.enter_context(PgServer.start(durable=True))
        url = pg.fresh_database()
        env = {**os.environ, "BORDER_MONITOR_DATA": str(Path(name) / "home"), "DATABASE_URL": url}
        seconds, peak = run_child([sys.executable, "-m", "geo", "import", str(source)], env=env)
        size = pg.psql("postgres", f"SELECT pg_database_size('{url.rsplit('/', 1)[1]}')")
        print(f"import into PostGIS: {seconds:.1f} s, peak memory {peak:,.0f} MB; "
              f"database {int(size.split()[-3]) / 1e6:,.0f} MB")
        store = open_store(url)
        started = time.perf_counter()
        full = store.load()
        loaded = time.perf_counter()
        prepared = prepare_frame(full)
        ready = time.perf_counter()
        mask = filter_mask(prepared, FILTER_SETS["one year"][0])
        done = time.perf_counter()
        print(f"baseline: store.load() {loaded - started:.1f} s + prepare_frame {ready - loaded:.1f} s + "
              f"filter_mask (one year) {(done - ready) * 1000:.0f} ms = {done - started:.1f} s for "
              f"{len(full):,} events ({int(mask.sum()):,} pass)")
        del full, prepared
        summaries, summary = timed(lambda: SqlQuery.of(store).summary(), max(1, args.repeat // 2))
        show("summary() (fresh object)", summaries, summary)
        bench_methods(SqlQuery.of(store), args.repeat, len(mask))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
