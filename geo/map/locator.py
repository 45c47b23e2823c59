"""The locator inset: where the map's view lies in Central Asia, and the events beyond it.

:class:`LocatorInset` adds a small, foldable map of :data:`geo.places.INSET_BOX`
(Natural Earth countries from ``data/reference.geojson``) at the bottom left of
the map. A red box shows the map's current view; every event layer drawn on the
map (a layer carrying an event card) that lies outside the view is a numbered
dot on the inset and a line in the list under it (count bubbles are not), so no event shown is out of
the picture: a statement made in Moscow, say, while the view frames the border.
Clicking a dot or a line centres the map on that event. Everything is redrawn
in the browser after each move or layer change; nothing is fetched.

Briefing snapshots move the same control into their side panel (outside the
map frame), where the list numbers the events beyond the frame.

Example
-------
>>> paths, width, height = inset_paths()
>>> width, round(height) > 90, paths.count("<path") > 10
(180, True, True)
"""

from __future__ import annotations

from functools import cache

import numpy as np
from branca.element import MacroElement
from jinja2 import Template

from geo.map import symbols as sym
from geo.map.compact import script_json
from geo.places import INSET_BOX, reference_features

INSET_WIDTH_PX = 180
#: Events listed under the inset at most (the dots show all of them).
MAX_LISTED = 8
#: Zoom the map jumps to when a dot or a line of the list is clicked.
GO_ZOOM = 8

LOCATOR_CSS = f"""<style>
.bm-locator {{ background: rgba(255,255,255,.93); padding: 4px 6px; font: 11px/1.35 system-ui, sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: {INSET_WIDTH_PX + 12}px; }}
.bm-locator summary {{ cursor: pointer; font-weight: 600; }}
.bm-locator svg {{ display: block; border: 1px solid #888; margin-top: 3px; background: {sym.WATER_BACKGROUND}; }}
.bm-locator .bm-far-dot {{ cursor: pointer; }}
.bm-locator ul {{ margin: 2px 0 0 0; padding-left: 0; max-width: {INSET_WIDTH_PX}px; }}
.bm-locator li {{ cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  list-style-position: inside; }}
.bm-locator-caption {{ color: #555; margin-top: 2px; }}
</style>"""

