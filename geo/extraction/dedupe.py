"""Is an extracted event already in the store? Then offer the article as a new source.

:func:`find_duplicates` compares one event with the stored ones: the same
``kind``, date ranges that overlap (with optional slack, days), geometries
within ``max_km`` kilometres (geodesic, :data:`GEOD` on WGS84; 0 when they
touch, so a point inside a stored area matches it) and compatible figures
(fatalities and strength estimates that overlap within
:data:`FIGURE_TOLERANCE`). Each match carries the citation to add with
``EventStore.add_source(match.event_id, match.citation)``.

Example
-------
>>> matches = find_duplicates(candidate.to_event(), store.load())
>>> for m in matches: store.add_source(m.event_id, m.citation)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
from pyproj import Geod
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.model import Citation, Event, frame_records

GEOD = Geod(ellps="WGS84")
#: Default search radius for "the same place", km.
DEFAULT_MAX_KM = 25.0
#: Relative widening of figure ranges before comparing them (0.25 = 25 %).
FIGURE_TOLERANCE = 0.25


@dataclass(frozen=True)
class DuplicateMatch:
    """A stored event that looks like the same event; ``citation`` is the source to add to it."""

    event_id: str
    distance_km: float
    day_gap: int
    reasons: tuple[str, ...]
    citation: Citation
    already_cited: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def distance_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Geodesic distance between two EPSG:4326 geometries in km (0 when they touch or overlap)."""
    if a.is_empty or b.is_empty:
        return float("inf")
    if a.intersects(b):
        return 0.0
    pa, pb = nearest_points(a, b)
    _, _, metres = GEOD.inv(pa.x, pa.y, pb.x, pb.y)
    return abs(metres) / 1000.0


def _interval(low: Any, best: Any, high: Any) -> tuple[float, float] | None:
    values = [float(v) for v in (low, best, high) if v is not None and not pd.isna(v)]
    if not values:
        return None
    return min(values) * (1 - FIGURE_TOLERANCE), max(values) * (1 + FIGURE_TOLERANCE)


def figures_compatible(a: dict[str, Any], b: dict[str, Any]) -> tuple[bool, str]:
    """Whether fatality and strength estimates of two records overlap (missing figures always do)."""
    for prefix in ("fatalities", "strength"):
        ia = _interval(*(a.get(f"{prefix}_{x}") for x in ("low", "best", "high")))
        ib = _interval(*(b.get(f"{prefix}_{x}") for x in ("low", "best", "high")))
        if ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]):
            return False, f"{prefix} differ ({a.get(prefix + '_best')} vs {b.get(prefix + '_best')})"
    return True, "figures compatible"


def _records(existing: gpd.GeoDataFrame | Sequence[Event]) -> Iterable[dict[str, Any]]:
    if isinstance(existing, gpd.GeoDataFrame):
        yield from frame_records(existing)
    else:
        for event in existing:
            record = event.model_dump()
            record["geometry"] = event.geometry
            yield record


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else pd.Timestamp(value).date()


def find_duplicates(
    event: Event,
    existing: gpd.GeoDataFrame | Sequence[Event],
    *,
    max_km: float = DEFAULT_MAX_KM,
    slack_days: int = 0,
) -> list[DuplicateMatch]:
    """Stored events that ``event`` probably repeats, nearest first.

    ``existing`` is the store's frame (``EventStore.load()``) or a list of
    events. A match needs the same kind, date ranges overlapping within
    ``slack_days``, a distance of at most ``max_km`` km and compatible figures.
    """
    new = event.model_dump()
    new_ids = {s.source_id for s in event.sources}
    citation = event.sources[0]
    slack = dt.timedelta(days=slack_days)
    matches = []
    for record in _records(existing):
        if record["event_id"] == event.event_id or record["kind"] != event.kind:
            continue
        start, end = _as_date(record["date_start"]), _as_date(record["date_end"])
        if start - slack > event.date_end or event.date_start > end + slack:
            continue
        km = distance_km(event.geometry, record["geometry"])
        if km > max_km:
            continue
        ok, figure_note = figures_compatible(new, record)
        if not ok:
            continue
        gap = max((start - event.date_end).days, (event.date_start - end).days, 0)
        cited = {s["source_id"] if isinstance(s, dict) else s.source_id for s in record.get("sources") or []}
        reasons = (f"same kind ({event.kind})", f"dates overlap (gap {gap} days)", f"{km:.1f} km apart", figure_note)
        matches.append(DuplicateMatch(record["event_id"], round(km, 2), gap, reasons, citation,
                                      already_cited=bool(new_ids & cited)))
    return sorted(matches, key=lambda m: (m.distance_km, m.day_gap))
