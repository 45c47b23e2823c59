"""The folium map: offline basemap, event layers, legend and server-side aggregation.

``build_base_map`` is built once (basemap, border line, legend, scale bar);
``build_layers`` returns the feature groups for the current filter and view,
which the app hands to streamlit-folium's ``feature_group_to_add`` so that a
filter change neither rebuilds the map nor resets pan/zoom. When a view holds
more than :data:`MAX_INDIVIDUAL` point events they are aggregated on a grid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import box

from geo.assets import APP_PREFIX, localise_map
from geo.basemap import REGION_BOUNDS, border_line, countries
from geo.cards import event_card_html, event_tooltip
from geo.schema import CRS, EVENT_TYPES, METRIC_CRS

MAX_INDIVIDUAL = 1500
LAYERS = ("incidents", "postures", "concentrations", "uncertainty", "context")
TYPE_COLOURS = dict(zip(EVENT_TYPES, ("#d62728", "#ff7f0e", "#9467bd", "#2ca02c", "#8c564b", "#1f77b4"), strict=True))
LAND = {"AFG": "#f4ecdc", "TJK": "#e6eedb"}
OTHER_LAND = "#ececea"
#: Radius in km drawn around a point whose location is only approximate.
UNCERTAINTY_KM = {2: 25.0, 3: 100.0}
CONCENTRATION_COLOUR = "#6a3d9a"
POSTURE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="26" height="18" viewBox="0 0 26 18">'
    '<rect x="1" y="1" width="24" height="16" fill="#80c0ff" stroke="#1b3a5c" stroke-width="1.5"/>'
    '<line x1="1" y1="1" x2="25" y2="17" stroke="#1b3a5c" stroke-width="1.2"/>'
    '<line x1="25" y1="1" x2="1" y2="17" stroke="#1b3a5c" stroke-width="1.2"/></svg>'
)
MAP_CSS = """<style>
.leaflet-container { background: #d9e4ec; }
.bm-card { font: 12px/1.35 system-ui, sans-serif; max-width: 360px; }
.bm-card-title { font-weight: 600; font-size: 13px; }
.bm-card-id { color: #777; font-size: 11px; }
.bm-card table th { text-align: left; padding-right: 6px; vertical-align: top; color: #444; }
.bm-card ul { padding-left: 16px; margin: 2px 0; }
.bm-rating { background: #333; color: #fff; border-radius: 3px; padding: 0 3px; font-size: 11px; }
.bm-legend { background: rgba(255,255,255,.92); padding: 6px 8px; font: 11px system-ui, sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); line-height: 1.5; }
.bm-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }
.bm-label { font: italic 13px Georgia, serif; color: #5b5b5b; white-space: nowrap; }
</style>"""


class Legend(MacroElement):
    """A static legend control (no data text in it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var legend = L.control({position: 'bottomright'});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'bm-legend');
            div.innerHTML = {{ this.html | tojson }};
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legend"
        dots = "".join(f'<i style="background:{c}"></i>{t}<br>' for t, c in TYPE_COLOURS.items())
        self.html = (
            f"<b>Event type</b><br>{dots}"
            "<b>Size</b>: fatalities (best)<br>"
            f"{POSTURE_SVG.replace('26', '16').replace('18', '11')} force posture / base<br>"
            f'<i style="background:{CONCENTRATION_COLOUR};border-radius:0;opacity:.5"></i>militant concentration<br>'
            '<i style="border:1px dashed #555;border-radius:0"></i>location uncertainty<br>'
            '<span style="color:#b2182b">━ ━</span> Afghan–Tajik border<br>'
            "<b>n</b>: aggregated events (zoom in)"
        )


def build_base_map(*, online_tiles: bool = False, asset_prefix: str = APP_PREFIX) -> folium.Map:
    """The static part of the map: offline basemap, border, labels, legend, scale."""
    (south, west), (north, east) = REGION_BOUNDS
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=7, tiles=None,
                   control_scale=True, prefer_canvas=True, min_zoom=4, max_zoom=13)
    localise_map(m, asset_prefix)
    m.get_root().header.add_child(Element(MAP_CSS), name="bm_css")
    land = countries()
    folium.GeoJson(
        land[["iso3", "name", "geometry"]].to_json(), name="Countries", control=False,
        style_function=lambda f: {"fillColor": LAND.get(f["properties"]["iso3"], OTHER_LAND),
                                  "color": "#8a8a8a", "weight": 0.8, "fillOpacity": 1},
    ).add_to(m)
    folium.GeoJson(
        gpd.GeoSeries([border_line()], crs=CRS).to_json(), name="Afghan–Tajik border", control=False,
        style_function=lambda f: {"color": "#b2182b", "weight": 3.5, "dashArray": "9 5", "opacity": 0.9},
    ).add_to(m)
    for row in land.itertuples():
        pt = row.geometry.representative_point()
        folium.Marker([pt.y, pt.x], icon=folium.DivIcon(html=f'<div class="bm-label">{row.name}</div>',
                                                        icon_size=(120, 16), icon_anchor=(40, 8)),
                      interactive=False).add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False).add_to(m)
        folium.TileLayer("OpenTopoMap", name="OpenTopoMap (online)", show=False).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    Legend().add_to(m)
    m.fit_bounds([list(REGION_BOUNDS[0]), list(REGION_BOUNDS[1])])
    return m


def _radius_px(fatalities: pd.Series) -> np.ndarray:
    values = pd.to_numeric(fatalities, errors="coerce").fillna(0).to_numpy(dtype=float)
    return np.round(5 + 4 * np.log10(1 + values), 1)  # 0 -> 5 px, 3 -> 7.4, 50,000 -> 23.8


def _records(gdf: gpd.GeoDataFrame) -> Iterable[dict]:
    cols = [c for c in gdf.columns if c != "geometry" and not c.startswith("_")]
    for values in zip(*(gdf[c].tolist() for c in cols), strict=True):
        yield dict(zip(cols, values, strict=True))


def _feature_collection(gdf: gpd.GeoDataFrame, geoms: gpd.GeoSeries, extra: dict[str, list]) -> dict:
    feats = []
    for i, (rec, geom) in enumerate(zip(_records(gdf), geoms, strict=True)):
        props = {"card": event_card_html(rec), "tip": event_tooltip(rec)}
        props.update({k: v[i] for k, v in extra.items()})
        # A feature id lets folium's style mapper key styles by id instead of by the card HTML.
        feats.append({"type": "Feature", "id": f"f{i}", "geometry": geom.__geo_interface__, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def _points_layer(name: str, gdf: gpd.GeoDataFrame, marker: folium.Marker | folium.CircleMarker,
                  extra: dict[str, list], style: bool = True) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    if len(gdf):
        data = _feature_collection(gdf, gdf.geometry.representative_point(), extra)
        kwargs = {}
        if style:
            kwargs["style_function"] = lambda f: {
                "radius": f["properties"]["r"], "fillColor": f["properties"]["c"], "color": "#222", "fill": True,
                "weight": 1, "fillOpacity": f["properties"]["o"], "dashArray": f["properties"]["d"]}
        folium.GeoJson(data, marker=marker, popup=folium.GeoJsonPopup(["card"], labels=False),
                       tooltip=folium.GeoJsonTooltip(["tip"], labels=False), **kwargs).add_to(group)
    return group


def _point_style(gdf: gpd.GeoDataFrame) -> dict[str, list]:
    imprecise = (gdf["geo_precision"].fillna(1) > 1).to_numpy()
    return {
        "c": [TYPE_COLOURS.get(t, "#555") for t in gdf["event_type"]],
        "r": _radius_px(gdf["fatalities_best"]).tolist(),
        "o": np.where(imprecise, 0.45, 0.9).tolist(),
        "d": np.where(imprecise, "3 2", "").tolist(),
    }


def _metric_buffer(geoms: gpd.GeoSeries, km: np.ndarray) -> gpd.GeoSeries:
    return geoms.to_crs(METRIC_CRS).buffer(km * 1000, resolution=12).to_crs(CRS)


def _areas_layer(name: str, gdf: gpd.GeoDataFrame, colour: str, tips: list[str] | None = None,
                 with_cards: bool = False, default_km: float = 40.0,
                 opacity: list[float] | None = None) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    if not len(gdf):
        return group
    geoms = gdf.geometry.copy()
    points = (geoms.geom_type == "Point").to_numpy()
    if points.any():
        km = gdf["geo_precision"].map(UNCERTAINTY_KM).fillna(default_km).to_numpy(dtype=float)[points]
        geoms[points] = _metric_buffer(geoms[points], km).to_numpy()
    data = _feature_collection(gdf, geoms, {"tip2": tips or [""] * len(gdf), "o": opacity or [0.08] * len(gdf)})
    for feat in data["features"]:
        if feat["properties"]["tip2"]:
            feat["properties"]["tip"] = feat["properties"]["tip2"]
    folium.GeoJson(
        data,
        style_function=lambda f: {"color": colour, "weight": 1.5, "dashArray": "5 4",
                                  "fillColor": colour, "fillOpacity": f["properties"].get("o", 0.08)},
        tooltip=folium.GeoJsonTooltip(["tip"], labels=False),
        popup=folium.GeoJsonPopup(["card"], labels=False) if with_cards else None,
    ).add_to(group)
    return group


def _concentration_tips(gdf: gpd.GeoDataFrame) -> list[str]:
    from html import escape

    tips = []
    for best, text, who in zip(gdf["strength_best"], gdf["strength_text"], gdf["claimed_by"], strict=True):
        figure = f"≈{int(best):,}" if not pd.isna(best) else (text or "strength not given")
        tips.append(escape(f"Militant concentration: {figure} — claimed by {who or 'unattributed'}"))
    return tips


def aggregate_layer(gdf: gpd.GeoDataFrame, zoom: int | None) -> folium.FeatureGroup:
    """Count bubbles on a lon/lat grid sized for the zoom level (vectorised)."""
    group = folium.FeatureGroup(name="aggregated")
    if not len(gdf):
        return group
    cell = 0.5 * 2 ** (7 - (zoom or 7))
    pts = gdf.geometry.representative_point()
    ix = np.floor(pts.x.to_numpy() / cell).astype(np.int64)
    iy = np.floor(pts.y.to_numpy() / cell).astype(np.int64)
    keys, inverse = np.unique(ix * 100_000 + iy, return_inverse=True)
    counts = np.bincount(inverse)
    lon = np.bincount(inverse, weights=pts.x.to_numpy()) / counts
    lat = np.bincount(inverse, weights=pts.y.to_numpy()) / counts
    type_codes = pd.Categorical(gdf["event_type"], categories=list(EVENT_TYPES)).codes
    by_type = np.zeros((len(keys), len(EVENT_TYPES)), dtype=np.int64)
    np.add.at(by_type, (inverse, np.clip(type_codes, 0, None)), 1)
    fat = np.bincount(inverse, weights=pd.to_numeric(gdf["fatalities_best"]).fillna(0).to_numpy(float))
    feats = []
    for k in range(len(keys)):
        rows = "".join(f"<tr><td>{t}</td><td>{n:,}</td></tr>" for t, n in zip(EVENT_TYPES, by_type[k], strict=True) if n)
        card = (f'<div class="bm-card"><div class="bm-card-title">{counts[k]:,} events here</div>'
                f"<table>{rows}</table><p>Fatalities (best, summed): {int(fat[k]):,}</p>"
                "<p>Zoom in or narrow the time window to see individual events.</p></div>")
        feats.append({"type": "Feature", "id": f"a{k}",
                      "geometry": {"type": "Point", "coordinates": [lon[k], lat[k]]},
                      "properties": {"card": card, "tip": f"{counts[k]:,} events",
                                     "r": round(6 + 3 * math.log2(counts[k]), 1),
                                     "c": TYPE_COLOURS[EVENT_TYPES[int(by_type[k].argmax())]]}})
    folium.GeoJson(
        {"type": "FeatureCollection", "features": feats}, marker=folium.CircleMarker(),
        style_function=lambda f: {"radius": f["properties"]["r"], "fillColor": f["properties"]["c"],
                                  "color": "#222", "weight": 1, "fillOpacity": 0.7, "fill": True},
        popup=folium.GeoJsonPopup(["card"], labels=False), tooltip=folium.GeoJsonTooltip(["tip"], labels=False),
    ).add_to(group)
    return group


def in_bounds(gdf: gpd.GeoDataFrame, bounds: tuple[tuple[float, float], tuple[float, float]] | None):
    """Events whose geometry touches ((south, west), (north, east)); all when None."""
    if bounds is None or not len(gdf):
        return gdf
    (s, w), (n, e) = bounds
    return gdf[gdf.geometry.intersects(box(w, s, e, n))]


def build_layers(gdf: gpd.GeoDataFrame, layers: Iterable[str] = LAYERS, *,
                 bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
                 zoom: int | None = None) -> list[folium.FeatureGroup]:
    """Feature groups for the filtered events, one per enabled layer.

    Above :data:`MAX_INDIVIDUAL` events only those within ``bounds`` are drawn,
    and if those are still too many, one aggregated layer is returned.
    """
    wanted = set(layers)
    kinds = {"incidents": "incident", "postures": "posture", "context": "context",
             "concentrations": "concentration"}
    shown = gdf[gdf["kind"].isin([kinds[k] for k in wanted if k in kinds])]
    if len(shown) > MAX_INDIVIDUAL:
        # Too many to draw: keep what is in view, and aggregate if that is still too many.
        shown = in_bounds(shown, bounds)
        if len(shown) > MAX_INDIVIDUAL:
            return [aggregate_layer(shown, zoom)]
    out = []
    if "uncertainty" in wanted:
        vague = shown[(shown["geo_precision"].fillna(1) > 1) & (shown["kind"] != "concentration")]
        out.append(_areas_layer("uncertainty", vague, "#555555",
                                tips=[f"Location uncertain: {t}" for t in vague.apply(event_tooltip, axis=1)]
                                if len(vague) else None))
    if "concentrations" in wanted:
        conc = shown[shown["kind"] == "concentration"]
        strength = pd.to_numeric(conc["strength_best"]).fillna(1).to_numpy(float)
        shade = np.clip(0.06 + 0.06 * np.log10(np.maximum(strength, 1)), 0.08, 0.4).round(2).tolist()
        out.append(_areas_layer("concentrations", conc, CONCENTRATION_COLOUR, tips=_concentration_tips(conc),
                                with_cards=True, default_km=40, opacity=shade))
    for layer, kind in (("context", "context"), ("incidents", "incident")):
        if layer in wanted:
            part = shown[shown["kind"] == kind]
            out.append(_points_layer(layer, part, folium.CircleMarker(), _point_style(part)))
    if "postures" in wanted:
        part = shown[shown["kind"] == "posture"]
        icon = folium.DivIcon(html=POSTURE_SVG, icon_size=(26, 18), icon_anchor=(13, 9))
        out.append(_points_layer("postures", part, folium.Marker(icon=icon), {}, style=False))
    return out
