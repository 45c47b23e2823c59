"""Tables behind the timeline, events and sources views (pure pandas, no streamlit).

Every function takes an event frame (optionally already prepared with
:func:`geo.filters.prepare_frame`) and returns a plain ``DataFrame``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.filters import KEY_SEP, prepare_frame
from geo.model import GEO_PRECISION_LABELS, RELIABILITY_LABELS, TIME_PRECISION_LABELS

TimeUnit = Literal["year", "month"]
Measure = Literal["events", "fatalities"]
TIMELINE_COLUMNS = ["period", "event_type", "value"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "published", "url", "reliability",
                  "reliability_label", "events"]
_CATALOGUE_ORDER = ["reliability", "publisher", "published", "source_id"]


# -- timeline --------------------------------------------------------------------------


def _period_codes(dates: pd.Series, unit: TimeUnit) -> np.ndarray:
    """Whole years, or months counted from year 0, of each date."""
    years = dates.dt.year.to_numpy(dtype=np.int64)
    return years if unit == "year" else years * 12 + dates.dt.month.to_numpy(dtype=np.int64) - 1


def _period_start(codes: np.ndarray, unit: TimeUnit) -> pd.Series:
    if unit == "year":
        return pd.to_datetime({"year": codes, "month": 1, "day": 1})
    return pd.to_datetime({"year": codes // 12, "month": codes % 12 + 1, "day": 1})


def timeline_table(gdf: gpd.GeoDataFrame, unit: TimeUnit = "year", measure: Measure = "events",
                   spread: bool = False) -> pd.DataFrame:
    """Events (or best fatality estimates) per period and event type.

    Columns ``period`` (first day of the year/month, UTC), ``event_type``,
    ``value``; periods with nothing are left out. An event known only as a range
    is counted in the period where it starts, or with ``spread=True`` divided
    evenly over every period its range touches (so totals are the same either way).
    Unknown fatality figures count as 0.
    """
    if not len(gdf):
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "event_type": pd.Series(dtype=str),
                             "value": pd.Series(dtype=float)})
    weights = (pd.to_numeric(gdf["fatalities_best"]).fillna(0).to_numpy(dtype=float)
               if measure == "fatalities" else np.ones(len(gdf)))
    start = _period_codes(gdf["date_start"], unit)
    end = _period_codes(gdf["date_end"], unit) if spread else start
    types = pd.Categorical(gdf["event_type"].astype(str))
    first, n_periods = int(start.min()), int(end.max() - start.min()) + 2
    # Difference array: +w/len at the first period, -w/len after the last, then a running sum.
    per_period = weights / (end - start + 1)
    diff = np.zeros((len(types.categories), n_periods))
    np.add.at(diff, (types.codes, start - first), per_period)
    np.add.at(diff, (types.codes, end - first + 1), -per_period)
    values = np.cumsum(diff, axis=1)[:, :-1]
    type_idx, period_idx = np.nonzero(np.abs(values) > 1e-9)  # a running sum leaves float dust
    table = pd.DataFrame({
        "period": _period_start(period_idx + first, unit),
        "event_type": np.asarray(types.categories)[type_idx].astype(str),
        "value": values[type_idx, period_idx],
    })
    return table.sort_values(["period", "event_type"]).reset_index(drop=True)


# -- sources ---------------------------------------------------------------------------


def source_label(publisher: str, title: Any, published: Any) -> str:
    """``Publisher — title (date)``, the way a source is named in lists."""
    date = published if isinstance(published, str) and published else "undated"
    return f"{publisher} — {title or 'untitled'} ({date})"


def reliability_label(letter: str) -> str:
    """``B — Usually reliable``."""
    return f"{letter} — {RELIABILITY_LABELS.get(letter, 'unknown')}"


def source_event_counts(gdf: gpd.GeoDataFrame) -> pd.Series:
    """How many events cite each source id (a Series indexed by source_id)."""
    frame = prepare_frame(gdf)
    per_list = frame["_source_ids"].value_counts()  # one entry per distinct |a|b| list
    counts: dict[str, int] = {}
    for keys, n in per_list.items():
        for key in str(keys).split(KEY_SEP):
            if key and n:
                counts[key] = counts.get(key, 0) + int(n)
    return pd.Series(counts, dtype="int64", name="events")


def _citations(gdf: gpd.GeoDataFrame) -> Iterable[dict[str, Any]]:
    for citations in gdf["sources"]:
        yield from citations


def source_catalogue(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per source cited in the frame, with how many events it supports.

    Columns :data:`SOURCE_COLUMNS` (``published`` as ISO text or empty);
    metadata comes from the first citation of each id. Sorted by reliability,
    then publisher and date.
    """
    seen: dict[str, dict[str, Any]] = {}
    for cite in _citations(gdf):
        seen.setdefault(str(cite.get("source_id")), cite)
    if not seen:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    rows = [{"source_id": sid, "publisher": c.get("publisher") or "", "title": c.get("title") or "",
             "published": str(c.get("published") or ""), "url": c.get("url") or None,
             "reliability": c.get("reliability") or "F"} for sid, c in seen.items()]
    table = pd.DataFrame(rows)
    table["reliability_label"] = table["reliability"].map(reliability_label)
    table["events"] = table["source_id"].map(source_event_counts(gdf)).fillna(0).astype("int64")
    return table.sort_values(_CATALOGUE_ORDER)[SOURCE_COLUMNS].reset_index(drop=True)


