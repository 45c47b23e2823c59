"""The map's feature groups for a query: what :func:`geo.map.build_layers` draws, asked of the store.

Above :data:`geo.map.MAX_INDIVIDUAL` placed events only the view is considered, and above
that many in the view the store counts them per grid cell; otherwise the store hands over
the full records of just the events drawn.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium

from geo.filters import Filters
from geo.map import (
    GRID_CELL_PX,
    MAX_INDIVIDUAL,
    Bounds,
    anchor_points,
    cells_layer,
    check_layers,
    draw_layers,
    layer_kinds,
)
from geo.query.base import EventQuery


def query_layers(query: EventQuery, filters: Filters, layers: Iterable[str], *, bounds: Bounds | None = None,
                 zoom: float | None = None) -> list[folium.FeatureGroup]:
    """Feature groups of the events passing ``filters``, as :func:`geo.map.build_layers` makes them."""
    wanted = check_layers(layers)
    kinds = layer_kinds(wanted)
    by_view = query.placed_count(filters, kinds, None) > MAX_INDIVIDUAL
    if by_view and query.placed_count(filters, kinds, bounds) > MAX_INDIVIDUAL:
        return [cells_layer(query.grid(filters, kinds, bounds, zoom, GRID_CELL_PX))]
    shown = query.placed_records(filters, kinds, bounds if by_view else None)
    lon, lat = anchor_points(shown)
    return draw_layers(shown, lon, lat, wanted, by_view=by_view)
