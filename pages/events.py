"""Events page: the filtered events as a sortable table, downloads of exactly that set, and a
selected event's full card (with its change history for analysts and admins)."""

from __future__ import annotations

import json

import geopandas as gpd
import streamlit as st

from geo.briefing import events_table
from geo.exchange import to_feature_collection
from geo.filters import filters_to_params
from geo.map import event_card_html
from geo.model import events_csv_text
from ui.auth import current_identity
from ui.data import events_page
from ui.edit import show_history
from ui.state import current_view
from ui.tables import BROWSER_DOWNLOAD_MAX, PAGE_ROWS, table_page

view = current_view()
filter_key = "&".join(f"{k}={v}" for k, v in sorted(filters_to_params(view.filters).items()))
first_row = table_page(view.count, key=f"events_page:{filter_key}")
shown = events_page(view.dataset, view.filters, first_row, PAGE_ROWS)

# A new filter or page gives a new table (and no stale selection): the key follows both.
selection = st.dataframe(
    events_table(shown), hide_index=True, height=560, width="stretch", on_select="rerun",
    selection_mode="single-row", key=f"events_table:{filter_key}:{first_row}",
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
too_many = view.count > BROWSER_DOWNLOAD_MAX


def matching() -> gpd.GeoDataFrame:
    """Every event passing the filters, full records (read when a download is clicked)."""
    return view.query.records(view.filters, BROWSER_DOWNLOAD_MAX)


cols[0].download_button(
    "Download CSV", lambda: events_csv_text(matching()), "border_monitor_events.csv", mime="text/csv",
    on_click="ignore", disabled=not view.count or too_many)
cols[1].download_button(
    "Download GeoJSON", lambda: json.dumps(to_feature_collection(matching()), ensure_ascii=False, indent=1),
    "border_monitor_events.geojson", mime="application/geo+json", on_click="ignore",
    disabled=not view.count or too_many)
if too_many:
    cols[2].caption(f"Downloads from the browser hold at most {BROWSER_DOWNLOAD_MAX:,} events: narrow the filters, "
                    "or export on the server with `python -m geo export` (any format, streamed to a file).")
else:
    cols[2].caption(f"The downloads hold exactly these {view.count:,} events, with every field and source "
                    "(CSV: geometry as WKT plus a representative latitude/longitude).")

rows = [first_row + row for row in selection.selection.rows] if selection is not None else []
rows = [row for row in rows if 0 <= row - first_row < len(shown)]
me = current_identity()
sees_history = me is not None and me.allows("analyst")
if rows:
    record = shown.iloc[rows[0] - first_row].to_dict()
    st.subheader("Selected event")
    st.html(f"<div class='bm-detail'>{event_card_html(record, notes_limit=None)}</div>")
    if sees_history:
        show_history(str(record["event_id"]))
        st.caption("Change it on the Edit page.")
else:
    st.caption("Select a row to see the event's full card" + (" and its change history." if sees_history else "."))
