"""Geocoding: alternate spellings, clear misses, and area phrases derived from the basemap."""

from __future__ import annotations

import csv
import math
from functools import cache

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point

from geo.model import CRS, METRIC_CRS
from geo.places.basemap import border_line, country_shape
from geo.places.gazetteer import geonames_csv, load_gazetteer
from geo.places.geocode import (
    AREA_PHRASES,
    BORDER_AREA_KM,
    PlaceNotFound,
    area_geometry,
    geocode,
    geocode_or_none,
    match_area,
    phrase_key,
)

GEOD = Geod(ellps="WGS84")


@cache
def geonames_point(name: str, cc: str) -> tuple[float, float]:
    """(lon, lat) of a GeoNames row: an independent reference for curated places."""
    with geonames_csv().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["name"] == name and row["cc"] == cc:
                return float(row["lon"]), float(row["lat"])
    raise LookupError(f"{name} ({cc}) is not in GeoNames")


# Spelling as it appears in reporting -> reference position: a GeoNames row
# (name, country code) or, for places GeoNames lacks, (lon, lat) from maps.
ALT_SPELLINGS: list[tuple[str, tuple[str, str] | tuple[float, float]]] = [
    ("Kulyab", ("Kulob", "TJ")),
    ("Kulab", ("Kulob", "TJ")),
    ("Kuliab", ("Kulob", "TJ")),
    ("Kurgan-Tyube", ("Qurghonteppa", "TJ")),
    ("Kurgan Tube", ("Qurghonteppa", "TJ")),
    ("Bokhtar", ("Qurghonteppa", "TJ")),
    ("Khorog", ("Khorugh", "TJ")),
    ("Xorug", ("Khorugh", "TJ")),
    ("Mazar-e Sharif", ("Mazar-e Sharif", "AF")),
    ("Mazari Sharif", ("Mazar-e Sharif", "AF")),
    ("Mazar-i-Sharif", ("Mazar-e Sharif", "AF")),
    ("Qal'ai Khumb", ("Qalaikhumb", "TJ")),
    ("Kala-i-Khumb", ("Qalaikhumb", "TJ")),
    ("Shaartuz", ("Shahritus", "TJ")),
    ("Kondoz", ("Kunduz", "AF")),
    ("Qunduz", ("Kunduz", "AF")),
    ("Pyanj", ("Panj", "TJ")),
    ("Imam Saheb", ("Imam Sahib", "AF")),
    ("Feyzabad", ("Fayzabad", "AF")),
    ("Taluqan", ("Taloqan", "AF")),
    ("Kofarnihon", ("Vahdat", "TJ")),
    ("Dyushambe", ("Dushanbe", "TJ")),
    ("Murgab", ("Murghob", "TJ")),
    ("Kumsangir", ("Dusti", "TJ")),
    ("Termiz", ("Tirmiz", "UZ")),
    ("Kabol", ("Kabul", "AF")),
    ("St. Petersburg", ("Saint Petersburg", "RU")),
    ("Rostaq", ("Rustaq", "AF")),
    ("Shurabad", ("Shurobod", "TJ")),
    ("Moskovsky", ("Moskva", "TJ")),
    ("Kolkhozabad", ("Kolkhozobod", "TJ")),
    ("Ishkashim", ("Ishqoshim", "TJ")),
    ("Khawahan", ("Deh Khwahan", "AF")),
    ("Frunze", ("Bishkek", "KG")),
    ("Toshkent", ("Tashkent", "UZ")),
    ("Nizhny Pyanj", (68.62, 37.22)),  # Panji Poyon, Tajik end of the bridge
    ("Shir Khan Bandar", (68.60, 37.17)),  # Afghan river port
    ("Gissar Air Base", (68.67, 38.51)),  # Ayni airfield west of Dushanbe
]


def _reference(ref: tuple[str, str] | tuple[float, float]) -> tuple[float, float]:
    if isinstance(ref[0], str):
        return geonames_point(str(ref[0]), str(ref[1]))
    return float(ref[0]), float(ref[1])


@pytest.mark.parametrize(("spelling", "reference"), ALT_SPELLINGS)
def test_alternate_spelling_resolves_within_10_km(
    spelling: str, reference: tuple[str, str] | tuple[float, float]
) -> None:
    place = geocode(spelling)
    lon, lat = _reference(reference)
    km = GEOD.inv(lon, lat, place.point.x, place.point.y)[2] / 1000
    assert km < 10, f"{spelling} -> {place.name} is {km:.1f} km off"
    assert place.origin == "curated"
    assert place.geo_precision in (1, 2)


