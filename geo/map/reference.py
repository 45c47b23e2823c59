"""The map's reference layers: countries, the border, rivers, towns and faint province names.

Everything here is drawn once per map by :func:`geo.map.view.build_base_map`
and is never clickable. Names are labels for :mod:`geo.map.labels` (placed
without collisions, by priority, shown from a zoom level on): country names
first, then the capitals, the border rivers, provincial centres, crossings,
the other rivers, province names and district towns.

Example
-------
>>> from geo.places import load_basemap
>>> [layer.size > 0 for layer in reference_layers(load_basemap())]
[True, True, True, True, True, True]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from geo.map import symbols as sym
from geo.map.cards import escape_text
from geo.map.compact import CompactLayer, value_table
from geo.model import METRIC_CRS
from geo.places import REGION_BOUNDS, country_shape, reference_features

#: Decimal places kept for coordinates sent to the browser (4 ≈ 11 m).
COORD_DECIMALS = 4
#: Simplification tolerance (degrees) for country outlines; the border line is kept whole.
BASEMAP_TOLERANCE_DEG = 0.003
#: Simplification tolerance (degrees) for rivers (~200 m).
RIVER_TOLERANCE_DEG = 0.002
#: Countries showing less than this inside the region frame get no name label.
LABEL_MIN_AREA_KM2 = 3000.0
#: Rivers are labelled at one of these shares of their length (the middle first).
RIVER_LABEL_SHARES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)
#: ... of each of its longest parts (WDB II lines come in pieces), longest first.
RIVER_LABEL_PARTS = 3

#: Per place rank: (label priority band, lowest zoom shown, dot radius px, CSS class, dot only when labelled:
#: an unlabelled dot tells a reader nothing and clutters the map).
PLACE_STYLE: dict[int, tuple[float, float, float, str, bool]] = {
    1: (10, 4, 4.5, "bm-place-1", False),
    2: (30, 5, 3.0, "bm-place-2", True),
    3: (80, 8, 2.0, "bm-place-3", True),
    4: (50, 6, 3.0, "bm-place-4", True),
}
#: Places outside Afghanistan and Tajikistan (other than capitals) are labelled after theirs, from this zoom on.
#: Towns this close to Afghanistan's border (km), such as Termez, count as home towns.
FOREIGN_PRIORITY, FOREIGN_MIN_ZOOM = 40, 7
HOME_COUNTRIES = ("Afghanistan", "Tajikistan")
HOME_BORDER_KM = 30.0
#: Label priority band and lowest zoom of river ranks 1 (border rivers) and 2; provinces; countries.
RIVER_STYLE = {1: (35, 5), 2: (60, 7)}
PROVINCE_STYLE = (70, 5.5)
COUNTRY_PRIORITY = 0


def coords(values: np.ndarray) -> list[float]:
    """Degrees rounded to :data:`COORD_DECIMALS` as plain floats (short JSON)."""
    return [float(v) for v in np.round(values, COORD_DECIMALS)]


def geojson_geometries(geoms: np.ndarray, tolerance: float = 0.0) -> list[dict[str, Any] | None]:
    """GeoJSON geometry of each polygon/line (optionally simplified; rounded); None for points."""
    if tolerance:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, COORD_DECIMALS))
    return [None if shapely.get_type_id(g) == 0 else g.__geo_interface__ for g in rounded]


def _label(text: str, priority: float, css: str, zoom: float, kind: str, radius: float = 0.0,
           anchors: Sequence[tuple[float, float]] | None = None, optional: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {"t": escape_text(text), "p": round(priority, 3), "c": css, "z": zoom, "k": kind,
                            "r": radius}
    if anchors is not None:
        spec["a"] = [[round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS)] for lat, lon in anchors]
    if optional:
        spec["o"] = 1
    return spec


def _country_layers(base: gpd.GeoDataFrame) -> tuple[CompactLayer, CompactLayer, CompactLayer]:
    """Country fills, the emphasised border line, and the country names (labels only)."""
    countries = base[base["kind"] == "country"]
    border = base[base["kind"] == "border"]
    styles = [{"fillColor": sym.LAND_FILLS.get(code, sym.NEIGHBOUR_FILL), "color": sym.COUNTRY_OUTLINE,
               "weight": 0.8, "fill": True, "fillOpacity": 1, "interactive": False} for code in countries["iso3"]]
    table, index = value_table(styles)
    points = countries.geometry.representative_point()
    land = CompactLayer("area", coords(points.y.to_numpy()), coords(points.x.to_numpy()), table, index,
                        geom=geojson_geometries(countries.geometry.to_numpy(), BASEMAP_TOLERANCE_DEG))
    mid = border.geometry.representative_point()
    line = CompactLayer("area", coords(mid.y.to_numpy()), coords(mid.x.to_numpy()),
                        [dict(sym.BORDER_STYLE, fill=False, interactive=False)], [0] * len(border),
                        geom=geojson_geometries(border.geometry.to_numpy()))  # border in full detail
    (south, west), (north, east) = REGION_BOUNDS
    visible = countries.geometry.intersection(box(west, south, east, north))
    big = ~visible.is_empty & (visible.to_crs(METRIC_CRS).area / 1e6 >= LABEL_MIN_AREA_KM2)
    anchors = visible[big].representative_point()  # a label inside the part the frame shows
    names = CompactLayer("label", coords(anchors.y.to_numpy()), coords(anchors.x.to_numpy()), [{}],
                         [0] * int(big.sum()),
                         lbl=[_label(n, COUNTRY_PRIORITY, "bm-country", 0, "area") for n in countries["name"][big]])
    return land, line, names


def _river_layer(rivers: gpd.GeoDataFrame) -> CompactLayer:
    """River lines, each labelled at one of :data:`RIVER_LABEL_SHARES` of one of its longest parts."""
    labels, lat, lon = [], [], []
    for name, rank, geom in zip(rivers["name"], rivers["rank"], rivers.geometry, strict=True):
        merged = shapely.line_merge(geom)
        parts = sorted(getattr(merged, "geoms", [merged]), key=lambda g: -g.length)[:RIVER_LABEL_PARTS]
        anchors = [part.interpolate(share, normalized=True) for part in parts for share in RIVER_LABEL_SHARES]
        band, zoom = RIVER_STYLE.get(int(rank), RIVER_STYLE[2])
        labels.append(_label(name, band, "bm-river", zoom, "line", anchors=[(p.y, p.x) for p in anchors]))
        lat.append(anchors[0].y)
        lon.append(anchors[0].x)
    style = dict(sym.RIVER_STYLE, fill=False, interactive=False)
    return CompactLayer("area", coords(np.array(lat)), coords(np.array(lon)), [style], [0] * len(rivers),
                        geom=geojson_geometries(rivers.geometry.to_numpy(), RIVER_TOLERANCE_DEG), lbl=labels)


def _place_layer(places: gpd.GeoDataFrame) -> CompactLayer:
    """Town dots by rank, labelled by rank and then population (larger first)."""
    places = places.sort_values(["rank", "population"], ascending=[True, False])
    afghan_border = gpd.GeoSeries([country_shape("AFG").boundary], crs=places.crs).to_crs(METRIC_CRS).iloc[0]
    home = places["country"].isin(HOME_COUNTRIES) | (
        places.geometry.to_crs(METRIC_CRS).distance(afghan_border) < HOME_BORDER_KM * 1000)
    styles, labels = [], []
    for order, (name, rank, at_home) in enumerate(zip(places["name"], places["rank"], home, strict=True)):
        band, zoom, radius, css, optional = PLACE_STYLE[int(rank)]
        if not at_home and rank > 1:
            band, zoom = band + FOREIGN_PRIORITY, max(zoom, FOREIGN_MIN_ZOOM)
        styles.append(dict(sym.PLACE_DOT_STYLE, radius=radius, **sym.PLACE_DOT_FILLS[int(rank)]))
        labels.append(_label(str(name), band + order / (len(places) + 1), css, zoom, "point", radius,
                             optional=optional))
    table, index = value_table(styles)
    return CompactLayer("circle", coords(places.geometry.y.to_numpy()), coords(places.geometry.x.to_numpy()),
                        table, index, tip=[escape_text(str(n)) for n in places["name"]], lbl=labels)


def _province_layer(provinces: gpd.GeoDataFrame) -> CompactLayer:
    band, zoom = PROVINCE_STYLE
    return CompactLayer("label", coords(provinces.geometry.y.to_numpy()), coords(provinces.geometry.x.to_numpy()),
                        [{}], [0] * len(provinces),
                        lbl=[_label(str(n).upper(), band + i / 100, "bm-province", zoom, "area")
                             for i, n in enumerate(provinces["name"])])


def reference_layers(base: gpd.GeoDataFrame, reference: gpd.GeoDataFrame | None = None) -> list[CompactLayer]:
    """The layers in drawing order: land, rivers, border, country names, province names, towns.

    ``base`` is the basemap frame (:func:`geo.places.load_basemap`), ``reference``
    the reference features (default :func:`geo.places.reference_features`).
    """
    ref = reference_features() if reference is None else reference
    land, line, names = _country_layers(base)
    return [land, _river_layer(ref[ref["kind"] == "river"]), line, names,
            _province_layer(ref[ref["kind"] == "province"]), _place_layer(ref[ref["kind"] == "place"])]
