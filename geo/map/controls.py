"""Map controls people expect: fit to events, jump to a gazetteer place, bubbles that zoom in.

:class:`MapControls` adds, at the top left under the zoom buttons, a "fit to
events" button (frames every event drawn inside the basemap's region: any
layer carrying an event card) and a place search box listing the curated
gazetteer and the map's reference towns (typing filters the list; choosing one centres the map on it). A click
on a count bubble zooms in on it (see :class:`geo.map.compact.CompactLayer`).
Everything runs in the browser: no rerun of the app, nothing fetched.

Example
-------
>>> names = [entry[0] for entry in search_entries()]
>>> "Dushanbe" in names and "Kunduz" in names
True
"""

from __future__ import annotations

from functools import cache

from branca.element import MacroElement
from jinja2 import Template

from geo.map.compact import script_json
from geo.places import BASEMAP_BOX, load_gazetteer, reference_features

#: Zoom the map jumps to for a place of each gazetteer kind (towns closer than provinces).
ZOOM_FOR_KIND = {"country": 6, "admin1": 8, "region": 8, "border": 7, "district": 10}
DEFAULT_PLACE_ZOOM = 11

CONTROLS_JS = """
(function (map, places, box) {  // box: [[south, west], [north, east]] the basemap covers
    var Fit = L.Control.extend({options: {position: 'topleft'}, onAdd: function () {
        var bar = L.DomUtil.create('div', 'leaflet-bar bm-controls');
        var fit = L.DomUtil.create('a', 'bm-fit', bar);
        fit.href = '#'; fit.title = 'Fit to events'; fit.setAttribute('role', 'button');
        fit.setAttribute('aria-label', 'Fit to events'); fit.textContent = '\\u2922';
        L.DomEvent.on(fit, 'click', function (e) {
            L.DomEvent.preventDefault(e);
            var bounds = L.latLngBounds([]), region = L.latLngBounds(box);
            map.eachLayer(function (layer) {  // events of the region (not a statement made in Moscow)
                var props = layer.feature && layer.feature.properties;
                if (!props || !props.card) { return; }
                if (layer.getBounds && region.intersects(layer.getBounds())) { bounds.extend(layer.getBounds()); }
                else if (!layer.getBounds && layer.getLatLng && region.contains(layer.getLatLng())) {
                    bounds.extend(layer.getLatLng());
                }
            });
            if (bounds.isValid()) {
                var s = Math.max(bounds.getSouth(), box[0][0]), w = Math.max(bounds.getWest(), box[0][1]);
                var n = Math.min(bounds.getNorth(), box[1][0]), e = Math.min(bounds.getEast(), box[1][1]);
                map.fitBounds([[s, w], [n, e]], {padding: [24, 24]});
            }
        });
        var search = L.DomUtil.create('input', 'bm-place-search', bar);
        search.type = 'search'; search.placeholder = 'Go to place\\u2026';
        search.setAttribute('aria-label', 'Go to place'); search.setAttribute('list', 'bm-place-list');
        var list = L.DomUtil.create('datalist', '', bar);
        list.id = 'bm-place-list';
        places.forEach(function (p) { var o = document.createElement('option'); o.value = p[0]; list.appendChild(o); });
        function go() {
            var wanted = search.value.trim().toLowerCase();
            var hit = places.find(function (p) { return p[0].toLowerCase() === wanted; });
            if (hit) { map.setView([hit[1], hit[2]], hit[3]); map.fire('bmplacefound', {name: hit[0]}); }
        }
        L.DomEvent.on(search, 'change', go);
        L.DomEvent.on(search, 'keydown', function (e) { if (e.key === 'Enter') { go(); } });
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.disableScrollPropagation(bar);
        return bar;
    }});
    new Fit().addTo(map);
})"""


@cache
def search_entries() -> tuple[tuple[str, float, float, int], ...]:
    """(name, lat, lon, zoom) of every place the search box offers, curated places first, no name twice."""
    seen: dict[str, tuple[str, float, float, int]] = {}
    for place in load_gazetteer().curated:
        if place.kind in ("base", "crossing", "town", "district", "admin1", "region", "country", "border"):
            point = place.point
            zoom = ZOOM_FOR_KIND.get(place.kind, DEFAULT_PLACE_ZOOM)
            seen.setdefault(place.name.lower(), (place.name, round(point.y, 4), round(point.x, 4), zoom))
    ref = reference_features()
    for name, geom in zip(ref.loc[ref["kind"] == "place", "name"], ref.loc[ref["kind"] == "place"].geometry,
                          strict=True):
        seen.setdefault(str(name).lower(), (str(name), round(geom.y, 4), round(geom.x, 4), DEFAULT_PLACE_ZOOM))
    return tuple(sorted(seen.values(), key=lambda entry: entry[0].lower()))


class MapControls(MacroElement):
    """The fit-to-events button and the place search box (top left)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.places }}, {{ this.box }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapControls"
        self.js = CONTROLS_JS
        self.places = script_json([list(entry) for entry in search_entries()])
        west, south, east, north = BASEMAP_BOX
        self.box = script_json([[south, west], [north, east]])
