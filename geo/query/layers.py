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
                 zoom: float | None = None, placed: int | None = None) -> list[folium.FeatureGroup]:
    """Feature groups of the events passing ``filters``, as :func:`geo.map.build_layers` makes them.

    ``placed``: the query's ``placed_count`` of these filters and layers' kinds with no bounds, if
    the caller already asked. Above :data:`MAX_INDIVIDUAL` the view's grid is asked first and its
    counts decide whether the events are drawn one by one (one question fewer when they are not).
    """
    wanted = check_layers(layers)
    kinds = layer_kinds(wanted)
    by_view = (query.placed_count(filters, kinds, None) if placed is None else placed) > MAX_INDIVIDUAL
    if by_view:
        cells = query.grid(filters, kinds, bounds, zoom, GRID_CELL_PX)
        if int(cells.count.sum()) > MAX_INDIVIDUAL:
            return [cells_layer(cells)]
    shown = query.placed_records(filters, kinds, bounds if by_view else None)
    lon, lat = anchor_points(shown)
    return draw_layers(shown, lon, lat, wanted, by_view=by_view)
