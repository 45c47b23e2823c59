"""Cached loading at the UI boundary (the only place st.cache_* wraps geo/ calls).

Everything derived from the stored events is computed once per store version
and shared read-only by every session: pages must not modify these objects.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.briefing import frame_bounds, source_catalogue, source_label
from geo.filters import Filters, data_extent, filter_options, filters_to_params, prepare_frame
from geo.map import (
    APP_PREFIX,
    MAX_INDIVIDUAL,
    Bounds,
    FrozenLayers,
    build_base_map,
    build_layers,
    freeze_layers,
    install_static_assets,
    thaw_layers,
)
from geo.paths import store_path
from geo.places import REGION_BOUNDS
from geo.stores import open_store


@dataclass(frozen=True)
class Dataset:
    """The stored events and what every view derives from all of them.

    ``events`` is prepared for filtering (:func:`geo.filters.prepare_frame`). The readable
    table of events (:func:`geo.briefing.events_table`) is made per page shown, not here:
    for a million events it would take seconds and hundreds of MB.
    """

    version: str
    events: gpd.GeoDataFrame
    options: dict[str, list[str]]
    catalogue: pd.DataFrame
    extent: tuple[dt.date, dt.date]
    #: The map's opening view: every stored event of the region, padded (as a snapshot frames them).
    frame: Bounds

    def source_labels(self) -> dict[str, str]:
        """``source_id -> "Publisher — title (date)"`` for every source in the data."""
        return {row.source_id: source_label(row.publisher, row.title, row.published)
                for row in self.catalogue.itertuples()}


@st.cache_resource(show_spinner=False)
def ensure_assets() -> str:
    """Copy Leaflet/jQuery into ``static/vendor`` once per server process."""
    return str(install_static_assets())


@st.cache_resource(show_spinner="Loading events…", max_entries=4)
def _dataset(path: str, version: str) -> Dataset:
    # ``path`` is part of the cache key only: one server may serve several data homes in tests.
    events = prepare_frame(open_store().load())
    return Dataset(version=version, events=events, options=filter_options(events),
                   catalogue=source_catalogue(events), extent=data_extent(events), frame=frame_bounds(events))


def load_dataset() -> Dataset:
    """All stored events and their derived tables, reloaded whenever the store changes."""
    return _dataset(str(store_path()), open_store().version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _base_map(online_tiles: bool, prefix: str, bounds: Bounds | None = None) -> folium.Map:
    return build_base_map(online_tiles=online_tiles, asset_prefix=prefix, bounds=bounds or REGION_BOUNDS)


def asset_prefix() -> str:
    """The vendor files' URL path: ``/app/static/vendor`` under ``server.baseUrlPath`` when hosted under one."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{APP_PREFIX}" if base else APP_PREFIX


def base_map(online_tiles: bool = False, bounds: Bounds | None = None) -> folium.Map:
    """A copy of the static map (built once per process, tile choice and opening view ``bounds``;
    default the border region).

    st_folium mutates the map it renders, so each run gets a deep copy; the copy
    keeps the element ids, so the component sees the same map and keeps pan/zoom.
    """
    return copy.deepcopy(_base_map(online_tiles, asset_prefix(), bounds))


@st.cache_resource(show_spinner=False, max_entries=256)
def _frozen_layers(path: str, version: str, params: tuple[tuple[str, str], ...], layers: tuple[str, ...],
                   bounds: Bounds | None, zoom: float | None, _filtered: gpd.GeoDataFrame) -> FrozenLayers:
    # The key is the store, its version and the filters (the filtered rows follow from them), the layers and,
    # only when the view decides what is drawn, the view; ``_filtered`` is not hashed.
    return freeze_layers(build_layers(_filtered, layers, bounds=bounds, zoom=zoom))


def map_layers(version: str, filters: Filters, filtered: gpd.GeoDataFrame, layers: list[str],
               bounds: Bounds | None, zoom: float | None) -> list[folium.FeatureGroup]:
    """The map's feature groups for these filters, built once per store version, filters and layers.

    Every session with the same filters shares one build (a rerun only makes fresh folium objects
    around the shared payloads); the map view is part of the key only above ``MAX_INDIVIDUAL`` events.
    """
    by_view = len(filtered) > MAX_INDIVIDUAL
    params = tuple(sorted((k, str(v)) for k, v in filters_to_params(filters).items()))
    frozen = _frozen_layers(str(store_path()), version, params, tuple(layers), bounds if by_view else None,
                            zoom if by_view else None, filtered)
    return thaw_layers(frozen)
