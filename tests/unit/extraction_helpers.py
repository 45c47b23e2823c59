"""Shared by the tests of extraction language classes: one article date and small readers of the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo.extraction import ArticleMeta, distance_km, extract_events, find_figures
from geo.places import load_gazetteer

META = ArticleMeta(published=dt.date(2021, 7, 10), publisher="Test Wire")  # a Saturday


def events(text: str) -> list[dict[str, Any]]:
    return [c.event for c in extract_events(text, META).candidates]


def only(text: str) -> dict[str, Any]:
    found = events(text)
    assert len(found) == 1, [(e["kind"], e["sub_event_type"], e["location"]) for e in found]
    return found[0]


def km_from(event: dict[str, Any], name: str) -> float:
    place = load_gazetteer().lookup(name)
    assert place is not None, name
    return distance_km(place.geometry, event["geometry"].representative_point())


def roles(text: str) -> list[tuple[str, int | None]]:
    return [(f.role, f.best) for f in find_figures(text)]
