"""The folium map: offline basemap, event layers, legend and server-side aggregation.

:func:`build_base_map` is built once per process (basemap, border line,
country labels, legend, scale bar). :func:`build_layers` returns the feature
groups for the current filter and view; the app hands them to
streamlit-folium's ``feature_group_to_add``, so a filter change neither
rebuilds the map nor resets pan and zoom. When the view holds more than
:data:`MAX_INDIVIDUAL` events they are counted per grid cell
(:mod:`geo.map.aggregate`) and drawn as bubbles; otherwise each event is drawn
with its card. Styles come from :mod:`geo.map.symbols`.

Example
-------
>>> from geo.model.schema import empty_frame
>>> [g.layer_name for g in build_layers(empty_frame())]
['concentrations', 'uncertainty', 'context', 'incidents', 'postures']
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Figure
from folium.map import FitBounds

from geo.map import symbols as sym
from geo.map.aggregate import GridCells, aggregate_grid
from geo.map.assets import APP_PREFIX, localise_map
from geo.map.cards import aggregate_card_html, escape_text, event_card_html, event_tooltip
from geo.map.compact import CompactLayer, value_table
from geo.map.controls import MapControls
from geo.map.labels import LabelPlacer
from geo.map.legend import Legend, map_style_sheet
from geo.map.locator import LocatorInset
from geo.map.reference import coords as _coords
from geo.map.reference import geojson_geometries as _geojson_geometries
from geo.map.reference import reference_layers
from geo.model import CRS, EVENT_TYPES, FIELDS, KINDS
from geo.places import REGION_BOUNDS, load_basemap

#: Colour of each ACLED event type (kept here too for pages that import it from the map module).
TYPE_COLOURS = sym.TYPE_COLOURS
#: Layer names in drawing order (bottom to top); the app offers them as toggles.
LAYERS: tuple[str, ...] = ("concentrations", "uncertainty", "context", "incidents", "postures")
#: Name of the single layer returned when events are aggregated.
AGGREGATED = "aggregated"
#: Above this many events in view they are drawn as count bubbles instead of one by one.
MAX_INDIVIDUAL = 2000
#: Concentration labels are placed after the towns that orient a reader and the province names, before
#: district towns (see geo.map.reference); those that find no room are shown on hover.
CONCENTRATION_LABEL_PRIORITY = 75
#: Claimants longer than this are cut in concentration labels (the card has them whole).
LABEL_CLAIMANT_CHARS = 32
#: Share of the view's width/height added on each side when selecting events "in view".
VIEW_PADDING = 0.25
#: Simplification tolerance (degrees) for event areas sent to the browser.
AREA_TOLERANCE_DEG = 0.002

_LAYER_KINDS = {"incidents": "incident", "postures": "posture", "context": "context",
                "concentrations": "concentration"}
Bounds = tuple[tuple[float, float], tuple[float, float]]


# -- base map ---------------------------------------------------------------------------

def build_base_map(basemap_gdf: gpd.GeoDataFrame | None = None, *, online_tiles: bool = False,
                   asset_prefix: str = APP_PREFIX, bounds: Bounds = REGION_BOUNDS) -> folium.Map:
    """The static part of the map, opening on ``bounds`` (default :data:`geo.places.basemap.REGION_BOUNDS`).

    Draws the offline basemap (``basemap_gdf``, default
    :func:`geo.places.basemap.load_basemap`: ``kind`` country features with ``iso3``
    and ``name``, one ``kind`` border feature) with Afghanistan and Tajikistan
    slightly distinct, the Afghan–Tajik border emphasised, country labels, a
    scale bar, the legend and the locator inset. No tile layer unless ``online_tiles`` (then
    OpenStreetMap, Esri imagery and OpenTopoMap can be switched on, off by
    default). Every script and style sheet is served from ``asset_prefix``.
    """
    base = load_basemap() if basemap_gdf is None else basemap_gdf
    missing = {"kind", "iso3", "name"} - set(base.columns)
    if missing:
        raise ValueError(f"basemap frame lacks column(s) {', '.join(sorted(missing))}")
    base = base.to_crs(CRS) if base.crs is not None else base
    (south, west), (north, east) = bounds
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=7, tiles=None,
                   control_scale=True, prefer_canvas=True, min_zoom=4, max_zoom=14, zoom_snap=0.5)
    cast(Figure, m.get_root()).header.add_child(map_style_sheet(), name="bm_css")
    basemap = folium.FeatureGroup(name="Offline basemap", control=online_tiles)
    for layer in reference_layers(base):
        basemap.add_child(layer)
    basemap.add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False).add_to(m)
        folium.TileLayer(
            "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
            name="Esri satellite (online)", attr="Esri, Maxar, Earthstar Geographics", show=False,
        ).add_to(m)
        folium.TileLayer("OpenTopoMap", name="OpenTopoMap (online)", show=False).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    Legend().add_to(m)
    MapControls().add_to(m)
    LabelPlacer().add_to(m)
    LocatorInset().add_to(m)
    # Not animated: the opening zoom is a half step from ``zoom_start`` and an animation still running
    # would undo a zoom made meanwhile (Leaflet ends it by moving to the zoom it was animating to).
    opening = FitBounds([[south, west], [north, east]])
    opening.options["animate"] = False
    m.add_child(opening)
    return localise_map(m, asset_prefix)  # type: ignore[return-value]


def render_standalone(m: folium.Map, groups: Sequence[folium.FeatureGroup]) -> str:
    """One self-contained HTML page of the map with ``groups`` on it (for snapshots and tests).

    ``m`` is not changed; its asset prefix decides where Leaflet is loaded from.
    """
    page = copy.deepcopy(m)
    for group in groups:
        page.add_child(group)
    localise_map(page, _prefix_of(page))
    return str(page.get_root().render())


def _prefix_of(m: folium.Map) -> str:
    url = dict(m.default_js).get("leaflet", f"{APP_PREFIX}/leaflet/leaflet.js")
    return url.rsplit("/leaflet/", 1)[0]


# -- which events, where ------------------------------------------------------------------

def anchor_points(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) in degrees of a point on each event's geometry (the point itself for points)."""
    if not len(gdf):
        return np.zeros(0), np.zeros(0)
    geoms = gdf.geometry.to_numpy()
    lon, lat = shapely.get_x(geoms), shapely.get_y(geoms)  # NaN for lines and polygons
    other = np.isnan(lon)
    if other.any():
        inside = shapely.point_on_surface(geoms[other])
        lon[other], lat[other] = shapely.get_x(inside), shapely.get_y(inside)
    return lon, lat


