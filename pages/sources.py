"""Sources page: every source with its rating and how many events it supports."""

from __future__ import annotations

import streamlit as st

from geo.summaries import sources_table
from ui.sidebar import current_view, request

view = current_view()
table = sources_table(view.events, view.filtered)
st.caption("Select a row to filter the whole dashboard to that source.")
event = st.dataframe(
    table[["publisher", "title", "published", "url", "reliability", "reliability_label", "events",
           "events_shown", "source_id"]],
    use_container_width=True, hide_index=True, on_select="rerun", selection_mode="single-row",
    column_config={"url": st.column_config.LinkColumn("link"),
                   "events": st.column_config.NumberColumn("events (all)"),
                   "events_shown": st.column_config.NumberColumn("events (shown)")},
    key="sources_table",
)
rows = event.selection.rows if event else []
if rows:
    source_id = table.iloc[rows[0]]["source_id"]
    if list(st.session_state.get("f_sources", [])) != [source_id]:
        request(f_sources=[source_id])
        st.rerun()
