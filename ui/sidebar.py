"""The shared sidebar, drawn once by app.py for every page.

Time window (slider, quick windows, play/step), source filters (source or
publisher, minimum reliability, claimant) and event filters (kind, type,
country, province, actor), plus "Reset filters". Widget values live in
``st.session_state`` under the keys of :mod:`ui.state`, which also syncs them
with the URL.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.filters import Filters, first_window, step_window, window_of
from geo.model import RELIABILITY, RELIABILITY_LABELS
from ui import state
from ui.data import Dataset

PLAY_KEY, STEP_UNIT_KEY, QUICK_KEY = "f_play", "f_step_unit", "f_quick"
PLAY_DELAY_S = 0.9
ALL, LAST_5 = "All", "Last 5 years of data"
_PLAY_NOTE = "_bm_play_note"
MULTI_LABELS = {
    "kinds": "Kind",
    "event_types": "Event type",
    "countries": "Country",
    "admin1s": "Province / region",
    "actors": "Actor (either side)",
}


def source_options(dataset: Dataset) -> list[str]:
    """Multiselect values: each publisher, followed by each of its sources (oldest first)."""
    out: list[str] = []
    catalogue = dataset.catalogue.sort_values(["publisher", "published", "source_id"])
    for publisher, rows in catalogue.groupby("publisher", sort=False):
        out.append(state.PUBLISHER_PREFIX + str(publisher))
        out.extend(state.SOURCE_PREFIX + sid for sid in rows["source_id"])
    return out


def _source_formatter(dataset: Dataset) -> Callable[[str], str]:
    labels = dataset.source_labels()

    def label(value: str) -> str:
        if value.startswith(state.PUBLISHER_PREFIX):
            return f"{value.removeprefix(state.PUBLISHER_PREFIX)} (all its reports)"
        sid = value.removeprefix(state.SOURCE_PREFIX)
        return labels.get(sid, sid)

    return label


def _reliability_label(letter: str) -> str:
    if letter == "F":
        return "Any rating (A–F)"
    return f"{letter} or better — {RELIABILITY_LABELS[letter].lower()}"


# -- time window callbacks -------------------------------------------------------------


def quick_window(choice: str, extent: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The window for a quick-window choice: All, the last 5 years of data, or a year."""
    start, end = extent
    if choice == LAST_5:
        five_years_before = (pd.Timestamp(end) - pd.DateOffset(years=5) + pd.Timedelta(days=1)).date()
        return max(start, five_years_before), end
    if choice.isdigit():
        year = int(choice)
        return state.clamp_window((dt.date(year, 1, 1), dt.date(year, 12, 31)), extent)
    return start, end


def _on_quick(dataset: Dataset) -> None:
    choice = st.session_state.get(QUICK_KEY)
    if choice:
        st.session_state[state.WINDOW_KEY] = quick_window(choice, dataset.extent)
    st.session_state[QUICK_KEY] = None  # a menu of actions, not a state: ready for the next choice


def _step_unit() -> str:
    return st.session_state.get(STEP_UNIT_KEY) or "year"


def _on_play(dataset: Dataset) -> None:
    """Starting playback at the end (or with the whole extent) restarts at the first year/month."""
    if not st.session_state.get(PLAY_KEY):
        return
    window = st.session_state.get(state.WINDOW_KEY, dataset.extent)
    if window[1] >= dataset.extent[1]:
        st.session_state[state.WINDOW_KEY] = first_window(_step_unit(), dataset.extent)  # type: ignore[arg-type]


def _next_window(dataset: Dataset) -> tuple[dt.date, dt.date] | None:
    moved = step_window(state.filters_from_state(dataset), _step_unit(), dataset.extent)  # type: ignore[arg-type]
    return None if moved is None else window_of(moved, dataset.extent)


def _on_step(dataset: Dataset) -> None:
    window = _next_window(dataset)
    if window is None:
        st.session_state[_PLAY_NOTE] = "The window already reaches the end of the data."
    else:
        st.session_state[state.WINDOW_KEY] = window


