"""The event model: validation rules and readable error messages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from geo.model import (
    ACLED_TAXONOMY,
    Citation,
    Event,
    events_to_frame,
    format_errors,
    frame_to_events,
    validate_features,
)
from tests.unit.helpers import make_event


def errors_of(**overrides: object) -> list[str]:
    with pytest.raises(ValidationError) as info:
        make_event(**overrides)
    return format_errors(info.value, "row 14")


def test_acled_taxonomy_has_6_types_and_25_subtypes() -> None:
    assert len(ACLED_TAXONOMY) == 6
    assert sum(len(v) for v in ACLED_TAXONOMY.values()) == 25


@pytest.mark.parametrize(
    ("event_type", "sub_event_type"),
    [(t, s) for t, subs in ACLED_TAXONOMY.items() for s in subs],
)
def test_every_taxonomy_pair_is_accepted(event_type: str, sub_event_type: str) -> None:
    event = make_event(event_type=event_type, sub_event_type=sub_event_type)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_sub_type_must_belong_to_type() -> None:
    lines = errors_of(event_type="Riots", sub_event_type="Armed clash")
    assert len(lines) == 1
    assert "sub_event_type 'Armed clash' is not a sub-type of 'Riots'" in lines[0]
    assert "Violent demonstration, Mob violence" in lines[0]  # tells the user the choices


def test_unknown_event_type_lists_the_acled_types() -> None:
    (line,) = errors_of(event_type="Skirmish")
    assert "event_type 'Skirmish' is not an ACLED type" in line and "Battles" in line


def test_date_end_before_start_is_rejected_and_same_day_allowed() -> None:
    lines = errors_of(date_start="2020-05-02", date_end="2020-05-01")
    assert any("date_end 2020-05-01 is before date_start 2020-05-02" in line for line in lines)
    assert make_event(date_start="2020-05-02", date_end="2020-05-02").date_end.day == 2


@pytest.mark.parametrize("prefix", ["fatalities", "strength"])
def test_estimates_must_satisfy_low_best_high(prefix: str) -> None:
    bad = {f"{prefix}_low": 5, f"{prefix}_best": 2, f"{prefix}_high": 9}
    (line,) = errors_of(**bad)
    assert f"{prefix} estimates must satisfy low <= best <= high" in line
    assert "low=5, best=2, high=9" in line
    # gaps are allowed: only the values given must be ordered
    ok = make_event(**{f"{prefix}_low": 3, f"{prefix}_best": None, f"{prefix}_high": 7})
    assert getattr(ok, f"{prefix}_high") == 7


def test_negative_counts_are_rejected() -> None:
    (line,) = errors_of(wounded=-1)
    assert line.startswith("row 14, field wounded:")


def test_latitude_out_of_range_names_row_and_field() -> None:
    lines = errors_of(geometry={"type": "Point", "coordinates": [69.0, 95.2]})
    assert lines == ["row 14, field geometry: latitude 95.2 is outside -90..90"]


def test_longitude_out_of_range_names_row_and_field() -> None:
    lines = errors_of(geometry="LINESTRING (179 37, 181.5 37)")
    assert lines == ["row 14, field geometry: longitude 181.5 is outside -180..180"]


@pytest.mark.parametrize(
    ("geometry", "phrase"),
    [
        ("POINT (1", "geometry text could not be read"),
        ("POINT EMPTY", "geometry is empty"),
        ("POLYGON ((68 37, 69 38, 69 37, 68 38, 68 37))", "geometry is invalid: Self-intersection"),
        ({"type": "Point", "coordinates": "x"}, "geometry is not valid GeoJSON"),
        (42, "geometry of type int is not supported"),
    ],
)
def test_bad_geometry_says_what_is_wrong(geometry: object, phrase: str) -> None:
    lines = errors_of(geometry=geometry)
    assert len(lines) == 1 and lines[0].startswith("row 14, field geometry: ")
    assert phrase in lines[0]


def test_unknown_kind_and_unknown_field() -> None:
    assert any(line.startswith("row 14, field kind:") for line in errors_of(kind="skirmish"))
    assert any("field colour: Extra inputs are not permitted" in line
               for line in errors_of(colour="red"))


def test_sources_required_and_unique() -> None:
    (line,) = errors_of(sources=[])
    assert line.startswith("row 14, field sources:")
    src = {"source_id": "a", "publisher": "P", "reliability": "A", "credibility": 1}
    assert errors_of(sources=[src, dict(src)]) == [
        "row 14, field record: sources lists the same source_id twice"
    ]


def test_citation_problems_name_the_nested_field() -> None:
    bad = {"source_id": "a", "publisher": "P", "reliability": "G", "credibility": 7}
    lines = errors_of(sources=[bad])
    assert any(line.startswith("row 14, field sources.0.reliability: ") for line in lines)
    assert any(line.startswith("row 14, field sources.0.credibility: ") for line in lines)
    js = {"source_id": "a", "publisher": "P", "url": "javascript:alert(1)"}
    assert any("not an http(s) address" in line for line in errors_of(sources=[js]))


def test_format_errors_one_line_per_problem_without_where() -> None:
    with pytest.raises(ValidationError) as info:
        make_event(kind="x", date_start="not a date")
    lines = format_errors(info.value)
    assert len(lines) == 2
    assert all(line.startswith("field ") for line in lines)
    assert not any("Value error, " in line for line in lines)


def test_validate_features_names_feature_and_id() -> None:
    good = make_event().to_feature()
    bad = make_event(event_id="T-2").to_feature()
    bad["properties"]["date_end"] = "2019-01-01"
    events, errors = validate_features([good, bad, good, "junk"])
    assert [e.event_id for e in events] == ["T-1"]
    assert errors[0].startswith("feature 2 (T-2), field record: date_end 2019-01-01 is before")
    assert errors[1] == "feature 3 (T-1), field event_id: duplicate id 'T-1'"
    assert errors[2] == "feature 4: not a GeoJSON Feature object"


def test_frame_round_trip_keeps_every_field() -> None:
    events = [make_event(), make_event(event_id="T-2", fatalities_text="dozens",
                                       geometry="LINESTRING (68 37, 69 37.2)")]
    frame = events_to_frame(events)
    assert frame.crs.to_epsg() == 4326
    assert str(frame["date_start"].dtype) == "datetime64[ns]"
    assert str(frame["fatalities_best"].dtype) == "Int64"
    assert isinstance(frame["sources"].iloc[0][0], dict)
    assert frame_to_events(frame) == events
    assert Event.model_validate(events[1].model_dump()) == events[1]


@pytest.mark.parametrize("field", ["notes", "location", "actor1"])
def test_control_characters_in_text_are_refused_with_the_field_named(field) -> None:
    (problem,) = errors_of(**{field: "Khorog\x00 and more"})
    assert field in problem and "control character U+0000 at position 7" in problem


def test_control_characters_in_a_citation_are_refused_but_newlines_are_kept() -> None:
    with pytest.raises(ValidationError, match=r"publisher\n.*U\+0007"):
        Citation(source_id="s1", publisher="Wire\x07")
    title = "Line one\nline two\ttab"
    assert Citation(source_id="s1", publisher="Wire", title=title).title == title