def test_at_least_25_spellings_are_checked() -> None:
    assert len({s for s, _ in ALT_SPELLINGS}) >= 25


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kulyabb", "Kulob"),
        ("Kulobistan", "Kulob"),
        ("Shartoosh", "Shahritus"),
        ("Mazar Shariff", "Mazar-i-Sharif"),  # "Sharef" is an e/i variant, found by the loose key
        ("Dushanbee", "Dushanbe"),
        ("Khoroq", "Khorog"),
        ("Ishkashimm", "Ishkoshim"),
        ("Kunduzz province", "Kunduz Province"),
    ],
)
def test_unknown_name_is_not_found_with_suggestions(name: str, expected: str) -> None:
    with pytest.raises(PlaceNotFound) as info:
        geocode(name)
    err = info.value
    assert err.name == name
    assert err.suggestions[0] == expected, err.suggestions
    assert str(err) == f"place {name!r} not found; did you mean: {', '.join(err.suggestions)}?"


def test_nonsense_gets_no_suggestions_and_blank_input_does_not_crash() -> None:
    with pytest.raises(PlaceNotFound) as info:
        geocode("Xanadu")
    assert info.value.suggestions == [] and str(info.value) == "place 'Xanadu' not found"
    for blank in ("", "   ", None):
        with pytest.raises(PlaceNotFound):
            geocode(blank)  # type: ignore[arg-type]
    assert geocode_or_none("Xanadu") is None
    assert geocode_or_none("Kulyab") is not None


def test_country_filter_and_its_errors() -> None:
    assert geocode("Ishkashim").country == "Tajikistan"
    assert geocode("Ishkashim", country="Afghanistan").name == "Ishkashim (Afghanistan)"
    with pytest.raises(PlaceNotFound, match="'Kulob' not found in Afghanistan"):
        geocode("Kulob", country="AF")
    with pytest.raises(ValueError, match="unknown country"):
        geocode("Kulob", country="Atlantis")


def test_geonames_fallback_for_uncurated_town() -> None:
    place = geocode("Paghman")
    assert place.origin == "geonames" and place.country == "Afghanistan"


# --- area phrases ------------------------------------------------------------------------

LINE = {"LineString", "MultiLineString"}
AREA = {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    ("phrase", "types", "name"),
    [
        ("the Afghan–Tajik border", LINE, "Afghan–Tajik border"),
        ("Tajik-Afghan border", LINE, "Afghan–Tajik border"),
        ("along the border between Afghanistan and Tajikistan", LINE, "Afghan–Tajik border"),
        ("Tajikistan's border with Afghanistan", LINE, "Afghan–Tajik border"),
        ("border areas between Afghanistan and Tajikistan", AREA, "Afghan–Tajik border area"),
        ("northern Afghanistan", AREA, "Northern Afghanistan"),
        ("northern Afghan provinces", AREA, "Northern Afghanistan"),
        ("northern Afghanistan bordering Tajikistan", AREA, "Afghan provinces along the Tajik border"),
        ("Afghan provinces along the Tajik border", AREA, "Afghan provinces along the Tajik border"),
        ("around the Afghan-Tajik and Afghan-Turkmen borders", AREA, "Northern Afghan border provinces"),
        ("near the border with Afghanistan", AREA, "Tajik side of the Afghan border"),
        ("southern Afghanistan", AREA, "Southern Afghanistan"),
        ("southern Tajikistan", AREA, "Southern Tajikistan"),
        ("Afghanistan", AREA, "Afghanistan"),
        ("Tajikistan", AREA, "Tajikistan"),
        ("the Wakhan corridor", AREA, "Wakhan Corridor"),
        ("Panj river", LINE, "Panj River"),
        ("Amu Darya", LINE, "Amu Darya"),
        ("the Uzbek-Afghan border", LINE, "Afghan–Uzbek border"),
        ("Uzbekistan's border with Afghanistan", LINE, "Afghan–Uzbek border"),
        ("the Afghan side of the Uzbek border", LINE, "Afghan–Uzbek border"),
    ],
)
def test_area_phrases_give_areas_with_precision_3(phrase: str, types: set[str], name: str) -> None:
    place = geocode(phrase)
    assert place.name == name
    assert place.geometry.geom_type in types
    assert place.geo_precision == 3 and place.origin == "derived"
    assert place.geometry.is_valid and not place.geometry.is_empty


