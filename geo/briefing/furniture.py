"""Map furniture for briefing images: margins, title band, side panel, locator inset, framing.

A snapshot is laid out like a printed map: the map frame in the middle, and
outside it the title band (title, time window, filters, what is shown), the
side panel (north arrow, scale bar in km, locator inset with the events beyond the frame, legend) and the credit
line, so nothing printed ever covers an event. :func:`frame_bounds` frames the
events shown.

Example
-------
>>> frame_bounds(empty_frame())  # doctest: +SKIP
((35.5, 66.0), (39.8, 75.5))
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from geo.places import BASEMAP_BOX, REGION_BOUNDS

Bounds = tuple[tuple[float, float], tuple[float, float]]
#: Width of the side panel and height of the title band (CSS pixels).
SIDE_PX, TITLE_PX, FOOTER_PX, EDGE_PX = 300, 60, 22, 8
#: Events are framed inside this box (west, south, east, north): the basemap's region.
FRAMEABLE = BASEMAP_BOX
#: Share of the events' extent added on each side of the frame.
FRAME_PADDING = 0.06
#: The smallest frame (degrees of latitude, longitude), so one event is not shown at street level.
MIN_SPAN_DEG = (1.0, 1.5)
NORTH_ARROW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="34" height="52" viewBox="0 0 34 52">'
    '<text x="17" y="13" text-anchor="middle" font-family="sans-serif" font-size="13" '
    'font-weight="700" fill="#222">N</text>'
    '<polygon points="17,16 27,48 17,41 7,48" fill="#222"/>'
    '<polygon points="17,16 17,41 7,48" fill="#fff" stroke="#222" stroke-width="1"/></svg>'
)

OVERLAY_CSS = """<style>
html, body { background: #fff; }
.folium-map { position: absolute !important; top: {{ map_top }}px !important; left: {{ edge }}px !important;
  width: calc(100% - {{ edge + side }}px) !important; height: calc(100% - {{ map_top + map_bottom }}px) !important;
  outline: 1px solid #555; }
.leaflet-control-zoom, .leaflet-control-attribution, .bm-controls { display: none !important; }
.folium-map.leaflet-container { background: #ececea; }  /* beyond the basemap's region box: no data */
.bm-print { position: absolute; z-index: 1000; font-family: "DejaVu Sans", system-ui, sans-serif; color: #222; }
.bm-caveat { left: 0; right: 0; height: 24px; line-height: 24px; text-align: center; font-weight: 700;
  font-size: 14px; letter-spacing: .04em; background: #fff; border: 0 solid #222; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; padding: 0 12px; }
.bm-caveat-top { top: 0; border-bottom-width: 1px; }
.bm-caveat-bottom { bottom: 0; border-top-width: 1px; }
.bm-title { top: {{ top_px + 4 }}px; left: {{ edge }}px; right: {{ side }}px; height: {{ title_px - 8 }}px;
  overflow: hidden; }
.bm-title h1 { font-size: 20px; margin: 0 0 3px 0; }
.bm-title p { display: inline; font-size: 12px; margin: 0 14px 0 0; line-height: 1.4; }
.bm-side { top: {{ top_px + 4 }}px; right: 8px; width: {{ side - 16 }}px; bottom: {{ map_bottom }}px;
  overflow: hidden; font-size: 11px; }
.bm-side-row { display: flex; align-items: flex-end; gap: 14px; margin-bottom: 8px; }
.bm-side .leaflet-control-scale { float: none; margin: 0 0 4px 0; }
.bm-side .leaflet-control-scale-line { font-size: 12px; border-width: 2px; background: #fff; }
.bm-side .bm-locator { background: none; box-shadow: none; padding: 0; margin: 0 0 8px 0; font-size: 10px;
  float: none; }
.bm-side .bm-locator summary { display: none; }
.bm-callouts { font-size: 10px; line-height: 1.25; margin-bottom: 6px; color: #3b1f5a; }
.bm-callouts ol { margin: 2px 0 0 0; padding-left: 18px; }
.bm-side .bm-legend { max-width: none; box-shadow: none; border: 1px solid #bbb; padding: 4px 8px;
  font-size: 10.5px; line-height: 1.35; }
.bm-side .bm-legend summary { display: none; }
.bm-footer { bottom: {{ caveat_px }}px; left: 0; right: 0; height: {{ footer_px }}px; line-height: {{ footer_px }}px;
  font-size: 11px; padding: 0 10px; background: #fff; border-top: 1px solid #bbb; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
</style>"""

OVERLAY_HTML = """
{% if caveat %}<div class="bm-print bm-caveat bm-caveat-top">{{ caveat }}</div>{% endif %}
<div class="bm-print bm-title">
  <h1>{{ title }}</h1>
  <p><b>Time window:</b> {{ window }}</p>
  <p><b>Filters:</b> {{ filters | join("; ") }}</p>
  <p><b>Shown:</b> {{ shown }}</p>
  {% if layers %}<p><b>Layers drawn:</b> {{ layers }}</p>{% endif %}
</div>
<div class="bm-print bm-side">
  <div class="bm-side-row"><div class="bm-north" title="North">{{ north_arrow | safe }}</div>
    <div class="bm-side-scale"></div></div>
  <div class="bm-side-locator"></div>
  <div class="bm-callouts"></div>
  <div class="bm-side-legend"></div>
</div>
<div class="bm-print bm-footer">{{ footer }}</div>
{% if caveat %}<div class="bm-print bm-caveat bm-caveat-bottom">{{ caveat }}</div>{% endif %}
"""

#: Moves the map's scale bar and legend out of the map frame into the side panel once the map is built,
#: then has the labels placed again (the frame they avoided is now free).
MOVE_CONTROLS_JS = """window.addEventListener('load', function () {
  var scale = document.querySelector('.leaflet-control-scale'), legend = document.querySelector('.bm-legend');
  var locator = document.querySelector('.bm-locator');
  if (scale) { document.querySelector('.bm-side-scale').appendChild(scale); }
  if (locator) { document.querySelector('.bm-side-locator').appendChild(locator); }
  if (legend) { document.querySelector('.bm-side-legend').appendChild(legend); }
  document.dispatchEvent(new Event('bm-relabel'));
});"""


def layout(caveat_px: int) -> dict[str, int]:
    """Pixel offsets of the map frame and the margins, for the overlay templates."""
    return {"top_px": caveat_px, "caveat_px": caveat_px, "edge": EDGE_PX, "side": SIDE_PX, "title_px": TITLE_PX,
            "footer_px": FOOTER_PX, "map_top": caveat_px + TITLE_PX, "map_bottom": caveat_px + FOOTER_PX + 4}


def frame_bounds(gdf: gpd.GeoDataFrame, padding: float = FRAME_PADDING) -> Bounds:
    """((south, west), (north, east)) framing every event of ``gdf`` inside :data:`FRAMEABLE`, padded.

    Events beyond the region (a mistyped far-away place) are not framed; with
    none left, the dashboard's opening view :data:`geo.places.REGION_BOUNDS`.
    """
    return pad_frame(frame_extent(gdf), padding)


def frame_extent(gdf: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) in degrees of the events of ``gdf`` inside :data:`FRAMEABLE`
    (points inside it, areas and lines cut to it); None when there are none."""
    geoms = gdf.geometry.dropna().to_numpy() if len(gdf) else np.array([])
    # Points (nearly every event) by their coordinates; only the few areas are cut to the box.
    points = shapely.get_type_id(geoms) == 0
    xy = shapely.get_coordinates(geoms[points])
    west_, south_, east_, north_ = FRAMEABLE
    xy = xy[(xy[:, 0] >= west_) & (xy[:, 0] <= east_) & (xy[:, 1] >= south_) & (xy[:, 1] <= north_)]
    areas = shapely.intersection(geoms[~points], box(*FRAMEABLE))
    corners = shapely.bounds(areas[~shapely.is_empty(areas)]).reshape(-1, 2)  # (minx, miny), (maxx, maxy)
    extent = np.vstack([xy, corners])
    if not len(extent):
        return None
    (west, south), (east, north) = extent.min(axis=0), extent.max(axis=0)
    return float(west), float(south), float(east), float(north)


def pad_frame(extent: tuple[float, float, float, float] | None, padding: float = FRAME_PADDING) -> Bounds:
    """((south, west), (north, east)) of an events' ``extent`` (west, south, east, north; degrees) padded by
    ``padding`` of its size and widened to :data:`MIN_SPAN_DEG`; :data:`geo.places.REGION_BOUNDS` for None."""
    if extent is None:
        return REGION_BOUNDS
    west, south, east, north = extent
    lat_pad = max(north - south, MIN_SPAN_DEG[0]) * padding + max(0.0, MIN_SPAN_DEG[0] - (north - south)) / 2
    lon_pad = max(east - west, MIN_SPAN_DEG[1]) * padding + max(0.0, MIN_SPAN_DEG[1] - (east - west)) / 2
    return ((float(south - lat_pad), float(west - lon_pad)), (float(north + lat_pad), float(east + lon_pad)))
