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


#: Query-parameter name of each multi-value filter field.
LIST_PARAMS = {
    "sources": "source",
    "claimed_by": "claimed",
    "kinds": "kind",
    "event_types": "type",
    "countries": "country",
    "admin1s": "admin1",
    "actors": "actor",
}


def filters_to_params(filters: Filters) -> dict[str, list[str]]:
    """URL query parameters for the filter state (only what is set)."""
    params: dict[str, list[str]] = {}
    if filters.date_from:
        params["from"] = [filters.date_from.isoformat()]
    if filters.date_to:
        params["to"] = [filters.date_to.isoformat()]
    if filters.min_reliability:
        params["rel"] = [filters.min_reliability]
    for field_name, key in LIST_PARAMS.items():
        values = getattr(filters, field_name)
        if values:
            params[key] = list(values)
    return params


def filter_options(gdf: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """The values each multi-value filter can take in this frame."""
    frame = prepare_frame(gdf)
    sources = sorted({k for keys in frame["_source_keys"] for k in keys})
    actors = pd.concat([frame["actor1"], frame["actor2"]]).dropna()

    def uniq(series: pd.Series) -> list[str]:
        return sorted(str(v) for v in series.dropna().unique() if str(v))

    return {
        "sources": sources,
        "claimed_by": uniq(frame["claimed_by"]),
        "kinds": ["incident", "posture", "concentration", "context"],
        "event_types": uniq(frame["event_type"]),
        "countries": uniq(frame["country"]),
        "admin1s": uniq(frame["admin1"]),
        "actors": uniq(actors),
    }


def _parse_day(text: str, name: str, notices: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        notices.append(f"ignored {name}={text!r}: not a date in YYYY-MM-DD form")
        return None


def filters_from_params(params: dict[str, list[str]], gdf: gpd.GeoDataFrame) -> tuple[Filters, list[str]]:
    """Filter state from URL parameters; bad values are dropped with a notice each."""
    notices: list[str] = []
    first = {k: v[-1] for k, v in params.items() if v}
    date_from = _parse_day(first["from"], "from", notices) if "from" in first else None
    date_to = _parse_day(first["to"], "to", notices) if "to" in first else None
    if date_from and date_to and date_from > date_to:
        notices.append(f"ignored from={date_from} and to={date_to}: the window ends before it starts")
        date_from = date_to = None
    rel = first.get("rel")
    if rel is not None and rel not in RELIABILITY:
        notices.append(f"ignored rel={rel!r}: reliability is one of A-F")
        rel = None
    options = filter_options(gdf)
    lists: dict[str, tuple[str, ...]] = {}
    for field_name, key in LIST_PARAMS.items():
        known = set(options[field_name])
        given = params.get(key, [])
        bad = [v for v in given if v not in known]
        if bad:
            notices.append(f"ignored {key}={', '.join(repr(b) for b in bad)}: not in the data")
        lists[field_name] = tuple(v for v in given if v in known)
    filters = Filters(date_from=date_from, date_to=date_to, min_reliability=rel, **lists)
    return filters, notices


def data_extent(gdf: gpd.GeoDataFrame) -> tuple[dt.date, dt.date]:
    """First start and last end date in the frame (today when empty)."""
    if not len(gdf):
        today = dt.date.today()
        return today, today
    return gdf["date_start"].min().date(), gdf["date_end"].max().date()


def step_window(start: dt.date, end: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """Shift a window forward by one month or one year, keeping its length."""
    offset = pd.DateOffset(years=1) if unit == "year" else pd.DateOffset(months=1)
    return (pd.Timestamp(start) + offset).date(), (pd.Timestamp(end) + offset).date()
