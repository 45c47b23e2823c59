"""Matching an extracted event to stored ones: kind, dates, geodesic distance and figures."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from geo.extraction.dedupe import distance_km, figures_compatible, find_duplicates
from geo.model import events_to_frame
from tests.unit.helpers import make_event

NEW_SOURCE = [{"source_id": "ing-new", "publisher": "Wire", "title": "Report", "published": "2020-05-03"}]


def new_event(**overrides):
    record = {"event_id": "ING-1", "sources": NEW_SOURCE, "geometry": {"type": "Point", "coordinates": [69.80, 37.92]}}
    record.update(overrides)
    return make_event(**record)


def test_distance_is_geodesic_km_and_zero_inside_an_area():
    # Kulob to Khorog, about 160 km
    assert distance_km(Point(69.78, 37.91), Point(71.55, 37.49)) == pytest.approx(163, abs=25)
    assert distance_km(Point(0, 0), Point(0, 1)) == pytest.approx(110.57, abs=0.1)
    area = Point(69.78, 37.91).buffer(0.5)
    assert distance_km(area, Point(69.9, 37.95)) == 0.0
    assert distance_km(LineString([(0, 0), (0, 2)]), Point(1, 1)) == pytest.approx(111.3, abs=0.5)


def test_same_event_from_a_new_source_is_matched_with_the_citation_to_add():
    stored = events_to_frame([make_event(event_id="BM-7")])
    (match,) = find_duplicates(new_event(), stored)
    assert match.event_id == "BM-7"
    assert match.distance_km < 5
    assert match.citation.source_id == "ing-new"
    assert not match.already_cited


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"kind": "context", "event_type": "Strategic developments", "sub_event_type": "Other"}, "kind"),
        ({"date_start": "2020-06-01", "date_end": "2020-06-01"}, "dates"),
        ({"geometry": {"type": "Point", "coordinates": [71.55, 37.49]}}, "distance"),
        ({"fatalities_low": 40, "fatalities_best": 45, "fatalities_high": 50}, "figures"),
    ],
)
def test_different_events_do_not_match(overrides, why):
    stored = [make_event(event_id="BM-7")]
    assert find_duplicates(new_event(**overrides), stored) == [], why


def test_slack_days_and_radius_widen_the_search():
    stored = [make_event(event_id="BM-7")]
    later = new_event(date_start="2020-05-03", date_end="2020-05-03")
    assert find_duplicates(later, stored) == []
    assert [m.day_gap for m in find_duplicates(later, stored, slack_days=3)] == [2]
    far = new_event(geometry={"type": "Point", "coordinates": [70.2, 37.91]})
    assert find_duplicates(far, stored) == []
    assert len(find_duplicates(far, stored, max_km=60)) == 1


def test_already_cited_source_is_flagged():
    stored = [make_event(event_id="BM-7", sources=NEW_SOURCE)]
    (match,) = find_duplicates(new_event(), stored)
    assert match.already_cited


def test_missing_figures_are_compatible():
    ok, _ = figures_compatible({"fatalities_best": 3}, {"fatalities_best": None})
    assert ok
    ok, note = figures_compatible({"strength_best": 100}, {"strength_best": 10000})
    assert not ok and "strength" in note
