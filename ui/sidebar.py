"""The shared sidebar: time window, play control, source and event filters, URL state."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

from geo.filters import (
    Filters,
    apply_filters,
    data_extent,
    filter_options,
    filters_from_params,
    filters_to_params,
    step_window,
)
from geo.schema import RELIABILITY, RELIABILITY_LABELS

PENDING = "_bm_pending"
MULTI = (  # (Filters field, widget key, label)
    ("kinds", "f_kinds", "Kind"),
    ("event_types", "f_types", "Event type"),
    ("countries", "f_countries", "Country"),
    ("admin1s", "f_admin1s", "Province / region"),
    ("actors", "f_actors", "Actor"),
)


@dataclass(frozen=True)
class View:
    """What every page shows: all events, the filter state and the filtered events."""

    events: gpd.GeoDataFrame
    filters: Filters
    filtered: gpd.GeoDataFrame


def request(**values: object) -> None:
    """Ask for widget values to be set at the start of the next run (then st.rerun())."""
    st.session_state.setdefault(PENDING, {}).update(values)


def _init_from_url(gdf: gpd.GeoDataFrame, extent: tuple[dt.date, dt.date]) -> None:
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    filters, notices = filters_from_params(params, gdf)
    st.session_state["_bm_notices"] = notices
    start = max(filters.date_from or extent[0], extent[0])
    end = min(filters.date_to or extent[1], extent[1])
    st.session_state["f_window"] = (start, end) if start <= end else extent
    st.session_state["f_sources"] = list(filters.sources)
    st.session_state["f_claimed"] = list(filters.claimed_by)
    st.session_state["f_rel"] = filters.min_reliability or "F"
    for field_name, key, _ in MULTI:
        st.session_state[key] = list(getattr(filters, field_name))


def _source_labels(gdf: gpd.GeoDataFrame) -> dict[str, str]:
    labels: dict[str, str] = {}
    for srcs in gdf["sources"]:
        for s in srcs:
            date = s.get("published") or "undated"
            labels[s["source_id"]] = f"{s['publisher']} — {s.get('title') or s['source_id']} ({date})"
            labels.setdefault(s["publisher"], f"{s['publisher']} (every article)")
    return labels


def _apply_preset() -> None:
    extent = st.session_state["_bm_extent"]
    choice = st.session_state["f_preset"]
    if choice == "All":
        st.session_state["f_window"] = extent
    elif choice == "Last 5 years of data":
        st.session_state["f_window"] = (max(extent[0], extent[1].replace(year=extent[1].year - 5)), extent[1])
    elif choice.isdigit():
        year = int(choice)
        st.session_state["f_window"] = (max(extent[0], dt.date(year, 1, 1)), min(extent[1], dt.date(year, 12, 31)))


def _reset() -> None:
    for key in list(st.session_state):
        if key.startswith("f_") or key == "_bm_init":
            del st.session_state[key]
    st.query_params.clear()


def render(gdf: gpd.GeoDataFrame) -> View:
    """Draw the sidebar, sync the URL and return the filtered view."""
    extent = data_extent(gdf)
    st.session_state["_bm_extent"] = extent
    if not st.session_state.get("_bm_init"):
        _init_from_url(gdf, extent)
        st.session_state["_bm_init"] = True
    for key, value in st.session_state.pop(PENDING, {}).items():
        st.session_state[key] = value

    options = filter_options(gdf)
    sb = st.sidebar
    sb.header("Filters")
    sb.slider("Time window", min_value=extent[0], max_value=extent[1], key="f_window", format="YYYY-MM-DD")
    years = [str(y) for y in range(extent[1].year, extent[0].year - 1, -1)]
    sb.selectbox("Quick window", ["—", "All", "Last 5 years of data", *years], key="f_preset",
                 on_change=_apply_preset)
    play = sb.columns([1, 1])
    play[0].toggle("▶ Play", key="f_play", help="Step the window forward until the end of the data")
    play[1].radio("Step", ["year", "month"], key="f_step", horizontal=True, label_visibility="collapsed")

    labels = _source_labels(gdf)
    sb.subheader("Sources")
    sb.multiselect("Source or publisher", options["sources"], key="f_sources",
                   format_func=lambda k: labels.get(k, k))
    sb.selectbox("Minimum reliability", RELIABILITY, key="f_rel",
                 format_func=lambda r: f"{r} — {RELIABILITY_LABELS[r]}" + (" (all)" if r == "F" else ""))
    sb.multiselect("Claimed by", options["claimed_by"], key="f_claimed")
    sb.subheader("Events")
    for field_name, key, label in MULTI:
        sb.multiselect(label, options[field_name], key=key)
    sb.button("Reset filters", on_click=_reset)

    start, end = st.session_state["f_window"]
    filters = Filters(
        date_from=start if start > extent[0] else None,
        date_to=end if end < extent[1] else None,
        sources=tuple(st.session_state["f_sources"]),
        min_reliability=None if st.session_state["f_rel"] == "F" else st.session_state["f_rel"],
        claimed_by=tuple(st.session_state["f_claimed"]),
        **{field_name: tuple(st.session_state[key]) for field_name, key, _ in MULTI},
    )
    params = filters_to_params(filters)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if params != current:
        st.query_params.from_dict(params)
    return View(gdf, filters, apply_filters(gdf, filters))


def advance_play() -> None:
    """When playing, step the window after a pause and rerun; stop at the end."""
    if not st.session_state.get("f_play"):
        return
    extent = st.session_state["_bm_extent"]
    start, end = st.session_state["f_window"]
    new_start, new_end = step_window(start, end, st.session_state.get("f_step", "year"))
    time.sleep(1.2)
    if new_start > extent[1]:
        request(f_play=False)
    else:
        request(f_window=(new_start, min(new_end, extent[1])))
    st.rerun()


def current_view() -> View:
    """The view computed by app.py for this run."""
    return st.session_state["_bm_view"]
