"""Cached loading at the UI boundary (the only place st.cache_* wraps geo/ calls).

Everything derived from the stored events is computed once per store version
and shared read-only by every session: pages must not modify these objects.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.briefing import source_label
from geo.filters import Filters, filters_to_params
from geo.map import (
    APP_PREFIX,
    MAX_INDIVIDUAL,
    Bounds,
    FrozenLayers,
    build_base_map,
    freeze_layers,
    install_static_assets,
    layer_kinds,
    thaw_layers,
)
from geo.paths import store_path
from geo.places import REGION_BOUNDS
from geo.query import EventQuery, open_query, query_layers
from geo.stores import open_store


@dataclass(frozen=True)
class Dataset:
    """The stored events of one store version: the query every page asks, and what the sidebar
    and the map's opening view derive from all of them (:class:`geo.query.Summary`).

    No page holds the events themselves: with PostGIS every question is answered in the
    database, with the embedded store from a lean in-memory frame (:mod:`geo.query`).
    """

    version: str
    query: EventQuery
    #: Live events stored.
    total: int
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
    query = open_query(open_store())
    summary = query.summary()
    return Dataset(version=version, query=query, total=summary.total, options=summary.options,
                   catalogue=summary.catalogue, extent=summary.extent, frame=summary.frame)


#: The store version each data home was last loaded at (one process serves one home, except in tests).
_LOADED: dict[str, str] = {}


def load_dataset() -> Dataset:
    """The stored events' query and summary, one copy per process shared by every session, reloaded
    whenever the store changes (the copy of the older version is dropped then, not kept beside it)."""
    path, version = str(store_path()), open_store().version()
    if _LOADED.setdefault(path, version) != version:
        _dataset.clear()  # sessions still running on the old copy keep it until their run ends
        _LOADED[path] = version
    return _dataset(path, version)


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
                   bounds: Bounds | None, zoom: float | None, placed: int, _dataset: Dataset,
                   _filters: Filters) -> FrozenLayers:
    # The key is the store, its version and the filters (``_filters`` follows from ``params``), the layers and,
    # only when the view decides what is drawn, the view; the ``_`` arguments are not hashed.
    return freeze_layers(query_layers(_dataset.query, _filters, layers, bounds=bounds, zoom=zoom, placed=placed))


def map_layers(dataset: Dataset, filters: Filters, layers: list[str], bounds: Bounds | None,
               zoom: float | None) -> list[folium.FeatureGroup]:
    """The map's feature groups for these filters, built once per store version, filters and layers.

    Every session with the same filters shares one build (a rerun only makes fresh folium objects
    around the shared payloads); the map view is part of the key only above ``MAX_INDIVIDUAL`` placed events.
    """
    placed = int(ask(dataset, filters, "placed_count", tuple(layer_kinds(layers)), None))
    by_view = placed > MAX_INDIVIDUAL
    frozen = _frozen_layers(str(store_path()), dataset.version, _key(filters), tuple(layers),
                            bounds if by_view else None, zoom if by_view else None, placed, dataset, filters)
    return thaw_layers(frozen)


def _key(filters: Filters) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in filters_to_params(filters).items()))


@st.cache_data(show_spinner=False, max_entries=512)
def _answer(path: str, version: str, params: tuple[tuple[str, str], ...], question: str, args: tuple[Any, ...],
            _dataset: Dataset, _filters: Filters) -> Any:
    # The key is the store, its version, the filters (``_filters`` follows from ``params``), the question and
    # its other arguments; the ``_`` arguments are not hashed.
    return getattr(_dataset.query, question)(_filters, *args)


def ask(dataset: Dataset, filters: Filters, question: str, *args: Any) -> Any:
    """``dataset.query.<question>(filters, *args)`` (:class:`geo.query.EventQuery`), answered once per store
    version, filters and arguments and shared by every session (with PostGIS each answer is a query)."""
    return _answer(str(store_path()), dataset.version, _key(filters), question, args, dataset, filters)


def timeline(dataset: Dataset, filters: Filters, unit: str, measure: str, *, spread: bool) -> pd.DataFrame:
    """The Timeline page's table (:func:`geo.briefing.timeline_table`)."""
    return cast(pd.DataFrame, ask(dataset, filters, "timeline", unit, measure, spread))


def source_counts(dataset: Dataset, filters: Filters) -> pd.Series:
    """How many of the events passing ``filters`` cite each source."""
    return cast(pd.Series, ask(dataset, filters, "source_counts"))


@st.cache_data(show_spinner=False, max_entries=16)  # pages are big answers: only a few are kept
def _page(path: str, version: str, params: tuple[tuple[str, str], ...], offset: int, limit: int,
          _dataset: Dataset, _filters: Filters) -> gpd.GeoDataFrame:
    return _dataset.query.page(_filters, offset, limit)


def events_page(dataset: Dataset, filters: Filters, offset: int, limit: int) -> gpd.GeoDataFrame:
    """Full records of one page of the events passing ``filters`` (store order), shared per store version."""
    return _page(str(store_path()), dataset.version, _key(filters), offset, limit, dataset, filters)


def count(dataset: Dataset, filters: Filters) -> int:
    """How many events pass ``filters``."""
    return int(ask(dataset, filters, "count"))


def kind_counts(dataset: Dataset, filters: Filters) -> dict[str, int]:
    """How many events pass ``filters``, per kind."""
    return cast(dict[str, int], ask(dataset, filters, "kind_counts"))
