"""Sources page: every source with its rating and how many events it supports.

Selecting a row filters the whole dashboard (sidebar, URL, every page) to the
events that cite that source; clearing the selection removes that filter.
"""

from __future__ import annotations

import streamlit as st

from geo.briefing import sources_table
from ui.data import source_counts
from ui.state import SOURCE_PREFIX, SOURCES_KEY, current_view

TABLE_KEY = "sources_table"
COLUMNS = ["publisher", "published", "reliability_label", "events", "events_shown", "title", "url", "source_id"]

view = current_view()
table = sources_table(view.dataset.catalogue, source_counts(view.dataset, view.filters))[COLUMNS]
table["url"] = table["url"].fillna("")  # no link: an empty cell, not "None"


# The ticked row mirrors the sidebar: when the source filter is exactly one source, its row is
# selected; any other filter (changed or cleared in the sidebar) gives a fresh, unticked table.
chosen = st.session_state.get(SOURCES_KEY) or []
focused = [i for i, sid in enumerate(table["source_id"]) if chosen == [SOURCE_PREFIX + sid]]
table_key = f"{TABLE_KEY}:{'|'.join(chosen)}"


def focus_on_selected_source() -> None:
    """Selection callback: filter the dashboard to the selected row's source (or clear that filter)."""
    rows = st.session_state[table_key].selection.rows
    st.session_state[SOURCES_KEY] = [SOURCE_PREFIX + table.iloc[rows[0]]["source_id"]] if rows else []


st.caption(f"{len(table)} sources. Select a row to show only the events that cite it on every page; "
           "clear the selection to show them all again.")
st.dataframe(
    table, hide_index=True, width="stretch", key=table_key, on_select=focus_on_selected_source,
    selection_mode="single-row", selection_default={"selection": {"rows": focused}},
    column_config={
        "publisher": st.column_config.TextColumn("Publisher", width="medium"),
        "published": st.column_config.TextColumn("Published", help="Publication date (empty when undated)"),
        "title": st.column_config.TextColumn("Title", width="medium"),
        "url": st.column_config.LinkColumn("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
        "reliability_label": st.column_config.TextColumn(
            "Reliability", help="Admiralty code: how reliable the source is (A best, F cannot be judged)"),
        "events": st.column_config.NumberColumn("Events (all)", help="Stored events citing this source"),
        "events_shown": st.column_config.NumberColumn("Events (shown)", help="Events shown with the current filters"),
        "source_id": st.column_config.TextColumn("Source id"),
    },
)
