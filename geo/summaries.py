"""Tables behind the timeline, events and sources pages (pure pandas)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.cards import format_estimate
from geo.schema import RELIABILITY_LABELS


def timeline_table(gdf: gpd.GeoDataFrame, unit: str = "year", measure: str = "events") -> pd.DataFrame:
    """Counts (or best fatalities) per period and event type; ranged events count at their start."""
    if not len(gdf):
        return pd.DataFrame(columns=["period", "event_type", "value"])
    period = gdf["date_start"].dt.to_period("Y" if unit == "year" else "M").dt.start_time
    values = pd.to_numeric(gdf["fatalities_best"]).fillna(0) if measure == "fatalities" else 1
    table = pd.DataFrame({"period": period, "event_type": gdf["event_type"], "value": values})
    return table.groupby(["period", "event_type"], as_index=False)["value"].sum()


def sources_table(all_events: gpd.GeoDataFrame, shown: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per source: metadata, reliability and how many events it supports."""
    def explode(frame: gpd.GeoDataFrame) -> pd.DataFrame:
        rows = [s for srcs in frame["sources"] for s in srcs]
        return pd.DataFrame(rows, columns=["source_id", "publisher", "title", "published", "url", "reliability"])

    every = explode(all_events)
    if every.empty:
        return pd.DataFrame(columns=["source_id", "publisher", "title", "published", "url", "reliability",
                                     "reliability_label", "events", "events_shown"])
    counts = every.groupby("source_id").size().rename("events")
    shown_counts = explode(shown).groupby("source_id").size().rename("events_shown")
    meta = every.drop_duplicates("source_id").set_index("source_id")
    table = meta.join(counts).join(shown_counts).fillna({"events_shown": 0}).reset_index()
    table["events_shown"] = table["events_shown"].astype(int)
    table["reliability_label"] = table["reliability"].map(RELIABILITY_LABELS)
    return table.sort_values(["reliability", "publisher"]).reset_index(drop=True)


def events_table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """A readable, sortable table of events (one row each)."""
    def sources(srcs: list[dict]) -> str:
        return "; ".join(f"{s.get('publisher')} ({s.get('reliability')}{s.get('credibility')})" for s in srcs)

    return pd.DataFrame({
        "event_id": gdf["event_id"],
        "date_start": gdf["date_start"].dt.date,
        "date_end": gdf["date_end"].dt.date,
        "kind": gdf["kind"],
        "event_type": gdf["event_type"],
        "sub_event_type": gdf["sub_event_type"],
        "location": gdf["location"],
        "country": gdf["country"],
        "fatalities": [format_estimate(a, b, c) for a, b, c in
                       zip(gdf["fatalities_low"], gdf["fatalities_best"], gdf["fatalities_high"], strict=True)],
        "fatalities_best": gdf["fatalities_best"],
        "actor1": gdf["actor1"],
        "actor2": gdf["actor2"],
        "claimed_by": gdf["claimed_by"],
        "sources": gdf["sources"].map(sources),
        "notes": gdf["notes"],
    }).reset_index(drop=True)
