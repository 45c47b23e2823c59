"""Timeline, source and event tables behind the dashboard pages."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from geo.briefing.summaries import (
    SOURCE_COLUMNS,
    events_table,
    source_catalogue,
    source_event_counts,
    source_label,
    sources_table,
    timeline_table,
)
from geo.filters import Filters, apply_filters, prepare_frame
from geo.model import empty_frame, events_to_frame
from tests.unit.helpers import make_event


def cite(sid: str, publisher: str, rel: str, credibility: int = 2, **extra: Any) -> dict[str, Any]:
    return {"source_id": sid, "publisher": publisher, "reliability": rel, "credibility": credibility, **extra}


WIRE = cite("wire-1", "Wire", "B", title="Clash at the river", published="2020-05-02",
            url="https://example.org/a")
BLOG = cite("blog-1", "Blog", "E", credibility=4)
FRAME = prepare_frame(events_to_frame([
    make_event(event_id="A", date_start="2019-03-10", date_end="2019-03-10", fatalities_low=2,
               fatalities_best=4, fatalities_high=9, sources=[WIRE]),
    # A three-year range: 1/3 per year when spread, all in 2019 when counted at start.
    make_event(event_id="B", date_start="2019-06-01", date_end="2021-05-31", time_precision=3,
               fatalities_low=None, fatalities_best=None, fatalities_high=None, sources=[WIRE, BLOG]),
    make_event(event_id="C", date_start="2021-01-15", date_end="2021-02-10", kind="context",
               event_type="Strategic developments", sub_event_type="Other", fatalities_low=None,
               fatalities_best=None, fatalities_high=None, sources=[BLOG]),
]))


def cells(table: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(p.strftime("%Y-%m"), t): round(v, 6) for p, t, v in table.itertuples(index=False)}


# -- timeline ------------------------------------------------------------------------------


def test_timeline_counts_ranged_events_where_they_start() -> None:
    table = timeline_table(FRAME, "year", "events")
    assert list(table.columns) == ["period", "event_type", "value"]
    assert cells(table) == {("2019-01", "Battles"): 2, ("2021-01", "Strategic developments"): 1}
    assert table["value"].sum() == len(FRAME)


def test_timeline_spread_divides_a_range_over_the_periods_it_touches() -> None:
    table = timeline_table(FRAME, "year", "events", spread=True)
    assert cells(table) == {
        ("2019-01", "Battles"): round(1 + 1 / 3, 6),
        ("2020-01", "Battles"): round(1 / 3, 6),
        ("2021-01", "Battles"): round(1 / 3, 6),
        ("2021-01", "Strategic developments"): 1,
    }
    assert table["value"].sum() == pytest.approx(len(FRAME))


def test_timeline_by_month_spreads_over_months() -> None:
    table = timeline_table(FRAME, "month", "events", spread=True)
    context = table[table["event_type"] == "Strategic developments"]
    assert cells(context) == {("2021-01", "Strategic developments"): 0.5, ("2021-02", "Strategic developments"): 0.5}
    battles_2020 = table[(table["event_type"] == "Battles") & (table["period"].dt.year == 2020)]
    assert len(battles_2020) == 12 and battles_2020["value"].sum() == pytest.approx(12 / 24)


def test_timeline_fatalities_sum_best_estimates_and_unknown_counts_as_zero() -> None:
    table = timeline_table(FRAME, "year", "fatalities")
    assert cells(table) == {("2019-01", "Battles"): 4}


def test_timeline_of_no_events_is_empty_with_columns() -> None:
    table = timeline_table(empty_frame(), "month", "events", spread=True)
    assert table.empty and list(table.columns) == ["period", "event_type", "value"]


# -- sources ---------------------------------------------------------------------------------


def test_source_catalogue_lists_each_source_once_with_its_event_count() -> None:
    catalogue = source_catalogue(FRAME)
    assert list(catalogue.columns) == SOURCE_COLUMNS
    assert list(catalogue["source_id"]) == ["wire-1", "blog-1"]  # B before E
    wire = catalogue.iloc[0]
    assert (wire["publisher"], wire["title"], wire["published"], wire["url"]) == (
        "Wire", "Clash at the river", "2020-05-02", "https://example.org/a")
    assert wire["reliability_label"] == "B — Usually reliable"
    assert dict(zip(catalogue["source_id"], catalogue["events"], strict=True)) == {"wire-1": 2, "blog-1": 2}


def test_sources_table_counts_events_in_the_shown_subset() -> None:
    shown = apply_filters(FRAME, Filters(kinds=("context",)))
    table = sources_table(source_catalogue(FRAME), shown)
    assert dict(zip(table["source_id"], table["events_shown"], strict=True)) == {"wire-1": 0, "blog-1": 1}
    assert dict(source_event_counts(shown)) == {"blog-1": 1}


def test_source_catalogue_of_no_events_is_empty() -> None:
    assert source_catalogue(empty_frame()).empty


def test_source_label_reads_publisher_title_date() -> None:
    assert source_label("Wire", "Clash", "2020-05-02") == "Wire — Clash (2020-05-02)"
    assert source_label("Blog", "", "") == "Blog — untitled (undated)"


# -- events ------------------------------------------------------------------------------------


def test_events_table_has_one_readable_row_per_event_with_rated_sources() -> None:
    subset = apply_filters(FRAME, Filters(sources=("blog-1",)))
    table = events_table(subset)
    assert list(table.index) == list(subset.index)
    assert list(table["Event id"]) == ["B", "C"]
    assert table.loc[subset.index[0], "Sources"] == "Wire (B2); Blog (E4)"
    assert table["Start"].dtype.kind == "M"  # real dates: the column sorts by time
    assert table["Time precision"].iloc[0] == "3 year or longer range"
    a = events_table(FRAME).iloc[0]
    assert (a["Fatalities low"], a["Fatalities best"], a["Fatalities high"]) == (2, 4, 9)
    assert a["Actor 2"] == ""  # missing values read as blank, not "nan"
