"""The dashboard's questions answered inside PostGIS (the shared store, ``DATABASE_URL``).

Each method of :class:`SqlQuery` is one or a few parameterised SQL queries over the live rows
of ``events``, filtered by :func:`geo.query.sql_where.where`, so the app receives only what it
shows: a count, grid cells, a timeline table, one page of records. They use the generated
columns and indexes of migration 2 (:data:`geo.stores.pg.MIGRATIONS`): the citation key lists
(GIN), the best reliability, and the anchor point of every place (GiST). Answers equal those of
the in-memory functions named in :mod:`geo.query.base`; full records come through the store's
own reader (:meth:`PostGISStore.load_where`), so they are exactly :meth:`PostGISStore.load`'s rows.

Example
-------
>>> query = SqlQuery(PostGISStore("postgresql://bm@localhost/border_monitor"))  # doctest: +SKIP
>>> query.count(Filters(kinds=("incident",)))  # doctest: +SKIP
41
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.briefing import FRAMEABLE, pad_frame, source_catalogue, timeline_table
from geo.filters import COLUMN_OF_FIELD, Filters, data_extent
from geo.map import Bounds, GridCells, cell_size_deg
from geo.model import EVENT_TYPES, KINDS, empty_frame
from geo.query.base import Summary, TooMany
from geo.query.sql_where import LIVE, placed_where, where
from geo.stores import EventStore

if TYPE_CHECKING:
    import psycopg

_EPOCH_DAYS = "- date '1970-01-01'"  # a date minus the epoch: whole days, read back as datetime64


def _grid_sql(condition: str) -> str:
    """Per grid cell and event type and kind: count, summed positions and fatalities, first and last day.

    Grouping by type and kind (a few rows per cell, added up by :func:`_cells`) costs the server far less
    than counting each type and kind with a condition per row."""
    return ("SELECT floor(x / %s)::bigint, floor(y / %s)::bigint, event_type, kind, count(*), sum(x), sum(y), "
            f"sum(coalesce(fatalities_best, 0))::float8, min(date_start) {_EPOCH_DAYS}, max(date_end) {_EPOCH_DAYS} "
            "FROM (SELECT anchor_x AS x, anchor_y AS y, event_type, kind, fatalities_best, date_start, "
            f"date_end FROM events WHERE {condition}) AS placed GROUP BY 1, 2, 3, 4")


def _cells(rows: Sequence[tuple[Any, ...]]) -> GridCells:
    """The :class:`GridCells` of :func:`_grid_sql`'s rows (cells in the order of their column and row)."""
    table = np.array(rows, dtype=object).reshape(len(rows), 10)
    _, cell = np.unique(table[:, :2].astype(np.int64), axis=0, return_inverse=True)
    cell = cell.reshape(-1)
    n_cells = int(cell.max()) + 1 if len(cell) else 0
    count = np.bincount(cell, weights=table[:, 4].astype(np.int64), minlength=n_cells).astype(np.int64)

    def tally(values: np.ndarray, vocabulary: tuple[str, ...]) -> np.ndarray:
        codes = np.array([vocabulary.index(v) if v in vocabulary else -1 for v in values], dtype=np.int64)
        out = np.zeros((n_cells, len(vocabulary)), dtype=np.int64)
        keep = codes >= 0  # a value outside the vocabulary is not counted (as aggregate_grid)
        np.add.at(out, (cell[keep], codes[keep]), table[keep, 4].astype(np.int64))
        return out

    def total(column: int) -> np.ndarray:
        return np.bincount(cell, weights=table[:, column].astype(float), minlength=n_cells).astype(float)

    first = np.full(n_cells, np.iinfo(np.int64).max)
    last = np.full(n_cells, np.iinfo(np.int64).min)
    np.minimum.at(first, cell, table[:, 8].astype(np.int64))
    np.maximum.at(last, cell, table[:, 9].astype(np.int64))
    return GridCells(lon=total(5) / count, lat=total(6) / count, count=count, by_type=tally(table[:, 2], EVENT_TYPES),
                     by_kind=tally(table[:, 3], KINDS), fatalities=total(7), first=_days(first), last=_days(last))


