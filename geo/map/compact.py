"""Many map features from one compact JSON payload and a tiny Leaflet renderer.

A folium ``Marker`` or ``GeoJson`` feature per event costs hundreds of bytes of
generated JavaScript (and folium's style mapper repeats every feature id).
:class:`CompactLayer` instead embeds column arrays (positions, a small table
of distinct styles and an index into it, cards, tooltips) and a loop of a few
lines that builds the Leaflet layers in the browser.

The payload is embedded with :func:`script_json`, which escapes ``<``, ``>``
and ``&`` (and the JavaScript line separators) so that text such as
``</script>`` inside a card cannot end the surrounding ``<script>`` element.
branca compiles every rendered script as a Jinja template once more; the
layer's script skips that pass (:class:`RawScript`), and ``script_json`` also
escapes the ``{`` of ``{{``, ``{%`` and ``{#`` in text, so data can never be
read as template code.
Cards and tooltips must already be HTML-escaped (see :mod:`geo.map.cards`): the
renderer hands them to Leaflet, which sets them as HTML.

Cards are sent as a table of distinct HTML fragments (runs of tags, and texts)
plus, per card, the list of fragment numbers: card markup and many texts
(labels, publishers, places) repeat from card to card, so this is several times
smaller than the cards themselves, and the browser joins them back into the
same strings. Geometries are sent once per distinct geometry in the same way.

Each drawn layer carries ``layer.feature.properties`` (``card``, ``tip``) like
a folium ``GeoJson`` feature, so browser tests and streamlit-folium's click
reports see the same structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

Shape = Literal["circle", "icon", "area", "bubble", "text", "label"]

#: "{" starting Jinja syntax; JSON structure never has "{" before "{", "%" or "#", only text does.
_JINJA_OPENERS = re.compile(r"\{(?=[{%#])")
_TAG_RUNS = re.compile(r"((?:<[^<>]*>)+)")
_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """Compact JSON that is safe inside an HTML ``<script>`` element.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, code in _JS_UNSAFE.items():
        text = text.replace(char, code)
    return _JINJA_OPENERS.sub(r"\\u007b", text)


class RawScript(Element):
    """Script text put into the page as it is.

    branca's ``MacroElement.render`` wraps each rendered script in an
    ``Element``, which compiles it as a Jinja template (slow for a large
    payload, and it would run any template syntax found in the data).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawScript"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The text, unchanged."""
        return self.text


def fragment_table(htmls: Sequence[str]) -> tuple[list[str], list[list[int]]]:
    """Split HTML strings into runs of tags and texts; return distinct fragments and each string's codes.

    ``"".join(parts[k] for k in codes[i]) == htmls[i]`` for every ``i``.
    """
    index: dict[str, int] = {}
    codes = [[index.setdefault(piece, len(index)) for piece in _TAG_RUNS.split(html) if piece] for html in htmls]
    return list(index), codes


def _frozen(value: Any) -> Any:
    """A hashable stand-in for nested dicts, lists and tuples: their canonical JSON text.

    (json's C encoder is far faster than a recursive tuple for long coordinate lists;
    the values are sent as JSON anyway.)
    """
    if isinstance(value, (dict, list, tuple)):
        return ("json", json.dumps(value, sort_keys=True, separators=(",", ":"), default=str))
    return value


def value_table(values: Sequence[Any]) -> tuple[list[Any], list[int]]:
    """Distinct values (dicts and lists compared by content) and the position of each value among them."""
    index: dict[Any, int] = {}
    uniques: list[Any] = []
    codes = []
    for value in values:
        key = _frozen(value)
        if key not in index:
            index[key] = len(uniques)
            uniques.append(value)
        codes.append(index[key])
    return uniques, codes