def test_every_area_phrase_row_builds_a_valid_geometry() -> None:
    for index, area in enumerate(AREA_PHRASES):
        place = match_area(area.name)
        assert place is not None, f"row {index} ({area.name}) does not match its own name"
        assert place.geometry.is_valid and not place.geometry.is_empty, area.name


def _contains(phrase: str, lon: float, lat: float) -> bool:
    return bool(geocode(phrase).geometry.contains(Point(lon, lat)))


def test_northern_afghanistan_is_the_afghan_side_near_tajikistan() -> None:
    for town in ("Kunduz", "Taloqan", "Faizabad", "Imam Sahib"):
        assert _contains("northern Afghanistan", *geocode(town).point.coords[0]), town
    kabul, kulob = geocode("Kabul").point, geocode("Kulob").point
    assert not _contains("northern Afghanistan", kabul.x, kabul.y)
    assert not _contains("northern Afghanistan", kulob.x, kulob.y)  # Tajik side excluded


def test_turkmen_border_phrase_reaches_further_west_than_the_tajik_one() -> None:
    maymana = geonames_point("Maymana", "AF")  # Faryab, near Turkmenistan
    assert _contains("around the Afghan-Tajik and Afghan-Turkmen borders", *maymana)
    assert not _contains("Afghan provinces along the Tajik border", *maymana)


def test_regional_areas_hold_the_right_towns() -> None:
    kulob, bokhtar = geocode("Kulob").point, geocode("Bokhtar").point
    dushanbe, khorog = geocode("Dushanbe").point, geocode("Khorog").point
    south = geocode("southern Tajikistan").geometry
    assert south.contains(kulob) and south.contains(bokhtar)
    assert not south.contains(dushanbe) and not south.contains(khorog)
    southern_afghanistan = geocode("southern Afghanistan").geometry
    assert southern_afghanistan.contains(geocode("Qalat").point)
    assert not southern_afghanistan.contains(geocode("Kunduz").point)
    tajik_side = geocode("near the border with Afghanistan").geometry
    assert tajik_side.contains(geocode("Panj").point)
    assert tajik_side.within(country_shape("TJK").buffer(1e-9))


def test_border_area_is_a_narrow_buffer_of_the_line() -> None:
    zone = gpd.GeoSeries([geocode("Afghan–Tajik border areas").geometry], crs=CRS)
    line = gpd.GeoSeries([border_line()], crs=CRS).to_crs(METRIC_CRS).iloc[0]
    edge = shapely.points(shapely.get_coordinates(zone.to_crs(METRIC_CRS).iloc[0].exterior))
    edge_km = shapely.distance(edge, line) / 1000  # every edge vertex lies ~20 km out
    assert edge_km.min() == pytest.approx(BORDER_AREA_KM, rel=0.05)
    assert edge_km.max() == pytest.approx(BORDER_AREA_KM, rel=0.05)


def test_phrase_key_drops_fillers_and_possessives() -> None:
    assert phrase_key("Along the Afghan–Tajik border") == "afghan tajik border"
    assert phrase_key("Tajikistan’s border with Afghanistan") == "tajikistan border with afghanistan"
    assert match_area("Kulob") is None


def test_area_geometry_widens_area_points_only() -> None:
    khatlon = geocode("Khatlon")
    assert khatlon.radius_km
    circle = gpd.GeoSeries([area_geometry(khatlon)], crs=CRS).to_crs(METRIC_CRS)
    expected_km2 = math.pi * khatlon.radius_km**2
    assert circle.area.iloc[0] / 1e6 == pytest.approx(expected_km2, rel=0.02)
    kulob = geocode("Kulob")
    assert area_geometry(kulob) is kulob.geometry
    border = geocode("Afghan–Tajik border")
    assert area_geometry(border) is border.geometry


def test_every_gazetteer_name_geocodes_to_its_own_place() -> None:
    for place in load_gazetteer().curated:
        found = geocode(place.name)
        assert found.name == place.name or found.origin == "derived", place.name
