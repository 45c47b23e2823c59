"""Map page: the border map with switchable layers over the shared filtered events."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo.map import AGGREGATED, LAYERS, MAX_INDIVIDUAL
from ui.briefing import render_export_area
from ui.data import base_map, kind_counts, map_layers
from ui.maps import (
    KIND_OF_LAYER,
    LAYER_LABELS,
    MAP_COMPONENT_ARGS,
    map_view_args,
    remember_map_view,
    saved_map_view,
    take_reported_view,
)
from ui.state import current_view

view = current_view()
controls = st.columns([5, 1], vertical_alignment="bottom")
layers = controls[0].pills("Layers", LAYERS, selection_mode="multi", default=list(LAYERS), key="map_layers",
                           format_func=lambda name: LAYER_LABELS[name], persist_state="session") or []
online = controls[1].toggle("Online tiles", key="map_online", persist_state="session",
                            help="Adds OpenStreetMap / OpenTopoMap backgrounds (needs internet); "
                                 "pick them in the map's layer control.")

take_reported_view()
saved = saved_map_view()
groups = map_layers(view.dataset, view.filters, layers, saved.get("bounds"), saved.get("zoom"))
if view.count > MAX_INDIVIDUAL:
    aggregated = len(groups) == 1 and groups[0].layer_name == AGGREGATED
    st.caption(
        f"More than {MAX_INDIVIDUAL:,} events match, so only those inside the current view are drawn"
        + (" and they are shown as counts per grid cell. Zoom in or narrow the filters to see individual events."
           if aggregated else ". Pan or zoom to draw the others.")
    )
drawn_kinds = {KIND_OF_LAYER[layer] for layer in layers if layer in KIND_OF_LAYER}
hidden = sum(n for kind, n in kind_counts(view.dataset, view.filters).items() if kind not in drawn_kinds)
if hidden:
    st.caption(f"{hidden} of the events shown belong to hidden layers and are not drawn.")

out = st_folium(base_map(online, view.dataset.frame), feature_group_to_add=groups, **MAP_COMPONENT_ARGS,
                **map_view_args(online))
remember_map_view(out, online)
st.caption("Basemap: Natural Earth (public domain). Click a marker or area for its card and rated sources; "
           "dashed markers and grey areas mark approximate locations.")
render_export_area(view, layers, saved_map_view().get("bounds"))