def _period(column: str, unit: str) -> str:
    """SQL of a date column's period: whole years, or months counted from year 0."""
    year = f"date_part('year', {column})::int"  # (extract gives numeric, several times slower)
    return year if unit == "year" else f"({year} * 12 + date_part('month', {column})::int - 1)"


def _timeline_sql(condition: str, unit: str, measure: str, spread: bool) -> str:
    """Per event type and first and last period (the first only unless ``spread``): the first days of
    both periods and the events' summed weight (their number, or their fatalities)."""
    start = _period("date_start", unit)
    end = _period("date_end", unit) if spread else start
    weight = "coalesce(fatalities_best, 0)::float8" if measure == "fatalities" else "1::float8"
    day = "make_date({0}, 1, 1)" if unit == "year" else "make_date({0} / 12, {0} %% 12 + 1, 1)"  # %% is "%"
    return (f"SELECT event_type, {day.format('s')}, {day.format('e')}, sum(w) FROM (SELECT event_type, {start} AS s, "
            f"{end} AS e, {weight} AS w FROM events WHERE {condition}) AS spans GROUP BY 1, s, e")


def _days(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    """Whole days since 1970-01-01 as ``datetime64[ns]``."""
    return np.asarray(values, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")


def _texts(values: Sequence[Any] | None) -> list[str]:
    """Sorted distinct non-blank texts (as :func:`geo.filters.filter_options` lists a column's values)."""
    return sorted({str(v) for v in values or () if v is not None and str(v).strip()})


@runtime_checkable
class PostGISReader(Protocol):
    """What :class:`SqlQuery` needs of a store: :class:`geo.stores.pg.PostGISStore` (psycopg is imported
    only when a server is used, so this package does not import that module)."""

    def reading(self) -> AbstractContextManager[psycopg.Connection[Any]]: ...

    def load_where(self, condition: str, params: Sequence[Any]) -> gpd.GeoDataFrame: ...


class SqlQuery:
    """:class:`geo.query.EventQuery` answered by a :class:`PostGISStore`'s database; see the module text.

    Every call asks the database as it is now; :meth:`summary` is computed once per object (make one
    per store version, as :func:`geo.query.open_query` does).
    """

    def __init__(self, store: PostGISReader) -> None:
        self.store = store
        self._summary: Summary | None = None

    @classmethod
    def of(cls, store: EventStore) -> SqlQuery:
        """The query of a store kept in PostGIS (``TypeError`` for any other store)."""
        if not isinstance(store, PostGISReader):
            raise TypeError(f"{store!r} is not a PostGIS store")
        return cls(store)

    def _fetch(self, sql: str, params: Sequence[Any] = (), grouped: bool = False) -> list[tuple[Any, ...]]:
        """The rows of one query. Compiling it (JIT) would cost more than it saves; ``grouped``: the groups
        are few (grid cells, periods), so hash them: the planner cannot know that of computed keys and
        would sort a million rows instead."""
        with self.store.reading() as conn, conn.transaction():
            conn.execute("SET LOCAL jit = off")
            if grouped:
                conn.execute("SET LOCAL enable_sort = off")
            return conn.execute(sql, params).fetchall()

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._fetch(sql, params)[0][0]

    def _records(self, condition: str, params: Sequence[Any]) -> gpd.GeoDataFrame:
        """Full records (the canonical frame) of the rows matching ``condition`` (may end in ORDER BY ...)."""
        return self.store.load_where(condition, params)

    # -- whole-set answers ----------------------------------------------------------
    def summary(self) -> Summary:
        if self._summary is None:
            total = int(self._scalar(f"SELECT count(*) FROM events WHERE {LIVE}"))
            self._summary = Summary(total=total, options=self._options(), catalogue=self._catalogue(),
                                    extent=self._extent(), frame=self._frame_bounds())
        return self._summary

    def count(self, filters: Filters) -> int:
        sql, params = where(filters)
        return int(self._scalar(f"SELECT count(*) FROM events WHERE {sql}", params))

    def kind_counts(self, filters: Filters) -> dict[str, int]:
        sql, params = where(filters)
        return {str(kind): int(n) for kind, n in self._fetch(
            f"SELECT kind, count(*) FROM events WHERE {sql} GROUP BY kind ORDER BY count(*) DESC, kind", params)}

    def timeline(self, filters: Filters, unit: str, measure: str, spread: bool) -> pd.DataFrame:
        sql, params = where(filters)
        groups = self._fetch(_timeline_sql(sql, unit, measure, spread), params, grouped=True)
        # Each group as one event weighing as much as its events together: the reference spreads and
        # tabulates them (the same periods, sums and columns as of the events one by one).
        events = pd.DataFrame({"event_type": [row[0] for row in groups],
                               "date_start": pd.to_datetime([row[1] for row in groups]),
                               "date_end": pd.to_datetime([row[2] for row in groups]),
                               "fatalities_best": np.array([row[3] for row in groups], dtype=float)})
        return timeline_table(events, "year" if unit == "year" else "month", "fatalities", spread=spread)

    def source_counts(self, filters: Filters) -> pd.Series:
        sql, params = where(filters)
        rows = self._fetch(f"SELECT key, count(*) FROM events, unnest(source_ids) AS key WHERE {sql} "
                           "GROUP BY key ORDER BY count(*) DESC, key", params)
        return pd.Series({str(key): int(n) for key, n in rows}, dtype="int64", name="events")

    # -- the map ----------------------------------------------------------------------
    def placed_count(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> int:
        sql, params = placed_where(filters, kinds, bounds)
        return int(self._scalar(f"SELECT count(*) FROM events WHERE {sql}", params))

    def placed_records(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> gpd.GeoDataFrame:
        sql, params = placed_where(filters, kinds, bounds)
        return self._records(f"{sql} ORDER BY written", params)

    def grid(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None, zoom: float | None,
             cell_px: int) -> GridCells:
        sql, params = placed_where(filters, kinds, bounds)
        size = cell_size_deg(zoom, cell_px)
        return _cells(self._fetch(_grid_sql(sql), [size, size, *params], grouped=True))

    # -- records ----------------------------------------------------------------------
    def page(self, filters: Filters, offset: int, limit: int) -> gpd.GeoDataFrame:
        sql, params = where(filters)
        # The page's rows are found first from narrow indexes (no filter or the common ones: an index-only
        # scan), so a deep page skips index entries, not the table's wide rows.
        return self._records(f"{LIVE} AND written IN (SELECT written FROM events WHERE {sql} ORDER BY written "
                             "OFFSET %s LIMIT %s) ORDER BY written", [*params, max(0, offset), max(0, limit)])

    def records(self, filters: Filters, limit: int) -> gpd.GeoDataFrame:
        count = self.count(filters)
        if count > limit:
            raise TooMany(count, limit)
        sql, params = where(filters)
        return self._records(f"{sql} ORDER BY written", params) if count else empty_frame()

    def record(self, event_id: str) -> dict[str, Any] | None:
        found = self._records(f"{LIVE} AND event_id = %s", [event_id])
        return found.iloc[0].to_dict() if len(found) else None

    # -- the summary's parts ----------------------------------------------------------
    def _options(self) -> dict[str, list[str]]:
        """:func:`geo.filters.filter_options` of the live events."""
        fields = {field: column for field, column in COLUMN_OF_FIELD.items()
                  if field not in ("kinds", "event_types")}  # these two list the whole vocabulary
        columns = [*fields.values(), "actor1", "actor2"]
        rows = self._fetch(f"SELECT {', '.join(columns)} FROM events WHERE {LIVE} "  # one scan, hashed
                           f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns)})")
        values = {column: [row[i] for row in rows] for i, column in enumerate(columns)}
        options = {field: _texts(values[column]) for field, column in fields.items()}
        options["kinds"], options["event_types"] = list(KINDS), list(EVENT_TYPES)
        for field, column in (("sources", "source_ids"), ("publishers", "publishers")):
            options[field] = sorted(key for (key,) in self._fetch(
                f"SELECT DISTINCT key FROM events, unnest({column}) AS key WHERE {LIVE}") if key)
        options["actors"] = _texts([*values["actor1"], *values["actor2"]])
        return options

    def _catalogue(self) -> pd.DataFrame:
        """:func:`geo.briefing.source_catalogue` of the live events: each source's first citation in store
        order (by ``written``, then its place in the event's list) and how many events cite it."""
        firsts = self._fetch(
            "SELECT first.sid, cite ->> 'publisher', cite ->> 'title', cite ->> 'published', cite ->> 'url', "
            "cite ->> 'reliability' FROM (SELECT coalesce(c ->> 'source_id', 'None') AS sid, "
            "min(ARRAY[written, pos]) AS at FROM events, json_array_elements(sources) WITH ORDINALITY AS cited(c, pos) "
            f"WHERE {LIVE} GROUP BY 1) AS first JOIN events ON written = first.at[1] AND {LIVE} "
            "CROSS JOIN LATERAL (SELECT sources -> (first.at[2]::int - 1) AS cite) AS citation")
        names = ("source_id", "publisher", "title", "published", "url", "reliability")
        cited = pd.DataFrame({"sources": [[dict(zip(names, row, strict=True))] for row in firsts]})
        table = source_catalogue(cited)  # the reference's columns, labels and order; counts from all events
        table["events"] = table["source_id"].map(self.source_counts(Filters())).fillna(0).astype("int64")
        return table

    def _extent(self) -> tuple[Any, Any]:
        """:func:`geo.filters.data_extent` of the live events."""
        first, last = self._fetch(f"SELECT min(date_start), max(date_end) FROM events WHERE {LIVE}")[0]
        return data_extent(empty_frame()) if first is None else (first, last)

    def _frame_bounds(self) -> Bounds:
        """:func:`geo.briefing.frame_bounds` of the live events: points inside :data:`FRAMEABLE` by their
        coordinates, other places cut to it by their bounds."""
        west, south, east, north = FRAMEABLE
        point = "GeometryType(geom) = 'POINT' AND NOT ST_IsEmpty(geom)"
        # CASE, not AND: conditions joined by AND may run in any order, and ST_X refuses all but a point.
        found = self._fetch(
            "SELECT * FROM (SELECT min(x), min(y), max(x), max(y) FROM ("
            f"SELECT CASE WHEN {point} THEN ST_X(geom) END AS x, CASE WHEN {point} THEN ST_Y(geom) END AS y "
            f"FROM events WHERE {LIVE}) AS points WHERE x BETWEEN %s AND %s AND y BETWEEN %s AND %s) AS inside, "
            "(SELECT min(ST_XMin(cut)), min(ST_YMin(cut)), max(ST_XMax(cut)), max(ST_YMax(cut)) FROM ("
            "SELECT CASE WHEN geom @ box THEN geom ELSE ST_Intersection(geom, box) END AS cut "  # (cut if need be)
            "FROM events, ST_MakeEnvelope(%s, %s, %s, %s, 4326) AS box "
            f"WHERE {LIVE} AND GeometryType(geom) <> 'POINT') AS areas WHERE NOT ST_IsEmpty(cut)) AS cut",
            [west, east, south, north, west, south, east, north])[0]
        parts = [found[i:i + 4] for i in (0, 4) if found[i] is not None]
        if not parts:
            return pad_frame(None)
        return pad_frame((float(min(p[0] for p in parts)), float(min(p[1] for p in parts)),
                          float(max(p[2] for p in parts)), float(max(p[3] for p in parts))))