def advance_play(dataset: Dataset) -> None:
    """While playing: pause, move the window one step and rerun; stop at the end of the data.

    Called by app.py after the page has been drawn. Any interaction during the
    pause interrupts it (Streamlit starts a new run), so playback never blocks the app.
    """
    if not st.session_state.get(PLAY_KEY):
        return
    time.sleep(PLAY_DELAY_S)
    window = _next_window(dataset)
    if window is None:
        state.request(**{PLAY_KEY: False, _PLAY_NOTE: "Playback reached the end of the data."})
    else:
        state.request(**{state.WINDOW_KEY: window})
    st.rerun()


# -- drawing -----------------------------------------------------------------------------


def _time_controls(dataset: Dataset) -> None:
    sb = st.sidebar
    start, end = dataset.extent
    if start < end:
        sb.slider("Time window", min_value=start, max_value=end, key=state.WINDOW_KEY, format="YYYY-MM-DD",
                  help="Events whose date range overlaps the window are shown (UTC days).")
    else:
        sb.caption(f"Every event is dated {start.isoformat()}.")
    years = [str(y) for y in range(end.year, start.year - 1, -1)]
    sb.selectbox("Quick window", [ALL, LAST_5, *years], index=None, key=QUICK_KEY,
                 placeholder="All, last 5 years or a year…", on_change=_on_quick, args=(dataset,))
    left, right = sb.columns([3, 2], vertical_alignment="center")
    left.toggle("Play", key=PLAY_KEY, on_change=_on_play, args=(dataset,),
                help="Move the window forward one step at a time until it reaches the end of the data.")
    right.button("Step ▸", key="f_step", on_click=_on_step, args=(dataset,), help="Move the window one step later.")
    sb.segmented_control("Step by", ["year", "month"], key=STEP_UNIT_KEY, default="year")
    note = st.session_state.pop(_PLAY_NOTE, None)
    if note:
        sb.caption(note)


def _source_controls(dataset: Dataset, options: list[str]) -> None:
    sb = st.sidebar
    sb.subheader("Sources")
    sb.multiselect("Source or publisher", options, key=state.SOURCES_KEY, format_func=_source_formatter(dataset),
                   placeholder="Any source",
                   help="Show events cited by any chosen report, or by any report of a chosen publisher.")
    sb.selectbox("Minimum source reliability", RELIABILITY, key=state.RELIABILITY_KEY, format_func=_reliability_label,
                 help="Admiralty code: keep events with at least one source rated this reliable or better.")
    sb.multiselect("Claimed by", dataset.options["claimed_by"], key=state.MULTI_KEYS["claimed_by"],
                   placeholder="Anyone")


def _event_controls(dataset: Dataset) -> None:
    sb = st.sidebar
    sb.subheader("Events")
    for field, label in MULTI_LABELS.items():
        sb.multiselect(label, dataset.options[field], key=state.MULTI_KEYS[field], placeholder="All")


def _on_reset(dataset: Dataset) -> None:
    state.reset_filters(dataset)
    st.session_state[PLAY_KEY] = False


def render(dataset: Dataset) -> Filters:
    """Draw the sidebar and return the chosen filters (also written to the URL)."""
    state.start_session(dataset)
    state.apply_requests()
    options = source_options(dataset)
    state.drop_stale_values(dataset, options)
    st.sidebar.title("Border Monitor")
    st.sidebar.caption("Reported events on the Afghan–Tajik border, with their sources")
    st.sidebar.header("Filters")
    _time_controls(dataset)
    _source_controls(dataset, options)
    _event_controls(dataset)
    st.sidebar.button("Reset filters", key="f_reset", on_click=_on_reset, args=(dataset,), width="stretch")
    filters = state.filters_from_state(dataset)
    state.sync_url(filters)
    return filters
