"""Big imports into the GeoPackage store: chunks appended to a copy, checked, swapped in once.

:meth:`geo.stores.GeoPackageStore.bulk_writer` takes the store's write lock, copies
the live file beside it and yields a :class:`GeoPackageBulkWriter` (the interface and
the citation merging are :class:`geo.stores.bulk.BulkWriter`'s). The importer appends
already validated chunks in the store's flat layout (:meth:`GeoPackageBulkWriter.append`,
pyogrio/Arrow, no per-event objects) and names the events whose citations grow
(``add_sources``). :meth:`GeoPackageBulkWriter.finish` then, in one SQLite
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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio

from geo.model import LAYER, decode_layer, frame_to_events
from geo.stores.bulk import BulkWriter, StoredIndex, incident_index
from geo.stores.gpkg_rows import GEOMETRY_COLUMN, register_geometry_functions
from geo.stores.records import Stored, StoreError, now

#: Ids per SQL ``IN (...)`` list.
_BATCH = 500


class GeoPackageBulkWriter(BulkWriter):
    """Appends to a copy of the store; see the module docstring."""

    def __init__(self, path: Path, actor: str, connect: Any, bookkeeping: Any) -> None:
        super().__init__(actor)
        self.path = path
        self._connect = connect
        self._bookkeeping = bookkeeping  # geo.stores.gpkg_sql.apply_rows
        self.first_fid = self._scalar(f"SELECT coalesce(max(fid), 0) FROM {LAYER}")
        self.kept = self._scalar(f"SELECT count(*) FROM {LAYER}")

    def _scalar(self, sql: str) -> int:
        with contextlib.closing(self._connect(self.path)) as con:
            return int(con.execute(sql).fetchone()[0])

    def index(self) -> StoredIndex:
        columns = ["event_id", "kind", "date_start", "date_end", "event_type"]
        raw = pyogrio.read_dataframe(self.path, layer=LAYER, columns=columns, use_arrow=True)
        with contextlib.closing(self._connect(self.path)) as con:
            deleted = {row[0] for row in con.execute("SELECT event_id FROM deleted_events")}
        return incident_index(set(raw["event_id"]), deleted, raw[raw["kind"] == "incident"])

    def append(self, flat: gpd.GeoDataFrame) -> None:
        if len(flat):
            pyogrio.write_dataframe(flat, self.path, layer=LAYER, driver="GPKG", geometry_type="Unknown",
                                    append=True, use_arrow=True)
            self.appended += len(flat)

    def finish(self, note: dict[str, Any]) -> int:
        at = now()
        with contextlib.closing(self._connect(self.path)) as con:
            register_geometry_functions(con)
            with con:
                added, changes, old_targets = self._grown_events(at)
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

    def _sources_of(self, ids: Sequence[str]) -> Iterator[tuple[str, str]]:
        with contextlib.closing(self._connect(self.path)) as con:
            for start in range(0, len(ids), _BATCH):
                batch = list(ids[start:start + _BATCH])
                marks = ", ".join("?" * len(batch))
                yield from con.execute(f"SELECT event_id, sources FROM {LAYER} WHERE event_id IN ({marks})", batch)

    def _stored_rows(self, ids: Sequence[str]) -> dict[str, tuple[Stored, bool]]:
        out: dict[str, tuple[Stored, bool]] = {}
        with contextlib.closing(self._connect(self.path)) as con:
            for start in range(0, len(ids), _BATCH):
                batch = list(ids[start:start + _BATCH])
                marks = ", ".join("?" * len(batch))
                versions = dict(con.execute(f"SELECT event_id, version FROM event_versions WHERE event_id IN "
                                            f"({marks})", batch).fetchall())
                quoted = ", ".join("'" + i.replace("'", "''") + "'" for i in batch)
                raw = pyogrio.read_dataframe(self.path, layer=LAYER, where=f"event_id IN ({quoted})",
                                             fid_as_index=True)
                frame = decode_layer(raw)
                for fid, event in zip(frame.index, frame_to_events(frame), strict=True):
                    # an event without a versions row is at version 1 (see geo.stores.gpkg)
                    out[event.event_id] = (Stored(event, int(versions.get(event.event_id, 1))),
                                           int(fid) <= self.first_fid)
        return out

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
