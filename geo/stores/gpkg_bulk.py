"""Big imports into the GeoPackage store: chunks appended to a copy, checked, swapped in once.

:meth:`geo.stores.GeoPackageStore.bulk_writer` takes the store's write lock, copies
the live file beside it and yields a :class:`BulkWriter`. The importer appends
already validated chunks in the store's flat layout (:meth:`BulkWriter.append`,
pyogrio/Arrow, no per-event objects) and names the events whose citations grow
(:meth:`BulkWriter.add_sources`). :meth:`BulkWriter.finish` then, in one SQLite
transaction on the copy, rewrites those few events, logs one ``import`` audit
entry per new event with a single ``INSERT ... SELECT`` (``after`` is ``None``,
as for seeding: the content is the row itself until its first edit) plus one
store-wide entry naming the file, and checks the counts (rows, GDAL's feature
count, the R-tree) before the copy replaces the live file. Without ``finish``
(refused records, a dry run, a crash, kill -9) the live store is untouched.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from geo.model import LAYER, Event, decode_layer, frame_to_events
from geo.stores.base import _put
from geo.stores.gpkg_rows import GEOMETRY_COLUMN, register_geometry_functions
from geo.stores.records import Changes, Stored, StoreError, now

#: Ids per SQL ``IN (...)`` list.
_BATCH = 500


@dataclass
class StoredIndex:
    """What an import needs to know of the stored events: ids, and where and when incidents were."""

    ids: set[str]
    deleted: set[str]
    incidents: gpd.GeoDataFrame  # event_id, date_start, date_end, event_type, x, y (point on surface)


class BulkWriter:
    """Appends to a copy of the store; see the module docstring."""

    def __init__(self, path: Path, actor: str, connect: Any, bookkeeping: Any) -> None:
        self.path = path
        self.actor = actor
        self._connect = connect
        self._bookkeeping = bookkeeping  # geo.stores.gpkg._apply_rows
        self.first_fid = self._scalar(f"SELECT coalesce(max(fid), 0) FROM {LAYER}")
        self.kept = self._scalar(f"SELECT count(*) FROM {LAYER}")
        self.appended = 0
        self._extra: dict[str, list[dict[str, Any]]] = {}
        self.finished = False

    def _scalar(self, sql: str) -> int:
        with contextlib.closing(self._connect(self.path)) as con:
            return int(con.execute(sql).fetchone()[0])

    def index(self) -> StoredIndex:
        """The stored events' ids (live and soft-deleted) and the incidents' match keys and points."""
        columns = ["event_id", "kind", "date_start", "date_end", "event_type"]
        raw = pyogrio.read_dataframe(self.path, layer=LAYER, columns=columns, use_arrow=True)
        with contextlib.closing(self._connect(self.path)) as con:
            deleted = {row[0] for row in con.execute("SELECT event_id FROM deleted_events")}
        incidents = raw[raw["kind"] == "incident"].copy()
        points = shapely.point_on_surface(np.asarray(incidents.geometry.array, dtype=object))
        incidents["x"], incidents["y"] = shapely.get_x(points), shapely.get_y(points)
        return StoredIndex(set(raw["event_id"]), deleted, incidents.drop(columns=["geometry", "kind"]))

    def append(self, flat: gpd.GeoDataFrame) -> None:
        """Append rows already in the store's flat layout (FIELDS + geometry)."""
        if len(flat):
            pyogrio.write_dataframe(flat, self.path, layer=LAYER, driver="GPKG", geometry_type="Unknown",
                                    append=True, use_arrow=True)
            self.appended += len(flat)

    def add_sources(self, target: str, citations: Sequence[Mapping[str, Any]]) -> None:
        """Cite ``citations`` on event ``target`` too (stored or appended; ones it already cites are skipped)."""
        self._extra.setdefault(target, []).extend(dict(c) for c in citations)

    def finish(self, note: dict[str, Any]) -> int:
        """Rewrite the events with new citations, log the import, check the copy; returns sources added."""
        at = now()
        with contextlib.closing(self._connect(self.path)) as con:
            register_geometry_functions(con)
            with con:
                added, changes, old_targets = self._grown_events(con, at)
                self._bookkeeping(con, changes, [row.event for row in changes.put])  # also a new store version
                con.execute("CREATE TEMP TABLE bm_old_targets (event_id TEXT PRIMARY KEY)")
                con.executemany("INSERT INTO bm_old_targets VALUES (?)", [(i,) for i in old_targets])
                con.execute(
                    "INSERT INTO audit_log (at, actor, action, event_id, version, before, after) "
                    f"SELECT ?, ?, 'import', event_id, 1, NULL, NULL FROM {LAYER} WHERE fid > ? "
                    "AND event_id NOT IN (SELECT event_id FROM bm_old_targets) ORDER BY fid",
                    (at.isoformat(), self.actor, self.first_fid))
                con.execute("INSERT INTO audit_log (at, actor, action, event_id, version, before, after) "
                            "VALUES (?, ?, 'import', NULL, NULL, NULL, ?)",
                            (at.isoformat(), self.actor, json.dumps(note, ensure_ascii=False)))
                self._check(con)
        self.finished = True
        return added

    def sources_to_add(self) -> int:
        """How many citations :meth:`finish` would add to events (for a dry run)."""
        with contextlib.closing(self._connect(self.path)) as con:
            return sum(len(new) for new in self._new_citations(con).values())

    def _new_citations(self, con: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
        """Per event, the citations named by :meth:`add_sources` that it does not cite yet."""
        grown: dict[str, list[dict[str, Any]]] = {}
        targets = sorted(self._extra)
        for start in range(0, len(targets), _BATCH):
            batch = targets[start:start + _BATCH]
            marks = ", ".join("?" * len(batch))
            for event_id, text in con.execute(f"SELECT event_id, sources FROM {LAYER} WHERE event_id IN ({marks})",
                                              batch):
                cited = {s["source_id"] for s in json.loads(text)}
                new = []
                for citation in self._extra[event_id]:
                    if citation["source_id"] not in cited:
                        cited.add(citation["source_id"])
                        new.append(citation)
                if new:
                    grown[event_id] = new
        return grown

    def _grown_events(self, con: sqlite3.Connection, at: Any) -> tuple[int, Changes, set[str]]:
        """The changes that add the new citations, the count of citations added, and the stored
        (pre-import) events among those changed."""
        grown = self._new_citations(con)
        added = sum(len(new) for new in grown.values())
        changes = Changes()
        old_targets: set[str] = set()
        if grown:
            rows = self._rows(con, list(grown))
            for event_id, (fid, event) in rows.items():
                merged = Event.model_validate({**event.model_dump(), "sources": [
                    *(c.model_dump() for c in event.sources), *grown[event_id]]})
                if fid <= self.first_fid:  # an event stored before the import: a new version, logged
                    old_targets.add(event_id)
                    version = self._version(con, event_id)
                    _put(changes, at, self.actor, Stored(event, version), merged, "update")
                else:
                    changes.put.append(Stored(merged, 1))
        return added, changes, old_targets

    def _rows(self, con: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[int, Event]]:
        out: dict[str, tuple[int, Event]] = {}
        for start in range(0, len(ids), _BATCH):
            batch = ids[start:start + _BATCH]
            quoted = ", ".join("'" + i.replace("'", "''") + "'" for i in batch)
            raw = pyogrio.read_dataframe(self.path, layer=LAYER, where=f"event_id IN ({quoted})", fid_as_index=True)
            frame = decode_layer(raw)
            for fid, event in zip(frame.index, frame_to_events(frame), strict=True):
                out[event.event_id] = (int(fid), event)
        return out

    @staticmethod
    def _version(con: sqlite3.Connection, event_id: str) -> int:
        row = con.execute("SELECT version FROM event_versions WHERE event_id = ?", (event_id,)).fetchone()
        return int(row[0]) if row else 1

    def _check(self, con: sqlite3.Connection) -> None:
        rows = int(con.execute(f"SELECT count(*) FROM {LAYER}").fetchone()[0])
        if rows != self.kept + self.appended:
            raise StoreError(f"write check failed: expected {self.kept + self.appended:,} events, found {rows:,}")
        counted = con.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = ?",
                              (LAYER,)).fetchone()
        indexed = int(con.execute(f"SELECT count(*) FROM rtree_{LAYER}_{GEOMETRY_COLUMN}").fetchone()[0])
        if (counted is not None and counted[0] not in (None, rows)) or indexed != rows:
            raise StoreError(f"write check failed: {rows:,} events but the GeoPackage counts {counted} "
                             f"and indexes {indexed:,}")