def view_mask(lon: np.ndarray, lat: np.ndarray, bounds: Bounds | None, padding: float = VIEW_PADDING) -> np.ndarray:
    """Which anchors fall inside ``bounds`` ((south, west), (north, east)) widened by ``padding``."""
    if bounds is None:
        return np.ones(len(lon), dtype=bool)
    (south, west), (north, east) = bounds
    pad_lat, pad_lon = (north - south) * padding, (east - west) * padding
    return ((lat >= south - pad_lat) & (lat <= north + pad_lat)
            & (lon >= west - pad_lon) & (lon <= east + pad_lon))


def _event_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    missing = [name for name in FIELDS if name not in gdf.columns]
    if missing or not isinstance(gdf, gpd.GeoDataFrame):
        lacking = f"lacks column(s) {', '.join(missing)}" if missing else "has no geometry"
        raise ValueError(f"the map needs an event frame (geo.model.schema.events_to_frame); this one {lacking}")
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        return gdf.to_crs(CRS)
    return gdf


def check_layers(layers: Iterable[str]) -> set[str]:
    """The wanted layer names; ``ValueError`` naming any that is not one of :data:`LAYERS`."""
    wanted = set(layers)
    unknown = wanted - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown map layer(s) {', '.join(sorted(unknown))}; choose from {', '.join(LAYERS)}")
    return wanted


def layer_kinds(wanted: Iterable[str]) -> list[str]:
    """The event kinds the ``wanted`` layers draw."""
    chosen = set(wanted)
    return [_LAYER_KINDS[name] for name in LAYERS if name in chosen and name in _LAYER_KINDS]


