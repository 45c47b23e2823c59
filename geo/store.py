"""The event store: an embedded GeoPackage by default, behind a small interface.

:func:`open_store` opens (and on first use seeds with the curated default
dataset) the GeoPackage at :func:`geo.paths.store_path`, which honours
``BORDER_MONITOR_DATA``. A PostGIS backend can be added later by implementing
:class:`EventStore`.

Layout: layer ``events`` (geometry type Unknown, so points, lines and polygons
share it; EPSG:4326), one column per :data:`geo.schema.FIELDS` with ISO date
text and ``sources`` as JSON text, a unique index on ``event_id``, and a small
attribute table ``store_info`` holding ``schema_version`` and ``version``.

Writes are all-or-nothing and atomic: under an exclusive lock the live file is
copied to a temporary file beside it, the change is applied to the copy (rows
deleted with SQLite, new rows appended with pyogrio), the rows written are read
back and compared, and only then ``os.replace`` puts the copy in place. The
live file is never modified, so a crash leaves the previous store intact.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import geopandas as gpd
import pyogrio
from pydantic import ValidationError

from geo.flat_layout import LAYER, atomic_path, decode_layer, write_gpkg
from geo.paths import store_path
from geo.schema import (
    Citation,
    Event,
    empty_frame,
    events_to_frame,
    format_errors,
    frame_to_events,
)

try:  # advisory locking between processes (POSIX); without it writers are not serialised
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

INFO_TABLE = "store_info"
SCHEMA_VERSION = "1"
#: Up to this many ids are fetched with an SQL ``IN`` filter; more load the whole layer.
_MAX_WHERE_IDS = 500

EventInput = Event | Mapping[str, Any]


@dataclass
class WriteReport:
    """What a write did: counts, and one ``"where: what"`` line per problem.

    ``read`` = records given; ``added`` new events; ``updated`` events replaced
    with different content; ``merged`` citations attached to existing events;
    ``unchanged`` records identical to what was stored. When ``rejected`` is
    not empty nothing was written.
    """

    read: int = 0
    added: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def summary(self) -> str:
        """One line of counts, e.g. ``read 3, added 2, updated 1, merged 0, rejected 0``."""
        return (
            f"read {self.read}, added {self.added}, updated {self.updated}, "
            f"merged {self.merged}, unchanged {self.unchanged}, rejected {len(self.rejected)}"
        )


class StoreError(RuntimeError):
    """A store operation failed or was refused; the store is unchanged."""


class EventStore(Protocol):
    """What every backend offers (see :class:`GeoPackageStore` for the semantics)."""

    def load(self) -> gpd.GeoDataFrame: ...
    def get(self, event_id: str) -> Event | None: ...
    def add(self, events: Iterable[EventInput]) -> WriteReport: ...
    def upsert(self, events: Iterable[EventInput]) -> WriteReport: ...
    def add_sources(self, pairs: Iterable[tuple[str, Citation]]) -> WriteReport: ...
    def add_source(self, event_id: str, citation: Citation) -> Event: ...
    def delete(self, event_ids: Iterable[str]) -> int: ...
    def version(self) -> str: ...


class GeoPackageStore:
    """Events in the ``events`` layer of one GeoPackage file (created on first write)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    # -- reading -----------------------------------------------------------------
    def load(self) -> gpd.GeoDataFrame:
        """All events as the canonical frame (EPSG:4326), in the order they were written."""
        return self._read() if self.path.exists() else empty_frame()

    def get(self, event_id: str) -> Event | None:
        """One event by id, or None."""
        found = self._stored_events({event_id})
        return found.get(event_id)

    def version(self) -> str:
        """An opaque token that changes on every write (a cache key for the app)."""
        if not self.path.exists():
            return "missing"
        try:
            with contextlib.closing(_connect(self.path, read_only=True)) as con:
                row = con.execute(f"SELECT value FROM {INFO_TABLE} WHERE key = 'version'").fetchone()
        except sqlite3.Error:
            row = None
        if row:
            return str(row[0])
        stat = self.path.stat()  # a GeoPackage not written by us: fall back to file identity
        return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"

    # -- writing -----------------------------------------------------------------
    def add(self, events: Iterable[EventInput]) -> WriteReport:
        """Add new events; an invalid record or an id already used rejects the whole batch."""
        labelled, report = _validated_batch(events)
        if not report.ok or not labelled:
            return report
        with self._write_lock():
            existing = self._stored_ids()
            report.rejected = [
                f"{label}, field event_id: already in the store (update it instead)"
                for label, event in labelled
                if event.event_id in existing
            ]
            if report.rejected:
                return report
            self._commit(set(), [event for _, event in labelled])
        report.added = len(labelled)
        return report

    def upsert(self, events: Iterable[EventInput]) -> WriteReport:
        """Add new events and replace stored ones with the same id, in one write."""
        labelled, report = _validated_batch(events)
        if not report.ok or not labelled:
            return report
        with self._write_lock():
            stored = self._stored_events({event.event_id for _, event in labelled})
            changed = [event for _, event in labelled if stored.get(event.event_id) != event]
            report.updated = sum(event.event_id in stored for event in changed)
            report.added = len(changed) - report.updated
            report.unchanged = len(labelled) - len(changed)
            if changed:
                self._commit({e.event_id for e in changed if e.event_id in stored}, changed)
        return report

    def add_sources(self, pairs: Iterable[tuple[str, Citation | Mapping[str, Any]]]) -> WriteReport:
        """Attach citations to stored events (the same event reported again); all or nothing.

        Citing a source the event already cites with identical details is a
        no-op (``unchanged``); with different details it is rejected.
        """
        pairs = list(pairs)
        report = WriteReport(read=len(pairs))
        citations: list[tuple[str, str, Citation]] = []
        for number, (event_id, given) in enumerate(pairs, start=1):
            label = f"citation {number} for {event_id}"
            try:
                data = given.model_dump() if isinstance(given, Citation) else dict(given)
                citations.append((label, event_id, Citation.model_validate(data)))
            except ValidationError as exc:
                report.rejected.extend(format_errors(exc, label))
        if not report.ok:
            return report
        with self._write_lock():
            stored = self._stored_events({event_id for _, event_id, _ in citations})
            changed: dict[str, Event] = {}
            for label, event_id, citation in citations:
                event = changed.get(event_id) or stored.get(event_id)
                if event is None:
                    report.rejected.append(f"{label}: no event with this id in the store")
                    continue
                cited = {s.source_id: s for s in event.sources}.get(citation.source_id)
                if cited == citation:
                    report.unchanged += 1
                elif cited is not None:
                    report.rejected.append(
                        f"{label}, field source_id: already cited with different details"
                    )
                else:
                    data = event.model_dump()
                    data["sources"].append(citation.model_dump())
                    changed[event_id] = Event.model_validate(data)
                    report.merged += 1
            if not report.ok:
                report.merged = report.unchanged = 0  # nothing is written
            elif changed:
                self._commit(set(changed), list(changed.values()))
        return report

    def add_source(self, event_id: str, citation: Citation) -> Event:
        """Attach one citation to a stored event and return the event; raises StoreError."""
        report = self.add_sources([(event_id, citation)])
        if not report.ok:
            raise StoreError(report.rejected[0])
        event = self.get(event_id)
        if event is None:  # deleted by another process in the meantime
            raise StoreError(f"event {event_id!r} disappeared from the store")
        return event

    def delete(self, event_ids: Iterable[str]) -> int:
        """Remove events by id; returns how many were removed (unknown ids are ignored)."""
        wanted = {event_ids} if isinstance(event_ids, str) else set(event_ids)
        with self._write_lock():
            present = wanted & self._stored_ids()
            if present:
                self._commit(present, [])
        return len(present)

    def replace_all(self, events: Iterable[EventInput]) -> WriteReport:
        """Make the store hold exactly these events (all valid, ids unique) or change nothing."""
        labelled, report = _validated_batch(events)
        if report.ok:
            with self._write_lock():
                self._commit(None, [event for _, event in labelled])
            report.added = len(labelled)
        return report

    def seed_if_missing(self, make_events: Callable[[], Sequence[EventInput]]) -> bool:
        """Create the store from ``make_events()`` unless it exists; True when it seeded."""
        with self._write_lock():
            if self.path.exists():
                return False
            try:
                labelled, report = _validated_batch(make_events())
            except ValueError as exc:
                raise StoreError(f"the default dataset cannot be loaded: {exc}") from None
            if not report.ok:
                problems = "; ".join(report.rejected[:5])
                raise StoreError(f"the default dataset is invalid: {problems}")
            self._commit(None, [event for _, event in labelled])
        return True

    # -- internals ---------------------------------------------------------------
    def _read_raw(self, **options: Any) -> gpd.GeoDataFrame:
        try:
            return pyogrio.read_dataframe(self.path, layer=LAYER, use_arrow=True, **options)
        except Exception as exc:  # pyogrio/GDAL raise several types for broken files
            raise StoreError(
                f"the store {self.path} cannot be read ({exc}); move it aside to start again "
                "from the default dataset"
            ) from None

    def _read(self, **options: Any) -> gpd.GeoDataFrame:
        raw = self._read_raw(**options)
        try:
            return decode_layer(raw)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"the store {self.path} holds unreadable values ({exc})") from None

    def _stored_ids(self) -> set[str]:
        if not self.path.exists():
            return set()
        return set(self._read_raw(columns=["event_id"], read_geometry=False)["event_id"])

    def _stored_events(self, ids: set[str]) -> dict[str, Event]:
        if not ids or not self.path.exists():
            return {}
        if len(ids) <= _MAX_WHERE_IDS:
            frame = self._read(where=f"event_id IN ({', '.join(map(_sql_text, sorted(ids)))})")
        else:
            frame = self._read()
            frame = frame[frame["event_id"].isin(ids)]
        return {event.event_id: event for event in frame_to_events(frame)}

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Serialise writers across processes and threads (flock on the store's directory).

        Not re-entrant: public methods take it once and never call each other under it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def _commit(self, remove: set[str] | None, new: list[Event]) -> None:
        """Write the store minus ``remove`` (None: everything) plus ``new``, atomically."""
        try:
            with atomic_path(self.path) as tmp:
                if remove is None or not self.path.exists():
                    write_gpkg(empty_frame(), tmp)
                else:
                    shutil.copyfile(self.path, tmp)
                with contextlib.closing(_connect(tmp)) as con, con:
                    _ensure_layout(con)
                    con.executemany(
                        f"DELETE FROM {LAYER} WHERE event_id = ?", [(i,) for i in remove or ()]
                    )
                    kept = int(con.execute(f"SELECT count(*) FROM {LAYER}").fetchone()[0])
                if new:
                    write_gpkg(events_to_frame(new), tmp, append=True)
                with contextlib.closing(_connect(tmp)) as con, con:
                    _set_info(con, "version", uuid.uuid4().hex)
                _verify(tmp, kept, new)
        except sqlite3.Error as exc:
            raise StoreError(f"could not write the store {self.path}: {exc}") from None


def _validated_batch(records: Iterable[EventInput]) -> tuple[list[tuple[str, Event]], WriteReport]:
    """Re-validate every record (events may have been changed since they were built).

    Returns ``(label, event)`` pairs and a report whose ``rejected`` lists invalid
    records and ids repeated within the batch.
    """
    records = list(records)
    report = WriteReport(read=len(records))
    labelled: list[tuple[str, Event]] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Event | Mapping):
            report.rejected.append(f"record {number}: a {type(record).__name__}, not an event")
            continue
        data = record.model_dump() if isinstance(record, Event) else dict(record)
        label = f"record {number}" + (f" ({data['event_id']})" if data.get("event_id") else "")
        try:
            event = Event.model_validate(data)
        except ValidationError as exc:
            report.rejected.extend(format_errors(exc, label))
            continue
        if event.event_id in seen:
            report.rejected.append(f"{label}, field event_id: listed twice in this batch")
            continue
        seen.add(event.event_id)
        labelled.append((label, event))
    return labelled, report


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(path)


