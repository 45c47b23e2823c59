"""The in-memory query (``geo.query.FrameQuery``) over a real GeoPackage store answers every page's
question exactly as the whole-frame functions it replaces, while holding only a lean frame."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.briefing import frame_bounds, source_catalogue, source_event_counts, timeline_table
from geo.extraction import find_duplicates
from geo.filters import Filters, data_extent, filter_mask, filter_options, prepare_frame
from geo.map import LAYERS, MAX_INDIVIDUAL, build_layers, freeze_layers
from geo.model import events_to_frame, frame_to_events
from geo.query import FrameQuery, TooMany, duplicate_candidates, open_query, query_layers
from geo.stores import GeoPackageStore, load_default_events
from scripts.gen_synthetic import make_synthetic_frame

#: More than MAX_INDIVIDUAL placed events, so the map takes its view and grid paths.
SYNTHETIC = 2_600


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    """The curated events, synthetic ones, and two soft-deleted events, in a GeoPackage file."""
    curated = events_to_frame(load_default_events())
    frame = pd.concat([curated, make_synthetic_frame(SYNTHETIC, seed=5)], ignore_index=True)
    store = GeoPackageStore(tmp_path_factory.mktemp("query") / "events.gpkg")
    assert store.replace_all(frame_to_events(gpd.GeoDataFrame(frame, crs=curated.crs))).ok
    assert store.delete(["SYN-0000002", curated["event_id"].iloc[0]]) == 2
    return store


@pytest.fixture(scope="module")
def full(store: GeoPackageStore) -> gpd.GeoDataFrame:
    return prepare_frame(store.load())


@pytest.fixture(scope="module")
def query(store: GeoPackageStore) -> FrameQuery:
    opened = open_query(store)
    assert isinstance(opened, FrameQuery)
    return opened


def _filters(full: gpd.GeoDataFrame) -> list[Filters]:
    curated = full[~full["event_id"].str.startswith("SYN-")]
    sources = sorted({c["source_id"] for cites in curated["sources"] for c in cites})
    publishers = sorted({c["publisher"] for cites in curated["sources"] for c in cites})
    return [
        Filters(),
        Filters(date_from=dt.date(2010, 1, 1), date_to=dt.date(2015, 12, 31)),
        Filters(date_to=dt.date(2001, 6, 30)),
        Filters(sources=(sources[0],)),
        Filters(sources=tuple(sources[:5])),  # more than a few: matched by set lookup
        Filters(publishers=(publishers[1],), sources=(sources[2],)),
        Filters(min_reliability="B"),
        Filters(kinds=("incident", "posture")),
        Filters(event_types=("Battles",), countries=("Afghanistan",)),
        Filters(admin1s=(str(curated["admin1"].dropna().iloc[0]),)),
        Filters(actors=(str(curated["actor1"].dropna().iloc[0]),)),
        Filters(claimed_by=(str(full["claimed_by"].dropna().iloc[0]),)),
        Filters(kinds=("concentration",), date_from=dt.date(2099, 1, 1)),  # nothing
    ]


def _ids(frame: pd.DataFrame) -> list[str]:
    return frame["event_id"].astype(str).tolist()


def test_the_summary_is_what_the_whole_frame_gives(query: FrameQuery, full: gpd.GeoDataFrame) -> None:
    summary = query.summary()
    assert summary.total == len(full) == len(load_default_events()) + SYNTHETIC - 2
    assert summary.options == filter_options(full)
    pd.testing.assert_frame_equal(summary.catalogue, source_catalogue(full))
    assert summary.extent == data_extent(full)
    assert summary.frame == frame_bounds(full)


def test_counts_tables_and_pages_match_the_whole_frame(query: FrameQuery, full: gpd.GeoDataFrame) -> None:
    for filters in _filters(full):
        passing = full[filter_mask(full, filters)]
        assert query.count(filters) == len(passing), filters
        assert query.kind_counts(filters) == {k: int(n) for k, n in passing["kind"].value_counts().items() if n}
        for unit in ("year", "month"):
            for measure in ("events", "fatalities"):
                for spread in (False, True):
                    pd.testing.assert_frame_equal(query.timeline(filters, unit, measure, spread),
                                                  timeline_table(passing, unit, measure, spread=spread))  # type: ignore[arg-type]
        pd.testing.assert_series_equal(query.source_counts(filters).sort_index(),
                                       source_event_counts(passing).sort_index())
        assert _ids(query.page(filters, 7, 40)) == _ids(passing)[7:47]
        if len(passing) > 1:
            with pytest.raises(TooMany) as caught:
                query.records(filters, len(passing) - 1)
            assert (caught.value.count, caught.value.limit) == (len(passing), len(passing) - 1)
        assert _ids(query.records(filters, len(passing))) == _ids(passing)


def test_records_read_back_by_id_are_the_stored_records(query: FrameQuery, full: gpd.GeoDataFrame) -> None:
    filters = Filters(kinds=("incident",), date_from=dt.date(2005, 1, 1))
    expected = full[filter_mask(full, filters)].drop(columns=["_source_ids", "_publishers", "_best_rel"])
    got = query.records(filters, 10_000)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_like=True)
    one = expected.iloc[3]
    assert query.record(str(one["event_id"]))["notes"] == one["notes"]  # type: ignore[index]
    assert query.record("SYN-0000002") is None  # soft-deleted
    assert query.record("no-such-id") is None


@pytest.mark.parametrize("bounds, zoom", [
    (None, None),                                   # every placed event: more than can be drawn
    (((36.0, 66.0), (39.5, 72.5)), 6.0),           # a regional view: still counted per cell
    (((37.0, 68.5), (37.4, 69.1)), 11.0),          # zoomed in: events one by one, with their cards
])
def test_the_map_is_what_build_layers_draws_from_the_whole_frame(
        query: FrameQuery, full: gpd.GeoDataFrame, bounds, zoom) -> None:
    assert query.placed_count(Filters(), ["incident", "posture", "context", "concentration"], None) > MAX_INDIVIDUAL
    for filters in (Filters(), Filters(kinds=("incident", "context")), Filters(date_from=dt.date(2012, 1, 1))):
        expected = freeze_layers(build_layers(full[filter_mask(full, filters)], LAYERS, bounds=bounds, zoom=zoom))
        got = freeze_layers(query_layers(query, filters, LAYERS, bounds=bounds, zoom=zoom))
        assert got == expected
    zoomed_in = freeze_layers(query_layers(query, Filters(), LAYERS, bounds=((37.0, 68.5), (37.4, 69.1)), zoom=11))
    assert "aggregated" not in [name for name, _ in zoomed_in]


def test_the_lean_frame_holds_no_text_geometry_or_citations(query: FrameQuery, full: gpd.GeoDataFrame) -> None:
    lean = query.lean
    assert not {"notes", "sources", "geometry", "location", "fatalities_text"} & set(lean.columns)
    assert all(isinstance(lean[c].dtype, pd.CategoricalDtype) for c in ("kind", "event_type", "country", "actor1"))
    assert lean.memory_usage(deep=True).sum() * 8 < full.memory_usage(deep=True).sum()
    placed = ~np.isnan(lean["_lon"].to_numpy())
    assert placed.sum() == (~full.geometry.is_empty).sum()


def test_a_frame_in_memory_answers_without_a_store(tmp_path: Path) -> None:
    frame = events_to_frame(load_default_events())
    query = FrameQuery.of(frame)
    assert query.count(Filters(kinds=("posture",))) == int((frame["kind"] == "posture").sum())
    assert _ids(query.page(Filters(), 0, 5)) == _ids(frame)[:5]


def test_duplicates_are_found_among_the_few_events_of_the_same_kind_and_days(
        query: FrameQuery, full: gpd.GeoDataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.query.nearby as nearby

    checked = 0
    for event in frame_to_events(full.iloc[::97].drop(columns=["_source_ids", "_publishers", "_best_rel"])):
        report = event.model_copy(update={"event_id": f"NEW-{event.event_id}"})
        candidates = duplicate_candidates(query, report)
        assert len(candidates) < len(full) / 5
        assert (candidates["kind"] == event.kind).all()
        assert event.event_id in set(candidates["event_id"])
        assert find_duplicates(report, candidates) == find_duplicates(report, full)
        checked += 1
    assert checked >= 20
    monkeypatch.setattr(nearby, "NEARBY_MAX", 0)  # too many of those days: only the surroundings are read
    event = frame_to_events(full[full["event_id"] == "SYN-0000100"].drop(
        columns=["_source_ids", "_publishers", "_best_rel"]))[0]
    report = event.model_copy(update={"event_id": "NEW-1"})
    near = duplicate_candidates(query, report)
    assert "SYN-0000100" in set(near["event_id"])
    assert find_duplicates(report, near) == find_duplicates(report, full)
