"""The map legend and the map's own style sheet (static HTML/CSS, no data text).

Everything the legend shows comes from :mod:`geo.map.symbols`, the same table the
layers are drawn from.
"""

from __future__ import annotations

from html import escape

import numpy as np
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.map import symbols as sym

MAP_CSS = f"""<style>
.leaflet-container {{ background: {sym.WATER_BACKGROUND}; }}
.bm-card {{ font: 12px/1.4 system-ui, sans-serif; max-width: 360px; }}
.bm-card p {{ margin: 4px 0; }}
.bm-card-title {{ font-weight: 600; font-size: 13px; }}
.bm-card-id {{ color: #666; font-size: 11px; }}
.bm-card table {{ border-collapse: collapse; margin: 3px 0; }}
.bm-card th {{ text-align: left; padding: 1px 6px 1px 0; vertical-align: top; color: #444; font-weight: 600; }}
.bm-card ul {{ padding-left: 16px; margin: 2px 0; }}
.bm-rating {{ background: #333; color: #fff; border-radius: 3px; padding: 0 3px; font-size: 11px; }}
.bm-legend {{ background: rgba(255,255,255,.93); padding: 6px 9px; font: 11px/1.45 system-ui, sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 230px; }}
.bm-legend b {{ display: block; margin-top: 3px; }}
.bm-legend summary {{ cursor: pointer; font-weight: 600; }}
.bm-legend .sw {{ display: inline-block; vertical-align: middle; margin-right: 5px; }}
.leaflet-tooltip {{ font: 12px system-ui, sans-serif; }}
.bm-label {{ position: absolute; white-space: nowrap; pointer-events: none; line-height: 1.15;
  font-family: "DejaVu Sans", system-ui, sans-serif; color: #222;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }}
.bm-controls {{ display: flex; background: #fff; }}
.bm-controls a.bm-fit {{ font-size: 17px; line-height: 30px; border-bottom: 0; border-right: 1px solid #ccc; }}
.bm-controls input.bm-place-search {{ width: 140px; border: 0; padding: 4px 6px; font: 12px system-ui, sans-serif; }}
.bm-label.bm-callout {{ background: {sym.CONCENTRATION_COLOUR}; color: #fff; border-radius: 50%; min-width: 16px;
  height: 16px; line-height: 16px; text-align: center; font-size: 10px; font-weight: 700; text-shadow: none; }}
.bm-leader {{ position: absolute; height: 0; border-top: 1px solid #444; transform-origin: 0 0; }}
.bm-country {{ font: italic 14px "DejaVu Serif", Georgia, serif; color: #666; letter-spacing: .08em; }}
.bm-place-1 {{ font-size: 14px; font-weight: 700; }}
.bm-place-2 {{ font-size: 12px; font-weight: 600; }}
.bm-place-3 {{ font-size: 10.5px; color: #333; }}
.bm-place-4 {{ font-size: 10.5px; font-style: italic; color: #5a4a00; }}
.bm-river {{ font: italic 11.5px "DejaVu Serif", Georgia, serif; color: {sym.RIVER_COLOUR}; }}
.bm-province {{ font-size: 10px; letter-spacing: .14em; color: #8a8a8a; }}
.bm-label.bm-conc-label {{ background: rgba(255,255,255,.8); border: 1px solid {sym.CONCENTRATION_COLOUR};
  color: #3b1f5a; font-size: 10px; padding: 0 3px; text-shadow: none; }}
.bm-bubble {{ border-radius: 50%; border: 1.5px solid #222; color: #fff; text-align: center;
  font: 600 11px system-ui, sans-serif; text-shadow: 0 0 2px #000; opacity: .85; }}
</style>"""


def _swatch(style: str, width: int = 12, height: int = 12) -> str:
    return f'<span class="sw" style="width:{width}px;height:{height}px;{style}"></span>'


