"""What the dashboard asks of the stored events, as one interface with two answers.

:class:`EventQuery` is every question a page asks: how many events pass the filters,
the map's events or grid cells in a view, the timeline, the sources' counts, one page of
the events table, the records of an export, one event's card. It is answered

- in memory by :class:`geo.query.frame.FrameQuery` (the embedded GeoPackage store): a lean
  frame of the columns filters and the map need, full records read from the store by id;
- in the database by :class:`geo.query.sql.SqlQuery` (``DATABASE_URL``, PostGIS): each
  question is one SQL query, so the app receives only what it shows.

Semantics are those of the in-memory functions they replace: :func:`geo.filters.filter_mask`
(filters), :func:`geo.map.view.anchor_points` and :func:`geo.map.view.view_mask` (where an event
is and whether it is in a view, padded by ``VIEW_PADDING``), :func:`geo.map.aggregate.aggregate_grid`
(grid cells), :func:`geo.briefing.timeline_table`, :func:`geo.briefing.source_event_counts`,
:func:`geo.filters.filter_options`, :func:`geo.briefing.source_catalogue`,
:func:`geo.filters.data_extent` and :func:`geo.briefing.frame_bounds`. Rows come in store order
(the order :meth:`EventStore.load` returns them). Tests check both answers against those functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd

from geo.filters import Filters
from geo.map import Bounds, GridCells


class TooMany(ValueError):
    """More events pass the filters than a caller may hold at once (``count`` says how many)."""

    def __init__(self, count: int, limit: int) -> None:
        self.count, self.limit = count, limit
        super().__init__(f"{count:,} events match; at most {limit:,} can be taken at once: narrow the filters")


@dataclass(frozen=True)
class Summary:
    """What the sidebar and every page derive from all stored events (one per store version)."""

    #: Live events stored.
    total: int
    #: :func:`geo.filters.filter_options`.
    options: dict[str, list[str]]
    #: :func:`geo.briefing.source_catalogue` (columns ``SOURCE_COLUMNS``).
    catalogue: pd.DataFrame
    #: :func:`geo.filters.data_extent`.
    extent: tuple[dt.date, dt.date]
    #: :func:`geo.briefing.frame_bounds` of all events: the map's opening view.
    frame: Bounds


class EventQuery(Protocol):
    """Questions about the live events of one store version (see the module text for semantics)."""

    def summary(self) -> Summary: ...

    def count(self, filters: Filters) -> int:
        """Events passing ``filters``."""

    def kind_counts(self, filters: Filters) -> dict[str, int]:
        """Events passing ``filters`` per ``kind`` (kinds with none may be left out)."""

    def placed_count(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> int:
        """Events passing ``filters`` of one of ``kinds`` that have a place (a non-empty geometry)
        and, when ``bounds`` is given, whose anchor point is inside it padded by ``VIEW_PADDING``."""

    def placed_records(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> gpd.GeoDataFrame:
        """The full records (the canonical frame: every field, ``sources`` as citation lists,
        geometry, EPSG:4326) of the events :meth:`placed_count` counts, in store order."""

    def grid(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None, zoom: float | None,
             cell_px: int) -> GridCells:
        """:func:`geo.map.aggregate.aggregate_grid` of the events :meth:`placed_count` counts
        (cells may come in any order; each cell's mean position is the mean of its anchors)."""

    def timeline(self, filters: Filters, unit: str, measure: str, spread: bool) -> pd.DataFrame:
        """:func:`geo.briefing.timeline_table` of the events passing ``filters``."""

    def source_counts(self, filters: Filters) -> pd.Series:
        """:func:`geo.briefing.source_event_counts` of the events passing ``filters``."""

    def page(self, filters: Filters, offset: int, limit: int) -> gpd.GeoDataFrame:
        """Full records of the events passing ``filters``, rows ``offset`` to ``offset + limit`` in store order."""

    def records(self, filters: Filters, limit: int) -> gpd.GeoDataFrame:
        """Full records of every event passing ``filters`` in store order; :class:`TooMany` above ``limit``."""

    def record(self, event_id: str) -> dict[str, Any] | None:
        """One live event's full record as a row dict of the canonical frame (None if there is none)."""
