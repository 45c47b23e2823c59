"""Map page: the border map with switchable layers."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo.mapview import LAYERS, MAX_INDIVIDUAL, build_layers
from ui.data import base_map
from ui.sidebar import current_view

view = current_view()
layers = st.pills("Layers", LAYERS, selection_mode="multi", default=list(LAYERS), key="f_layers")

state = st.session_state.get("_bm_map_state", {})
groups = build_layers(view.filtered, layers or [], bounds=state.get("bounds"), zoom=state.get("zoom"))
if len(groups) == 1 and groups[0].layer_name == "aggregated":
    st.caption(f"More than {MAX_INDIVIDUAL:,} events in view: shown as counts per grid cell. "
               "Zoom in or narrow the time window to see individual events.")

out = st_folium(base_map(), feature_group_to_add=groups, key="main-map", height=640,
                use_container_width=True, returned_objects=["bounds", "zoom"])
if out and out.get("bounds") and out["bounds"].get("_southWest"):
    sw, ne = out["bounds"]["_southWest"], out["bounds"]["_northEast"]
    if None not in (sw.get("lat"), ne.get("lat")):
        st.session_state["_bm_map_state"] = {
            "bounds": ((sw["lat"], sw["lng"]), (ne["lat"], ne["lng"])), "zoom": out.get("zoom")}
st.caption("Basemap: Natural Earth (public domain). Click a marker or area for its card and sources.")