def _ensure_layout(con: sqlite3.Connection) -> None:
    """Unique ids and the ``store_info`` attribute table (registered as the GeoPackage spec asks)."""
    con.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {LAYER}_event_id ON {LAYER} (event_id)")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {INFO_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "key TEXT NOT NULL UNIQUE, value TEXT NOT NULL)"
    )
    con.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
        f"VALUES ('{INFO_TABLE}', 'attributes', '{INFO_TABLE}', 'Border Monitor store metadata')"
    )
    _set_info(con, "schema_version", SCHEMA_VERSION)


def _set_info(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute(
        f"INSERT INTO {INFO_TABLE} (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _verify(path: Path, kept: int, new: list[Event]) -> None:
    """Read the new file back with GDAL: the row count and every row written must match."""
    count = pyogrio.read_info(path, layer=LAYER)["features"]
    if count != kept + len(new):
        raise StoreError(f"write check failed: expected {kept + len(new)} events, found {count}")
    if new:
        raw = pyogrio.read_dataframe(path, layer=LAYER, skip_features=kept, use_arrow=True)
        try:
            same = frame_to_events(decode_layer(raw)) == new
        except (ValueError, TypeError) as exc:  # ValidationError is a ValueError
            message = f"write check failed: a written event does not read back ({exc})"
            raise StoreError(message) from None
        if not same:
            raise StoreError("write check failed: the events read back differ from those written")


def open_store(url: str | None = None) -> EventStore:
    """Open the store at ``url`` (a GeoPackage path) or the default one.

    The default store (:func:`geo.paths.store_path`) is seeded with the curated
    dataset on first open; a store at an explicit path starts empty.
    """
    if url and "://" in url:
        scheme = url.split("://", 1)[0]
        raise StoreError(f"unsupported store URL scheme {scheme!r}: give a GeoPackage file path")
    if url:
        return GeoPackageStore(Path(url).expanduser())
    store = GeoPackageStore(store_path())
    if not store.path.exists():
        from geo.dataset import load_default_events  # only needed once per data directory

        store.seed_if_missing(load_default_events)
    return store
