"""The stored events a new report could repeat, asked of a query instead of the whole store.

:func:`geo.extraction.find_duplicates` needs the same kind and date ranges that overlap
(within a slack), then judges distance and figures. Those two conditions are filters, so
the store hands over only the few events of those days; an article ingested into a
million-event store reads tens of records, not a million.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd

from geo.filters import Filters
from geo.model import Event
from geo.query.base import EventQuery, TooMany

#: Records read at most for one candidate before the search is narrowed to its surroundings.
NEARBY_MAX = 20_000
#: Half the side of the box around a candidate (degrees) when its days alone match too many events.
NEARBY_DEG = 1.0


def duplicate_candidates(query: EventQuery, event: Event, *, slack_days: int = 0) -> gpd.GeoDataFrame:
    """Full records of the live events of ``event``'s kind whose dates overlap its range widened by
    ``slack_days``: everything :func:`geo.extraction.find_duplicates` could match, in store order.

    When more than :data:`NEARBY_MAX` match (a range of years on a big store), only those whose
    anchor lies within :data:`NEARBY_DEG` degrees of the event's place are taken.
    """
    slack = dt.timedelta(days=slack_days)
    filters = Filters(date_from=event.date_start - slack, date_to=event.date_end + slack, kinds=(event.kind,))
    try:
        return query.records(filters, NEARBY_MAX)
    except TooMany:
        west, south, east, north = event.geometry.bounds
        bounds = ((south - NEARBY_DEG, west - NEARBY_DEG), (north + NEARBY_DEG, east + NEARBY_DEG))
        return query.placed_records(filters, [event.kind], bounds)
