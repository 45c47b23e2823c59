"""Big imports, whatever the store: what a bulk writer offers and the citation merging all share.

:func:`geo.exchange.bulk.import_stream` streams a big file into a store through
a :class:`BulkWriter`, which each backend subclasses for its own way of writing in
one all-or-nothing step (:mod:`geo.stores.gpkg_bulk`: a copy of the GeoPackage swapped
in; :mod:`geo.stores.pg_bulk`: ``COPY`` inside one PostgreSQL transaction). The
importer only calls:

* :meth:`BulkWriter.index` once, for the stored ids and incidents to match against;
* :meth:`BulkWriter.append` per chunk of validated new events (the store's flat layout);
* :meth:`BulkWriter.add_sources` for records that repeat an event (stored or appended);
* :meth:`BulkWriter.sources_to_add` (a dry run) or :meth:`BulkWriter.finish` (the write).

Here lives what does not depend on the backend: which of the named citations are new
to their events, and the changes that add them (a stored event gets a new, logged
version; an event appended by this import stays at version 1, its history being the
import itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import geopandas as gpd
import numpy as np
import shapely

from geo.model import Event
from geo.stores.base import _put
from geo.stores.records import Changes, Stored


@dataclass
class StoredIndex:
    """What an import needs to know of the stored events: ids, and where and when incidents were."""

    ids: set[str]
    deleted: set[str]
    incidents: gpd.GeoDataFrame  # event_id, date_start, date_end, event_type (ISO text), x, y (point on surface)


def incident_index(ids: set[str], deleted: set[str], incidents: gpd.GeoDataFrame) -> StoredIndex:
    """A :class:`StoredIndex` from the live incidents' ``event_id``, dates, ``event_type`` and geometry."""
    points = shapely.point_on_surface(np.asarray(incidents.geometry.array, dtype=object))
    frame = incidents.assign(x=shapely.get_x(points), y=shapely.get_y(points))
    return StoredIndex(ids, deleted, frame[["event_id", "date_start", "date_end", "event_type", "x", "y"]])


class BulkWriter:
    """One big import into a store, written all at once by :meth:`finish` (see the module docstring).

    Subclasses provide :meth:`index`, :meth:`append`, :meth:`finish` and the two reads the
    citation merging needs (:meth:`_sources_of`, :meth:`_stored_rows`).
    """

    def __init__(self, actor: str) -> None:
        self.actor = actor
        #: New events appended so far.
        self.appended = 0
        #: True once :meth:`finish` wrote the import (otherwise the store is left as it was).
        self.finished = False
        self._extra: dict[str, list[dict[str, Any]]] = {}

    def index(self) -> StoredIndex:
        """The stored events' ids (live and soft-deleted) and the incidents' match keys and points."""
        raise NotImplementedError

    def append(self, flat: gpd.GeoDataFrame) -> None:
        """Append new events, already validated, in the store's flat layout (FIELDS + geometry)."""
        raise NotImplementedError

    def finish(self, note: dict[str, Any]) -> int:
        """Write the import (new events, added citations, audit entries, a new store version) and
        check it; returns the citations added to events. ``note`` goes into the store-wide audit entry."""
        raise NotImplementedError

    def _sources_of(self, ids: Sequence[str]) -> Iterable[tuple[str, str]]:
        """``(event_id, sources JSON text)`` of the live events among ``ids`` (stored or appended)."""
        raise NotImplementedError

    def _stored_rows(self, ids: Sequence[str]) -> dict[str, tuple[Stored, bool]]:
        """The rows of live events ``ids`` with their versions, and whether each was stored before the
        import began (True) or appended by it (False)."""
        raise NotImplementedError

    def add_sources(self, target: str, citations: Sequence[Mapping[str, Any]]) -> None:
        """Cite ``citations`` on event ``target`` too (stored or appended; ones it already cites are skipped)."""
        self._extra.setdefault(target, []).extend(dict(c) for c in citations)

    def sources_to_add(self) -> int:
        """How many citations :meth:`finish` would add to events (for a dry run)."""
        return sum(len(new) for new in self._new_citations().values())

    def _new_citations(self) -> dict[str, list[dict[str, Any]]]:
        """Per event, the citations named by :meth:`add_sources` that it does not cite yet."""
        grown: dict[str, list[dict[str, Any]]] = {}
        for event_id, text in self._sources_of(sorted(self._extra)):
            cited = {s["source_id"] for s in json.loads(text)}
            new = []
            for citation in self._extra[event_id]:
                if citation["source_id"] not in cited:
                    cited.add(citation["source_id"])
                    new.append(citation)
            if new:
                grown[event_id] = new
        return grown

    def _grown_events(self, at: Any) -> tuple[int, Changes, set[str]]:
        """The changes that add the new citations, the count of citations added, and the events
        stored before the import among those changed (their new versions are logged as updates)."""
        grown = self._new_citations()
        changes = Changes()
        old_targets: set[str] = set()
        rows = self._stored_rows(sorted(grown))
        for event_id in sorted(rows):
            row, stored_before = rows[event_id]
            merged = Event.model_validate({**row.event.model_dump(), "sources": [
                *(c.model_dump() for c in row.event.sources), *grown[event_id]]})
            if stored_before:
                old_targets.add(event_id)
                _put(changes, at, self.actor, row, merged, "update")
            else:
                changes.put.append(Stored(merged, 1))
        return sum(len(new) for new in grown.values()), changes, old_targets


@runtime_checkable
class BulkImportable(Protocol):
    """A store that takes big imports through a :class:`BulkWriter` (GeoPackage and PostGIS)."""

    def bulk_writer(self, *, actor: str = "system") -> AbstractContextManager[BulkWriter]:
        """A writer holding the store's write lock; the store changes only if ``writer.finish()`` ran."""
        ...
