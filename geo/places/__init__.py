"""Places: the offline basemap, the gazetteer and geocoding.

:func:`load_basemap` (Natural Earth countries, :data:`REGION_BOUNDS`,
:func:`border_line`), :func:`load_gazetteer` (curated names with transliteration
variants, then GeoNames; :class:`Place`), and :func:`geocode` /
:func:`geocode_or_none`, which also understand area phrases such as "the
Afghan–Tajik border" (:data:`AREA_PHRASES`, :func:`match_area`).
Towns, rivers and province names for the map come from :func:`reference_features`.
Events whose geometry contradicts their record (a point far outside the region or
outside its stated country) are caught by :func:`location_problem`.
"""

from geo.places.basemap import (
    BASEMAP_BOX,
    REGION_BOUNDS,
    border_line,
    countries,
    country_shape,
    load_basemap,
    shared_boundary,
    shared_line,
)
from geo.places.gazetteer import REGION_COUNTRIES, Gazetteer, Place, load_gazetteer
from geo.places.geocode import AREA_PHRASES, PlaceNotFound, area_geometry, geocode, geocode_or_none, match_area
from geo.places.reference import INSET_BOX, PLACE_RANKS, reference_features
from geo.places.sanity import location_problem, location_problems
from geo.places.textnorm import APOSTROPHES, FINAL_A_MIN, FOLDS, joined_forms, normalise_name, translit_key

__all__ = [
    "APOSTROPHES",
    "AREA_PHRASES",
    "BASEMAP_BOX",
    "FINAL_A_MIN",
    "FOLDS",
    "INSET_BOX",
    "PLACE_RANKS",
    "REGION_BOUNDS",
    "REGION_COUNTRIES",
    "Gazetteer",
    "Place",
    "PlaceNotFound",
    "area_geometry",
    "border_line",
    "countries",
    "country_shape",
    "geocode",
    "geocode_or_none",
    "joined_forms",
    "load_basemap",
    "load_gazetteer",
    "location_problem",
    "location_problems",
    "match_area",
    "normalise_name",
    "reference_features",
    "shared_boundary",
    "shared_line",
    "translit_key",
]
