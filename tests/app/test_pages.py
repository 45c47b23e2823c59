"""Every dashboard page run through app.py with AppTest, against the seeded default dataset.

The expected numbers come from geo/ (the store and :func:`geo.filters.apply_filters`),
not from the pages, so a page that drifts from the shared filtered set fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from geo.briefing.summaries import source_event_counts
from geo.filters import Filters, apply_filters, data_extent, filters_from_params, prepare_frame
from geo.map import LAYERS, MAX_INDIVIDUAL
from geo.stores import open_store
from tests.conftest import REPO
from tests.unit.helpers import make_event
from ui.tables import PAGE_ROWS

APP = str(REPO / "app.py")
PAGES = ("pages/map.py", "pages/timeline.py", "pages/events.py", "pages/sources.py", "pages/about.py")
COUNT_LINE = re.compile(r"\*\*(\d+) of (\d+) events shown\*\*")
TIMEOUT_S = 120


@pytest.fixture()
def events(data_home: Path) -> gpd.GeoDataFrame:
    """The events the app shows: the default store of this test's data directory."""
    return prepare_frame(open_store().load())


def run_app(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """Open the app (optionally with a link's query parameters) and go to ``page``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert_healthy(at)
    return at


def assert_healthy(at: AppTest) -> None:
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []


def counts(at: AppTest) -> tuple[int, int]:
    """(shown, total) from the one count line at the top of the page."""
    found = [m for m in (COUNT_LINE.fullmatch(md.value) for md in at.main.markdown) if m]
    assert len(found) == 1, [md.value for md in at.main.markdown]
    return int(found[0].group(1)), int(found[0].group(2))


def select_table_row(at: AppTest, key: str, row: int) -> AppTest:
    """Select one row of an ``on_select`` dataframe, as a click in the browser does.

    AppTest has no dataframe-selection API, so the selection is sent as the
    widget state the frontend would send (through AppTest's private ``_run``).
    """
    table = next(df for df in at.dataframe if df.key == key)
    states = at._tree.get_widget_states()
    selection = {"selection": {"rows": [row], "columns": [], "cells": []}}
    states.widgets.append(WidgetState(id=table.proto.id, string_value=json.dumps(selection)))
    at._run(states)
    assert_healthy(at)
    return at


def test_map_is_the_landing_page_with_every_event_counted(events: gpd.GeoDataFrame) -> None:
    at = run_app()
    assert counts(at) == (len(events), len(events))
    assert at.warning.len == 0
    layers = at.get("button_group")[0]
    assert "Incidents" in layers.options and "Force postures" in layers.options
    assert sorted(layers.value) == sorted(LAYERS)  # every layer on by default
    assert at.toggle(key="map_online").value is False
    assert dict(at.query_params) == {}


def test_a_link_sets_the_sidebar_and_every_page_shows_the_same_filtered_set(events: gpd.GeoDataFrame) -> None:
    params = {"from": "2019-01-01", "to": "2019-12-31", "kind": "incident"}
    filters, notices = filters_from_params(params, events)
    assert notices == []
    expected = apply_filters(events, filters)
    assert 0 < len(expected) < len(events)

    at = run_app(params)
    assert at.slider(key="f_window").value[0].isoformat() == "2019-01-01"
    assert at.multiselect(key="f_kinds").value == ["incident"]
    for page in PAGES:
        at.switch_page(page).run()
        assert_healthy(at)
        assert counts(at) == (len(expected), len(events)), page
        assert dict(at.query_params) == params, page

    at.switch_page("pages/events.py").run()
    table = at.dataframe[0].value
    assert len(table) == len(expected)
    assert sorted(table["Event id"]) == sorted(expected["event_id"])
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download GeoJSON"]

    at.switch_page("pages/timeline.py").run()
    pivot = at.dataframe[0].value  # the table behind the chart
    assert pivot.to_numpy().sum() == pytest.approx(len(expected))


def test_bad_link_values_give_a_warning_and_the_good_ones_still_apply(events: gpd.GeoDataFrame) -> None:
    at = run_app({"from": "notadate", "source": "nope", "kind": "incident", "rel": "Z"})
    assert at.warning.len == 1
    warning = at.warning[0].value
    for ignored in ("notadate", "nope", "Z"):
        assert ignored in warning
    incidents = events[events["kind"] == "incident"]
    assert counts(at) == (len(incidents), len(events))
    assert at.slider(key="f_window").value == data_extent(events)
    assert dict(at.query_params) == {"kind": "incident"}  # the link is cleaned

    at.multiselect(key="f_kinds").set_value(["incident", "posture"]).run()  # any change drops the notice
    assert at.warning.len == 0


def test_sources_page_lists_every_source_and_a_selected_row_filters_the_dashboard(
        events: gpd.GeoDataFrame) -> None:
    at = run_app(page="pages/sources.py")
    table = at.dataframe[0].value
    every_source = source_event_counts(events)
    assert sorted(table["source_id"]) == sorted(every_source.index)
    assert dict(zip(table["source_id"], table["events"], strict=True)) == every_source.to_dict()
    assert (table["events_shown"] == table["events"]).all()

    row = int(table["events"].to_numpy().argmin())  # a source that does not support every event
    source_id = table.iloc[row]["source_id"]
    select_table_row(at, "sources_table:", row)
    expected = apply_filters(events, Filters(sources=(source_id,)))
    assert counts(at) == (len(expected), len(events))
    assert dict(at.query_params) == {"source": source_id}
    assert at.multiselect(key="f_sources").value == [f"source:{source_id}"]
    # The table follows the sidebar: clearing the source filter there unticks the row.
    assert [df.key for df in at.dataframe] == [f"sources_table:source:{source_id}"]
    at.multiselect(key="f_sources").set_value([]).run()
    assert [df.key for df in at.dataframe] == ["sources_table:"]
    assert counts(at) == (len(events), len(events))
    select_table_row(at, "sources_table:", row)

    at.switch_page("pages/events.py").run()
    assert sorted(at.dataframe[0].value["Event id"]) == sorted(expected["event_id"])


def test_sidebar_changes_filter_and_are_written_to_the_url(events: gpd.GeoDataFrame) -> None:
    at = run_app(page="pages/events.py")
    at.selectbox(key="f_rel").set_value("C").run()
    at.multiselect(key="f_kinds").set_value(["incident", "context"]).run()
    expected = apply_filters(events, Filters(min_reliability="C", kinds=("incident", "context")))
    assert counts(at) == (len(expected), len(events))
    assert len(at.dataframe[0].value) == len(expected)
    assert dict(at.query_params) == {"rel": "C", "kind": "incident,context"}

    at.button(key="f_reset").click().run()
    assert counts(at) == (len(events), len(events))
    assert dict(at.query_params) == {}


def test_quick_window_and_step_move_the_time_window(events: gpd.GeoDataFrame) -> None:
    end = data_extent(events)[1]
    year = end.year - 2
    at = run_app(page="pages/timeline.py")
    at.selectbox(key="f_quick").set_value(str(year)).run()
    window = at.slider(key="f_window").value
    assert (window[0].isoformat(), window[1].isoformat()) == (f"{year}-01-01", f"{year}-12-31")
    assert dict(at.query_params) == {"from": f"{year}-01-01", "to": f"{year}-12-31"}
    at.button(key="f_step").click().run()
    window = at.slider(key="f_window").value
    assert (window[0].isoformat(), window[1].isoformat()) == (f"{year + 1}-01-01", f"{year + 1}-12-31")
    expected = apply_filters(events, Filters(date_from=window[0], date_to=window[1]))
    assert counts(at) == (len(expected), len(events))


def test_play_steps_the_window_to_the_end_of_the_data_and_stops(events: gpd.GeoDataFrame) -> None:
    start, end = data_extent(events)
    at = run_app(page="pages/events.py")
    at.selectbox(key="f_quick").set_value(str(end.year - 1)).run()
    at.toggle(key="f_play").set_value(True).run()  # steps (and reruns) until the window reaches the end
    assert at.toggle(key="f_play").value is False
    window = at.slider(key="f_window").value
    assert window == (max(start, end.replace(month=1, day=1)), end)
    assert "end of the data" in " ".join(c.value for c in at.sidebar.caption)
    expected = apply_filters(events, Filters(date_from=window[0]))
    assert counts(at) == (len(expected), len(events))
    assert len(at.dataframe[0].value) == len(expected)


def test_timeline_can_show_fatalities_instead_of_counts(events: gpd.GeoDataFrame) -> None:
    at = run_app(page="pages/timeline.py")
    at.get("button_group")[1].set_value("fatalities").run()  # Per, Measure, Date ranges
    pivot = at.dataframe[0].value
    assert pivot.to_numpy().sum() == pytest.approx(float(events["fatalities_best"].fillna(0).sum()))
    assert "count as 0" in " ".join(c.value for c in at.main.caption)
    at.switch_page("pages/events.py").run()
    at.switch_page("pages/timeline.py").run()  # page controls keep their value across pages
    assert at.get("button_group")[1].value == "fatalities"


def test_about_page_explains_the_codes_and_the_data_licences(events: gpd.GeoDataFrame) -> None:
    at = run_app(page="pages/about.py")
    tables = [t.value for t in at.table]
    reliability = next(t for t in tables if "rating" in t.columns and "A" in set(t["rating"]))
    assert list(reliability["rating"]) == ["A", "B", "C", "D", "E", "F"]
    text = " ".join(m.value for m in at.main.markdown)
    attribution = REPO / "data" / "ATTRIBUTION.md"
    if attribution.exists():
        assert "Natural Earth" in text
    assert at.code[0].value.startswith("Border Monitor contributors")


def test_map_explains_aggregation_when_too_many_events_match(data_home: Path) -> None:
    store = open_store()
    extra = [make_event(event_id=f"BULK-{i}", geometry={"type": "Point", "coordinates": [68 + i % 50 * 0.1,
                                                                                        36.5 + i // 50 * 0.05]})
             for i in range(MAX_INDIVIDUAL + 100)]
    assert store.add(extra).ok
    at = run_app()
    total = len(store.load())
    assert counts(at) == (total, total)
    captions = " ".join(c.value for c in at.main.caption)
    assert f"More than {MAX_INDIVIDUAL:,} events match" in captions
    assert "counts per grid cell" in captions

    at.multiselect(key="f_sources").set_value(["source:test-src"]).run()  # only the bulk events cite it
    assert counts(at) == (len(extra), total)


def test_a_deep_link_as_the_first_request_still_runs_through_app_py(events: gpd.GeoDataFrame) -> None:
    # Like a fresh server whose first visitor opens /events?kind=incident: Streamlit runs the
    # page file alone (legacy pages/ mode); the page must reroute through app.py.
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.query_params["kind"] = "incident"
    at.switch_page("pages/events.py").run()
    assert_healthy(at)
    incidents = events[events["kind"] == "incident"]
    assert counts(at) == (len(incidents), len(events))
    assert at.multiselect(key="f_kinds").value == ["incident"]
    assert len(at.dataframe[0].value) == len(incidents)


def test_selecting_an_event_row_shows_its_full_card_and_history(events: gpd.GeoDataFrame) -> None:
    at = run_app({"kind": "incident"}, page="pages/events.py")
    table = next(df for df in at.dataframe if df.key == "events_table:kind=incident:0")
    row = 2
    event_id = table.value.iloc[row]["Event id"]
    select_table_row(at, "events_table:kind=incident:0", row)
    html = "".join(el.proto.body for el in at.get("html"))
    assert f'bm-card-id">{event_id}<' in html  # the selected row's card, not another's
    assert "<script" not in html.lower()
    history = [df for df in at.dataframe if not df.key or not df.key.startswith("events_table")]
    assert at.caption.values.count("Change it on the Edit page.") == 1
    # The default store was seeded as one import: the history table or its explanation is shown.
    assert history or any("No recorded changes" in c for c in at.caption.values)

    # A different filter is a different table: no stale selection pointing at another event.
    at.multiselect(key="f_kinds").set_value(["posture"]).run()
    assert [df.key for df in at.dataframe] == ["events_table:kind=posture:0"]
    assert at.get("html") == [] or all(event_id not in el.proto.body for el in at.get("html"))


def test_a_big_events_table_comes_a_page_at_a_time_and_selection_follows_the_page(data_home: Path) -> None:
    store = open_store()
    extra = [make_event(event_id=f"ROW-{i:05d}", date_start="2021-03-04", date_end="2021-03-04",
                        geometry={"type": "Point", "coordinates": [68 + i % 50 * 0.1, 36.5 + i // 50 * 0.02]})
             for i in range(PAGE_ROWS + 150)]
    assert store.add(extra).ok
    at = run_app({"from": "2021-03-04", "to": "2021-03-04"}, page="pages/events.py")
    shown, _ = counts(at)
    assert shown >= len(extra)  # the curated dataset may hold an event that day too
    assert len(at.dataframe[0].value) == PAGE_ROWS  # not the whole set: a page
    page_picker = at.number_input[0]
    assert page_picker.label == "Page (of 2)"
    page_picker.set_value(2).run()
    assert_healthy(at)
    second = at.dataframe[0]
    assert len(second.value) == shown - PAGE_ROWS
    assert second.key is not None and second.key.endswith(f":{PAGE_ROWS}")
    event_id = second.value.iloc[7]["Event id"]
    select_table_row(at, second.key, 7)
    html = "".join(el.proto.body for el in at.get("html"))
    assert f'bm-card-id">{event_id}<' in html  # the card of the row picked on page 2, not of row 8 of page 1
    # downloads are built in the browser's session up to a cap (more: the export command)
    assert not at.get("download_button")[0].proto.disabled
