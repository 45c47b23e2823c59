"""Finding the incident an imported record describes again: same days, same type, nearby.

An import merges a record into an incident it already has (stored, or earlier in
the same file) when both have the same date range and event type and their
representative points lie within ``km`` km (geodesic, WGS84). Only incidents are
matched this way; other kinds only by id (see :mod:`geo.exchange.formats`).
"""

from __future__ import annotations

from pyproj import Geod

#: (date_start, date_end as ISO days, event_type)
MatchKey = tuple[str, str, str]

_GEOD = Geod(ellps="WGS84")


class IncidentIndex:
    """Incidents by match key, with their points; :meth:`nearest` finds the one a record repeats."""

    def __init__(self) -> None:
        self._by_key: dict[MatchKey, list[tuple[str, float, float]]] = {}

    def add(self, event_id: str, key: MatchKey, x: float, y: float) -> None:
        self._by_key.setdefault(key, []).append((event_id, x, y))

    def nearest(self, key: MatchKey, x: float, y: float, km: float) -> str | None:
        """The id of the closest incident with ``key`` within ``km`` km of (x, y), or None."""
        candidates = self._by_key.get(key)
        if not candidates:
            return None
        _, _, metres = _GEOD.inv([x] * len(candidates), [y] * len(candidates),
                                 [c[1] for c in candidates], [c[2] for c in candidates])
        best = min(range(len(candidates)), key=lambda i: metres[i])
        return candidates[best][0] if metres[best] <= km * 1000 else None