def build_layers(gdf: gpd.GeoDataFrame, layers: Iterable[str] = LAYERS, *, bounds: Bounds | None = None,
                 zoom: float | None = None) -> list[folium.FeatureGroup]:
    """Feature groups for the (already filtered) events, one per wanted layer.

    ``layers`` picks from :data:`LAYERS`: ``incidents``, ``postures``,
    ``context`` and ``concentrations`` show events of that kind;
    ``uncertainty`` adds, for the incidents, postures and context items drawn
    whose place is approximate (geo precision 2/3), the area they could be in:
    their polygon or line, or a circle of
    :data:`geo.map.symbols.PRECISION_RADIUS_KM` km around a point.
    When the shown events number more than :data:`MAX_INDIVIDUAL`, only those
    in ``bounds`` (the map view, padded) are considered, and if those are
    still too many a single :data:`AGGREGATED` layer of count bubbles on a
    grid sized for ``zoom`` is returned instead. Raises ``ValueError`` for an
    unknown layer name or a frame that is not an event frame; a frame in
    another CRS is reprojected to EPSG:4326 first, and rows without a
    geometry are left out. (:func:`geo.query.query_layers` asks the same of a store's query.)
    """
    wanted = check_layers(layers)
    gdf = _event_frame(gdf)
    lon, lat = anchor_points(gdf)
    # Rows are picked by one mask at the end: a selection copies every column of the rows it keeps
    # (about 0.7 GB for a million events), so only the few the drawing needs are ever copied in bulk.
    keep = gdf["kind"].isin(layer_kinds(wanted)).to_numpy(dtype=bool) & ~(np.isnan(lon) | np.isnan(lat))
    by_view = int(keep.sum()) > MAX_INDIVIDUAL
    if by_view:
        keep &= view_mask(lon, lat, bounds)
        if int(keep.sum()) > MAX_INDIVIDUAL:
            return [aggregated_layer(gdf[list(AGGREGATE_COLUMNS)][keep], lon[keep], lat[keep], zoom)]
    shown, lon, lat = (gdf, lon, lat) if keep.all() else (gdf[keep], lon[keep], lat[keep])
    return draw_layers(shown, lon, lat, wanted, by_view=by_view)


def draw_layers(shown: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray, wanted: set[str], *,
                by_view: bool) -> list[folium.FeatureGroup]:
    """One feature group per wanted layer for events to be drawn one by one (full records,
    their anchors ``lon``/``lat``); ``by_view``: they are only those of the current view."""
    vague_kinds = ["incident", "posture", "context"]
    vague = (_precision(shown) > 1) & shown["kind"].isin(vague_kinds).to_numpy()
    builders: dict[str, Callable[[], folium.FeatureGroup]] = {
        "concentrations": lambda: _concentration_layer(_of_kind(shown, lon, lat, "concentration")),
        "uncertainty": lambda: _uncertainty_layer(shown[vague], lon[vague], lat[vague]),
        "context": lambda: _point_layer("context", *_of_kind(shown, lon, lat, "context")),
        "incidents": lambda: _point_layer("incidents", *_of_kind(shown, lon, lat, "incident")),
        "postures": lambda: _posture_layer(*_of_kind(shown, lon, lat, "posture")),
    }
    groups = [builders[name]() for name in LAYERS if name in wanted]
    if by_view:  # a pan to fit an opening card would rebuild these layers and close it
        for group in groups:
            for child in group._children.values():
                if isinstance(child, CompactLayer):
                    child.without_auto_pan()
    return groups


#: Feature groups as plain data: (layer name, ((payload JSON, feature count), ...)) per group.
FrozenLayers = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


def freeze_layers(groups: Sequence[folium.FeatureGroup]) -> FrozenLayers:
    """What :func:`build_layers` made, as immutable data that any number of sessions may share."""
    return tuple((str(group.layer_name), tuple((child.payload_json, child.size) for child in group._children.values()
                                             if isinstance(child, CompactLayer)))
                 for group in groups)