def combine_catalogues(first: pd.DataFrame, then: pd.DataFrame) -> pd.DataFrame:
    """The :func:`source_catalogue` of two disjoint sets of events from theirs, ``first`` the earlier
    events (a source keeps the metadata of its first citation), so it can be built a page at a time."""
    if not len(first) or not len(then):
        return then if len(then) else first
    both = pd.concat([first, then], ignore_index=True)
    table = both.drop_duplicates("source_id").set_index("source_id")
    table["events"] = both.groupby("source_id")["events"].sum()
    return table.reset_index().sort_values(_CATALOGUE_ORDER)[SOURCE_COLUMNS].reset_index(drop=True)


def sources_table(catalogue: pd.DataFrame, shown: gpd.GeoDataFrame | pd.Series) -> pd.DataFrame:
    """The catalogue with ``events_shown``: how many of the ``shown`` events cite each source
    (``shown`` is those events, or already their :func:`source_event_counts`)."""
    table = catalogue.copy()
    counts = shown if isinstance(shown, pd.Series) else source_event_counts(shown)
    table["events_shown"] = table["source_id"].map(counts).fillna(0).astype("int64")
    return table


# -- events ----------------------------------------------------------------------------


def _citation_text(citations: list[dict[str, Any]]) -> str:
    return "; ".join(f"{c.get('publisher')} ({c.get('reliability', 'F')}{c.get('credibility', 6)})"
                     for c in citations)


def _labelled(codes: pd.Series, labels: dict[int, str]) -> pd.Series:
    return codes.map(lambda v: "" if pd.isna(v) else f"{int(v)} {labels.get(int(v), '?')}").astype(str)


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str)


def events_table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """A readable table of the events, one row each, in the frame's order and index.

    Dates stay ``datetime64`` and fatality estimates nullable integers, so the
    table sorts correctly; sources read ``Publisher (B2); …`` (Admiralty
    reliability and credibility).
    """
    return pd.DataFrame({
        "Start": gdf["date_start"],
        "End": gdf["date_end"],
        "Time precision": _labelled(gdf["time_precision"], TIME_PRECISION_LABELS),
        "Kind": gdf["kind"],
        "Type": gdf["event_type"],
        "Sub-type": gdf["sub_event_type"],
        "Location": gdf["location"],
        "Province": _text(gdf["admin1"]),
        "Country": gdf["country"],
        "Geo precision": _labelled(gdf["geo_precision"], GEO_PRECISION_LABELS),
        "Fatalities low": gdf["fatalities_low"],
        "Fatalities best": gdf["fatalities_best"],
        "Fatalities high": gdf["fatalities_high"],
        "Actor 1": _text(gdf["actor1"]),
        "Actor 2": _text(gdf["actor2"]),
        "Claimed by": _text(gdf["claimed_by"]),
        "Sources": gdf["sources"].map(_citation_text).astype(str),
        "Event id": gdf["event_id"],
        "Notes": _text(gdf["notes"]),
    }, index=gdf.index)
