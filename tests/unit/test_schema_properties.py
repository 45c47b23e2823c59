"""Property-based tests of the event schema's validators (hypothesis).

Whatever a file or a form sends, validation either returns an Event that round-trips
through GeoJSON unchanged or raises ValidationError with short, field-named lines:
never another exception.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from geo.model import Event, format_errors, spreadsheet_restore, spreadsheet_safe
from tests.unit.helpers import make_event

BASE = make_event().model_dump(mode="json")
BASE["geometry"] = {"type": "Point", "coordinates": [69.78, 37.91]}
ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=200),
                     st.lists(st.integers(), max_size=3),
                     st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))
settings.register_profile("border-monitor", max_examples=150, deadline=None)
settings.load_profile("border-monitor")


def validate(**changes: Any) -> Event | list[str]:
    try:
        return Event.model_validate({**BASE, **changes})
    except ValidationError as exc:
        return format_errors(exc, "record")


@given(lat=st.floats(-90, 90), lon=st.floats(-180, 180))
def test_any_point_on_earth_validates_and_round_trips(lat: float, lon: float) -> None:
    event = validate(geometry={"type": "Point", "coordinates": [lon, lat]})
    assert isinstance(event, Event)
    assert Event.model_validate({**event.to_feature()["properties"], "geometry": event.to_feature()["geometry"]}) \
        == event


@given(lat=st.one_of(st.floats(min_value=90, exclude_min=True, allow_infinity=False),
                     st.floats(max_value=-90, exclude_max=True, allow_infinity=False)))
def test_a_latitude_off_the_globe_is_refused_by_name(lat: float) -> None:
    problems = validate(geometry={"type": "Point", "coordinates": [69.0, lat]})
    assert isinstance(problems, list) and any("latitude" in p and "field geometry" in p for p in problems)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2026, 1, 1)), st.integers(0, 4000))
def test_date_ranges_are_valid_exactly_when_they_do_not_run_backwards(start: dt.date, days: int) -> None:
    forwards = validate(date_start=start.isoformat(), date_end=(start + dt.timedelta(days=days)).isoformat(),
                        time_precision=3)
    assert isinstance(forwards, Event)
    if days:
        backwards = validate(date_start=(start + dt.timedelta(days=days)).isoformat(), date_end=start.isoformat())
        assert isinstance(backwards, list) and any("date_end" in p for p in backwards)


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))
def test_fatality_estimates_must_be_ordered_low_best_high(a: int, b: int, c: int) -> None:
    result = validate(fatalities_low=a, fatalities_best=b, fatalities_high=c)
    assert isinstance(result, Event) == (a <= b <= c), (a, b, c, result)


@given(field=st.sampled_from(["event_id", "kind", "event_type", "sub_event_type", "date_start", "date_end",
                              "time_precision", "location", "country", "geo_precision", "fatalities_best",
                              "wounded", "strength_best", "notes", "sources", "geometry"]), value=ANYTHING)
def test_any_value_in_any_field_gives_an_event_or_short_field_named_messages(field: str, value: Any) -> None:
    result = validate(**{field: value})
    if isinstance(result, list):
        assert result and all(line.startswith("record, field ") and len(line) < 600 for line in result)


@given(st.text(max_size=50))
def test_the_spreadsheet_guard_is_undone_exactly_and_leaves_no_formula_start(text: str) -> None:
    guarded = spreadsheet_safe(text)
    assert spreadsheet_restore(guarded) == text
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")
