"""Map controls people expect: fit to events, jump to a gazetteer place, bubbles that zoom in.

:class:`MapControls` adds, at the top left under the zoom buttons, a "fit to
events" button (frames every event drawn inside the basemap's region: any
layer carrying an event card) and a place search box listing the curated
gazetteer and the map's reference towns (typing filters the list; choosing one centres the map on it;
another spelling of a name, "Kulyab" or "Pyandzh", finds it by its transliteration key, and the start of
one, "Khoro", the first place whose key begins so). A click on a count bubble zooms in on it (see
:class:`geo.map.compact.CompactLayer`).
Everything runs in the browser: no rerun of the app, nothing fetched.

Example
-------
>>> names = [entry[0] for entry in search_entries()]
>>> "Dushanbe" in names and "Kunduz" in names
True
"""

from __future__ import annotations

import json
from functools import cache

from branca.element import MacroElement
from jinja2 import Template

from geo.map.compact import script_json
from geo.places import (
    APOSTROPHES,
    BASEMAP_BOX,
    FINAL_A_MIN,
    FOLDS,
    joined_forms,
    load_gazetteer,
    reference_features,
    translit_key,
)

#: Zoom the map jumps to for a place of each gazetteer kind (towns closer than provinces).
ZOOM_FOR_KIND = {"country": 6, "admin1": 8, "region": 8, "border": 7, "district": 10}
DEFAULT_PLACE_ZOOM = 11

#: :func:`geo.places.textnorm.translit_key` in JavaScript (the same folds, in the same order), so the
#: search box finds "Kulyab" as Kulob; a test checks both give the same key for every searchable name.
TRANSLIT_KEY_JS = """
function bmTranslitKey(name) {
    var apostrophes = /[__APOS__]/g, connectors = ['i', 'e', 'y', 'ye', 'yi'];
    var abbreviations = {st: 'saint', mt: 'mount'}, folds = __FOLDS__;
    var wordRe = new RegExp(/[\\p{L}\\p{N}]+(?:[__APOS__][\\p{L}\\p{N}]+)*/.source  // "Shuro-obod" is one word
        + /(?:-(?=(?:obod|abad|obad|abod|ābād)(?![\\p{L}\\p{N}]))[\\p{L}\\p{N}]+)?/.source, 'giu');
    var words = (name.match(wordRe) || []).map(function (w) {
        var t = w.normalize('NFKD').replace(/\\p{Mn}/gu, '').toLowerCase().replace(apostrophes, '').replace(/-/g, '');
        return abbreviations[t] || t;
    });
    if (words.length > 1 && words[0] === 'the') { words = words.slice(1); }
    var kept = words.filter(function (w) { return connectors.indexOf(w) < 0; });
    words = kept.length ? kept : words;
    return words.map(function (w, i) {
        folds.forEach(function (f) { w = w.split(f[0]).join(f[1]); });
        w = w.replace(/e(?=.)/g, 'i').replace(/(.)\\1+(?=.)/g, '$1');
        if (i < words.length - 1 && w.length > 3 && 'ie'.indexOf(w[w.length - 1]) >= 0) { w = w.slice(0, -1); }
        else if (i === words.length - 1 && w.length >= __FINAL_A__ && w[w.length - 1] === 'a') { w = w.slice(0, -1); }
        return w;
    }).join('');
}""".replace("__APOS__", APOSTROPHES).replace("__FOLDS__", json.dumps([list(pair) for pair in FOLDS])).replace(
    "__FINAL_A__", str(FINAL_A_MIN))

CONTROLS_JS = """
(function (map, places, box) {  // box: [[south, west], [north, east]] the basemap covers;
    // places: [name, lat, lon, zoom, [transliteration keys of the name and its other spellings]]
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
            var wanted = search.value.trim().toLowerCase(), key = bmTranslitKey(search.value);
            var hit = places.find(function (p) { return p[0].toLowerCase() === wanted; })
                || (key && (places.find(function (p) { return p[4].indexOf(key) >= 0; })
                            || places.find(function (p) {
                                return key.length >= 4 && p[4].some(function (k) { return k.indexOf(key) === 0; });
                            })));
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
def search_entries() -> tuple[tuple[str, float, float, int, list[str]], ...]:
    """(name, lat, lon, zoom, keys) of every place the search box offers, curated places first, no name
    twice; ``keys`` are the transliteration keys of the name and its other spellings."""
    seen: dict[str, tuple[str, float, float, int, list[str]]] = {}
    for place in load_gazetteer().curated:
        if place.kind in ("base", "crossing", "town", "district", "admin1", "region", "country", "border"):
            point = place.point
            zoom = ZOOM_FOR_KIND.get(place.kind, DEFAULT_PLACE_ZOOM)
            names = (place.name, *place.alt_names)  # and "Shakhribuzurg" for Shahr-e Buzurg
            keys = list(dict.fromkeys(k for k in map(translit_key, (*names, *joined_forms(names))) if k))
            seen.setdefault(place.name.lower(), (place.name, round(point.y, 4), round(point.x, 4), zoom, keys))
    ref = reference_features()
    for name, geom in zip(ref.loc[ref["kind"] == "place", "name"], ref.loc[ref["kind"] == "place"].geometry,
                          strict=True):
        seen.setdefault(str(name).lower(), (str(name), round(geom.y, 4), round(geom.x, 4), DEFAULT_PLACE_ZOOM,
                                            [translit_key(str(name))]))
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
        self.js = TRANSLIT_KEY_JS + CONTROLS_JS
        self.places = script_json([list(entry) for entry in search_entries()])
        west, south, east, north = BASEMAP_BOX
        self.box = script_json([[south, west], [north, east]])
