"""Make clearly labelled SYNTHETIC events for load tests and benchmarks.

Every record is marked as made up: ``event_id`` starts with ``SYN-``, notes
start with ``SYNTHETIC``, the only source is the publisher "Synthetic
generator" rated F6 (reliability cannot be judged, truth cannot be judged).
Events are scattered like real reporting: mostly within a few km of the
Afghan–Tajik border or of towns of the curated gazetteer (border towns
weighted up), dated 1992–2023, with some date ranges (time precision 2/3)
and approximate places (geo precision 2/3; some with a border-stretch line or
a district-sized polygon as geometry). Offsets are drawn in metres in
EPSG:32642 and projected back. The frame is valid under :mod:`geo.model.schema`.

Usage::

    python scripts/gen_synthetic.py --n 100000 --out var/synthetic.gpkg --seed 1
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.ops import substring

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.exchange import write_events
from geo.model import CRS, METRIC_CRS, normalise_frame
from geo.paths import GAZETTEER_CSV
from geo.places import border_line, countries

PREFIX = "SYN-"
FIRST_DAY, LAST_DAY = np.datetime64("1992-01-01"), np.datetime64("2023-12-31")
#: (kind, event_type, sub_event_type, share of all events)
TYPES = (
    ("incident", "Battles", "Armed clash", 0.36),
    ("incident", "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.08),
    ("incident", "Explosions/Remote violence", "Remote explosive/landmine/IED", 0.06),
    ("incident", "Explosions/Remote violence", "Air/drone strike", 0.03),
    ("incident", "Violence against civilians", "Attack", 0.07),
    ("incident", "Violence against civilians", "Abduction/forced disappearance", 0.03),
    ("incident", "Riots", "Mob violence", 0.03),
    ("incident", "Protests", "Peaceful protest", 0.03),
    ("incident", "Strategic developments", "Arrests", 0.04),
    ("incident", "Strategic developments", "Disrupted weapons use", 0.02),
    ("posture", "Strategic developments", "Headquarters or base established", 0.06),
    ("concentration", "Strategic developments", "Other", 0.07),
    ("context", "Strategic developments", "Agreement", 0.05),
    ("context", "Strategic developments", "Other", 0.07),
)
ACTORS = ("Tajik Border Troops", "Afghan National Army", "Taliban", "Unidentified armed group",
          "Drug smugglers", "Russian 201st Military Base", "Jamaat Ansarullah", "ISKP", "Local militia",
          "Afghan Border Police", "CSTO Collective Rapid Reaction Force")
CLAIMANTS = ("Tajik Border Troops press office", "Russian Defence Ministry", "CSTO secretariat",
             "Taliban spokesperson", "UN monitoring team", "Afghan Ministry of Defence", "Unnamed local officials")
VAGUE_WORDS = (("dozens", 12), ("several", 3), ("hundreds", 100), ("a few", 3))
PHRASES = (
    "Fighting was reported along the river crossing and lasted several hours.",
    "Local officials gave differing accounts of who fired first.",
    "The report could not be confirmed by a second outlet.",
    "Movements of armed men were reported near the settlement over several days.",
    "Border posts on both banks were reinforced afterwards.",
    "Casualty figures are those given by one side only.",
)


def _places() -> pd.DataFrame:
    """Towns, districts, crossings and bases of the curated gazetteer inside the region."""
    table = pd.read_csv(GAZETTEER_CSV)
    table = table[table["kind"].isin(["town", "district", "crossing", "base"])]
    table = table[table["lat"].between(35.0, 40.5) & table["lon"].between(65.5, 76.0)]
    return table.reset_index(drop=True)


def _area_pool(border_m: shapely.LineString, towns_m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Border stretches (40–120 km lines) and district-sized discs (15–35 km) in EPSG:4326."""
    starts = rng.uniform(0, border_m.length - 120_000, 16)
    lines = [substring(border_m, s, s + rng.uniform(40_000, 120_000)) for s in starts]
    centres = shapely.points(towns_m[rng.integers(0, len(towns_m), 16)])
    discs = shapely.buffer(centres, rng.uniform(15_000, 35_000, 16), quad_segs=6)
    pool = gpd.GeoSeries(np.concatenate([np.array(lines, dtype=object), discs]), crs=METRIC_CRS)
    return pool.to_crs(CRS).to_numpy()


