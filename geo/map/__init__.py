"""Drawing the map: folium layers, symbols, legend, cards and local assets.

:func:`build_base_map` (basemap, border, legend; no CDN: :func:`install_static_assets`
serves Leaflet from installed packages) and :func:`build_layers` (incidents,
postures, concentrations, uncertainty; grid-aggregated with
:func:`aggregate_grid` and sent as one :class:`CompactLayer` payload when there
are many events). :func:`event_card_html` / :func:`event_tooltip` escape all
untrusted text. Reference layers (towns, rivers, province names; :mod:`geo.map.reference`)
carry labels that :mod:`geo.map.labels` places in the browser without collisions;
:mod:`geo.map.controls` adds "fit to events", a place search and zooming count bubbles.
"""

from geo.map.aggregate import GridCells, aggregate_grid, cell_size_deg
from geo.map.assets import APP_PREFIX, LOCAL_CSS, LOCAL_JS, install_static_assets
from geo.map.cards import escape_text, event_card_html, event_tooltip, format_estimate, format_when
from geo.map.compact import CompactLayer
from geo.map.legend import legend_html
from geo.map.symbols import GRID_CELL_PX, TYPE_COLOURS, type_colour
from geo.map.view import (
    AGGREGATED,
    LAYERS,
    MAX_INDIVIDUAL,
    VIEW_PADDING,
    Bounds,
    FrozenLayers,
    anchor_points,
    build_base_map,
    build_layers,
    cells_layer,
    check_layers,
    draw_layers,
    freeze_layers,
    layer_kinds,
    render_standalone,
    thaw_layers,
    view_mask,
)

__all__ = [
    "AGGREGATED",
    "APP_PREFIX",
    "GRID_CELL_PX",
    "LAYERS",
    "LOCAL_CSS",
    "LOCAL_JS",
    "MAX_INDIVIDUAL",
    "TYPE_COLOURS",
    "VIEW_PADDING",
    "Bounds",
    "CompactLayer",
    "FrozenLayers",
    "GridCells",
    "aggregate_grid",
    "anchor_points",
    "build_base_map",
    "build_layers",
    "cell_size_deg",
    "cells_layer",
    "check_layers",
    "draw_layers",
    "escape_text",
    "event_card_html",
    "event_tooltip",
    "format_estimate",
    "format_when",
    "freeze_layers",
    "install_static_assets",
    "layer_kinds",
    "legend_html",
    "render_standalone",
    "thaw_layers",
    "type_colour",
    "view_mask",
]
