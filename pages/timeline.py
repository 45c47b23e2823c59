"""Timeline page: events or fatalities over time by event type."""

from __future__ import annotations

import altair as alt
import streamlit as st

from geo.mapview import TYPE_COLOURS
from geo.summaries import timeline_table
from ui.sidebar import current_view

view = current_view()
cols = st.columns(2)
unit = cols[0].radio("Per", ["year", "month"], horizontal=True, key="tl_unit")
measure = cols[1].radio("Measure", ["events", "fatalities"], horizontal=True, key="tl_measure",
                        format_func=lambda m: "event count" if m == "events" else "fatalities (best estimate)")
table = timeline_table(view.filtered, unit, measure)
if table.empty:
    st.info("No events match the filters.")
else:
    chart = alt.Chart(table).mark_bar().encode(
        x=alt.X("period:T", title=unit.title()),
        y=alt.Y("value:Q", title="Events" if measure == "events" else "Fatalities (best)"),
        color=alt.Color("event_type:N", title="Event type",
                        scale=alt.Scale(domain=list(TYPE_COLOURS), range=list(TYPE_COLOURS.values()))),
        tooltip=["period:T", "event_type:N", "value:Q"],
    )
    st.altair_chart(chart, use_container_width=True)
st.caption("Events known only as a date range are counted in the period where the range starts.")
