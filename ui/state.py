"""Filter state: sidebar widget values <-> :class:`Filters` <-> the URL, and the shared view.

The URL (``st.query_params``) is read once when a session starts and written
whenever the filters change, so a copied link reproduces the view. Pages read
the one filtered frame computed per run with :func:`current_view`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NoReturn

import streamlit as st

from geo.filters import Filters, filters_from_params, filters_to_params, window_of
from geo.query import EventQuery
from ui.data import Dataset, count

#: Widget key of each multi-value Filters field shown as a plain multiselect.
MULTI_KEYS = {
    "claimed_by": "f_claimed",
    "kinds": "f_kinds",
    "event_types": "f_types",
    "countries": "f_countries",
    "admin1s": "f_admin1s",
    "actors": "f_actors",
}
WINDOW_KEY = "f_window"
SOURCES_KEY = "f_sources"  # options "source:<id>" and "publisher:<name>"
RELIABILITY_KEY = "f_rel"  # "F" (every rating) means no restriction
SOURCE_PREFIX, PUBLISHER_PREFIX = "source:", "publisher:"

_PENDING = "_bm_pending"
_STARTED = "_bm_started"
_NOTICES = "_bm_notices"
_NOTICE_PARAMS = "_bm_notice_params"
_VIEW = "_bm_view"
_RUN = "_bm_run"
_IN_SHELL = "_bm_in_shell"
_SHELL_RETRIED = "_bm_shell_retried"


@dataclass(frozen=True)
class View:
    """What every page shows this run: the data, the filter state and how many events pass it.

    Pages ask ``dataset.query`` for what they show of the events passing ``filters``.
    """

    dataset: Dataset
    filters: Filters
    #: Events passing the filters.
    count: int

    @property
    def query(self) -> EventQuery:
        """The questions every page asks of the stored events (:class:`geo.query.EventQuery`)."""
        return self.dataset.query


# -- Filters <-> widget state --------------------------------------------------------


def clamp_window(window: tuple[dt.date, dt.date], extent: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The window moved inside the extent (the slider cannot show dates outside it)."""
    lo = min(max(window[0], extent[0]), extent[1])
    return lo, max(min(window[1], extent[1]), lo)


def source_option_values(filters: Filters) -> list[str]:
    """The source multiselect's values for the chosen sources and publishers."""
    return [SOURCE_PREFIX + s for s in filters.sources] + [PUBLISHER_PREFIX + p for p in filters.publishers]


def filters_to_state(filters: Filters, dataset: Dataset) -> None:
    """Set every filter widget's value (call before the widgets are drawn, or in a callback)."""
    st.session_state[WINDOW_KEY] = clamp_window(window_of(filters, dataset.extent), dataset.extent)
    st.session_state[SOURCES_KEY] = source_option_values(filters)
    st.session_state[RELIABILITY_KEY] = filters.min_reliability or "F"
    for field, key in MULTI_KEYS.items():
        st.session_state[key] = list(getattr(filters, field))


def filters_from_state(dataset: Dataset) -> Filters:
    """The Filters the widgets show; a window edge at the data extent is left open."""
    window = st.session_state.get(WINDOW_KEY, dataset.extent)
    if not (isinstance(window, (tuple, list)) and len(window) == 2):  # a crafted client's partial state
        window = dataset.extent
    start, end = window
    chosen = list(st.session_state.get(SOURCES_KEY, []))
    rel = st.session_state.get(RELIABILITY_KEY, "F")
    return Filters(
        date_from=start if start > dataset.extent[0] else None,
        date_to=end if end < dataset.extent[1] else None,
        sources=tuple(v.removeprefix(SOURCE_PREFIX) for v in chosen if v.startswith(SOURCE_PREFIX)),
        publishers=tuple(v.removeprefix(PUBLISHER_PREFIX) for v in chosen if v.startswith(PUBLISHER_PREFIX)),
        min_reliability=None if rel == "F" else rel,
        **{field: tuple(st.session_state.get(key, [])) for field, key in MULTI_KEYS.items()},
    )


