"""Filtering: interval overlap, reliability threshold, sources, actors."""

from __future__ import annotations

import datetime as dt

from geo.filters import Filters, apply_filters
from geo.schema import events_to_frame
from tests.unit.helpers import make_event


def src(sid: str, publisher: str, rel: str) -> dict:
    return {"source_id": sid, "publisher": publisher, "reliability": rel, "credibility": 3}


FRAME = events_to_frame([
    make_event(event_id="A", date_start="2019-01-01", date_end="2019-12-31",
               sources=[src("s1", "Wire One", "B")], actor1="Taliban"),
    make_event(event_id="B", date_start="2020-03-05", date_end="2020-03-05",
               sources=[src("s2", "Blog", "E"), src("s3", "Agency", "C")], actor2="Taliban"),
    make_event(event_id="C", date_start="2021-06-01", date_end="2021-06-30", kind="context",
               event_type="Strategic developments", sub_event_type="Other",
               sources=[src("s2", "Blog", "E")]),
])


def ids(filters: Filters) -> list[str]:
    return list(apply_filters(FRAME, filters)["event_id"])


def test_ranges_overlapping_the_window_are_kept() -> None:
    assert ids(Filters(date_from=dt.date(2019, 12, 31), date_to=dt.date(2020, 3, 4))) == ["A"]
    assert ids(Filters(date_from=dt.date(2020, 1, 1), date_to=dt.date(2021, 6, 1))) == ["B", "C"]
    assert ids(Filters(date_from=dt.date(2021, 7, 1))) == []


def test_min_reliability_uses_best_source() -> None:
    assert ids(Filters(min_reliability="C")) == ["A", "B"]
    assert ids(Filters(min_reliability="A")) == []
    assert ids(Filters(min_reliability="F")) == ["A", "B", "C"]


def test_source_filter_by_id_or_publisher() -> None:
    assert ids(Filters(sources=("s3",))) == ["B"]
    assert ids(Filters(sources=("Blog",))) == ["B", "C"]


def test_actor_matches_either_column_and_kind_filter() -> None:
    assert ids(Filters(actors=("Taliban",))) == ["A", "B"]
    assert ids(Filters(kinds=("context",))) == ["C"]
