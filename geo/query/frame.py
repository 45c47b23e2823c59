"""The dashboard's questions answered in memory, from a lean frame (the embedded store).

:func:`lean_frame` keeps of every live event only what filtering, the map's counts and the
timeline need, in compact dtypes: the id, categoricals for kind, type, country, province,
actors and claimant, the dates, the best fatality estimate, the ``|id|`` key lists of its
sources (categoricals, see :func:`geo.filters.prepare_frame`), its best reliability and the
anchor point of its place (``_lon``/``_lat``). A million events take about 100 MB instead of
the 2-3 GB of the full frame. Whatever shows an event itself (a map marker and its card, a
table row, a download) reads its full record from the store by id
(:meth:`EventStore.load_ids`), for the few events it shows.

Example
-------
>>> from geo.model.schema import empty_frame
>>> FrameQuery.of(empty_frame()).count(Filters())
0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.briefing import frame_bounds, source_catalogue, source_event_counts, timeline_table
from geo.filters import Filters, data_extent, filter_mask, filter_options, prepare_frame
from geo.map import Bounds, GridCells, aggregate_grid, anchor_points, view_mask
from geo.model import empty_frame
from geo.query.base import Summary, TooMany

#: Columns of the lean frame taken as they are from the prepared frame (``_lon``/``_lat`` are added).
LEAN_COLUMNS = ("event_id", "kind", "event_type", "date_start", "date_end", "country", "admin1", "actor1",
                "actor2", "claimed_by", "fatalities_best", "_source_ids", "_publishers", "_best_rel")
#: The stored fields a lean frame and its summary are made from (the geometry too).
LEAN_READ = (*(name for name in LEAN_COLUMNS if not name.startswith("_")), "sources")
_CATEGORICAL = ("kind", "event_type", "country", "admin1", "actor1", "actor2", "claimed_by")

#: Reads the full records of some event ids from where the events live (any order).
Fetch = Callable[[Sequence[str]], gpd.GeoDataFrame]


def lean_frame(full: gpd.GeoDataFrame) -> pd.DataFrame:
    """The lean frame of a canonical event frame (see the module text), rows in the same order."""
    prepared = prepare_frame(full)
    lon, lat = anchor_points(prepared)
    lean = pd.DataFrame({name: prepared[name] for name in LEAN_COLUMNS})
    for name in _CATEGORICAL:
        lean[name] = lean[name].astype("category")
    lean["event_id"] = lean["event_id"].astype("string[pyarrow]")
    lean["_lon"], lean["_lat"] = lon, lat
    return lean.reset_index(drop=True)


class FrameQuery:
    """:class:`geo.query.EventQuery` over a lean frame; full records come from ``fetch``."""

    def __init__(self, lean: pd.DataFrame, summary: Summary, fetch: Fetch) -> None:
        self.lean, self._summary, self._fetch = lean, summary, fetch

    @classmethod
    def of(cls, full: gpd.GeoDataFrame, fetch: Fetch | None = None) -> FrameQuery:
        """The query of a canonical frame; records are read back from it unless ``fetch`` says otherwise."""
        prepared = prepare_frame(full)
        summary = Summary(total=len(prepared), options=filter_options(prepared),
                          catalogue=source_catalogue(prepared), extent=data_extent(prepared),
                          frame=frame_bounds(prepared))
        if fetch is None:
            by_id = prepared.drop(columns=["_source_ids", "_publishers", "_best_rel"]).set_index("event_id", drop=False)

            def fetch(ids: Sequence[str]) -> gpd.GeoDataFrame:
                return by_id.loc[by_id.index.intersection(list(ids))].reset_index(drop=True)
        return cls(lean_frame(prepared), summary, fetch)

    # -- whole-set answers ----------------------------------------------------------
    def summary(self) -> Summary:
        return self._summary

    def mask(self, filters: Filters) -> np.ndarray:
        """Which rows of the lean frame pass ``filters``."""
        return filter_mask(self.lean, filters) if len(self.lean) else np.zeros(0, dtype=bool)

    def count(self, filters: Filters) -> int:
        return int(self.mask(filters).sum())

    def kind_counts(self, filters: Filters) -> dict[str, int]:
        counts = self.lean["kind"][self.mask(filters)].value_counts()
        return {str(kind): int(n) for kind, n in counts.items() if n}

    def timeline(self, filters: Filters, unit: str, measure: str, spread: bool) -> pd.DataFrame:
        return timeline_table(self.lean[self.mask(filters)], unit, measure, spread=spread)  # type: ignore[arg-type]

    def source_counts(self, filters: Filters) -> pd.Series:
        return source_event_counts(self.lean[self.mask(filters)])

    # -- the map ----------------------------------------------------------------------
    def _placed(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> np.ndarray:
        lon, lat = self.lean["_lon"].to_numpy(), self.lean["_lat"].to_numpy()
        keep = self.mask(filters) & self.lean["kind"].isin(list(kinds)).to_numpy(dtype=bool)
        keep &= ~(np.isnan(lon) | np.isnan(lat))
        return keep & view_mask(lon, lat, bounds) if bounds is not None else keep

    def placed_count(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> int:
        return int(self._placed(filters, kinds, bounds).sum())

    def placed_records(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None) -> gpd.GeoDataFrame:
        return self._rows(self._placed(filters, kinds, bounds))

    def grid(self, filters: Filters, kinds: Sequence[str], bounds: Bounds | None, zoom: float | None,
             cell_px: int) -> GridCells:
        keep = self._placed(filters, kinds, bounds)
        rows = self.lean[["event_type", "kind", "fatalities_best", "date_start", "date_end"]][keep]
        return aggregate_grid(self.lean["_lon"].to_numpy()[keep], self.lean["_lat"].to_numpy()[keep], rows, zoom,
                              cell_px)

    # -- records ----------------------------------------------------------------------
    def _rows(self, keep: np.ndarray) -> gpd.GeoDataFrame:
        """Full records of the kept rows, in the lean frame's (the store's) order."""
        ids = self.lean["event_id"].to_numpy()[keep]
        if not len(ids):
            return empty_frame()
        records = self._fetch(list(ids))
        order = pd.Series(np.arange(len(ids)), index=pd.Index(ids))
        ranked = records.assign(_at=order.reindex(records["event_id"].to_numpy()).to_numpy())
        return ranked.sort_values("_at").drop(columns="_at").reset_index(drop=True)

    def page(self, filters: Filters, offset: int, limit: int) -> gpd.GeoDataFrame:
        positions = np.flatnonzero(self.mask(filters))[max(0, offset):max(0, offset) + max(0, limit)]
        keep = np.zeros(len(self.lean), dtype=bool)
        keep[positions] = True
        return self._rows(keep)

    def records(self, filters: Filters, limit: int) -> gpd.GeoDataFrame:
        keep = self.mask(filters)
        if int(keep.sum()) > limit:
            raise TooMany(int(keep.sum()), limit)
        return self._rows(keep)

    def record(self, event_id: str) -> dict[str, Any] | None:
        found = self._fetch([event_id])
        return found.iloc[0].to_dict() if len(found) else None
