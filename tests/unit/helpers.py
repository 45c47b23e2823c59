"""Small builders shared by unit tests."""

from __future__ import annotations

from typing import Any

from geo.model import Event


def make_event(**overrides: Any) -> Event:
    """A valid incident event; keyword arguments replace fields."""
    record: dict[str, Any] = {
        "event_id": "T-1",
        "kind": "incident",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": "2020-05-01",
        "date_end": "2020-05-01",
        "time_precision": 1,
        "location": "Kulob",
        "country": "Tajikistan",
        "geo_precision": 1,
        "geometry": {"type": "Point", "coordinates": [69.78, 37.91]},
        "fatalities_low": 1,
        "fatalities_best": 2,
        "fatalities_high": 3,
        "notes": "Test event made up for unit tests.",
        "sources": [
            {"source_id": "test-src", "publisher": "Test Wire", "title": "Test",
             "published": "2020-05-02", "reliability": "B", "credibility": 2}
        ],
    }
    record.update(overrides)
    return Event.model_validate(record)
