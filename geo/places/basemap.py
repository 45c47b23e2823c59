"""The offline basemap: country outlines of the region and the Afghan–Tajik border.

``data/basemap.geojson`` is derived from Natural Earth (public domain) by
``scripts/derive_basemap.py``; nothing here touches the network. Countries are
clipped to lon 56–80, lat 29–45 (Afghanistan, Tajikistan and Kyrgyzstan are
whole; the others are cut at the box edge).

Example
-------
>>> from geo.places.basemap import border_line, country_shape
>>> country_shape("TJK").touches(country_shape("AFG"))
True
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from geo.model import CRS
from geo.paths import BASEMAP_GEOJSON

#: (west, south, east, north) in degrees: the box the basemap covers (scripts/derive_basemap.py clips to it).
BASEMAP_BOX = (56.0, 29.0, 80.0, 45.0)
#: ((south, west), (north, east)) in degrees, framing the Afghan–Tajik border on the map.
REGION_BOUNDS = ((35.5, 66.0), (39.8, 75.5))


@cache
def _read_basemap() -> gpd.GeoDataFrame:
    if not BASEMAP_GEOJSON.is_file():
        raise FileNotFoundError(
            f"basemap {BASEMAP_GEOJSON} is missing; run scripts/derive_basemap.py to create it"
        )
    gdf = gpd.read_file(BASEMAP_GEOJSON)
    return gdf.set_crs(CRS, allow_override=True)


def load_basemap() -> gpd.GeoDataFrame:
    """The basemap as a GeoDataFrame in EPSG:4326 (read once, then copied).

    Columns: ``kind`` (``country`` or ``border``), ``iso3`` (ISO 3166 alpha-3;
    ``AFG|TJK`` for the border), ``name`` and ``geometry``.
    """
    return _read_basemap().copy()


def countries() -> gpd.GeoDataFrame:
    """Only the country polygons of the basemap (EPSG:4326)."""
    base = _read_basemap()
    return base[base["kind"] == "country"].copy()


@cache
def country_shape(iso3: str) -> BaseGeometry:
    """The (clipped) outline of one country by ISO 3166 alpha-3 code, e.g. ``"TJK"``."""
    base = _read_basemap()
    match = base[(base["kind"] == "country") & (base["iso3"] == iso3.strip().upper())]
    if match.empty:
        known = ", ".join(sorted(base.loc[base["kind"] == "country", "iso3"]))
        raise KeyError(f"country {iso3!r} is not in the basemap (known: {known})")
    return match.geometry.iloc[0]


@cache
def border_line() -> BaseGeometry:
    """The Afghanistan–Tajikistan boundary as a (Multi)LineString in EPSG:4326."""
    base = _read_basemap()
    return base[base["kind"] == "border"].geometry.iloc[0]


def shared_line(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """The boundary two polygons share, merged into as few lines as possible.

    Returns an empty ``LineString`` when they share no boundary (touching at a
    point does not count).
    """
    shared = a.boundary.intersection(b.boundary)
    parts = getattr(shared, "geoms", [shared])
    lines = [g for g in parts if "LineString" in g.geom_type and not g.is_empty]
    if not lines:
        return LineString()
    return shapely.line_merge(shapely.union_all(lines))


@cache
def shared_boundary(iso3_a: str, iso3_b: str) -> BaseGeometry:
    """The boundary two basemap countries share, as a (Multi)LineString (EPSG:4326).

    Raises ``ValueError`` when the two countries do not share a boundary.
    """
    line = shared_line(country_shape(iso3_a), country_shape(iso3_b))
    if line.is_empty:
        raise ValueError(f"{iso3_a} and {iso3_b} share no boundary in the basemap")
    return line