def _places() -> str:
    """Legend rows of the reference layers: town dots by rank, crossings, rivers."""
    rows = []
    for rank, words in ((1, "capital"), (2, "provincial centre, city"), (3, "district seat, town"),
                        (4, "border crossing")):
        fill = sym.PLACE_DOT_FILLS[rank]["fillColor"]
        size = {1: 9, 2: 7, 3: 5, 4: 7}[rank]
        rows.append(f'{_swatch(f"background:{fill};border:1px solid #333;border-radius:50%", size, size)}{words}')
    river = f'<span class="sw" style="width:22px;border-top:2px solid {sym.RIVER_COLOUR}"></span>river'
    return "<br>".join([*rows, river])


def legend_html() -> str:
    """The legend's inner HTML: colours by event type, sizes by fatalities, symbols and areas."""
    types = "".join(
        f'{_swatch(f"background:{colour};border-radius:50%;border:1px solid #222")}{escape(name)}<br>'
        for name, colour in sym.TYPE_COLOURS.items()
    )
    radii = sym.fatality_radius_px(np.array(sym.LEGEND_FATALITIES))
    sizes = "".join(
        f'{_swatch("border-radius:50%;border:1px solid #222;background:#bbb", int(2 * r), int(2 * r))}'
        f"{n:,} "
        for n, r in zip(sym.LEGEND_FATALITIES, radii, strict=True)
    )
    cap = int(((sym.MARKER_MAX_PX - sym.MARKER_BASE_PX) / sym.MARKER_PX_PER_SQRT_DEATH) ** 2)
    low, high = sym.CONCENTRATION_OPACITY
    shades = "".join(
        _swatch(f"background:rgba(106,61,154,{a:.2f});border:2px dashed {sym.CONCENTRATION_COLOUR};border-radius:0")
        for a in np.linspace(low, high, 3)
    )
    context_fill, border = sym.CONTEXT_STYLE["fillColor"], sym.BORDER_STYLE
    halo = _swatch(f"background:rgba(77,77,77,{sym.UNCERTAINTY_FILL_OPACITY * 2:.2f});border-radius:50%;"
                   "border:1px solid rgba(77,77,77,.3)")
    posture = sym.POSTURE_SVG.replace('width="26" height="18"', 'width="17" height="12"')
    return (
        "<details open><summary>Legend</summary>"
        f"<b>Event type</b>{types}"
        f"<b>Size: fatalities (best estimate)</b>{sizes}<br>largest from {cap:,}<br>"
        f'{_swatch(f"border:1px dashed #222;border-radius:50%;background:#bbb;opacity:{sym.VAGUE_OPACITY}")}'
        "faint, dashed: place approximate<br>"
        f"<b>Other symbols</b>{posture} force posture / base<br>"
        f'{_swatch(f"background:{context_fill};border-radius:50%;border:1px solid #444", 8, 8)}'
        "context (statement, agreement)<br>"
        f"{shades} militant concentration<br>(darker = more fighters claimed)<br>"
        f"{halo}"
        "area an approximate event may be in<br>"
        f'{_swatch("background:#999;border-radius:50%;border:1px solid #222", 16, 16)}'
        "many events: count per area in the colour of the most frequent type; zoom in<br>"
        f'<span class="sw" style="width:22px;border-top:{border["weight"]}px dashed {border["color"]}"></span>'
        "Afghan–Tajik border<br>"
        f"<b>Places</b>{_places()}</details>"
    )


class Legend(MacroElement):
    """A static legend control at the bottom right of the map; it folds away when a card opens."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'bm-legend');
                div.innerHTML = {{ this.html | tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
            // An open card is what the user is reading: fold the legend away rather than cover it.
            {{ this._parent.get_name() }}.on('popupopen', function () {
                var details = legend.getContainer().querySelector('details');
                if (details) { details.open = false; }
            });
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = legend_html()


def map_style_sheet() -> Element:
    """The map's CSS (cards, legend, labels, bubbles) as a header element."""
    return Element(MAP_CSS)
