"""The event store: an embedded GeoPackage by default, behind a small interface.

``open_store()`` opens (and on first use seeds with the curated default
dataset) the GeoPackage at :func:`geo.paths.store_path`, which honours
``BORDER_MONITOR_DATA``. Every write is all-or-nothing and atomic: the new
state is written to a temporary file beside the store, read back and checked,
then moved over the old file with ``os.replace``. A PostGIS backend can be
added later by implementing :class:`EventStore`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import pandas as pd

from geo.io import atomic_path, from_flat_frame, write_gpkg
from geo.paths import store_path
from geo.schema import Citation, Event, empty_frame, events_to_frame, frame_to_events

LAYER = "events"


@dataclass
class WriteReport:
    """What a write did: counts, and one line per rejected record."""

    read: int = 0
    added: int = 0
    updated: int = 0
    merged: int = 0
    rejected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        return (
            f"read {self.read}, added {self.added}, updated {self.updated}, "
            f"merged {self.merged}, rejected {len(self.rejected)}"
        )


class StoreError(RuntimeError):
    """A store operation was refused; nothing was written."""


class EventStore(Protocol):
    """What every backend offers."""

    def load(self) -> gpd.GeoDataFrame: ...
    def get(self, event_id: str) -> Event | None: ...
    def add(self, events: Sequence[Event]) -> WriteReport: ...
    def upsert(self, events: Sequence[Event]) -> WriteReport: ...
    def add_source(self, event_id: str, citation: Citation) -> Event: ...
    def delete(self, event_ids: Iterable[str]) -> int: ...
    def version(self) -> str: ...


class GeoPackageStore:
    """Events in the ``events`` layer of one GeoPackage file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    # -- reading -----------------------------------------------------------------
    def load(self) -> gpd.GeoDataFrame:
        """All events as the canonical frame (EPSG:4326)."""
        if not self.path.exists():
            return empty_frame()
        gdf = gpd.read_file(self.path, layer=LAYER, engine="pyogrio", use_arrow=True)
        return from_flat_frame(gdf)

    def get(self, event_id: str) -> Event | None:
        """One event by id, or None."""
        gdf = self.load()
        rows = gdf[gdf["event_id"] == event_id]
        return frame_to_events(rows)[0] if len(rows) else None

    def version(self) -> str:
        """Changes whenever the file is rewritten (a cache key for the app)."""
        if not self.path.exists():
            return "missing"
        stat = self.path.stat()
        return f"{stat.st_mtime_ns}-{stat.st_size}"

    # -- writing -----------------------------------------------------------------
    def add(self, events: Sequence[Event]) -> WriteReport:
        """Add new events; any duplicate id (in the batch or the store) rejects all."""
        current = self.load()
        report = WriteReport(read=len(events))
        existing = set(current["event_id"])
        seen: set[str] = set()
        for event in events:
            if event.event_id in existing or event.event_id in seen:
                report.rejected.append(f"{event.event_id}: an event with this id already exists")
            seen.add(event.event_id)
        if report.rejected or not events:
            return report
        self._write(_concat(current, events_to_frame(list(events))))
        report.added = len(events)
        return report

    def upsert(self, events: Sequence[Event]) -> WriteReport:
        """Replace events with the same id and add the others, in one write."""
        current = self.load()
        ids = {e.event_id for e in events}
        report = WriteReport(read=len(events))
        if len(ids) != len(events):
            report.rejected.append("the batch lists the same event_id twice")
            return report
        report.updated = int(current["event_id"].isin(ids).sum())
        report.added = len(events) - report.updated
        kept = current[~current["event_id"].isin(ids)]
        self._write(_concat(kept, events_to_frame(list(events))))
        return report

    def add_source(self, event_id: str, citation: Citation) -> Event:
        """Attach one more source to an existing event (the same event reported again)."""
        event = self.get(event_id)
        if event is None:
            raise StoreError(f"no event {event_id!r} in the store")
        if any(s.source_id == citation.source_id for s in event.sources):
            raise StoreError(f"event {event_id!r} already cites {citation.source_id!r}")
        updated = event.model_copy(update={"sources": [*event.sources, citation]})
        self.upsert([Event.model_validate(updated.model_dump())])
        return updated

    def delete(self, event_ids: Iterable[str]) -> int:
        """Remove events by id; returns how many were removed."""
        ids = set(event_ids)
        current = self.load()
        mask = current["event_id"].isin(ids)
        if mask.any():
            self._write(current[~mask])
        return int(mask.sum())

    def replace_all(self, events: Sequence[Event]) -> None:
        """Make the store hold exactly these events."""
        self._write(events_to_frame(list(events)))

    def _write(self, gdf: gpd.GeoDataFrame) -> None:
        with atomic_path(self.path) as tmp:
            write_gpkg(gdf, tmp)
            check = gpd.read_file(tmp, layer=LAYER, engine="pyogrio", use_arrow=True)
            if len(check) != len(gdf):
                raise StoreError(
                    f"write check failed: wrote {len(gdf)} events, read back {len(check)}"
                )


def _concat(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if a.empty:
        return b
    return gpd.GeoDataFrame(pd.concat([a, b], ignore_index=True), crs=a.crs)


def open_store(url: str | None = None) -> GeoPackageStore:
    """Open the store named by ``url`` (a .gpkg path) or the default one.

    The default store is created from the curated dataset on first use.
    """
    if url and "://" in url:
        raise StoreError(f"unsupported store URL {url!r}: only GeoPackage paths are supported")
    store = GeoPackageStore(Path(url) if url else store_path())
    if not store.path.exists() and not url:
        from geo.dataset import load_default_events

        store.replace_all(load_default_events())
    return store
