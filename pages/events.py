"""Events page: the filtered events as a sortable table, and downloads of exactly that set."""

from __future__ import annotations

import json

import streamlit as st

from geo.flat_layout import events_csv_text
from geo.io import to_feature_collection
from ui.state import current_view

view = current_view()
filtered = view.filtered
table = view.dataset.table.loc[filtered.index]

st.dataframe(
    table, hide_index=True, height=560, width="stretch",
    column_config={
        "Start": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "End": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "Fatalities low": st.column_config.NumberColumn(format="%d"),
        "Fatalities best": st.column_config.NumberColumn(format="%d"),
        "Fatalities high": st.column_config.NumberColumn(format="%d"),
        "Sources": st.column_config.TextColumn(help="Publisher (Admiralty reliability A–F, credibility 1–6)"),
    },
)
cols = st.columns([1, 1, 3], vertical_alignment="center")
cols[0].download_button(
    "Download CSV", lambda: events_csv_text(filtered), "border_monitor_events.csv", mime="text/csv",
    on_click="ignore", disabled=filtered.empty)
cols[1].download_button(
    "Download GeoJSON", lambda: json.dumps(to_feature_collection(filtered), ensure_ascii=False, indent=1),
    "border_monitor_events.geojson", mime="application/geo+json", on_click="ignore",
    disabled=filtered.empty)
cols[2].caption(f"The downloads hold exactly these {len(filtered)} events, with every field and source "
                "(CSV: geometry as WKT plus a representative latitude/longitude).")
