"""How the map draws things: the one table of colours, sizes and radii.

The map layers (:mod:`geo.map.view`), the legend (:mod:`geo.map.legend`) and the
timeline colours all read from here, so a change of style is made once.

Example
-------
>>> fatality_radius_px(np.array([0, 9, 100])).tolist()
[4.0, 8.5, 19.0]
"""

from __future__ import annotations

import numpy as np

from geo.model import EVENT_TYPES

#: Fill colour of each ACLED event type (colour-blind-safe Okabe–Ito hues, ordered by EVENT_TYPES).
TYPE_COLOURS: dict[str, str] = dict(
    zip(EVENT_TYPES, ("#d55e00", "#e69f00", "#cc79a7", "#009e73", "#56b4e9", "#0072b2"), strict=True)
)
UNKNOWN_TYPE_COLOUR = "#777777"

#: Basemap fills: the two border countries slightly distinct, neighbours greyer.
LAND_FILLS = {"AFG": "#f3e9d6", "TJK": "#e4edd8"}
NEIGHBOUR_FILL = "#e6e6e3"
COUNTRY_OUTLINE = "#9a9a9a"
WATER_BACKGROUND = "#d4e2ea"
#: The Afghan–Tajik border: thick, dark red, dashed.
BORDER_STYLE = {"color": "#8b0000", "weight": 4, "dashArray": "10 6", "opacity": 0.95}

#: Incident markers: radius grows with the square root of best-estimate fatalities (area ~ deaths).
MARKER_BASE_PX = 4.0
MARKER_PX_PER_SQRT_DEATH = 1.5
MARKER_MAX_PX = 30.0
#: Fatality counts shown as sample sizes in the legend.
LEGEND_FATALITIES = (1, 10, 100)

#: Markers of events whose place is approximate (geo precision 2/3) are fainter and dashed.
PRECISE_OPACITY, VAGUE_OPACITY = 0.85, 0.4
VAGUE_DASH = "3 3"

#: Radius in km of the area drawn around a point event, by ACLED geo precision.
PRECISION_RADIUS_KM: dict[int, float] = {1: 5.0, 2: 25.0, 3: 100.0}
#: Drawn as a soft halo (faint fill, hairline edge, no dashes), so it never reads as a feature.
UNCERTAINTY_COLOUR = "#4d4d4d"
UNCERTAINTY_FILL_OPACITY = 0.07
UNCERTAINTY_STYLE = {"color": UNCERTAINTY_COLOUR, "weight": 0.8, "opacity": 0.25, "fill": True,
                     "fillColor": UNCERTAINTY_COLOUR, "fillOpacity": UNCERTAINTY_FILL_OPACITY}
UNCERTAINTY_LINE_STYLE = {"color": UNCERTAINTY_COLOUR, "weight": 14, "opacity": 0.1, "fill": False,
                          "lineCap": "round", "lineJoin": "round"}

#: Militant concentrations: one hue, opacity on a log scale of strength_best.
CONCENTRATION_COLOUR = "#6a3d9a"
#: Light, so incidents below stay legible: at strength 1 and at 10**CONCENTRATION_LOG_MAX and above.
CONCENTRATION_OPACITY = (0.02, 0.10)
CONCENTRATION_LOG_MAX = 4.5
#: Concentration outlines: a clear edge carries the area, the fill only hints at strength.
CONCENTRATION_OUTLINE = {"color": CONCENTRATION_COLOUR, "weight": 2, "opacity": 0.8, "dashArray": "8 3 2 3"}
#: Point concentrations with no area are drawn as a circle of this radius at least (km).
CONCENTRATION_MIN_KM = 15.0

#: Context items (statements, agreements...): small neutral markers.
CONTEXT_STYLE = {"radius": 4, "fillColor": "#8c8c8c", "color": "#444444", "weight": 1, "fillOpacity": 0.8}

#: Force postures and bases: an APP-6-style land-unit frame (rectangle) with the infantry cross.
#: No affiliation colour: the monitor does not take sides, so every posture gets the same fill.
POSTURE_SIZE_PX = (26, 18)
POSTURE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="26" height="18" viewBox="0 0 26 18">'
    '<rect x="1" y="1" width="24" height="16" fill="#cfdceb" stroke="#1b2f4a" stroke-width="1.6"/>'
    '<path d="M1 1L25 17M25 1L1 17" stroke="#1b2f4a" stroke-width="1.2"/></svg>'
)

#: Aggregated count bubbles: grid cell edge in screen pixels, and bubble size range.
GRID_CELL_PX = 56
BUBBLE_MIN_PX, BUBBLE_MAX_PX = 22, 54


def type_colour(event_type: str) -> str:
    """The fill colour of an ACLED event type (grey for anything else)."""
    return TYPE_COLOURS.get(event_type, UNKNOWN_TYPE_COLOUR)


def fatality_radius_px(fatalities: np.ndarray) -> np.ndarray:
    """Marker radius in screen pixels for best-estimate fatalities (NaN counts as 0)."""
    deaths = np.nan_to_num(np.asarray(fatalities, dtype=float), nan=0.0).clip(min=0)
    radius = MARKER_BASE_PX + MARKER_PX_PER_SQRT_DEATH * np.sqrt(deaths)
    return np.round(np.minimum(radius, MARKER_MAX_PX) * 2) / 2  # half-pixel steps keep few styles


def concentration_opacity(strength: np.ndarray) -> np.ndarray:
    """Fill opacity for best-estimate strength (fighters), on a log10 scale; unknown = faintest."""
    low, high = CONCENTRATION_OPACITY
    values = np.nan_to_num(np.asarray(strength, dtype=float), nan=1.0).clip(min=1.0)
    share = np.clip(np.log10(values) / CONCENTRATION_LOG_MAX, 0.0, 1.0)
    return np.round(low + (high - low) * share, 2)


def bubble_size_px(counts: np.ndarray) -> np.ndarray:
    """Diameter in pixels of an aggregated bubble holding ``counts`` events (log scale)."""
    values = np.asarray(counts, dtype=float).clip(min=1)
    size = BUBBLE_MIN_PX + 6 * np.log10(values)
    return np.round(np.minimum(size, BUBBLE_MAX_PX)).astype(int)

#: Rivers: a thin blue line (the Panj shows between the dashes of the border drawn over it).
RIVER_COLOUR = "#3d7fb8"
RIVER_STYLE = {"color": RIVER_COLOUR, "weight": 1.6, "opacity": 0.9}
#: Town dots: white-filled dark rings, the capitals a filled square-ish black dot.
PLACE_DOT_STYLE = {"color": "#333333", "weight": 1, "fillOpacity": 1, "interactive": True}
PLACE_DOT_FILLS: dict[int, dict[str, str]] = {
    1: {"fillColor": "#222222"},
    2: {"fillColor": "#ffffff"},
    3: {"fillColor": "#ffffff"},
    4: {"fillColor": "#f0e442"},
}