LOCATOR_JS = """
(function (map, cfg) {  // cfg: {width, height, box: [west, south, east, north], paths, zoom, listed}
    var NS = 'http://www.w3.org/2000/svg';
    var west = cfg.box[0], south = cfg.box[1], east = cfg.box[2], north = cfg.box[3];
    function x(lon) { return (Math.min(Math.max(lon, west), east) - west) * cfg.width / (east - west); }
    function y(lat) { return (north - Math.min(Math.max(lat, south), north)) * cfg.height / (north - south); }
    var svg, view, dots, caption, list;
    var Locator = L.Control.extend({options: {position: 'bottomleft'}, onAdd: function () {
        var box = L.DomUtil.create('details', 'bm-locator');
        box.open = true;
        L.DomUtil.create('summary', '', box).textContent = 'Locator';
        svg = document.createElementNS(NS, 'svg');
        svg.setAttribute('width', cfg.width); svg.setAttribute('height', cfg.height);
        svg.setAttribute('viewBox', '0 0 ' + cfg.width + ' ' + cfg.height);
        svg.innerHTML = cfg.paths;
        view = document.createElementNS(NS, 'rect');
        view.setAttribute('class', 'bm-locator-view');
        view.setAttribute('fill', 'none'); view.setAttribute('stroke', '#d00'); view.setAttribute('stroke-width', '2');
        svg.appendChild(view);
        dots = document.createElementNS(NS, 'g');
        svg.appendChild(dots);
        box.appendChild(svg);
        caption = L.DomUtil.create('div', 'bm-locator-caption', box);
        list = L.DomUtil.create('ul', 'bm-far-list', box);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
    }});
    function go(latlng) { map.setView(latlng, Math.max(map.getZoom(), cfg.zoom)); }
    function update() {
        var b = map.getBounds(), far = [];
        view.setAttribute('x', x(b.getWest()).toFixed(1)); view.setAttribute('y', y(b.getNorth()).toFixed(1));
        view.setAttribute('width', Math.max(2, x(b.getEast()) - x(b.getWest())).toFixed(1));
        view.setAttribute('height', Math.max(2, y(b.getSouth()) - y(b.getNorth())).toFixed(1));
        map.eachLayer(function (layer) {
            var props = layer.feature && layer.feature.properties;
            var bubble = layer.options.icon && /bm-bubble/.test(layer.options.icon.options.html || '');
            if (!props || !props.card || bubble) { return; }  // events, not counts
            var at = layer.getBounds ? layer.getBounds().getCenter() : (layer.getLatLng ? layer.getLatLng() : null);
            var inside = layer.getBounds ? b.intersects(layer.getBounds()) : b.contains(at);
            if (at && !inside) { far.push({at: at, tip: props.tip || ''}); }
        });
        far.sort(function (p, q) { return p.at.lng - q.at.lng || q.at.lat - p.at.lat; });
        dots.innerHTML = ''; list.innerHTML = '';
        far.forEach(function (f, i) {
            var dot = document.createElementNS(NS, 'circle');
            dot.setAttribute('class', 'bm-far-dot'); dot.setAttribute('r', '3.5');
            dot.setAttribute('cx', x(f.at.lng).toFixed(1)); dot.setAttribute('cy', y(f.at.lat).toFixed(1));
            dot.setAttribute('fill', '#222'); dot.setAttribute('stroke', '#fff'); dot.setAttribute('stroke-width', '1');
            dot.addEventListener('click', function () { go(f.at); });
            dots.appendChild(dot);
            if (i < cfg.listed) {
                var item = L.DomUtil.create('li', '', list);
                item.innerHTML = f.tip;  // tips are escaped on the server (geo.map.cards)
                item.title = item.textContent + ' (click: centre the map here)';
                item.addEventListener('click', function () { go(f.at); });
            }
        });
        caption.textContent = 'Red box: the map frame in Central Asia.' + (far.length
            ? ' Dots: ' + far.length + ' event' + (far.length === 1 ? '' : 's') + ' beyond the frame'
              + (far.length > cfg.listed ? ' (first ' + cfg.listed + ' listed)' : '') + ':' : '');
        window.bmLocatorReport = {beyond: far.length, zoom: map.getZoom()};
    }
    new Locator().addTo(map);
    var pending = false;
    function schedule() {
        if (pending) { return; }
        pending = true;
        setTimeout(function () { pending = false; update(); }, 0);
    }
    map.on('moveend zoomend layeradd layerremove resize', schedule);
    document.addEventListener('bm-relabel', update);
    map.whenReady(update);
})"""


@cache
def inset_paths() -> tuple[str, int, float]:
    """SVG paths of the inset's countries (``kind`` ``inset`` reference features) in pixels, width and height.

    Plate carrée, squeezed east–west by the cosine of the middle latitude.
    """
    west, south, east, north = INSET_BOX
    scale = INSET_WIDTH_PX / ((east - west) * np.cos(np.radians((south + north) / 2)))
    height = (north - south) * scale
    ref = reference_features()
    countries = ref[ref["kind"] == "inset"]
    paths = []
    for code, geom in zip(countries["iso3"], countries.geometry, strict=True):
        rings = []
        for poly in getattr(geom, "geoms", [geom]):
            xy = np.asarray(poly.exterior.coords)
            px = (xy[:, 0] - west) * INSET_WIDTH_PX / (east - west)
            py = (north - xy[:, 1]) * scale
            rings.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in zip(px, py, strict=True)) + "Z")
        fill = sym.LAND_FILLS.get(code, sym.NEIGHBOUR_FILL)
        paths.append(f'<path d="{"".join(rings)}" fill="{fill}" stroke="#999" stroke-width=".5"/>')
    return "".join(paths), INSET_WIDTH_PX, float(height)


class LocatorInset(MacroElement):
    """The foldable locator inset with the events beyond the view (bottom left of the map)."""

    _template = Template("""
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}
    """)

    def __init__(self, listed: int = MAX_LISTED) -> None:
        super().__init__()
        self._name = "LocatorInset"
        paths, width, height = inset_paths()
        self.css = LOCATOR_CSS
        self.js = LOCATOR_JS
        self.config = script_json({"width": width, "height": round(height), "box": list(INSET_BOX),
                                   "paths": paths, "zoom": GO_ZOOM, "listed": listed})