def _countries_at(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Country name per point from the basemap (the nearest one for a point in none), and whether one contains it."""
    names = np.full(len(lon), "", dtype=object)
    for name, shape in zip(countries()["name"], countries().geometry, strict=True):
        names[shapely.contains_xy(shape, lon, lat) & (names == "")] = name
    inside = names != ""
    if (~inside).any():
        points = shapely.points(lon[~inside], lat[~inside])
        gaps = np.column_stack([shapely.distance(shape, points) for shape in countries().geometry])
        names[~inside] = countries()["name"].to_numpy()[gaps.argmin(axis=1)]
    return names, inside


def _text_where(mask: np.ndarray, values: object) -> pd.Series:
    """``values`` where ``mask`` is true, missing elsewhere (an object column)."""
    return pd.Series(np.broadcast_to(np.asarray(values, dtype=object), mask.shape), dtype=object).where(mask)


def _estimates(rng: np.random.Generator, best: np.ndarray, known: np.ndarray) -> tuple[pd.Series, ...]:
    """(low, best, high) nullable ints around ``best`` with low <= best <= high; NA where not ``known``."""
    low = np.floor(best * rng.uniform(0.5, 1.0, len(best)))
    high = np.ceil(best * rng.uniform(1.0, 2.0, len(best)))
    ranged = rng.random(len(best)) < 0.4
    out = []
    for values, keep in ((low, ranged), (best, np.ones(len(best), bool)), (high, ranged)):
        series = pd.Series(values, dtype="Float64").round().astype("Int64")
        out.append(series.mask(~(known & keep)))
    return tuple(out)


def make_synthetic_frame(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` synthetic events as the canonical event frame (EPSG:4326), reproducible for ``seed``."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    rng = np.random.default_rng(seed)
    to_metric = Transformer.from_crs(CRS, METRIC_CRS, always_xy=True)
    to_degrees = Transformer.from_crs(METRIC_CRS, CRS, always_xy=True)
    places = _places()
    towns_m = np.column_stack(to_metric.transform(places["lon"].to_numpy(), places["lat"].to_numpy()))
    border_m = gpd.GeoSeries([border_line()], crs=CRS).to_crs(METRIC_CRS).iloc[0]

    # Where: 55 % along the border, the rest around places (3 x weight within 60 km of the border).
    near_border = rng.random(n) < 0.55
    along = shapely.line_interpolate_point(border_m, rng.uniform(0, border_m.length, n))
    border_xy = shapely.get_coordinates(along)
    town_weight = np.where(shapely.distance(shapely.points(towns_m), border_m) < 60_000, 3.0, 1.0)
    town = rng.choice(len(places), n, p=town_weight / town_weight.sum())
    geo_precision = rng.choice([1, 2, 3], n, p=[0.6, 0.28, 0.12])
    spread_m = np.where(geo_precision == 1, 1_500, np.where(geo_precision == 2, 8_000, 20_000))
    xy = np.where(near_border[:, None], border_xy, towns_m[town]) + rng.normal(0, 1, (n, 2)) * spread_m[:, None]
    lon, lat = to_degrees.transform(xy[:, 0], xy[:, 1])
    country, _ = _countries_at(lon, lat)
    geometry = shapely.points(np.round(lon, 5), np.round(lat, 5))
    with_area = (geo_precision == 3) & (rng.random(n) < 0.5)
    pool = _area_pool(border_m, towns_m, rng)
    geometry[with_area] = pool[rng.integers(0, len(pool), int(with_area.sum()))]
    # an area event is coded to the country its area lies in (the area replaced the point)
    anchor = shapely.point_on_surface(geometry[with_area])
    country[with_area] = _countries_at(shapely.get_x(anchor), shapely.get_y(anchor))[0]

    # What and when.
    share = np.array([t[3] for t in TYPES])
    what = rng.choice(len(TYPES), n, p=share / share.sum())
    kind, event_type, sub_type = (np.array([t[i] for t in TYPES], dtype=object)[what] for i in range(3))
    time_precision = rng.choice([1, 2, 3], n, p=[0.65, 0.25, 0.10])
    start = FIRST_DAY + rng.integers(0, int((LAST_DAY - FIRST_DAY).astype(int)) - 400, n).astype("timedelta64[D]")
    span_days = np.where(time_precision == 1, 0, np.where(time_precision == 2, rng.integers(6, 31, n),
                                                          rng.integers(60, 366, n)))
    end = start + span_days.astype("timedelta64[D]")

    # How many: fatalities for violent incidents, strength for postures and concentrations.
    violent = (kind == "incident") & np.isin(event_type, ["Battles", "Explosions/Remote violence",
                                                          "Violence against civilians", "Riots"])
    deaths = np.where(rng.random(n) < 0.45, 0, np.ceil(rng.lognormal(1.0, 1.2, n)))
    f_low, f_best, f_high = _estimates(rng, deaths, violent & (rng.random(n) < 0.9))
    armed = np.isin(kind, ["posture", "concentration"])
    s_low, s_best, s_high = _estimates(rng, np.ceil(rng.lognormal(5.5, 1.3, n)), armed & (rng.random(n) < 0.85))
    vague = rng.integers(0, len(VAGUE_WORDS), n)
    vague_used = violent & (rng.random(n) < 0.1)
    f_best = f_best.mask(vague_used, pd.Series([VAGUE_WORDS[i][1] for i in vague], dtype="Int64"))
    f_low, f_high = f_low.mask(vague_used), f_high.mask(vague_used)

    ids = np.char.add(PREFIX, np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    place_name = places["name"].to_numpy()[town]
    where_words = np.where(geo_precision == 1, " border post", " border area")
    location = np.where(near_border, np.char.add(place_name.astype(str), where_words),
                        np.char.add("Near ", place_name.astype(str)))
    phrase = np.array(PHRASES, dtype=object)
    notes = ("SYNTHETIC test record, not a real event: " + pd.Series(sub_type).str.lower() + " near "
             + pd.Series(place_name) + ". " + phrase[rng.integers(0, len(phrase), n)] + " "
             + phrase[rng.integers(0, len(phrase), n)])
    published = pd.Series(end + rng.integers(0, 5, n).astype("timedelta64[D]")).dt.strftime("%Y-%m-%d")
    sources = [[{"source_id": f"syn-src-{k:02d}", "publisher": "Synthetic generator",
                 "title": f"Synthetic report {k}", "published": day, "url": None,
                 "reliability": "F", "credibility": 6}]
               for k, day in zip(rng.integers(0, 40, n).tolist(), published.tolist(), strict=True)]
    actor = np.array(ACTORS, dtype=object)
    frame = pd.DataFrame({
        "event_id": ids, "kind": kind, "event_type": event_type, "sub_event_type": sub_type,
        "date_start": start.astype("datetime64[ns]"), "date_end": end.astype("datetime64[ns]"),
        "time_precision": time_precision, "location": location,
        "admin1": places["admin1"].to_numpy()[town], "country": country, "geo_precision": geo_precision,
        "fatalities_low": f_low, "fatalities_best": f_best, "fatalities_high": f_high,
        "fatalities_text": _text_where(vague_used, np.array([w for w, _ in VAGUE_WORDS], dtype=object)[vague]),
        "wounded": pd.Series(np.floor(deaths * rng.uniform(0, 2, n)), dtype="Int64").mask(~violent),
        "strength_low": s_low, "strength_best": s_best, "strength_high": s_high,
        "strength_text": _text_where(armed & s_best.isna().to_numpy(), "several hundred fighters"),
        "actor1": actor[rng.integers(0, len(actor), n)],
        "actor2": _text_where(violent, actor[rng.integers(0, len(actor), n)]),
        "claimed_by": np.array(CLAIMANTS, dtype=object)[rng.integers(0, len(CLAIMANTS), n)],
        "notes": notes.to_numpy(), "sources": sources,
    })
    return normalise_frame(gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS))


def main(argv: list[str] | None = None) -> int:
    """Command line: write ``--n`` synthetic events to ``--out`` (.geojson or .gpkg)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of events (default 10,000)")
    parser.add_argument("--out", type=Path, required=True, help="output file, .geojson or .gpkg")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    suffix = args.out.suffix.lower()
    fmt = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg"}.get(suffix)
    if fmt is None:
        parser.error(f"--out {args.out}: the name must end in .geojson or .gpkg, not {suffix or 'nothing'}")
    if args.n < 0:
        parser.error(f"--n {args.n}: give 0 or more events")
    write_events(make_synthetic_frame(args.n, args.seed), fmt, args.out)
    print(f"wrote {args.n:,} synthetic events to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
