"""Border Monitor: the Streamlit router (``streamlit run app.py``)."""

from __future__ import annotations

import streamlit as st

from ui import sidebar
from ui.data import ensure_assets, load_events

st.set_page_config(page_title="Border Monitor", layout="wide")
ensure_assets()

view = sidebar.render(load_events())
st.session_state["_bm_view"] = view

pages = [
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/timeline.py", title="Timeline"),
    st.Page("pages/events.py", title="Events"),
    st.Page("pages/sources.py", title="Sources"),
    st.Page("pages/about.py", title="About / method"),
]
page = st.navigation(pages)

st.markdown("#### Border Monitor · Afghan–Tajik border")
for notice in st.session_state.get("_bm_notices", []):
    st.warning(f"Link parameter {notice}")
st.markdown(f"**{len(view.filtered)} of {len(view.events)} events shown**")

page.run()
sidebar.advance_play()
