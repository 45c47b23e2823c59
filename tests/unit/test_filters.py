"""Filtering: interval overlap, reliability, sources, actors, URL form, playback window, speed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.filters import (
    PARAM_NAMES,
    Filters,
    apply_filters,
    data_extent,
    describe_filters,
    filter_options,
    filters_from_params,
    filters_to_params,
    first_window,
    join_param,
    prepare_frame,
    split_param,
    step_window,
)
from geo.model import RELIABILITY, empty_frame, events_to_frame
from tests.unit.helpers import make_event

D = dt.date


def src(sid: str, publisher: str, rel: str, credibility: int = 3) -> dict[str, Any]:
    return {"source_id": sid, "publisher": publisher, "reliability": rel, "credibility": credibility}


FRAME = prepare_frame(events_to_frame([
    make_event(event_id="A", date_start="2019-01-01", date_end="2019-12-31",
               sources=[src("s1", "Wire One", "B")], actor1="Taliban", actor2="Tajik Border Troops",
               claimed_by="Tajik Interior Ministry", admin1="Khatlon"),
    make_event(event_id="B", date_start="2020-03-05", date_end="2020-03-05",
               sources=[src("s2", "Blog, Inc.", "E"), src("s3", "Agency", "C")], actor1="ISKP",
               actor2="Taliban", country="Afghanistan", admin1="Badakhshan",
               geometry={"type": "Point", "coordinates": [70.8, 37.1]}),
    make_event(event_id="C", date_start="2021-06-01", date_end="2021-06-30", kind="context",
               event_type="Strategic developments", sub_event_type="Other",
               sources=[src("s2", "Blog, Inc.", "E")], actor1="Government of Tajikistan"),
    make_event(event_id="D", date_start="2018-05-01", date_end="2018-05-01",
               sources=[src("s4", "Wire One", "F")], actor1="Unknown | armed men"),
]))


def ids(filters: Filters, frame: gpd.GeoDataFrame = FRAME) -> list[str]:
    return list(apply_filters(frame, filters)["event_id"])


# -- time window ------------------------------------------------------------------------


def test_an_event_is_kept_when_its_range_overlaps_the_window() -> None:
    # A ends exactly on the window's first day: the ranges share that day.
    assert ids(Filters(date_from=D(2019, 12, 31), date_to=D(2020, 3, 4))) == ["A"]
    # B starts exactly on the window's last day.
    assert ids(Filters(date_from=D(2020, 1, 1), date_to=D(2020, 3, 5))) == ["B"]
    # C (June 2021) is inside a window covering part of it only.
    assert ids(Filters(date_from=D(2021, 6, 15), date_to=D(2021, 6, 15))) == ["C"]
    # One day after A ends and one day before B starts: nothing.
    assert ids(Filters(date_from=D(2020, 1, 1), date_to=D(2020, 3, 4))) == []


def test_open_window_ends_mean_the_data_extent() -> None:
    assert ids(Filters(date_from=D(2020, 1, 1))) == ["B", "C"]
    assert ids(Filters(date_to=D(2018, 12, 31))) == ["D"]
    assert ids(Filters()) == ["A", "B", "C", "D"]


# -- sources and ratings ----------------------------------------------------------------


def test_min_reliability_keeps_events_with_one_source_at_or_above_the_letter() -> None:
    assert ids(Filters(min_reliability="B")) == ["A"]
    assert ids(Filters(min_reliability="C")) == ["A", "B"]  # B has an E and a C source
    assert ids(Filters(min_reliability="E")) == ["A", "B", "C"]
    assert ids(Filters(min_reliability="A")) == []
    assert ids(Filters(min_reliability="F")) == ["A", "B", "C", "D"]


def test_source_filter_matches_ids_and_publishers_and_either_counts() -> None:
    assert ids(Filters(sources=("s3",))) == ["B"]
    assert ids(Filters(sources=("s2",))) == ["B", "C"]
    assert ids(Filters(publishers=("Wire One",))) == ["A", "D"]
    assert ids(Filters(publishers=("Blog, Inc.",))) == ["B", "C"]
    # An id is not a publisher and a publisher is not an id.
    assert ids(Filters(sources=("Wire One",))) == []
    assert ids(Filters(publishers=("s1",))) == []
    # Chosen sources and publishers together: events cited by any of them.
    assert ids(Filters(sources=("s3",), publishers=("Wire One",))) == ["A", "B", "D"]


def test_source_ids_are_matched_whole_not_as_substrings() -> None:
    frame = prepare_frame(events_to_frame([
        make_event(event_id="X", sources=[src("s1", "P", "B")]),
        make_event(event_id="Y", sources=[src("s10", "P", "B")]),
    ]))
    assert ids(Filters(sources=("s1",)), frame) == ["X"]


# -- other fields ------------------------------------------------------------------------


def test_actor_filter_matches_either_side() -> None:
    assert ids(Filters(actors=("Taliban",))) == ["A", "B"]
    assert ids(Filters(actors=("ISKP", "Government of Tajikistan"))) == ["B", "C"]
    assert ids(Filters(actors=("Unknown | armed men",))) == ["D"]


def test_each_multi_value_field_filters_its_column_and_fields_combine() -> None:
    assert ids(Filters(kinds=("context",))) == ["C"]
    assert ids(Filters(event_types=("Battles",))) == ["A", "B", "D"]
    assert ids(Filters(countries=("Afghanistan",))) == ["B"]
    assert ids(Filters(admin1s=("Khatlon", "Badakhshan"))) == ["A", "B"]
    assert ids(Filters(claimed_by=("Tajik Interior Ministry",))) == ["A"]
    assert ids(Filters(kinds=("incident",), actors=("Taliban",), date_from=D(2020, 1, 1))) == ["B"]


def test_filtering_an_unprepared_or_empty_frame_works() -> None:
    raw = events_to_frame([make_event(event_id="Z")])
    assert list(apply_filters(raw, Filters(kinds=("incident",)))["event_id"]) == ["Z"]
    assert len(apply_filters(empty_frame(), Filters(sources=("x",), min_reliability="A"))) == 0


def test_filter_options_list_the_values_present() -> None:
    options = filter_options(FRAME)
    assert options["sources"] == ["s1", "s2", "s3", "s4"]
    assert options["publishers"] == ["Agency", "Blog, Inc.", "Wire One"]
    assert "Taliban" in options["actors"] and "Tajik Border Troops" in options["actors"]
    assert options["admin1s"] == ["Badakhshan", "Khatlon"]  # missing provinces are not an option


# -- URL form ------------------------------------------------------------------------------


def test_params_round_trip_every_field_including_commas() -> None:
    filters = Filters(date_from=D(2019, 1, 1), date_to=D(2020, 12, 31), sources=("s2", "s3"),
                      publishers=("Blog, Inc.",), min_reliability="C", claimed_by=("Tajik Interior Ministry",),
                      kinds=("incident", "context"), event_types=("Battles",), countries=("Afghanistan",),
                      admin1s=("Badakhshan",), actors=("Taliban", "Unknown | armed men"))
    params = filters_to_params(filters)
    assert set(params) <= set(PARAM_NAMES)
    assert all(isinstance(v, str) for v in params.values())
    assert params["publisher"] == "Blog\\, Inc."
    assert filters_from_params(params, FRAME) == (filters, [])
    assert filters_to_params(Filters()) == {}


def test_list_valued_params_from_parse_qs_are_accepted() -> None:
    filters, notices = filters_from_params({"kind": ["incident"], "source": ["s1", "s3"]}, FRAME)
    assert notices == []
    assert filters == Filters(kinds=("incident",), sources=("s1", "s3"))


def test_join_and_split_param_are_inverse() -> None:
    values = ["a,b", "back\\slash", "plain", "trailing\\"]
    assert split_param(join_param(values)) == values
    assert split_param(" x , ,y ") == ["x", "y"]


@pytest.mark.parametrize(
    ("params", "expected", "mentions"),
    [
        ({"from": "2020-13-01"}, Filters(), ["2020-13-01", "YYYY-MM-DD"]),
        ({"from": "2021-01-01", "to": "2020-01-01"}, Filters(), ["ends before it starts"]),
        ({"rel": "Z"}, Filters(), ["'Z'", "A, B, C, D, E, F"]),
        ({"rel": "c"}, Filters(min_reliability="C"), []),
        ({"kind": "incident,battle"}, Filters(kinds=("incident",)), ["'battle'", "posture"]),
        ({"source": "nope,s1"}, Filters(sources=("s1",)), ["'nope'"]),
        ({"source": "Wire One"}, Filters(), ["publisher="]),
        ({"actor": "Nobody"}, Filters(), ["'Nobody'"]),
        ({"colour": "red"}, Filters(), ["'colour'"]),
        ({"from": ""}, Filters(), ["from=''"]),
    ],
)
def test_bad_params_are_dropped_with_a_notice(params: dict[str, str], expected: Filters,
                                              mentions: list[str]) -> None:
    filters, notices = filters_from_params(params, FRAME)
    assert filters == expected
    if mentions:
        assert len(notices) == 1
        for text in mentions:
            assert text in notices[0]
    else:
        assert notices == []


def test_many_bad_params_at_once_give_one_notice_each_and_keep_the_good_ones() -> None:
    params = {"from": "notadate", "to": "2019-12-31", "rel": "Q", "kind": "incident", "type": "Nonsense"}
    filters, notices = filters_from_params(params, FRAME)
    assert filters == Filters(date_to=D(2019, 12, 31), kinds=("incident",))
    assert len(notices) == 3


def test_describe_filters_names_what_is_active() -> None:
    assert describe_filters(Filters()) == []
    text = " · ".join(describe_filters(Filters(date_from=D(2020, 1, 1), min_reliability="B", actors=("ISKP",))))
    assert "2020-01-01 – end" in text and "rated B or better" in text and "actor: ISKP" in text


# -- extent and playback ------------------------------------------------------------------


def test_data_extent_spans_first_start_to_last_end() -> None:
    assert data_extent(FRAME) == (D(2018, 5, 1), D(2021, 6, 30))
    start, end = data_extent(empty_frame())
    assert start == end


def test_step_window_moves_whole_months_and_years() -> None:
    extent = (D(2018, 1, 1), D(2021, 6, 30))
    january = Filters(date_from=D(2019, 1, 1), date_to=D(2019, 1, 31), kinds=("incident",))
    february = step_window(january, "month", extent)
    assert february == Filters(date_from=D(2019, 2, 1), date_to=D(2019, 2, 28), kinds=("incident",))
    assert february is not None
    march = step_window(february, "month", extent)
    assert march is not None and (march.date_from, march.date_to) == (D(2019, 3, 1), D(2019, 3, 31))
    year = step_window(Filters(date_from=D(2019, 1, 1), date_to=D(2019, 12, 31)), "year", extent)
    assert year is not None and (year.date_from, year.date_to) == (D(2020, 1, 1), D(2020, 12, 31))


def test_step_window_clips_to_the_extent_and_stops_at_its_end() -> None:
    extent = (D(2018, 1, 1), D(2021, 6, 30))
    last = step_window(Filters(date_from=D(2020, 1, 1), date_to=D(2020, 12, 31)), "year", extent)
    assert last is not None and (last.date_from, last.date_to) == (D(2021, 1, 1), D(2021, 6, 30))
    assert step_window(last, "year", extent) is None
    assert step_window(Filters(), "month", extent) is None  # the whole extent cannot move


def test_first_window_is_one_unit_from_the_extent_start() -> None:
    extent = (D(1992, 5, 1), D(2023, 10, 13))
    assert first_window("year", extent) == (D(1992, 5, 1), D(1993, 4, 30))
    assert first_window("month", extent) == (D(1992, 5, 1), D(1992, 5, 31))
    assert first_window("year", (D(2020, 1, 1), D(2020, 2, 1))) == (D(2020, 1, 1), D(2020, 2, 1))


# -- 100,000 rows ---------------------------------------------------------------------------


def _big_frame(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """``n`` rows resampled from FRAME with random dates, sources and actors."""
    rng = np.random.default_rng(seed)
    big = FRAME.iloc[rng.integers(0, len(FRAME), n)].drop(
        columns=["_source_ids", "_publishers", "_best_rel"]).reset_index(drop=True)
    starts = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 12_000, n), unit="D")
    big["date_start"] = starts.astype("datetime64[ns]")
    big["date_end"] = (starts + pd.to_timedelta(rng.integers(0, 400, n), unit="D")).astype("datetime64[ns]")
    pool = [src(f"s{i}", f"Publisher {i % 40}", RELIABILITY[i % 6]) for i in range(300)]
    picks, counts = rng.integers(0, 300, (n, 3)), rng.integers(1, 4, n)
    # Three draws may repeat an id; a real event never cites one source twice.
    big["sources"] = [[pool[j] for j in dict.fromkeys(row[:k])] for row, k in zip(picks.tolist(), counts.tolist(),
                                                                               strict=True)]
    big["actor2"] = rng.choice(["Taliban", "ISKP", None], n)
    return gpd.GeoDataFrame(big, geometry="geometry", crs=FRAME.crs)


def _reference_ids(gdf: gpd.GeoDataFrame, f: Filters) -> list[str]:
    """The same filter written the slow, obvious way (one row at a time)."""
    keep = []
    columns = ("event_id", "date_start", "date_end", "sources", "kind", "actor1", "actor2")
    for event_id, start, end, cites, kind, actor1, actor2 in zip(*(gdf[c].tolist() for c in columns), strict=True):
        if f.date_from and end.date() < f.date_from:
            continue
        if f.date_to and start.date() > f.date_to:
            continue
        if (f.sources or f.publishers) and not any(
                c["source_id"] in f.sources or c["publisher"] in f.publishers for c in cites):
            continue
        if f.min_reliability and min(c["reliability"] for c in cites) > f.min_reliability:
            continue
        if f.kinds and kind not in f.kinds:
            continue
        if f.actors and actor1 not in f.actors and actor2 not in f.actors:
            continue
        keep.append(event_id)
    return keep


def test_100k_rows_are_filtered_correctly() -> None:
    """Correctness at scale; speed is measured by scripts/bench_map.py, not asserted here."""
    big = _big_frame(100_000)
    big["event_id"] = [f"E{i}" for i in range(len(big))]
    prepared = prepare_frame(big)
    filters = Filters(date_from=D(2000, 1, 1), date_to=D(2015, 12, 31), sources=("s3", "s77"),
                      publishers=("Publisher 5",), min_reliability="D", kinds=("incident",), actors=("Taliban",))
    many_sources = Filters(sources=tuple(f"s{i}" for i in range(0, 300, 15)), publishers=("Publisher 1", "Publisher 2"),
                           kinds=("incident", "context"))
    for chosen in (filters, many_sources):  # few values: substring search; many: set lookup
        result = apply_filters(prepared, chosen)
        assert 0 < len(result) < len(big)
        assert list(result["event_id"]) == _reference_ids(prepared, chosen)
