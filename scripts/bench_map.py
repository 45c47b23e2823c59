"""Benchmark the map's filter-change path at 1,000 / 10,000 / 100,000 events.

For each size, synthetic events (``scripts/gen_synthetic.py``) are written to a
real GeoPackage store in a temporary ``BORDER_MONITOR_DATA`` and loaded back
with ``open_store().load()``. Then one filter change is timed, the way the
map page does it: apply the new time window (:func:`geo.filters.apply_filters`),
build the layers (:func:`geo.mapview.build_layers`, view = the whole region at
zoom 7, and a zoomed view at zoom 10), and produce everything
``st_folium(base_map, feature_group_to_add=layers)`` sends to the browser, using
streamlit-folium's own helpers in the order ``st_folium`` calls them. "Bytes
sent" is the JSON of those component arguments.

The naive baseline, measured in the same run, draws one ``folium.Marker`` with
a ``folium.Popup`` (the same card) per event and renders the whole map page.
Times are the median of ``--repeat`` runs; peak memory is measured in a separate
run under ``tracemalloc`` (Python allocations only).

Usage::

    python scripts/bench_map.py [--sizes 1000 10000 100000] [--naive-max 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.assets import asset_urls, localise_map
from geo.basemap import REGION_BOUNDS
from geo.cards import event_card_html
from geo.filters import Filters, apply_filters, prepare_frame
from geo.mapview import AGGREGATED, build_base_map, build_layers
from geo.paths import DATA_ENV
from scripts.gen_synthetic import make_synthetic_frame

#: The filter change: the time window moves from everything to 2000–2020.
WINDOW = Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2020, 12, 31))
#: The two views: the whole region at zoom 7, and the Khorog–Ishkoshim stretch of the Panj at zoom 10.
VIEWS: dict[str, tuple[Any, float]] = {
    "region z7": (REGION_BOUNDS, 7),
    "zoomed z10": (((36.9, 71.0), (37.7, 72.2)), 10),
}


def streamlit_folium_payload(base: folium.Map, groups: Sequence[folium.FeatureGroup]) -> dict[str, Any]:
    """The component arguments ``st_folium(deepcopy(base), feature_group_to_add=groups)`` sends.

    Mirrors streamlit_folium 0.27's ``st_folium`` step by step (without
    Streamlit): render the figure, take the map's html/header/script, render
    each feature group's script, collect asset links.
    """
    from streamlit.runtime.scriptrunner_utils import script_run_context

    # Importing the component outside `streamlit run` logs a harmless "missing ScriptRunContext".
    logging.getLogger(script_run_context.__name__).addFilter(lambda record: "ScriptRunContext" not in record.msg)
    from streamlit_folium import (  # private helpers, imported here so geo/ never needs them
        _get_feature_group_string,
        _get_header,
        _get_html,
        _get_map_string,
    )

    fig = copy.deepcopy(base)  # the app renders a copy of its cached base map (st_folium mutates it)
    fig.get_root().render()
    fig.render()
    html, header, script = _get_html(fig), _get_header(fig), _get_map_string(fig)
    groups_js = "".join(_get_feature_group_string(g, map=fig, idx=i) for i, g in enumerate(groups))
    links = asset_urls(fig)
    return {"script": script, "header": header, "html": html, "feature_group": groups_js,
            "css_links": [u for u in links if u.endswith(".css")], "js_links": [u for u in links if u.endswith(".js")]}


def filter_change(frame: gpd.GeoDataFrame, base: folium.Map, view: str) -> tuple[int, str]:
    """Our path: filter, build layers, render the component payload; (bytes sent, what was drawn)."""
    bounds, zoom = VIEWS[view]
    shown = apply_filters(frame, WINDOW)
    groups = build_layers(shown, bounds=bounds, zoom=zoom)
    payload = streamlit_folium_payload(base, groups)
    drawn = sum(getattr(c, "size", 0) for g in groups if g.layer_name != "uncertainty" for c in g._children.values())
    mode = "bubbles" if groups and groups[0].layer_name == AGGREGATED else "events"
    return len(json.dumps(payload).encode()), f"{drawn:,} {mode} of {len(shown):,}"


def naive_filter_change(frame: gpd.GeoDataFrame) -> tuple[int, str]:
    """Baseline: one folium.Marker + folium.Popup per event, whole page rendered."""
    shown = apply_filters(frame, WINDOW)
    m = folium.Map(location=[37.6, 70.7], zoom_start=7, tiles=None)
    lon, lat = shown.geometry.representative_point().x, shown.geometry.representative_point().y
    records = shown.drop(columns="geometry").to_dict("records")
    for y, x, rec in zip(lat, lon, records, strict=True):
        folium.Marker([y, x], popup=folium.Popup(event_card_html(rec), max_width=380)).add_to(m)
    localise_map(m)
    html = m.get_root().render()
    return len(html.encode()), f"{len(shown):,} markers"


def measure(run: Callable[[], tuple[int, str]], repeat: int) -> tuple[float, int, str, float]:
    """(median seconds, bytes, what was drawn, peak MiB under tracemalloc)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        size, drawn = run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), size, drawn, peak


def load_from_store(n: int, seed: int) -> tuple[gpd.GeoDataFrame, float]:
    """Write ``n`` synthetic events into a fresh GeoPackage store and load them back (seconds to load)."""
    from geo.paths import store_path
    from geo.schema import frame_to_events
    from geo.store import GeoPackageStore, open_store

    GeoPackageStore(store_path()).replace_all(frame_to_events(make_synthetic_frame(n, seed)))
    start = time.perf_counter()
    frame = prepare_frame(open_store().load())
    return frame, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Print one table of figures per run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive-max", type=int, default=100_000,
                        help="skip the naive baseline above this many events (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bm-bench-") as home:
        os.environ[DATA_ENV] = home
        base = build_base_map()
        print("Filter change = time window 2000-01-01..2020-12-31 on the whole dataset; events from a GeoPackage "
              "store in a temporary BORDER_MONITOR_DATA.")
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; times are medians of "
              f"{args.repeat} runs (naive: 1 run); peak MiB = Python allocations (tracemalloc), separate run.")
        print(f"{'events':>8} {'path':<18} {'drawn':<26} {'time s':>8} {'MB sent':>8} {'peak MiB':>9}"
              f" {'x faster':>9} {'x smaller':>9}")
        for n in args.sizes:
            for old in Path(home).glob("*.gpkg"):
                old.unlink()
            frame, load_s = load_from_store(n, args.seed)
            rows = {view: measure(partial(filter_change, frame, base, view), args.repeat) for view in VIEWS}
            naive = measure(partial(naive_filter_change, frame), 1) if n <= args.naive_max else None
            for label, (secs, size, drawn, peak) in [*[(f"ours {v}", r) for v, r in rows.items()],
                                                     *([("naive markers", naive)] if naive else [])]:
                faster = f"{naive[0] / secs:9.1f}" if naive and not label.startswith("naive") else f"{'':>9}"
                smaller = f"{naive[1] / size:9.1f}" if naive and not label.startswith("naive") else f"{'':>9}"
                print(f"{n:>8,} {label:<18} {drawn:<26} {secs:8.3f} {size / 1e6:8.2f} {peak:9.1f} {faster} {smaller}")
            if naive is None:
                print(f"{n:>8,} naive markers      skipped (--naive-max {args.naive_max:,})")
            print(f"{n:>8,} (store load {load_s:.2f} s, not part of a filter change)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
