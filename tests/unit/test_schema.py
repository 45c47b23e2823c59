"""The event model: validation rules and readable error messages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from geo.schema import ACLED_TAXONOMY, events_to_frame, format_errors, frame_to_events
from tests.unit.helpers import make_event


def errors_of(**overrides: object) -> list[str]:
    with pytest.raises(ValidationError) as info:
        make_event(**overrides)
    return format_errors(info.value, "row 14")


def test_acled_taxonomy_has_6_types_and_25_subtypes() -> None:
    assert len(ACLED_TAXONOMY) == 6
    assert sum(len(v) for v in ACLED_TAXONOMY.values()) == 25


def test_sub_type_must_belong_to_type() -> None:
    lines = errors_of(event_type="Riots", sub_event_type="Armed clash")
    assert any("not a sub-type of 'Riots'" in line for line in lines)


def test_date_end_before_start_is_rejected() -> None:
    lines = errors_of(date_start="2020-05-02", date_end="2020-05-01")
    assert any("date_end 2020-05-01 is before date_start 2020-05-02" in line for line in lines)


def test_estimates_must_be_ordered() -> None:
    lines = errors_of(fatalities_low=5, fatalities_best=2, fatalities_high=9)
    assert any("low <= best <= high" in line for line in lines)


def test_latitude_out_of_range_names_row_and_field() -> None:
    lines = errors_of(geometry={"type": "Point", "coordinates": [69.0, 95.2]})
    assert lines == ["row 14, field geometry: latitude 95.2 is outside -90..90"]


def test_bad_geometry_and_unknown_kind() -> None:
    assert any("geometry" in line for line in errors_of(geometry="POINT (1"))
    assert any("field kind" in line for line in errors_of(kind="skirmish"))


def test_sources_required_and_unique() -> None:
    assert any("sources" in line for line in errors_of(sources=[]))
    src = {"source_id": "a", "publisher": "P", "reliability": "A", "credibility": 1}
    assert any("same source_id twice" in line for line in errors_of(sources=[src, src]))


def test_reliability_and_url_checked() -> None:
    bad = {"source_id": "a", "publisher": "P", "reliability": "G", "credibility": 1}
    assert any("reliability" in line for line in errors_of(sources=[bad]))
    js = {"source_id": "a", "publisher": "P", "url": "javascript:alert(1)"}
    assert any("not an http(s) address" in line for line in errors_of(sources=[js]))


def test_frame_round_trip_keeps_every_field() -> None:
    events = [make_event(), make_event(event_id="T-2", fatalities_text="dozens",
                                       geometry="LINESTRING (68 37, 69 37.2)")]
    frame = events_to_frame(events)
    assert frame.crs.to_epsg() == 4326
    assert str(frame["date_start"].dtype) == "datetime64[ns]"
    assert frame_to_events(frame) == events
