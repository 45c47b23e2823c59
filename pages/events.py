"""Events page: the filtered events as a sortable table, with downloads of exactly that set."""

from __future__ import annotations

import json

import streamlit as st

from geo.io import events_csv_text, to_feature_collection
from geo.summaries import events_table
from ui.sidebar import current_view

view = current_view()
st.dataframe(events_table(view.filtered), use_container_width=True, hide_index=True, height=520)
cols = st.columns(2)
cols[0].download_button("Download CSV", events_csv_text(view.filtered), "border_monitor_events.csv",
                        mime="text/csv")
cols[1].download_button("Download GeoJSON",
                        json.dumps(to_feature_collection(view.filtered), ensure_ascii=False, indent=1),
                        "border_monitor_events.geojson", mime="application/geo+json")