class CompactLayer(MacroElement):
    """Features of one shape drawn by a small renderer; add it to a ``folium.FeatureGroup``.

    Parameters
    ----------
    shape
        ``circle`` (canvas circle markers), ``icon`` (one shared HTML/SVG icon),
        ``area`` (GeoJSON geometry, or a circle of ``km`` kilometres around the
        anchor when the geometry is None), ``bubble`` (count bubbles) or
        ``text`` (non-interactive labels, escaped HTML in ``text``).
    lat, lon
        Anchor of each feature in degrees (EPSG:4326).
    styles, style_index
        Distinct Leaflet path options, and which one each feature uses.
    card, tip
        Escaped HTML of each feature's popup card and hover label (optional).
    geom
        GeoJSON geometry (or None) of each feature, for areas.
    extra
        Further columns the shape needs: ``km`` for areas, ``n`` and ``px`` for
        bubbles, ``icon`` (``{"html": ..., "size": [w, h]}``), ``text`` for
        fixed text markers and ``lbl`` (a label per feature for
        :mod:`geo.map.labels`, or None; ``label`` shapes draw nothing but
        their label). A style may set ``interactive: false`` (no hover, no click).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group, d) {
            var n = d.s.length;
            for (var i = 0; i < n; i++) {
                var st = d.style[d.s[i]], at = [d.lat[i], d.lon[i]], layer;
                var card = d.card ? d.card[i].map(function (k) { return d.parts[k]; }).join('') : null;
                var geom = d.geom ? d.geoms[d.geom[i]] : null;
                var feature = {type: 'Feature', properties: {card: card, tip: d.tip ? d.tip[i] : null}};
                if (d.shape === 'area') {
                    layer = geom
                        ? L.geoJSON(Object.assign({geometry: geom}, feature), Object.assign({style: st}, st))
                        : L.circle(at, Object.assign({radius: d.km[i] * 1000}, st));
                } else if (d.shape === 'icon') {
                    layer = L.marker(at, {icon: L.divIcon({className: 'bm-icon', html: d.icon.html,
                                                           iconSize: d.icon.size})});
                } else if (d.shape === 'bubble') {
                    var px = d.px[i];
                    layer = L.marker(at, {icon: L.divIcon({className: 'bm-icon', iconSize: [px, px],
                        html: '<div class="bm-bubble" style="width:' + px + 'px;height:' + px + 'px;'
                              + 'line-height:' + px + 'px;background:' + st.fillColor + '">'
                              + d.n[i].toLocaleString('en') + '</div>'})});
                    layer.on('click', function () {  // a count is an invitation to look closer
                        var m = this._map;
                        if (m) { m.setView(this.getLatLng(), Math.min(m.getZoom() + 2, m.getMaxZoom())); }
                    });
                } else if (d.shape === 'label') {
                    layer = L.layerGroup();
                } else if (d.shape === 'text') {
                    layer = L.marker(at, {interactive: false, keyboard: false, icon: L.divIcon({
                        className: 'bm-icon', iconSize: [0, 0], html: d.text[i]})});
                } else {
                    layer = L.circleMarker(at, st);
                }
                layer.feature = feature;
                if (d.lbl && d.lbl[i]) { layer.bmLabel = Object.assign({at: at}, d.lbl[i]); }
                // d.pan false: the layers follow the view (above MAX_INDIVIDUAL events), so a pan to fit the
                // card would rebuild them and close the card it was opening
                if (card) { layer.bindPopup(card, {maxWidth: 380, autoPan: d.pan !== false}); }
                if (d.tip) { layer.bindTooltip(d.tip[i], {sticky: true}); }
                group.addLayer(layer);
            }
        })({{ this._parent.get_name() }}, {{ this.payload_json }});
        {% endmacro %}
    """)

    def __init__(self, shape: Shape, lat: list[float], lon: list[float], styles: list[dict[str, Any]],
                 style_index: list[int], *, card: list[str] | None = None, tip: list[str] | None = None,
                 geom: list[dict[str, Any] | None] | None = None, **extra: Any) -> None:
        super().__init__()
        self._name = "CompactLayer"
        columns = {"lon": lon, "style_index": style_index, "card": card, "tip": tip, "geom": geom,
                   **{k: v for k, v in extra.items() if isinstance(v, list)}}
        for name, column in columns.items():
            if column is not None and len(column) != len(lat):
                raise ValueError(f"column {name!r} has {len(column)} values for {len(lat)} features")
        self.size = len(lat)
        payload: dict[str, Any] = {"shape": shape, "lat": lat, "lon": lon, "style": styles, "s": style_index,
                                   **extra}
        if card is not None:
            payload["parts"], payload["card"] = fragment_table(card)
        if tip is not None:
            payload["tip"] = tip
        if geom is not None:
            payload["geoms"], payload["geom"] = value_table(geom)
        # Serialised once: folium renders the template and streamlit-folium renders it again.
        self._payload = payload
        self.payload_json = script_json(payload)

    def without_auto_pan(self) -> None:
        """Open cards where they are, without panning the map to fit them (layers that follow the view)."""
        self._payload["pan"] = False
        self.payload_json = script_json(self._payload)

    @classmethod
    def from_payload(cls, payload_json: str, size: int) -> CompactLayer:
        """A new layer element carrying an already serialised payload (see :func:`geo.map.view.thaw_layers`)."""
        layer = cls.__new__(cls)
        MacroElement.__init__(layer)
        layer._name = "CompactLayer"
        layer.size, layer.payload_json = size, payload_json
        return layer

    def render(self, **kwargs: Any) -> str:
        """Add the layer's script to the page's scripts without a second Jinja pass."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a CompactLayer can only be rendered inside a folium map (a branca Figure)")
        script = self._template.module.__dict__["script"](self, kwargs)
        figure.script.add_child(RawScript(script), name=self.get_name())
        return ""
