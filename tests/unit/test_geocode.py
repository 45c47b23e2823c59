"""Geocoding: alternate spellings, area phrases and clear misses."""

from __future__ import annotations

import pytest
from pyproj import Geod

from geo.geocode import PlaceNotFound, geocode

GEOD = Geod(ellps="WGS84")

# (spelling as it appears in reporting, true lat, true lon) — 25+ variants.
ALT_SPELLINGS = [
    ("Kulyab", 37.914, 69.784),
    ("Kulab", 37.914, 69.784),
    ("Kurgan-Tyube", 37.836, 68.781),
    ("Qurghonteppa", 37.836, 68.781),
    ("Kurgan Tube", 37.836, 68.781),
    ("Khorugh", 37.489, 71.553),
    ("Khorog", 37.489, 71.553),
    ("Mazar-e Sharif", 36.709, 67.110),
    ("Mazari Sharif", 36.709, 67.110),
    ("Qal'ai Khumb", 38.453, 70.789),
    ("Kalaikhumb", 38.453, 70.789),
    ("Shaartuz", 37.262, 68.138),
    ("Kondoz", 36.729, 68.857),
    ("Qunduz", 36.729, 68.857),
    ("Pyanj", 37.236, 69.099),
    ("Nizhny Pyanj", 37.205, 68.637),
    ("Shir Khan Bandar", 37.175, 68.610),
    ("Imam Saheb", 37.189, 68.936),
    ("Feyzabad", 37.117, 70.580),
    ("Taluqan", 36.736, 69.535),
    ("Kofarnihon", 38.556, 69.013),
    ("Dyushambe", 38.536, 68.779),
    ("Eshkashem", 36.708, 71.565),
    ("Murgab", 38.170, 73.967),
    ("Kumsangir", 37.348, 68.664),
    ("Termiz", 37.224, 67.278),
    ("Kabol", 34.528, 69.172),
    ("St. Petersburg", 59.939, 30.316),
    ("Rostaq", 37.126, 69.830),
    ("Gissar Air Base", 38.51, 68.67),
]


@pytest.mark.parametrize(("name", "lat", "lon"), ALT_SPELLINGS)
def test_alternate_spelling_resolves_within_10_km(name: str, lat: float, lon: float) -> None:
    place = geocode(name)
    _, _, metres = GEOD.inv(lon, lat, place.point.x, place.point.y)
    assert metres < 10_000, f"{name} -> {place.name} is {metres / 1000:.1f} km off"
    assert place.geo_precision in (1, 2)


def test_at_least_25_spellings_are_checked() -> None:
    assert len(ALT_SPELLINGS) >= 25


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kulobistan", "Kulob"),
        ("Shartoosh", None),
        ("Gorno Karabakh", "Gorno-Badakhshan"),
        ("Atlantis Base", "Kant Air Base"),
        ("Dushanbeh city", "Dushanbe"),
        ("Xanadu", None),
    ],
)
def test_unknown_name_is_not_found_with_suggestions(name: str, expected: str | None) -> None:
    with pytest.raises(PlaceNotFound) as info:
        geocode(name)
    err = info.value
    assert err.suggestions, "a miss must come with near matches"
    assert f"place {name!r} not found" in str(err)
    if expected:
        assert expected in err.suggestions


def test_fuzzy_match_is_never_a_silent_hit() -> None:
    with pytest.raises(PlaceNotFound):
        geocode("Khoroq town centre")


@pytest.mark.parametrize(
    ("phrase", "geom_types", "name"),
    [
        ("the Afghan–Tajik border", {"LineString", "MultiLineString"}, "Afghan–Tajik border"),
        ("Tajik-Afghan border", {"LineString", "MultiLineString"}, "Afghan–Tajik border"),
        ("northern Afghanistan", {"Polygon", "MultiPolygon"}, "Northern Afghanistan"),
        ("northern Afghan provinces along the Tajik border", {"Polygon", "MultiPolygon"},
         "Afghan provinces along the Tajik border"),
        ("border areas between Afghanistan and Tajikistan", {"Polygon", "MultiPolygon"},
         "Afghan–Tajik border area"),
        ("around the Afghan-Tajik and Afghan-Turkmen borders", {"Polygon", "MultiPolygon"},
         "Northern Afghan border provinces"),
        ("southern Tajikistan", {"Polygon", "MultiPolygon"}, "Southern Tajikistan"),
    ],
)
def test_area_phrases_give_areas_with_precision_3(phrase: str, geom_types: set[str], name: str) -> None:
    place = geocode(phrase)
    assert place.name == name
    assert place.geometry.geom_type in geom_types
    assert place.geo_precision == 3


def test_northern_afghanistan_lies_in_afghanistan_north_of_kabul() -> None:
    area = geocode("northern Afghanistan").geometry
    kunduz, kabul = geocode("Kunduz").point, geocode("Kabul").point
    assert area.contains(kunduz)
    assert not area.contains(kabul)
    assert not area.contains(geocode("Kulob").point)  # Tajik side is excluded


def test_country_filter() -> None:
    assert geocode("Ishkashim").country == "Tajikistan"
    assert geocode("Ishkashim", country="Afghanistan").country == "Afghanistan"


def test_geonames_fallback_for_uncurated_town() -> None:
    place = geocode("Paghman")
    assert place.origin == "geonames"
    assert place.country == "Afghanistan"
