"""Map-page helpers: layer labels and keeping the map's pan/zoom across reruns and pages."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.state import run_number

LAYER_LABELS = {
    "incidents": "Incidents",
    "postures": "Force postures",
    "concentrations": "Militant concentrations",
    "uncertainty": "Location uncertainty",
    "context": "Context",
}
#: The event kind each point/area layer draws ("uncertainty" draws no kind of its own).
KIND_OF_LAYER = {"incidents": "incident", "postures": "posture", "concentrations": "concentration",
                 "context": "context"}
#: The st_folium arguments of the map page (scripts/bench_map.py measures the same call).
MAP_COMPONENT_ARGS: dict[str, Any] = {"key": "main-map", "height": 650, "use_container_width": True,
                                      "returned_objects": ["bounds", "zoom", "center"]}
_SAVED = "_bm_map_view"
_MOUNTED = "_bm_map_mounted"


def saved_map_view() -> dict[str, Any]:
    """The last bounds ((south, west), (north, east)), zoom and center the map reported."""
    return dict(st.session_state.get(_SAVED, {}))


def map_view_args(online_tiles: bool) -> dict[str, Any]:
    """``center``/``zoom`` for st_folium, given only when the map is (re)mounted.

    While the map stays on screen the browser keeps its own pan/zoom, and sending
    them back would snap the map while the user is still moving it. When the page
    is opened again (or the basemap changes), the last view is restored.
    """
    if st.session_state.get(_MOUNTED) == (run_number() - 1, online_tiles):
        return {}
    saved = saved_map_view()
    if saved.get("center") is None or saved.get("zoom") is None:
        return {}
    return {"center": saved["center"], "zoom": saved["zoom"]}


def take_reported_view() -> None:
    """Save the view the map reported in the event that started this run, before the layers are built.

    A pan or zoom reruns the script with the map's new bounds as the component's value; st_folium
    returns it only when called, after the layers were built for the old view. Above
    ``MAX_INDIVIDUAL`` events the layers depend on the view, so without this a zoom would show the
    previous view's bubbles until some other change reran the page.
    """
    reported = st.session_state.get(MAP_COMPONENT_ARGS["key"])
    if isinstance(reported, dict):
        _save_view(reported)


def remember_map_view(returned: dict[str, Any] | None, online_tiles: bool) -> None:
    """Keep what st_folium returned (bounds, zoom, center) for the next run."""
    st.session_state[_MOUNTED] = (run_number(), online_tiles)
    _save_view(returned)


def _save_view(returned: dict[str, Any] | None) -> None:
    if not returned or not returned.get("center"):
        return  # st_folium's placeholder before the browser reports (it never has a center)
    saved = saved_map_view()
    bounds = returned.get("bounds") or {}
    sw, ne = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
    corners = (sw.get("lat"), sw.get("lng"), ne.get("lat"), ne.get("lng"))
    if all(isinstance(v, (int, float)) for v in corners):
        saved["bounds"] = ((corners[0], corners[1]), (corners[2], corners[3]))
    if isinstance(returned.get("zoom"), (int, float)):
        saved["zoom"] = float(returned["zoom"])  # half steps: the map snaps zoom to 0.5
    center = returned.get("center") or {}
    if isinstance(center, dict) and all(isinstance(center.get(k), (int, float)) for k in ("lat", "lng")):
        saved["center"] = [center["lat"], center["lng"]]
    st.session_state[_SAVED] = saved
