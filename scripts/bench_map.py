"""Benchmark the map's filter-change path at 1,000 / 10,000 / 100,000 / 1,000,000 events.

For each size, synthetic events (``scripts/gen_synthetic.py``) are written to a
GeoPackage file, imported into a real GeoPackage store in a temporary
``BORDER_MONITOR_DATA`` (``python -m geo import``'s path: streamed from 5,000
events) and loaded back with ``open_store().load()``. Then one filter change is timed, the way the
map page does it: apply the new time window (:func:`geo.filters.apply_filters`),
build the layers (:func:`geo.map.view.build_layers`, view = the whole region at
zoom 7, and a zoomed view at zoom 10), and call streamlit-folium's own
``st_folium`` exactly as ``pages/map.py`` does (deep copy of the cached base map,
``feature_group_to_add=layers``, the page's arguments) with the component
function swapped for one that keeps its arguments. "Bytes sent" is those
arguments serialised as Streamlit serialises them (``json.dumps``): the base
map's HTML/JS, the layers' script, asset links, defaults and key. The static
files the map loads (Leaflet, the component's frontend) are cached by the
browser after the first visit and are not counted.

Two baselines, measured in the same run and sent the same way: naive folium, one
``folium.Marker`` with a ``folium.Popup`` (the same card) per event in a feature
group (up to ``--naive-max`` events), and folium's ``FastMarkerCluster`` (every
point as one JSON array, clustered in the browser, no cards; up to
``--cluster-max``). Times are the median of ``--repeat`` runs (baselines: one
run); peak memory is measured in a separate run under ``tracemalloc`` (Python
allocations, numpy's included).

Usage::

    python scripts/bench_map.py [--sizes 1000 10000 100000 1000000] [--naive-max 100000]
        [--cluster-max 1000000] [--repeat 3]
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
from folium.plugins import FastMarkerCluster

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.filters import Filters, apply_filters, prepare_frame
from geo.map import AGGREGATED, build_base_map, build_layers, event_card_html
from geo.paths import DATA_ENV
from geo.places import REGION_BOUNDS
from scripts.gen_synthetic import make_synthetic_frame

#: The filter change: the time window moves from everything to 2000–2020.
WINDOW = Filters(date_from=dt.date(2000, 1, 1), date_to=dt.date(2020, 12, 31))
#: Issue targets at 100,000 events: a filter change served in under 1 s, sending under 3 MB.
TARGET_EVENTS, TARGET_S, TARGET_BYTES = 100_000, 1.0, 3_000_000
#: The two views: the whole region at zoom 7, and the Khorog–Ishkoshim stretch of the Panj at zoom 10.
VIEWS: dict[str, tuple[Any, float]] = {
    "region z7": (REGION_BOUNDS, 7),
    "zoomed z10": (((36.9, 71.0), (37.7, 72.2)), 10),
}


def st_folium_arguments(base: folium.Map, groups: Sequence[folium.FeatureGroup]) -> dict[str, Any]:
    """The component arguments the map page's ``st_folium`` call hands to Streamlit.

    Runs streamlit-folium's own ``st_folium`` (on a deep copy of the cached base
    map, as :func:`ui.data.base_map` does, with the page's
    :data:`ui.maps.MAP_COMPONENT_ARGS`) with its component function swapped for
    one that keeps the arguments, so nothing here re-implements what
    streamlit-folium sends: the base map's html/header/script, the
    ``feature_group_to_add`` script, asset links, defaults and key.
    """
    from streamlit.runtime.scriptrunner_utils import script_run_context

    # Using the component outside `streamlit run` logs a harmless "missing ScriptRunContext".
    logging.getLogger(script_run_context.__name__).addFilter(lambda record: "ScriptRunContext" not in record.msg)
    import streamlit_folium

    from ui.maps import MAP_COMPONENT_ARGS

    captured: dict[str, Any] = {}

    def keep_arguments(**kwargs: Any) -> Any:
        captured.update(kwargs)
        return kwargs.get("default")

    real = streamlit_folium._component_func
    streamlit_folium._component_func = keep_arguments
    try:
        streamlit_folium.st_folium(copy.deepcopy(base), feature_group_to_add=list(groups), **MAP_COMPONENT_ARGS)
    finally:
        streamlit_folium._component_func = real
    return captured


def sent_bytes(arguments: dict[str, Any]) -> int:
    """Bytes of the component's JSON arguments, serialised as Streamlit does (``json.dumps``).

    ``on_change`` and ``tab_index`` are Streamlit-side parameters, not sent.
    """
    sent = {k: v for k, v in arguments.items() if k not in ("on_change", "tab_index")}
    return len(json.dumps(sent).encode())


def filter_change(frame: gpd.GeoDataFrame, base: folium.Map, view: str) -> tuple[int, str]:
    """Our path: filter, build layers, produce and serialise the component arguments; (bytes sent, drawn)."""
    bounds, zoom = VIEWS[view]
    shown = apply_filters(frame, WINDOW)
    groups = build_layers(shown, bounds=bounds, zoom=zoom)
    size = sent_bytes(st_folium_arguments(base, groups))
    drawn = sum(getattr(c, "size", 0) for g in groups if g.layer_name != "uncertainty" for c in g._children.values())
    mode = "bubbles" if groups and groups[0].layer_name == AGGREGATED else "events"
    return size, f"{drawn:,} {mode} of {len(shown):,}"


def naive_filter_change(frame: gpd.GeoDataFrame, base: folium.Map) -> tuple[int, str]:
    """Baseline: one folium.Marker + folium.Popup (the same card) per event, sent the same way."""
    shown = apply_filters(frame, WINDOW)
    group = folium.FeatureGroup(name="events")
    points = shown.geometry.representative_point()
    records = shown.drop(columns="geometry").to_dict("records")
    for y, x, rec in zip(points.y, points.x, records, strict=True):
        folium.Marker([y, x], popup=folium.Popup(event_card_html(rec), max_width=380)).add_to(group)
    return sent_bytes(st_folium_arguments(base, [group])), f"{len(shown):,} markers"


def cluster_filter_change(frame: gpd.GeoDataFrame, base: folium.Map) -> tuple[int, str]:
    """Baseline: folium's FastMarkerCluster of every event's point (no cards), sent the same way."""
    shown = apply_filters(frame, WINDOW)
    points = shown.geometry.representative_point()
    group = folium.FeatureGroup(name="events")
    FastMarkerCluster(list(zip(points.y.tolist(), points.x.tolist(), strict=True))).add_to(group)
    return sent_bytes(st_folium_arguments(base, [group])), f"{len(shown):,} points clustered"


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


def load_from_store(n: int, seed: int, folder: Path) -> tuple[gpd.GeoDataFrame, float]:
    """Import ``n`` synthetic events into a fresh GeoPackage store and load them back (seconds to load)."""
    from geo.exchange import import_file, write_events
    from geo.paths import store_path
    from geo.stores import GeoPackageStore, open_store

    source = folder / f"synthetic-{n}.gpkg"
    write_events(make_synthetic_frame(n, seed), "gpkg", source)
    report = import_file(source, GeoPackageStore(store_path()))
    source.unlink()
    if not report.written:
        raise SystemExit(f"the synthetic events were not imported: {report.summary()}")
    start = time.perf_counter()
    frame = prepare_frame(open_store().load())
    return frame, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Print one table of figures per run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--naive-max", type=int, default=100_000,
                        help="skip the naive baseline above this many events (default 100,000)")
    parser.add_argument("--cluster-max", type=int, default=1_000_000,
                        help="skip the FastMarkerCluster baseline above this many events (default 1,000,000)")
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
        print(f"{'events':>9} {'path':<18} {'drawn':<28} {'time s':>8} {'MB sent':>8} {'peak MiB':>9}"
              f" {'x faster':>9} {'x smaller':>9}")
        for n in args.sizes:
            for old in Path(home).glob("*.gpkg"):
                old.unlink()
            frame, load_s = load_from_store(n, args.seed, Path(home))
            rows = {f"ours {view}": measure(partial(filter_change, frame, base, view), args.repeat) for view in VIEWS}
            naive = measure(partial(naive_filter_change, frame, base), 1) if n <= args.naive_max else None
            cluster = measure(partial(cluster_filter_change, frame, base), 1) if n <= args.cluster_max else None
            baselines = {"naive markers": naive, "FastMarkerCluster": cluster}
            for label, (secs, size, drawn, peak) in [*rows.items(), *[(k, v) for k, v in baselines.items() if v]]:
                faster = f"{naive[0] / secs:9.1f}" if naive and label in rows else f"{'':>9}"
                smaller = f"{naive[1] / size:9.1f}" if naive and label in rows else f"{'':>9}"
                print(f"{n:>9,} {label:<18} {drawn:<28} {secs:8.3f} {size / 1e6:8.2f} {peak:9.1f} {faster} {smaller}")
            for label, limit in (("naive markers", "--naive-max"), ("FastMarkerCluster", "--cluster-max")):
                if baselines[label] is None:
                    print(f"{n:>9,} {label:<18} skipped ({limit} {getattr(args, limit[2:].replace('-', '_')):,})")
            print(f"{n:>9,} (store load {load_s:.2f} s, not part of a filter change)")
            if n == TARGET_EVENTS:
                worst_s, worst_bytes = max(r[0] for r in rows.values()), max(r[1] for r in rows.values())
                met = worst_s < TARGET_S and worst_bytes < TARGET_BYTES
                print(f"{n:>9,} targets (< {TARGET_S:g} s, < {TARGET_BYTES / 1e6:g} MB): {'met' if met else 'MISSED'}"
                      f" (slowest {worst_s:.3f} s, largest {worst_bytes / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
