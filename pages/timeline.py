"""Timeline page: events or fatalities per year or month, stacked by event type."""

from __future__ import annotations

import altair as alt
import streamlit as st

from geo.briefing import Measure, TimeUnit
from geo.map import TYPE_COLOURS
from ui.data import timeline
from ui.state import current_view

MEASURES: dict[Measure, str] = {"events": "Events", "fatalities": "Fatalities (best estimate)"}
RANGES = {"start": "Counted at start", "spread": "Spread over range"}

view = current_view()
cols = st.columns(3)
unit: TimeUnit = cols[0].segmented_control("Per", ["year", "month"], default="year", key="tl_unit",
                                           persist_state="session") or "year"
measure: Measure = cols[1].segmented_control("Measure", list(MEASURES), default="events", key="tl_measure",
                                             format_func=lambda m: MEASURES[m], persist_state="session") or "events"
ranges = cols[2].segmented_control("Date ranges", list(RANGES), default="start", key="tl_ranges",
                                   format_func=lambda r: RANGES[r], persist_state="session") or "start"

table = timeline(view.dataset, view.filters, unit, measure, spread=ranges == "spread")
if table.empty:
    st.info("No events match the filters.")
else:
    time_unit = "year" if unit == "year" else "yearmonth"
    chart = alt.Chart(table).mark_bar().encode(
        x=alt.X(f"{time_unit}(period):T", title=unit.title()),
        y=alt.Y("sum(value):Q", title=MEASURES[measure], stack="zero"),
        color=alt.Color("event_type:N", title="Event type",
                        scale=alt.Scale(domain=list(TYPE_COLOURS), range=list(TYPE_COLOURS.values()))),
        tooltip=[alt.Tooltip(f"{time_unit}(period):T", title=unit.title()),
                 alt.Tooltip("event_type:N", title="Event type"),
                 alt.Tooltip("sum(value):Q", title=MEASURES[measure], format=",.2~f")],
    )
    st.altair_chart(chart, width="stretch")
    with st.expander("Table"):
        pivot = table.pivot_table(index="period", columns="event_type", values="value", aggfunc="sum", fill_value=0)
        pivot.index = pivot.index.strftime("%Y" if unit == "year" else "%Y-%m")
        st.dataframe(pivot, width="stretch")
st.caption(
    ("Events known only as a date range are counted in the period where the range starts."
     if ranges == "start" else
     "Each event known only as a date range is divided evenly over the periods its range touches, "
     "so a period can hold a fraction of an event.")
    + (" Events with no fatality figure count as 0." if measure == "fatalities" else "")
)
