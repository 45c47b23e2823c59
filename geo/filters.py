"""Filter state and vectorised filtering of the event frame.

An event with a date range ``[date_start, date_end]`` is inside the window
``[date_from, date_to]`` when the two intervals overlap. Source filters match
a source's id or its publisher; ``min_reliability`` keeps events with at
least one source rated at or better than the given Admiralty letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.schema import RELIABILITY


@dataclass(frozen=True)
class Filters:
    """What the analyst chose; empty tuples and None mean "no restriction"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sources: tuple[str, ...] = ()
    min_reliability: str | None = None
    claimed_by: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1s: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def prepare_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add helper columns used by :func:`apply_filters` (once per loaded frame).

    ``_source_keys``: a set of source ids and publishers per event;
    ``_best_rel``: index of the best Admiralty reliability (0 = A).
    """
    if "_source_keys" in gdf.columns:
        return gdf
    out = gdf.copy()
    out["_source_keys"] = [
        frozenset(k for s in srcs for k in (s.get("source_id"), s.get("publisher")) if k)
        for srcs in out["sources"]
    ]
    out["_best_rel"] = [
        min((RELIABILITY.index(s.get("reliability", "F")) for s in srcs), default=5)
        for srcs in out["sources"]
    ]
    return out


def window_mask(gdf: gpd.GeoDataFrame, date_from: dt.date | None, date_to: dt.date | None) -> np.ndarray:
    """Boolean mask of events whose date range overlaps ``[date_from, date_to]``."""
    mask = np.ones(len(gdf), dtype=bool)
    if date_from is not None:
        mask &= (gdf["date_end"] >= pd.Timestamp(date_from)).to_numpy()
    if date_to is not None:
        mask &= (gdf["date_start"] <= pd.Timestamp(date_to)).to_numpy()
    return mask


def _isin(gdf: gpd.GeoDataFrame, column: str, values: tuple[str, ...]) -> np.ndarray:
    return gdf[column].isin(values).to_numpy()


def apply_filters(gdf: gpd.GeoDataFrame, filters: Filters) -> gpd.GeoDataFrame:
    """The events that pass every filter (vectorised; keeps the original order)."""
    frame = prepare_frame(gdf)
    mask = window_mask(frame, filters.date_from, filters.date_to)
    if filters.sources:
        wanted = set(filters.sources)
        mask &= np.fromiter((bool(k & wanted) for k in frame["_source_keys"]), bool, len(frame))
    if filters.min_reliability:
        mask &= (frame["_best_rel"] <= RELIABILITY.index(filters.min_reliability)).to_numpy()
    for column, values in (
        ("claimed_by", filters.claimed_by),
        ("kind", filters.kinds),
        ("event_type", filters.event_types),
        ("country", filters.countries),
        ("admin1", filters.admin1s),
    ):
        if values:
            mask &= _isin(frame, column, values)
    if filters.actors:
        mask &= _isin(frame, "actor1", filters.actors) | _isin(frame, "actor2", filters.actors)
    return frame[mask]
