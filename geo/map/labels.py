"""Map labels that never collide: greedy placement by priority, in the browser.

Any Leaflet layer may carry a label as ``layer.bmLabel`` (set by
:class:`geo.map.compact.CompactLayer` from its ``lbl`` column): ``t`` the
escaped HTML text, ``p`` its priority (lower first), ``c`` a CSS class,
``z`` the lowest zoom it shows at, ``k`` how it sits (``point``: beside its
dot, ``area``: centred on its anchor, ``line``: centred on one of the anchors
``a``), ``r`` the dot radius in pixels and ``o`` (optional dot: drawn only when
the label is placed), ``n`` (when there is no room and the page has a
``.bm-callouts`` list, as in briefing snapshots: a numbered badge on the map
and the text in that list).

After every move, zoom or layer change, :data:`PLACE_LABELS_JS` takes the
labels by priority and tries each one's candidate positions in turn; a label
is drawn at the first position (beside its dot, then further out with a
leader line) whose box stays inside the map frame and
overlaps no label already placed, no event marker, no map control (legend,
scale) and no dot. The rest are dropped (their dots keep a hover tooltip).
Placed labels are ``div.bm-label`` elements in a map pane of their own,
over areas and circles but below markers and popups; ``window.bmLabelReport`` lists what was placed and
dropped (tests read it).
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

#: Gap in pixels kept between a label and its dot, and around every label.
LABEL_GAP_PX = 2
#: A label that finds no room beside its dot may stand this much further out, with a leader line (pixels).
LEADER_PX = 16
#: Labels stay this far inside the map frame (pixels).
FRAME_MARGIN_PX = 4

PLACE_LABELS_JS = """
function bmPlaceLabels(map, gap, margin, leader) {
    var box = map.getContainer(), size = map.getSize(), zoom = map.getZoom();
    var pane = map.getPane('bmLabels');
    if (!pane) {  // inside the map pane: moves with the map, under markers (600) and popups (700)
        pane = map.createPane('bmLabels');
        pane.classList.add('bm-label-layer');
        pane.style.zIndex = 550;
        pane.style.pointerEvents = 'none';
        map.on('zoomstart', function () { pane.style.display = 'none'; });
    }
    pane.innerHTML = '';
    pane.style.display = '';
    var here = box.getBoundingClientRect(), taken = [], labels = [], placed = [], dropped = [], notes = [];
    var callouts = document.querySelector('.bm-callouts');  // only pages that list callouts beside the map
    function hits(b) {
        for (var i = 0; i < taken.length; i++) {
            var o = taken[i];
            if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) { return true; }
        }
        return false;
    }
    function inside(b) {
        return b.x >= margin && b.y >= margin && b.x + b.w <= size.x - margin && b.y + b.h <= size.y - margin;
    }
    box.querySelectorAll('.leaflet-control').forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width && r.height) { taken.push({x: r.left - here.left, y: r.top - here.top, w: r.width, h: r.height}); }
    });
    map.eachLayer(function (layer) {
        var info = layer.bmLabel;
        if (info) {
            if (zoom >= info.z) { labels.push(layer); }
            else if (info.o && layer.setStyle) { layer.setStyle({opacity: 0, fillOpacity: 0}); }
            return;
        }
        if (layer instanceof L.CircleMarker && !(layer instanceof L.Circle) && layer._point) {
            var r = layer._radius + gap, p = map.latLngToContainerPoint(layer.getLatLng());
            taken.push({x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r});
        } else if (layer instanceof L.Marker && layer._icon && layer._icon.offsetWidth) {
            var ir = layer._icon.getBoundingClientRect();
            taken.push({x: ir.left - here.left - gap, y: ir.top - here.top - gap,
                        w: ir.width + 2 * gap, h: ir.height + 2 * gap});
        }
    });
    labels.sort(function (a, b) { return a.bmLabel.p - b.bmLabel.p; });
    labels.forEach(function (layer) {  // drawn dots are obstacles for every label
        var info = layer.bmLabel;
        if (info.k === 'point' && !info.o) {
            var p = map.latLngToContainerPoint(info.at), r = info.r + 1;
            taken.push({x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r});
        }
    });
    labels.forEach(function (layer) {
        var info = layer.bmLabel, el = L.DomUtil.create('div', 'bm-label ' + info.c, pane);
        el.innerHTML = info.t;
        var w = el.offsetWidth, h = el.offsetHeight, spots = [], d = info.r + 2 * gap + 1;
        var anchors = (info.a || [info.at]).map(function (at) { return map.latLngToContainerPoint(at); });
        anchors.forEach(function (p) {
            if (info.k === 'point') {  // beside the dot, then (with a leader line) further out
                [d, d + leader].forEach(function (e) {
                    spots.push([p.x + e, p.y - h / 2], [p.x - e - w, p.y - h / 2], [p.x - w / 2, p.y - e - h],
                               [p.x - w / 2, p.y + e], [p.x + e * .7, p.y - e * .7 - h], [p.x + e * .7, p.y + e * .7],
                               [p.x - e * .7 - w, p.y - e * .7 - h], [p.x - e * .7 - w, p.y + e * .7]);
                });
            } else {
                spots.push([p.x - w / 2, p.y - h / 2]);
                if (info.k === 'area') { spots.push([p.x - w / 2, p.y - h * 1.6], [p.x - w / 2, p.y + h * .6]); }
                if (info.k === 'line') { spots.push([p.x - w / 2, p.y - h - 1], [p.x - w / 2, p.y + 1]); }
            }
        });
        var dot = null;
        if (info.k === 'point' && info.o) {
            var q = anchors[0], rr = info.r + 1;
            dot = {x: q.x - rr, y: q.y - rr, w: 2 * rr, h: 2 * rr};
        }
        var spot = null, far = false;
        if (!dot || (inside(dot) && !hits(dot))) {
            for (var i = 0; i < spots.length && !spot; i++) {
                var b = {x: spots[i][0] - gap, y: spots[i][1] - gap, w: w + 2 * gap, h: h + 2 * gap};
                if (inside(b) && !hits(b)) { spot = b; far = info.k === 'point' && i >= 8; }
            }
        }
        if (!spot && callouts && info.n) {  // a numbered badge on the map, the words in the list beside it
            el.className = 'bm-label bm-callout';
            el.textContent = String(notes.length + 1);
            var cw = el.offsetWidth, ch = el.offsetHeight;
            var ring = [[0, 0]];  // badges of areas sharing an anchor sit side by side, nearest spots first
            for (var rx = -3; rx <= 3; rx++) {
                for (var ry = -3; ry <= 3; ry++) { if (rx || ry) { ring.push([rx, ry]); } }
            }
            ring.sort(function (u, v) { return (u[0] * u[0] + u[1] * u[1]) - (v[0] * v[0] + v[1] * v[1]); });
            for (var j = 0; j < anchors.length * ring.length && !spot; j++) {
                var a = anchors[Math.floor(j / ring.length)], off = ring[j % ring.length];
                var c = {x: a.x + off[0] * (cw + 4) - cw / 2 - gap, y: a.y + off[1] * (ch + 4) - ch / 2 - gap,
                         w: cw + 2 * gap, h: ch + 2 * gap};
                if (inside(c) && !hits(c)) { spot = c; w = cw; h = ch; }
            }
            if (spot) { notes.push(info.t); }
        }
        if (!spot) {
            pane.removeChild(el);
            dropped.push(info.t);
            if (info.o && layer.setStyle) { layer.setStyle({opacity: 0, fillOpacity: 0}); }
            return;
        }
        taken.push(spot);
        if (dot) {
            taken.push(dot);
            if (layer.setStyle) { layer.setStyle({opacity: 1, fillOpacity: 1}); }
        }
        var at = map.containerPointToLayerPoint([spot.x + gap, spot.y + gap]);
        el.style.left = at.x + 'px';
        el.style.top = at.y + 'px';
        if (far) {  // a hairline from the dot's edge to the nearest point of the label
            var c = anchors[0], nx = Math.max(spot.x + gap, Math.min(c.x, spot.x + gap + w));
            var ny = Math.max(spot.y + gap, Math.min(c.y, spot.y + gap + h)), dx = nx - c.x, dy = ny - c.y;
            var len = Math.sqrt(dx * dx + dy * dy), line = L.DomUtil.create('div', 'bm-leader', pane);
            var from = map.containerPointToLayerPoint([c.x + dx / len * info.r, c.y + dy / len * info.r]);
            line.style.cssText = 'left:' + from.x + 'px;top:' + from.y + 'px;width:' + (len - info.r) + 'px;'
                + 'transform:rotate(' + Math.atan2(dy, dx) + 'rad)';
        }
        placed.push({text: el.textContent, kind: info.k, cls: info.c});
    });
    if (callouts) {
        callouts.innerHTML = notes.length ? '<b>Numbered on the map</b><ol>' + notes.map(function (t) {
            return '<li>' + t + '</li>';  // label texts are escaped HTML already
        }).join('') + '</ol>' : '';
    }
    window.bmLabelReport = {zoom: zoom, placed: placed, dropped: dropped.length, callouts: notes.length};
    map.fire('bmlabels');
}
"""


class LabelPlacer(MacroElement):
    """Adds the label placement script to a folium map (once per map).

    Labels are placed again after every move, zoom or layer change, a change of a map control's
    size, the web fonts' arrival, or a ``bm-relabel`` event on the document (one placement per
    animation frame at most).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            {{ this.script }}
            var pending = false;
            function schedule() {
                if (pending) { return; }
                pending = true;
                requestAnimationFrame(function () {
                    pending = false;
                    bmPlaceLabels(map, {{ this.gap }}, {{ this.margin }}, {{ this.leader }});
                });
            }
            map.on('moveend zoomend layeradd resize', schedule);
            document.addEventListener('bm-relabel', schedule);
            map.whenReady(schedule);
            // Controls are obstacles: place again when one is added, folded or laid out anew (the corners
            // a control sits in change size), and once the web fonts are in (labels change width).
            if (window.ResizeObserver) {
                var corners = new ResizeObserver(schedule);
                map.getContainer().querySelectorAll('.leaflet-control-container > div').forEach(function (corner) {
                    corners.observe(corner);
                });
            }
            if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedule); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, gap: int = LABEL_GAP_PX, margin: int = FRAME_MARGIN_PX, leader: int = LEADER_PX) -> None:
        super().__init__()
        self._name = "LabelPlacer"
        self.script = PLACE_LABELS_JS
        self.gap, self.margin, self.leader = gap, margin, leader
