"""The offline basemap: country outlines of the region and the Afghan–Tajik border.

Derived from Natural Earth by ``scripts/derive_basemap.py`` into
``data/basemap.geojson``; nothing here touches the network.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.paths import BASEMAP_GEOJSON
from geo.schema import CRS

#: ((south, west), (north, east)) framing the Afghan–Tajik border on the map.
REGION_BOUNDS = ((35.6, 66.2), (39.9, 75.4))


@cache
def load_basemap() -> gpd.GeoDataFrame:
    """Country polygons (``kind='country'``, ``iso3``, ``name``) and the border line."""
    gdf = gpd.read_file(BASEMAP_GEOJSON)
    return gdf.set_crs(CRS, allow_override=True)


def countries() -> gpd.GeoDataFrame:
    """Only the country polygons of the basemap."""
    base = load_basemap()
    return base[base["kind"] == "country"]


def country_shape(iso3: str) -> BaseGeometry:
    """The (clipped) outline of one country by ISO 3166 alpha-3 code."""
    rows = countries()
    match = rows[rows["iso3"] == iso3.upper()]
    if match.empty:
        raise KeyError(f"country {iso3!r} is not in the basemap")
    return match.geometry.iloc[0]


def border_line() -> BaseGeometry:
    """The Afghanistan–Tajikistan boundary as a (Multi)LineString, EPSG:4326."""
    base = load_basemap()
    return base[base["kind"] == "border"].geometry.iloc[0]