def thaw_layers(frozen: FrozenLayers) -> list[folium.FeatureGroup]:
    """Fresh feature groups (new folium objects, shared payload strings) from :func:`freeze_layers`.

    streamlit-folium re-parents the groups it renders, so each run needs its own objects;
    building them from the frozen payloads costs microseconds instead of a layer build.
    """
    groups = []
    for name, layers in frozen:
        group = folium.FeatureGroup(name=name)
        for payload_json, size in layers:
            group.add_child(CompactLayer.from_payload(payload_json, size))
        groups.append(group)
    return groups


def _precision(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """ACLED geo precision per row as ints (unknown counts as 1)."""
    return pd.to_numeric(gdf["geo_precision"]).astype("Float64").to_numpy(dtype=float, na_value=1).astype(int)


def _of_kind(gdf: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray,
             kind: str) -> tuple[gpd.GeoDataFrame, np.ndarray, np.ndarray]:
    keep = (gdf["kind"] == kind).to_numpy()
    return gdf[keep], lon[keep], lat[keep]


# -- layers -------------------------------------------------------------------------------

def _records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of the schema's fields (column lists zipped: much faster than ``to_dict``)."""
    names = [c for c in FIELDS if c in gdf.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*(gdf[c].tolist() for c in names), strict=True)]


def _group(name: str, layer: CompactLayer | None) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    if layer is not None and layer.size:
        group.add_child(layer)
    return group


def _point_layer(name: str, gdf: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray) -> folium.FeatureGroup:
    """Incidents (coloured by type, sized by fatalities) or context items (small, neutral)."""
    if not len(gdf):
        return _group(name, None)
    records = _records(gdf)
    vague = _precision(gdf) > 1
    if name == "context":
        styles = [dict(sym.CONTEXT_STYLE, dashArray=sym.VAGUE_DASH if v else None) for v in vague]
    else:
        radius = sym.fatality_radius_px(pd.to_numeric(gdf["fatalities_best"]).astype("Float64")
                                        .to_numpy(dtype=float, na_value=np.nan))
        styles = [{"radius": float(r), "fillColor": sym.type_colour(t), "color": "#222222", "weight": 1,
                   "fillOpacity": sym.VAGUE_OPACITY if v else sym.PRECISE_OPACITY,
                   "dashArray": sym.VAGUE_DASH if v else None}
                  for r, t, v in zip(radius, gdf["event_type"], vague, strict=True)]
    table, index = value_table(styles)
    return _group(name, CompactLayer("circle", _coords(lat), _coords(lon), table, index,
                                     card=[event_card_html(r) for r in records],
                                     tip=[event_tooltip(r) for r in records]))


def _posture_layer(gdf: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray) -> folium.FeatureGroup:
    if not len(gdf):
        return _group("postures", None)
    records = _records(gdf)
    return _group("postures", CompactLayer(
        "icon", _coords(lat), _coords(lon), [{}], [0] * len(gdf),
        icon={"html": sym.POSTURE_SVG, "size": list(sym.POSTURE_SIZE_PX)},
        card=[event_card_html(r) for r in records], tip=[event_tooltip(r) for r in records]))


def _precision_km(gdf: gpd.GeoDataFrame, minimum: float = 0.0) -> list[float]:
    precision = _precision(gdf)
    return [max(minimum, sym.PRECISION_RADIUS_KM.get(p, sym.PRECISION_RADIUS_KM[3])) for p in precision]


def _uncertainty_layer(gdf: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray) -> folium.FeatureGroup:
    if not len(gdf):
        return _group("uncertainty", None)
    # Halos take no clicks or hovers: drawn over many markers (dense data, wide areas), they would catch
    # the clicks meant for the markers, whose cards say the place is approximate anyway.
    # A line (a border stretch) is a soft wide stroke: filled, Leaflet would close it into a false polygon.
    styles = [dict(sym.UNCERTAINTY_STYLE, interactive=False), dict(sym.UNCERTAINTY_LINE_STYLE, interactive=False)]
    km = _precision_km(gdf)
    geoms = _geojson_geometries(gdf.geometry.to_numpy(), AREA_TOLERANCE_DEG)
    # One halo per distinct area: halos stacked on the same country would darken it like a feature.
    first: dict[tuple[str, float], int] = {}
    for i, (geom, radius) in enumerate(zip(geoms, km, strict=True)):
        first.setdefault((json.dumps(geom, sort_keys=True) if geom else f"{lat[i]},{lon[i]}", radius), i)
    keep = sorted(first.values())
    lines = [int(g is not None and "LineString" in g["type"]) for g in (geoms[i] for i in keep)]
    return _group("uncertainty", CompactLayer(
        "area", _coords(lat[keep]), _coords(lon[keep]), styles, lines, geom=[geoms[i] for i in keep],
        km=[km[i] for i in keep]))


