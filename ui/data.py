"""Cached loading at the UI boundary."""

from __future__ import annotations

import copy

import folium
import geopandas as gpd
import streamlit as st

from geo.assets import install_static_assets
from geo.filters import prepare_frame
from geo.mapview import build_base_map
from geo.store import open_store


@st.cache_resource(show_spinner=False)
def ensure_assets() -> str:
    """Copy Leaflet/jQuery into static/ once per server process."""
    return str(install_static_assets())


@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def _frame(version: str) -> gpd.GeoDataFrame:
    return prepare_frame(open_store().load())


def load_events() -> gpd.GeoDataFrame:
    """All events, reloaded whenever the store file changes (shared, read-only)."""
    return _frame(open_store().version())


@st.cache_resource(show_spinner=False)
def _base_map() -> folium.Map:
    return build_base_map()


def base_map() -> folium.Map:
    """A copy of the static map (built once per process).

    st_folium mutates the map it renders, so each run gets a deep copy; the copy
    keeps the element ids, so the component sees the same map and keeps pan/zoom.
    """
    return copy.deepcopy(_base_map())
