"""The filters and the map's view as SQL conditions on the PostGIS store's ``events`` table.

:func:`where` is :func:`geo.filters.filter_mask` in SQL, :func:`placed_where` adds what
:meth:`geo.query.EventQuery.placed_count` asks (a kind, a place, an anchor inside the padded
view of :func:`geo.map.view.view_mask`). Both return ``(sql, params)``: the values chosen by
the analyst travel as psycopg parameters, never inside the SQL text. The conditions use the
columns and indexes of migration 2 (:data:`geo.stores.pg.MIGRATIONS`): ``source_ids`` and
``publishers`` hold the same ``"|"``-free keys as :func:`geo.filters.prepare_frame`'s lists, so
chosen values are turned into keys the same way; ``best_rel`` is its ``_best_rel``; ``anchor`` is
:func:`geo.map.view.anchor_points`'s point (``anchor_x``/``anchor_y`` its coordinates).

Example
-------
>>> where(Filters(kinds=("incident",)))
('deleted_at IS NULL AND kind = ANY(%s::text[])', [['incident']])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.filters import COLUMN_OF_FIELD, KEY_SEP, Filters
from geo.map import VIEW_PADDING, Bounds
from geo.model import RELIABILITY

#: Only live events are ever asked about.
LIVE = "deleted_at IS NULL"


def _keys(values: Sequence[str]) -> list[str]:
    """Chosen source ids or publishers as the keys the key-list columns hold (see geo.filters._key)."""
    return [str(value).replace(KEY_SEP, "¦") for value in values]


def where(filters: Filters) -> tuple[str, list[Any]]:
    """The condition (and its parameters) of the live events passing ``filters``."""
    parts: list[str] = [LIVE]
    params: list[Any] = []
    if filters.date_from is not None:  # the window overlaps [date_start, date_end]
        parts.append("date_end >= %s")
        params.append(filters.date_from)
    if filters.date_to is not None:
        parts.append("date_start <= %s")
        params.append(filters.date_to)
    supported = []  # sources and publishers are one criterion: "supported by"
    if filters.sources:
        supported.append("source_ids && %s::text[]")
        params.append(_keys(filters.sources))
    if filters.publishers:
        supported.append("publishers && %s::text[]")
        params.append(_keys(filters.publishers))
    if supported:
        parts.append(f"({' OR '.join(supported)})")
    if filters.min_reliability in RELIABILITY:
        parts.append("best_rel <= %s")
        params.append(RELIABILITY.index(str(filters.min_reliability)))
    for field, column in COLUMN_OF_FIELD.items():  # column names are ours, never the user's
        values = getattr(filters, field)
        if values:
            parts.append(f"{column} = ANY(%s::text[])")
            params.append(list(values))
    if filters.actors:
        parts.append("(actor1 = ANY(%s::text[]) OR actor2 = ANY(%s::text[]))")
        params += [list(filters.actors), list(filters.actors)]
    return " AND ".join(parts), params


def padded_box(bounds: Bounds, padding: float = VIEW_PADDING) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of ``bounds`` ((south, west), (north, east)) widened by
    ``padding`` of its size on each side, computed exactly as :func:`geo.map.view.view_mask` does."""
    (south, west), (north, east) = bounds
    pad_lat, pad_lon = (north - south) * padding, (east - west) * padding
    return float(west - pad_lon), float(south - pad_lat), float(east + pad_lon), float(north + pad_lat)


def placed_where(filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> tuple[str, list[Any]]:
    """The condition of the events passing ``filters`` of one of ``kinds`` that have a place and, with
    ``bounds``, whose anchor is inside the padded view (both edges included).

    ``&&`` with the view's box finds candidates through the GiST index on ``anchor`` (its boxes are
    rounded outwards to single precision, so it never loses a point on an edge); the comparisons of
    the coordinates then decide exactly, as ``view_mask`` does.
    """
    sql, params = where(filters)
    sql += " AND kind = ANY(%s::text[]) AND anchor_x IS NOT NULL"
    params.append(list(kinds))
    if bounds is not None:
        west, south, east, north = padded_box(bounds)
        sql += (" AND anchor && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
                " AND anchor_x BETWEEN %s AND %s AND anchor_y BETWEEN %s AND %s")
        params += [west, south, east, north, west, east, south, north]
    return sql, params