def _concentration_label(best: Any, words: Any, claimed: Any) -> str:
    figure = f"≈{int(best):,} fighters" if pd.notna(best) else (str(words) if pd.notna(words) and words else "")
    who = str(claimed).strip() if pd.notna(claimed) and str(claimed).strip() else "unattributed"
    if len(who) > LABEL_CLAIMANT_CHARS:
        who = who[:LABEL_CLAIMANT_CHARS].rsplit(" ", 1)[0] + " …"
    return escape_text(f"{figure or 'strength not given'} · claimed by {who}")


def _concentration_layer(parts: tuple[gpd.GeoDataFrame, np.ndarray, np.ndarray]) -> folium.FeatureGroup:
    gdf, lon, lat = parts
    if not len(gdf):
        return _group("concentrations", None)
    strength = pd.to_numeric(gdf["strength_best"]).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    opacity = sym.concentration_opacity(strength)
    styles = [dict(sym.CONCENTRATION_OUTLINE, fillColor=sym.CONCENTRATION_COLOUR, fillOpacity=float(a), fill=True)
              for a in opacity]
    table, index = value_table(styles)
    labels = [_concentration_label(b, w, c) for b, w, c in
              zip(gdf["strength_best"], gdf["strength_text"], gdf["claimed_by"], strict=True)]
    geoms = _geojson_geometries(gdf.geometry.to_numpy(), AREA_TOLERANCE_DEG)
    return _group("concentrations", CompactLayer(
        "area", _coords(lat), _coords(lon), table, index, geom=geoms,
        km=_precision_km(gdf, sym.CONCENTRATION_MIN_KM), card=[event_card_html(r) for r in _records(gdf)],
        tip=labels, lbl=[{"t": t, "p": CONCENTRATION_LABEL_PRIORITY + i / 1000, "c": "bm-conc-label", "z": 0,
                          "k": "area", "r": 0, "n": 1} for i, t in enumerate(labels)]))


#: The columns count bubbles are made from (:func:`geo.map.aggregate.aggregate_grid`).
AGGREGATE_COLUMNS = ("event_type", "kind", "fatalities_best", "date_start", "date_end")


def aggregated_layer(gdf: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray,
                     zoom: float | None) -> folium.FeatureGroup:
    """Count bubbles of the events on a grid sized for ``zoom``, coloured by their dominant event type."""
    return cells_layer(aggregate_grid(lon, lat, gdf, zoom, sym.GRID_CELL_PX))


def cells_layer(cells: GridCells) -> folium.FeatureGroup:
    """The :data:`AGGREGATED` layer of count bubbles, one per grid cell."""
    if not len(cells):
        return _group(AGGREGATED, None)
    colours = list(sym.TYPE_COLOURS.values())
    dominant = cells.by_type.argmax(axis=1)
    cards = [
        aggregate_card_html(int(cells.count[i]), dict(zip(EVENT_TYPES, cells.by_type[i].tolist(), strict=True)),
                            dict(zip(KINDS, cells.by_kind[i].tolist(), strict=True)), int(cells.fatalities[i]),
                            cells.first[i], cells.last[i])
        for i in range(len(cells))
    ]
    tips = [f"{n:,} events: click for counts, zoom in for details" for n in cells.count.tolist()]
    return _group(AGGREGATED, CompactLayer(
        "bubble", _coords(cells.lat), _coords(cells.lon), [{"fillColor": c} for c in colours],
        [int(d) for d in dominant], n=cells.count.tolist(), px=sym.bubble_size_px(cells.count).tolist(),
        card=cards, tip=tips))