def drop_stale_values(dataset: Dataset, source_options: list[str]) -> None:
    """Remove chosen values the data no longer has (the store may change under a session)."""
    allowed = {key: set(dataset.options[field]) for field, key in MULTI_KEYS.items()}
    allowed[SOURCES_KEY] = set(source_options)
    for key, values in allowed.items():
        chosen = st.session_state.get(key, [])
        if any(v not in values for v in chosen):
            st.session_state[key] = [v for v in chosen if v in values]
    window = st.session_state.get(WINDOW_KEY, dataset.extent)
    if clamp_window(window, dataset.extent) != tuple(window):
        st.session_state[WINDOW_KEY] = clamp_window(window, dataset.extent)


# -- session start, pending changes, URL --------------------------------------------


def _url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def start_session(dataset: Dataset) -> None:
    """On a session's first run, take the filters from the URL (bad values become notices)."""
    if st.session_state.get(_STARTED):
        return
    filters, notices = filters_from_params(_url_params(), dataset.options)
    filters_to_state(filters, dataset)
    st.session_state[_NOTICES] = notices
    st.session_state[_NOTICE_PARAMS] = filters_to_params(filters_from_state(dataset))
    st.session_state[_STARTED] = True


def request(**widget_values: Any) -> None:
    """Ask for widget values to be set at the start of the next run (follow with st.rerun())."""
    st.session_state.setdefault(_PENDING, {}).update(widget_values)


def apply_requests() -> None:
    """Apply values asked for with :func:`request` (before any widget is drawn)."""
    for key, value in st.session_state.pop(_PENDING, {}).items():
        st.session_state[key] = value


def reset_filters(dataset: Dataset) -> None:
    """Every filter back to "no restriction" (a button callback)."""
    filters_to_state(Filters(), dataset)
    st.session_state[_NOTICES] = []


def sync_url(filters: Filters) -> None:
    """Write the filters into the URL when they differ from it; drop notices once filters change."""
    params = filters_to_params(filters)
    # Written every time, not only when it differs from what the server last saw: a page navigation
    # can leave the browser's URL without the query while the server still has it, and then nothing
    # would put it back. The browser ignores a query equal to its own.
    st.query_params.from_dict(params)
    if params != st.session_state.get(_NOTICE_PARAMS):
        st.session_state[_NOTICES] = []


def notices() -> list[str]:
    """What was ignored in the link this session was opened with (until the filters change)."""
    return list(st.session_state.get(_NOTICES, []))


# -- the shared view -----------------------------------------------------------------


def publish_view(dataset: Dataset, filters: Filters) -> View:
    """Count the events passing the filters once per run and keep the view where every page reads it."""
    view = View(dataset, filters, count(dataset, filters))
    st.session_state[_VIEW] = view
    st.session_state[_RUN] = run_number() + 1
    return view


def run_number() -> int:
    """How many runs this session has made (counted by :func:`publish_view`)."""
    return int(st.session_state.get(_RUN, 0))


@contextlib.contextmanager
def shell_run() -> Iterator[None]:
    """Mark the page run as started by app.py (wrap ``page.run()`` in it)."""
    st.session_state[_IN_SHELL] = True
    st.session_state[_SHELL_RETRIED] = False
    try:
        yield
    finally:
        st.session_state[_IN_SHELL] = False


def _rerun_through_app() -> NoReturn:
    """Leave Streamlit's legacy ``pages/`` mode and run app.py for the requested page.

    A fresh server decides on its first run whether the app uses the legacy
    ``pages/`` folder (this repository has one), and a deep link such as
    ``/events`` then runs the page file alone, without app.py and its sidebar.
    Clearing the flag makes the rerun go through app.py's ``st.navigation``.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the flag
        retry_possible = False
    else:
        retry_possible = not st.session_state.get(_SHELL_RETRIED)
    if not retry_possible:  # never loop: say what to do
        st.error("This page was opened without the dashboard shell: open the app's main address.")
        st.stop()
    st.session_state[_SHELL_RETRIED] = True
    PagesManager.uses_pages_directory = False
    st.rerun()


def current_view() -> View:
    """The view app.py computed for this run (pages call this; they never filter again)."""
    view = st.session_state.get(_VIEW)
    if st.session_state.get(_IN_SHELL) and isinstance(view, View):
        return view
    _rerun_through_app()
