"""The embedded event store: one GeoPackage file (the default; no server needed).

Layout: layer ``events`` (geometry type Unknown, so points, lines and polygons
share it; EPSG:4326) holds the live events, one column per
:data:`geo.model.schema.FIELDS` with ISO date text and ``sources`` as JSON text, a
unique index on ``event_id``. Attribute tables beside it: ``store_info``
(``schema_version``, ``version``), ``event_versions`` (per-event version; an
event without a row is at version 1, as in stores written before versions
existed), ``deleted_events`` (soft-deleted events as JSON, restorable) and
``audit_log`` (every change, before/after as JSON text).

Writes are all-or-nothing and atomic. A small write (an edit, an ingested
article: up to :data:`IN_PLACE_MAX_ROWS` rows) changes only its rows, in one
SQLite transaction on the live file (:mod:`geo.stores.gpkg_rows`), checked before
it commits; a crash rolls it back. A large write (an import) works on a copy:
under an exclusive lock the live file is copied to a temporary file beside it,
the change is applied to the copy (rows deleted with SQLite, new rows appended
with pyogrio, bookkeeping tables updated), the rows written are read back and
compared, and only then ``os.replace`` puts the copy in place; a crash leaves
the previous store intact. Loading reads only the ``events``
layer, as fast as before versions and the audit log were added.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.model import (
    CRS,
    LAYER,
    Event,
    atomic_path,
    decode_layer,
    empty_frame,
    events_to_frame,
    frame_to_events,
    write_gpkg,
)
from geo.stores.base import AuditedStore
from geo.stores.gpkg_bulk import GeoPackageBulkWriter
from geo.stores.gpkg_rows import register_geometry_functions
from geo.stores.gpkg_sql import (
    AUDIT_COLUMNS,
    INFO_TABLE,
    apply_rows,
    audit_entry,
    check_in_place,
    connect,
    ensure_layout,
    feature_count,
    live_rows,
    record_bookkeeping,
    sql_text,
    verify,
)
from geo.stores.records import AuditEntry, Changes, EventInput, Stored, StoreError

try:  # advisory locking between processes (POSIX); without it writers are not serialised
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Writes of up to this many rows change the live file in place (one SQLite transaction); larger ones
#: (imports) build a checked copy and swap it in.
IN_PLACE_MAX_ROWS = 500
#: Up to this many ids are fetched with an SQL ``IN`` filter; more load the whole layer.
_MAX_WHERE_IDS = IN_PLACE_MAX_ROWS


class GeoPackageStore(AuditedStore):
    """Events in the ``events`` layer of one GeoPackage file (created on first write)."""

    def __init__(self, path: str | Path, *, in_place_max_rows: int = IN_PLACE_MAX_ROWS) -> None:
        self.path = Path(path)
        #: Writes of up to this many rows change the live file in place; 0 makes every write copy the file.
        self.in_place_max_rows = in_place_max_rows

    def __repr__(self) -> str:
        return f"GeoPackageStore({str(self.path)!r})"

    # -- reading -----------------------------------------------------------------
    def load(self, columns: Sequence[str] | None = None) -> gpd.GeoDataFrame:
        """All live events as the canonical frame (EPSG:4326), in the order they were written.

        ``columns`` reads only those fields (and the geometry); the others are left empty.
        """
        if not self.path.exists():
            return empty_frame()
        return self._read() if columns is None else self._read(columns=list(columns))

    def load_pages(self, rows: int) -> Iterator[gpd.GeoDataFrame]:
        """All live events as canonical frames of at most ``rows`` events each, in :meth:`load`'s order.

        Each page is one range of ``rows`` feature ids (an indexed read, none when the range
        holds no event), so a million-event store is read in bounded memory and constant time
        per page, and nothing stays open between pages (writers are not held up).
        """
        if not self.path.exists():
            return
        fid = self._info()["fid_column"] or "fid"
        last = self._query(f'SELECT max("{fid}") FROM "{LAYER}"')[0][0] or 0
        for start in range(0, int(last), rows):
            raw = self._read_raw(where=f'"{fid}" > {start} AND "{fid}" <= {start + rows}')
            if len(raw):
                yield self._decoded(raw)

    def count(self) -> int:
        """Live events stored."""
        return int(self._info()["features"]) if self.path.exists() else 0

    def load_ids(self, ids: Sequence[str]) -> gpd.GeoDataFrame:
        """The live events with these ids as the canonical frame (any order; unknown ids are left out).

        Indexed lookups in batches of :data:`_MAX_WHERE_IDS`, so a page of a million-event store
        reads only its rows.
        """
        wanted = sorted(set(ids))
        if not wanted or not self.path.exists():
            return empty_frame()
        parts = [self._read(where=f"event_id IN ({', '.join(map(sql_text, wanted[i:i + _MAX_WHERE_IDS]))})")
                 for i in range(0, len(wanted), _MAX_WHERE_IDS)]
        return parts[0] if len(parts) == 1 else gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=CRS)

    def get(self, event_id: str) -> Event | None:
        """One live event by id, or None."""
        return self._stored_events({event_id}).get(event_id)

    def get_versioned(self, event_id: str) -> tuple[Event, int] | None:
        """One live event and its version, or None."""
        event = self.get(event_id)
        if event is None:
            return None
        return event, self._versions({event_id}).get(event_id, 1)

    def version(self) -> str:
        """An opaque token that changes on every write (a cache key for the app)."""
        if not self.path.exists():
            return "missing"
        try:
            rows = self._query(f"SELECT value FROM {INFO_TABLE} WHERE key = 'version'")
        except StoreError:  # unreadable: the file identity still tells a change
            rows = []
        if rows:
            return str(rows[0][0])
        stat = self.path.stat()  # a GeoPackage not written by us: fall back to file identity
        return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"

    def history(self, event_id: str) -> list[AuditEntry]:
        """Every logged change of one event, oldest first."""
        rows = self._query(f"SELECT {AUDIT_COLUMNS} FROM audit_log WHERE event_id = ? ORDER BY id", (event_id,))
        return [audit_entry(row) for row in rows]

    def audit_log(self, limit: int | None = 100, actor: str | None = None) -> list[AuditEntry]:
        """The newest ``limit`` logged changes (all for None), optionally by one actor, newest first."""
        where, params = ("WHERE actor = ?", [actor]) if actor is not None else ("", [])
        rows = self._query(f"SELECT {AUDIT_COLUMNS} FROM audit_log {where} ORDER BY id DESC LIMIT ?",
                           (*params, -1 if limit is None else limit))
        return [audit_entry(row) for row in rows]

    def deleted(self) -> list[Event]:
        """The soft-deleted events, by id."""
        return [row.event for row in self._deleted(None).values()]

    # -- writing -----------------------------------------------------------------
    def seed_if_missing(self, make_events: Callable[[], Sequence[EventInput]], *, actor: str = "system") -> bool:
        """Create the store from ``make_events()`` unless it exists; True when it seeded."""
        with self._transaction() as tx:
            if self.path.exists():
                return False
            self._seed(tx, make_events, actor)
        return True

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_GpkgTransaction]:
        """Serialise writers across processes and threads (flock on the store's directory).

        Not re-entrant: public methods take it once and never call each other under it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            yield _GpkgTransaction(self)
            return
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._remove_killed_writes()
            yield _GpkgTransaction(self)
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    @contextlib.contextmanager
    def bulk_writer(self, *, actor: str = "system") -> Iterator[GeoPackageBulkWriter]:
        """A writer for a big import (:mod:`geo.stores.gpkg_bulk`) on a copy of the store, under the
        write lock. The copy replaces the store only if ``writer.finish()`` ran; otherwise (refused
        records, a dry run, an error) the store is unchanged."""
        try:
            with self._transaction(), atomic_path(self.path) as tmp:
                self._copy_to(tmp)
                with contextlib.closing(connect(tmp)) as con, con:
                    ensure_layout(con)
                writer = GeoPackageBulkWriter(tmp, actor, connect, apply_rows)
                yield writer
                if not writer.finished:
                    raise _Unfinished
        except _Unfinished:
            pass
        except (sqlite3.Error, ValueError, TypeError, OverflowError, RuntimeError) as exc:
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"could not write the store {self.path}: {exc}") from None

    # -- internals ---------------------------------------------------------------
    def _remove_killed_writes(self) -> None:
        """Delete copies that writers killed mid-write left beside the store (under the write lock no
        other writer can own one; see :func:`geo.model.atomic_path` for the name)."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*"):
            leftover.unlink(missing_ok=True)

    def _read_raw(self, **options: Any) -> gpd.GeoDataFrame:
        return self._layer(pyogrio.read_dataframe, use_arrow=True, **options)

    def _info(self) -> dict[str, Any]:
        return self._layer(pyogrio.read_info)

    def _layer(self, read: Callable[..., Any], **options: Any) -> Any:
        try:
            return read(self.path, layer=LAYER, **options)
        except Exception as exc:  # pyogrio/GDAL raise several types for broken files
            raise StoreError(
                f"the store {self.path} cannot be read ({exc}); move it aside to start again "
                "from the default dataset"
            ) from None

    def _read(self, **options: Any) -> gpd.GeoDataFrame:
        return self._decoded(self._read_raw(**options))

    def _decoded(self, raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        try:
            return decode_layer(raw)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"the store {self.path} holds unreadable values ({exc})") from None

    def _stored_ids(self) -> set[str]:
        if not self.path.exists():
            return set()
        return set(self._read_raw(columns=["event_id"], read_geometry=False)["event_id"])

    def _stored_events(self, ids: set[str] | None) -> dict[str, Event]:
        if (ids is not None and not ids) or not self.path.exists():
            return {}
        if ids is not None and len(ids) <= _MAX_WHERE_IDS:
            frame = self.load_ids(list(ids))  # one indexed read
        else:
            frame = self._read()
            if ids is not None:
                frame = frame[frame["event_id"].isin(ids)]
        return {event.event_id: event for event in frame_to_events(frame)}

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query on the live file; none when the file or a bookkeeping table is missing."""
        if not self.path.exists():
            return []
        try:
            with contextlib.closing(connect(self.path, read_only=True)) as con:
                return list(con.execute(sql, params).fetchall())
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # a store written before this table existed
                return []
            raise StoreError(f"the store {self.path} cannot be read ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the store {self.path} cannot be read ({exc}); move it aside") from None

    def _versions(self, ids: set[str] | None) -> dict[str, int]:
        sql, params = "SELECT event_id, version FROM event_versions", tuple[str, ...]()
        if ids is not None and len(ids) <= _MAX_WHERE_IDS:
            sql, params = f"{sql} WHERE event_id IN ({', '.join('?' * len(ids))})", tuple(ids)
        return {event_id: int(version) for event_id, version in self._query(sql, params)
                if ids is None or event_id in ids}

    def _deleted_rows(self, ids: set[str] | None, *, columns: str = "version, deleted_at, deleted_by, record"
                      ) -> list[tuple[Any, ...]]:
        """Rows of ``deleted_events`` (event_id first, then ``columns``) for ``ids`` (None: all), by id."""
        sql, params = f"SELECT event_id, {columns} FROM deleted_events", tuple[str, ...]()
        if ids is not None and len(ids) <= _MAX_WHERE_IDS:
            sql, params = f"{sql} WHERE event_id IN ({', '.join('?' * len(ids))})", tuple(ids)
        return [row for row in self._query(f"{sql} ORDER BY event_id", params) if ids is None or row[0] in ids]

    def _deleted(self, ids: set[str] | None) -> dict[str, Stored]:
        return {row[0]: Stored(Event.model_validate_json(row[4]), int(row[1]), dt.datetime.fromisoformat(row[2]),
                               row[3]) for row in self._deleted_rows(ids)}

    def _commit(self, changes: Changes) -> None:
        """Apply ``changes``: small ones in place in one SQLite transaction, large ones to a checked copy."""
        if self.path.exists() and self.in_place_max_rows > 0 and len(changes.put) <= self.in_place_max_rows:
            self._commit_in_place(changes)
        else:
            self._commit_copy(changes)

    def _commit_in_place(self, changes: Changes) -> None:
        """Delete and insert only the changed rows, in one transaction on the live file."""
        new = [row.event for row in changes.put]
        try:
            with contextlib.closing(connect(self.path)) as con:
                register_geometry_functions(con)
                with con:
                    con.execute("BEGIN IMMEDIATE")
                    ensure_layout(con)
                    before = feature_count(con)
                    removed = live_rows(con, changes.touched())
                    apply_rows(con, changes, new)
                    check_in_place(con, new, expected=None if before is None else before - removed + len(new))
        except StoreError:
            raise
        except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
            raise StoreError(f"could not write the store {self.path}: {exc}") from None

    def _copy_to(self, tmp: Path) -> None:
        """Start a write's copy: the live file, or a new empty layer when there is none yet."""
        if self.path.exists():
            shutil.copyfile(self.path, tmp)
        else:
            write_gpkg(empty_frame(), tmp)

    def _commit_copy(self, changes: Changes) -> None:
        """Apply ``changes`` to a copy of the store, check it, and move it in place."""
        new = [row.event for row in changes.put]
        touched = [(event_id,) for event_id in changes.touched()]
        try:
            with atomic_path(self.path) as tmp:
                self._copy_to(tmp)
                with contextlib.closing(connect(tmp)) as con, con:
                    ensure_layout(con)
                    for table in (LAYER, "event_versions", "deleted_events"):
                        con.executemany(f"DELETE FROM {table} WHERE event_id = ?", touched)
                    kept = int(con.execute(f"SELECT count(*) FROM {LAYER}").fetchone()[0])
                if new:
                    write_gpkg(events_to_frame(new), tmp, append=True)
                with contextlib.closing(connect(tmp)) as con, con:
                    record_bookkeeping(con, changes)
                verify(tmp, kept, new)
        except StoreError:
            raise
        # GDAL/pyogrio and pandas refuse values the file cannot hold (e.g. an integer beyond 64 bits)
        # with several exception types; the live file is untouched either way.
        except (sqlite3.Error, ValueError, TypeError, OverflowError, RuntimeError) as exc:
            raise StoreError(f"could not write the store {self.path}: {exc}") from None


class _Unfinished(Exception):
    """A bulk write ended without ``finish()``: drop the copy."""


class _GpkgTransaction:
    """Reads of the live file under the write lock; ``apply`` commits a new file."""

    def __init__(self, store: GeoPackageStore) -> None:
        self.store = store

    def present(self, ids: set[str]) -> dict[str, bool]:
        deleted = {row[0] for row in self.store._deleted_rows(ids, columns="version")}
        return {**{i: False for i in ids & self.store._stored_ids()}, **{i: True for i in deleted}}

    def rows(self, ids: set[str] | None) -> dict[str, Stored]:
        if ids is not None and not ids:
            return {}
        versions = self.store._versions(ids)
        live = {i: Stored(e, versions.get(i, 1)) for i, e in self.store._stored_events(ids).items()}
        return {**live, **self.store._deleted(ids)}

    def last_change(self, event_id: str) -> AuditEntry | None:
        history = self.store.history(event_id)
        return history[-1] if history else None

    def apply(self, changes: Changes) -> None:
        self.store._commit(changes)
