"""The offline basemap derived from Natural Earth."""

from __future__ import annotations

from pyproj import Geod

from geo.basemap import REGION_BOUNDS, border_line, country_shape, load_basemap
from geo.gazetteer import load_gazetteer


def test_basemap_has_afghanistan_and_tajikistan() -> None:
    base = load_basemap()
    assert base.crs.to_epsg() == 4326
    assert {"AFG", "TJK", "UZB", "KGZ"} <= set(base["iso3"])


def test_border_line_length_is_plausible() -> None:
    # The real border is ~1,350 km; Natural Earth 1:10m smooths river meanders,
    # so accept 1,100-1,450 km (measured geodesically, not in degrees).
    km = Geod(ellps="WGS84").geometry_length(border_line()) / 1000
    assert 1100 < km < 1450


def test_border_runs_between_the_two_countries() -> None:
    line = border_line()
    afg, tjk = country_shape("AFG"), country_shape("TJK")
    assert line.distance(afg) < 0.01 and line.distance(tjk) < 0.01
    # Kulob (Tajikistan) and Kunduz (Afghanistan) fall on the right sides.
    gaz = load_gazetteer()
    assert tjk.contains(gaz.lookup("Kulob").point)
    assert afg.contains(gaz.lookup("Kunduz").point)


def test_region_bounds_frame_the_border() -> None:
    (south, west), (north, east) = REGION_BOUNDS
    minx, miny, maxx, maxy = border_line().bounds
    assert west <= minx and maxx <= east and south <= miny and maxy <= north
