"""Place names and area phrases to geometries.

``geocode("Kulyab")`` returns the curated place (a Point, geo_precision 1);
area phrases such as "northern Afghanistan" or "the Afghan–Tajik border"
return polygons or lines derived from the offline basemap with geo_precision
3; unknown names raise :class:`PlaceNotFound` with near matches. A fuzzy
match is never returned silently as a hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import geopandas as gpd
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.basemap import border_line, country_shape
from geo.gazetteer import Place, load_gazetteer
from geo.schema import CRS, METRIC_CRS


class PlaceNotFound(LookupError):
    """No place or area phrase matches the name; ``suggestions`` lists near names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"place {name!r} not found{hint}")


def _buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """Buffer in metres in UTM 42N, returned in EPSG:4326."""
    series = gpd.GeoSeries([geom], crs=CRS).to_crs(METRIC_CRS).buffer(km * 1000)
    return series.to_crs(CRS).iloc[0]


def _afg_north_border() -> BaseGeometry:
    """Afghanistan's boundary with Tajikistan, Uzbekistan and Turkmenistan."""
    afg = country_shape("AFG")
    parts = [afg.boundary.intersection(country_shape(c).buffer(0.01)) for c in ("TJK", "UZB", "TKM")]
    return gpd.GeoSeries(parts, crs=CRS).union_all()


def _border_zone() -> BaseGeometry:
    return _buffer_km(border_line(), 25)


def _afg_along_tajik_border() -> BaseGeometry:
    return country_shape("AFG").intersection(_buffer_km(border_line(), 120))


def _afg_along_northern_borders() -> BaseGeometry:
    return country_shape("AFG").intersection(_buffer_km(_afg_north_border(), 120))


def _northern_afghanistan() -> BaseGeometry:
    return country_shape("AFG").intersection(box(60.0, 35.3, 75.0, 39.0))


def _southern_afghanistan() -> BaseGeometry:
    return country_shape("AFG").intersection(box(60.0, 29.0, 75.0, 33.2))


def _southern_tajikistan() -> BaseGeometry:
    return country_shape("TJK").intersection(box(67.0, 36.6, 70.6, 38.3))


def _tajik_side_of_border() -> BaseGeometry:
    return country_shape("TJK").intersection(_buffer_km(border_line(), 30))


#: (phrase pattern on the normalised phrase, name, kind, country, builder).
_AFG = r"(?:afghan|afghanistan)"
_TJK = r"(?:tajik|tajikistan)"
AREA_PHRASES: tuple[tuple[str, str, str, str, Callable[[], BaseGeometry]], ...] = (
    (rf"(?:{_AFG} {_TJK}|{_TJK} {_AFG}) and {_AFG} turkmen borders?|"
     rf"{_AFG} provinces along (?:its|the) northern borders?",
     "Northern Afghan border provinces", "region", "Afghanistan", _afg_along_northern_borders),
    (rf"northern {_AFG} (?:provinces )?(?:along|bordering|near|on) (?:the )?{_TJK}(?: border| territory)?|"
     rf"{_AFG} provinces along (?:the )?{_TJK} border",
     "Afghan provinces along the Tajik border", "region", "Afghanistan", _afg_along_tajik_border),
    (rf"border areas? between {_AFG} and {_TJK}|border areas? between {_TJK} and {_AFG}|"
     rf"(?:{_AFG} {_TJK}|{_TJK} {_AFG}) border (?:areas?|zone|regions?)",
     "Afghan–Tajik border area", "border", "Tajikistan", _border_zone),
    (rf"(?:{_AFG} {_TJK}|{_TJK} {_AFG}) border|border between {_AFG} and {_TJK}|"
     rf"border between {_TJK} and {_AFG}|{_TJK} border with {_AFG}|{_AFG} border with {_TJK}|panj river border",
     "Afghan–Tajik border", "border", "Tajikistan", border_line),
    (rf"(?:near )?(?:the )?border with {_AFG}|{_TJK} side of the border",
     "Tajik side of the Afghan border", "border", "Tajikistan", _tajik_side_of_border),
    (r"(?:northern|north) afghanistan|afghanistan s north|northern afghan provinces",
     "Northern Afghanistan", "region", "Afghanistan", _northern_afghanistan),
    (r"(?:southern|south) afghanistan|afghanistan s south",
     "Southern Afghanistan", "region", "Afghanistan", _southern_afghanistan),
    (r"(?:southern|south) tajikistan|tajikistan s south",
     "Southern Tajikistan", "region", "Tajikistan", _southern_tajikistan),
    (r"afghanistan|afghan territory|afghan soil", "Afghanistan", "country", "Afghanistan",
     lambda: country_shape("AFG")),
    (r"tajikistan|tajik territory", "Tajikistan", "country", "Tajikistan",
     lambda: country_shape("TJK")),
)


def _phrase_key(text: str) -> str:
    key = re.sub(r"[\u2010-\u2015\-–—'’]", " ", text.lower())
    key = re.sub(r"[^a-z0-9 ]+", " ", key)
    key = re.sub(r"\b(?:the|of)\b", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    return re.sub(r"^(?:around|in|on|along|at|inside|across|within) ", "", key)


@cache
def _area(index: int) -> Place:
    _pattern, name, kind, country, builder = AREA_PHRASES[index]
    return Place(name=name, kind=kind, country=country, geometry=builder(),
                 geo_precision=3, origin="derived")


def match_area(phrase: str) -> Place | None:
    """The derived area for a phrase such as "northern Afghanistan", or None."""
    key = _phrase_key(phrase)
    for index, (pattern, *_rest) in enumerate(AREA_PHRASES):
        if re.fullmatch(rf"(?:{pattern})", key):
            return _area(index)
    return None


def geocode(name: str, *, country: str | None = None) -> Place:
    """Resolve a place name or area phrase.

    Curated names and their alternate spellings win, then GeoNames; area
    phrases give polygons/lines (geo_precision 3). Raises
    :class:`PlaceNotFound` (with suggestions) when nothing matches exactly.
    """
    if not name or not name.strip():
        raise PlaceNotFound(name, [])
    gazetteer = load_gazetteer()
    place = gazetteer.lookup(name, country=country)
    if place is not None and place.kind != "country":
        return place
    area = match_area(name)
    if area is not None:
        return area
    if place is not None:
        return place
    raise PlaceNotFound(name.strip(), gazetteer.suggestions(name))


def area_geometry(place: Place) -> BaseGeometry:
    """The place's geometry, with an area place given as a point widened to its radius.

    Provinces and regions in the curated gazetteer are points with ``radius_km``;
    an event placed there is an area, not a pin, so it becomes a circle polygon.
    """
    if place.geometry.geom_type == "Point" and place.geo_precision >= 2 and place.radius_km:
        return _buffer_km(place.geometry, place.radius_km)
    return place.geometry


def geocode_or_none(name: str, *, country: str | None = None) -> Place | None:
    """:func:`geocode` that returns None instead of raising."""
    try:
        return geocode(name, country=country)
    except PlaceNotFound:
        return None
