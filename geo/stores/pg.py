"""The shared event store: PostgreSQL + PostGIS, for several analysts at once.

Chosen by a ``postgresql://user:pass@host:5432/dbname`` URL (``DATABASE_URL``;
``postgresql+psycopg://`` and ``postgres://`` work too). The schema is created
and upgraded by :func:`migrate_schema` (ordered, numbered steps recorded in
``store_schema_version``, applied under an advisory lock, once per database and
process); the database needs the ``postgis`` extension or the right to create it.

Tables: ``events`` (one typed column per :data:`geo.model.schema.FIELDS`, ``sources``
as ``json``, ``geom geometry(Geometry, 4326)`` with a GiST index, ``version``,
``written`` = write order, ``deleted_at``/``deleted_by`` for soft-deleted
rows; since migration 2 also columns the server derives for the queries of
:mod:`geo.query.sql`: the citations' key lists, the best reliability, the anchor
point, with their indexes), ``event_audit`` (every change, before/after as ``jsonb``) and
``store_info`` (the ``version`` token the dashboard uses as a cache key).

Every write is one transaction that first takes a transaction-level advisory
lock, so writers (threads, processes, machines) are serialised exactly like the
GeoPackage store's file lock; validation and versioning are shared with it
(:mod:`geo.stores.base`). A big import (:meth:`PostGISStore.bulk_writer`,
:mod:`geo.stores.pg_bulk`) is one such transaction too, its rows sent with ``COPY``;
reads of many rows come as one ``COPY`` CSV stream (:mod:`geo.stores.pg_copy`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import psycopg
import pyarrow as pa
import shapely
from psycopg.types.json import Jsonb

from geo.model import CRS, DATE_FIELDS, FIELDS, INT_FIELDS, Event, decode_layer, frame_to_events
from geo.stores.base import AuditedStore
from geo.stores.pg_copy import copy_table
from geo.stores.records import AuditEntry, Changes, EventInput, Stored, StoreError
from geo.stores.urls import is_postgres_url, redact

if TYPE_CHECKING:
    from geo.stores.pg_bulk import PostGISBulkWriter

_WRITE_LOCK = 0x426D5354  # pg_advisory_xact_lock keys ("BmST"), one for writes, one for migrations
_MIGRATE_LOCK = _WRITE_LOCK + 1

_EVENT_TABLE = """
CREATE TABLE events (
    event_id text PRIMARY KEY,
    kind text NOT NULL,
    event_type text NOT NULL,
    sub_event_type text NOT NULL,
    date_start date NOT NULL,
    date_end date NOT NULL,
    time_precision smallint NOT NULL,
    location text NOT NULL,
    admin1 text,
    country text NOT NULL,
    geo_precision smallint NOT NULL,
    fatalities_low integer,
    fatalities_best integer,
    fatalities_high integer,
    fatalities_text text,
    wounded integer,
    strength_low integer,
    strength_best integer,
    strength_high integer,
    strength_text text,
    actor1 text,
    actor2 text,
    claimed_by text,
    notes text NOT NULL,
    sources json NOT NULL,
    geom geometry(Geometry, 4326) NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    written bigint NOT NULL,
    deleted_at timestamptz,
    deleted_by text
);
CREATE INDEX events_geom ON events USING gist (geom);
CREATE INDEX events_live_order ON events (written) WHERE deleted_at IS NULL;
CREATE SEQUENCE events_written;
CREATE TABLE event_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL
        CHECK (action IN ('create', 'update', 'add_source', 'merge', 'delete', 'restore', 'purge', 'import')),
    event_id text,
    version integer,
    before jsonb,
    after jsonb
);
CREATE INDEX event_audit_event ON event_audit (event_id, id);
CREATE INDEX event_audit_actor ON event_audit (actor, id);
CREATE TABLE store_info (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO store_info (key, value) VALUES ('version', md5(random()::text));
"""

# What the dashboard's questions (geo.query.sql) filter and aggregate on, kept by the server itself:
# stored generated columns, so every write path (INSERT, COPY, UPDATE) keeps them right unchanged.
# The key lists match geo.filters.prepare_frame (each distinct non-empty id or publisher of the citations,
# "|" written as "¦"), best_rel its _best_rel (0 = A ... 5 = F or unknown or no citation) and anchor
# geo.map.view.anchor_points (the point itself, else a point on the surface; NULL for an empty place).
_QUERY_COLUMNS = """
CREATE FUNCTION bm_citation_keys(sources json, field text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT replace(c ->> field, '|', '¦')), '{}')
    FROM json_array_elements(CASE WHEN json_typeof(sources) = 'array' THEN sources ELSE '[]' END) AS c
    WHERE c ->> field <> ''
$$;
CREATE FUNCTION bm_best_reliability(sources json) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(min(coalesce(array_position('{A,B,C,D,E,F}'::text[], c ->> 'reliability') - 1, 5)), 5)::smallint
    FROM json_array_elements(CASE WHEN json_typeof(sources) = 'array' THEN sources ELSE '[]' END) AS c
$$;
ALTER TABLE events
    ADD COLUMN source_ids text[] GENERATED ALWAYS AS (bm_citation_keys(sources, 'source_id')) STORED,
    ADD COLUMN publishers text[] GENERATED ALWAYS AS (bm_citation_keys(sources, 'publisher')) STORED,
    ADD COLUMN best_rel smallint GENERATED ALWAYS AS (bm_best_reliability(sources)) STORED,
    ADD COLUMN anchor geometry(Point, 4326) GENERATED ALWAYS AS ({anchor}) STORED,
    -- its coordinates once more as numbers: aggregating a million points reads them without decoding any
    ADD COLUMN anchor_x double precision GENERATED ALWAYS AS (ST_X({anchor})) STORED,
    ADD COLUMN anchor_y double precision GENERATED ALWAYS AS (ST_Y({anchor})) STORED;
CREATE INDEX events_live_anchor ON events USING gist (anchor) WHERE deleted_at IS NULL;
CREATE INDEX events_live_source_ids ON events USING gin (source_ids) WHERE deleted_at IS NULL;
CREATE INDEX events_live_publishers ON events USING gin (publishers) WHERE deleted_at IS NULL;
CREATE INDEX events_live_end ON events (date_end) WHERE deleted_at IS NULL;
-- Holds all a count, the map's grid and the timeline read: those of many events scan it alone (an
-- index-only scan, a sixth of the table) once VACUUM has marked the pages all-visible.
CREATE INDEX events_live_lean ON events (date_start) INCLUDE (date_end, kind, event_type, fatalities_best,
    best_rel, anchor, anchor_x, anchor_y, written) WHERE deleted_at IS NULL;
""".replace("{anchor}", """CASE WHEN ST_IsEmpty(geom) THEN NULL WHEN GeometryType(geom) = 'POINT' THEN ST_Force2D(geom)
        ELSE ST_Force2D(ST_PointOnSurface(geom)) END""")

#: The schema's history: (number, description, SQL). Append new steps; never edit an applied one.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "events (PostGIS geometry, GiST index), audit log, store info", _EVENT_TABLE),
    (2, "generated columns and indexes for queries in the database (sources, reliability, anchor point)",
     _QUERY_COLUMNS),
)

_SELECT = ", ".join(
    f"to_char({name}, 'YYYY-MM-DD')" if name in DATE_FIELDS else "sources::text" if name == "sources" else name
    for name in FIELDS
) + ", encode(ST_AsBinary(geom), 'hex')"
_INSERT = (f"INSERT INTO events ({', '.join(FIELDS)}, geom, version, written, deleted_at, deleted_by) "
           f"VALUES ({', '.join(['%s'] * len(FIELDS))}, ST_GeomFromWKB(%s, 4326), %s, nextval('events_written'), "
           "%s, %s)")
_AUDIT_COLUMNS = "at, actor, action, event_id, version, before, after"
_EXTRA_SQL = {"version": "version::text", "deleted_by": "deleted_by",
              "deleted_at": """to_char(deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""}

_migrated: set[str] = set()
_migrated_lock = threading.Lock()
#: Idle read connections per database, reused across store objects and threads.
_idle: dict[str, list[psycopg.Connection[Any]]] = {}
_idle_lock = threading.Lock()
_MAX_IDLE = 4


def close_idle_connections() -> int:
    """Close the pooled idle connections of every database; returns how many were closed (the next read
    opens a new one). For a process that has used many databases, e.g. a test suite."""
    with _idle_lock:
        idle = [conn for conns in _idle.values() for conn in conns]
        _idle.clear()
    for conn in idle:
        conn.close()
    return len(idle)


def migrate_schema(conninfo: str) -> list[int]:
    """Create or upgrade the store's tables; returns the migration numbers applied now."""
    applied = []
    with _connect(conninfo) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError("the database lacks PostGIS and this user may not add it: ask an administrator "
                             "to run CREATE EXTENSION postgis") from None
        conn.execute("CREATE TABLE IF NOT EXISTS store_schema_version (version integer PRIMARY KEY, "
                     "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {row[0] for row in conn.execute("SELECT version FROM store_schema_version")}
        for number, description, sql in MIGRATIONS:
            if number not in done:
                conn.execute(sql.encode())  # no parameters: several statements may run at once
                conn.execute("INSERT INTO store_schema_version (version, description) VALUES (%s, %s)",
                             (number, description))
                applied.append(number)
    if applied:  # planner statistics and the visibility map of the new columns now (VACUUM needs its own)
        with contextlib.suppress(psycopg.Error), _open(conninfo, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE) events")
    return applied


class PostGISStore(AuditedStore):
    """Events in a PostgreSQL/PostGIS database (schema created on first use)."""

    def __init__(self, url: str) -> None:
        if not is_postgres_url(url):
            raise StoreError(f"not a PostgreSQL URL: {redact(url)}")
        self.url = url
        self._conninfo = "postgresql://" + url.split("://", 1)[1]

    def __repr__(self) -> str:
        return f"PostGISStore({redact(self.url)!r})"

    # -- reading -----------------------------------------------------------------
    def load(self) -> gpd.GeoDataFrame:
        """All live events as the canonical frame (EPSG:4326), in the order they were written."""
        with self._read() as conn:
            return _frame(conn, "deleted_at IS NULL ORDER BY written", ())

    def load_ids(self, ids: Sequence[str]) -> gpd.GeoDataFrame:
        """The live events with these ids as the canonical frame, in the order they were written."""
        with self._read() as conn:
            return _frame(conn, "deleted_at IS NULL AND event_id = ANY(%s) ORDER BY written", (list(set(ids)),))

    def load_where(self, condition: str, params: Sequence[Any]) -> gpd.GeoDataFrame:
        """Events (live or not) matching an SQL ``condition`` on ``events`` as the canonical frame.

        ``condition`` is trusted text (it may end in ``ORDER BY ...``); every value in it is a ``%s``
        placeholder given in ``params`` (:mod:`geo.query.sql`)."""
        with self._read() as conn:
            return _frame(conn, condition, params)

    def get(self, event_id: str) -> Event | None:
        """One live event by id, or None."""
        found = self.get_versioned(event_id)
        return found[0] if found else None

    def get_versioned(self, event_id: str) -> tuple[Event, int] | None:
        """One live event and its version, or None."""
        with self._read() as conn:
            row = _rows(conn, "event_id = %s AND deleted_at IS NULL", (event_id,)).get(event_id)
        return (row.event, row.version) if row else None

    def version(self) -> str:
        """An opaque token that changes on every write (a cache key for the app)."""
        with self._read() as conn:
            row = conn.execute("SELECT value FROM store_info WHERE key = 'version'").fetchone()
        return str(row[0]) if row else "missing"

    def history(self, event_id: str) -> list[AuditEntry]:
        """Every logged change of one event, oldest first."""
        with self._read() as conn:
            return _audit(conn, "WHERE event_id = %s ORDER BY id", (event_id,))

    def audit_log(self, limit: int | None = 100, actor: str | None = None) -> list[AuditEntry]:
        """The newest ``limit`` logged changes (all for None), optionally by one actor, newest first."""
        where = "WHERE actor = %s" if actor is not None else ""
        params = [actor] if actor is not None else []
        with self._read() as conn:
            return _audit(conn, f"{where} ORDER BY id DESC LIMIT %s", (*params, limit))

    def deleted(self) -> list[Event]:
        """The soft-deleted events, by id."""
        with self._read() as conn:
            return [row.event for row in _rows(conn, "deleted_at IS NOT NULL ORDER BY event_id", ()).values()]

    # -- writing -----------------------------------------------------------------
    def seed_if_empty(self, make_events: Callable[[], Sequence[EventInput]], *, actor: str = "system") -> bool:
        """Write ``make_events()`` into a store never written to (no events, no audit entries)."""
        with self._transaction() as tx:
            empty = tx.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM events) "
                                    "AND NOT EXISTS (SELECT 1 FROM event_audit)").fetchone()
            if not (empty and empty[0]):
                return False
            self._seed(tx, make_events, actor)
        return True

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_PgTransaction]:
        """One transaction holding the store's write lock; committed when the block ends without error."""
        self._ensure_schema()
        with _connect(self._conninfo) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield _PgTransaction(conn)

    @contextlib.contextmanager
    def bulk_writer(self, *, actor: str = "system") -> Iterator[PostGISBulkWriter]:
        """A writer for a big import (:mod:`geo.stores.pg_bulk`) inside one transaction holding the write
        lock, committed only if ``writer.finish()`` ran; otherwise (refused records, a dry run, an error)
        rolled back."""
        from geo.stores.pg_bulk import PostGISBulkWriter

        try:
            with self._transaction() as tx:
                writer = PostGISBulkWriter(tx, actor)
                yield writer
                if not writer.finished:
                    raise _Unfinished
        except _Unfinished:
            return
        # Planner statistics and the visibility map (index-only scans, geo.query.sql) for the new rows now,
        # not when autovacuum comes by; the import is committed, so a failure here must not report it failed.
        with contextlib.suppress(StoreError), self._read() as conn:
            conn.execute("VACUUM (ANALYZE) events, event_audit")

    @contextlib.contextmanager
    def reading(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled autocommit connection for read-only SQL (:mod:`geo.query.sql`); errors become StoreError."""
        with self._read() as conn:
            yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[psycopg.Connection[Any]]:
        """An autocommit connection from a small per-database pool (reads run on every app rerun)."""
        self._ensure_schema()
        with _idle_lock:
            idle = _idle.setdefault(self._conninfo, [])
            conn = idle.pop() if idle else None
        if conn is None:
            conn = _open(self._conninfo, autocommit=True)
        try:
            yield conn
        except psycopg.Error as exc:  # a broken connection is dropped, not pooled
            conn.close()
            raise StoreError(f"reading the PostGIS store {redact(self.url)} failed: {exc}") from None
        except BaseException:
            conn.close()
            raise
        with _idle_lock:
            if len(idle) < _MAX_IDLE and not conn.closed:
                idle.append(conn)
                return
        conn.close()

    def _ensure_schema(self) -> None:
        with _migrated_lock:
            if self._conninfo not in _migrated:
                migrate_schema(self._conninfo)
                _migrated.add(self._conninfo)


class _Unfinished(Exception):
    """A bulk write ended without ``finish()``: roll it back."""


class _PgTransaction:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def present(self, ids: set[str]) -> dict[str, bool]:
        found = self.conn.execute("SELECT event_id, deleted_at IS NOT NULL FROM events WHERE event_id = ANY(%s)",
                                  (list(ids),))
        return {event_id: bool(deleted) for event_id, deleted in found}

    def rows(self, ids: set[str] | None) -> dict[str, Stored]:
        if ids is None:
            return _rows(self.conn, "true ORDER BY written", ())
        return _rows(self.conn, "event_id = ANY(%s)", (list(ids),)) if ids else {}

    def last_change(self, event_id: str) -> AuditEntry | None:
        entries = _audit(self.conn, "WHERE event_id = %s ORDER BY id DESC LIMIT 1", (event_id,))
        return entries[0] if entries else None

    def apply(self, changes: Changes) -> None:
        with self.conn.cursor() as cur:
            if changes.touched():
                cur.execute("DELETE FROM events WHERE event_id = ANY(%s)", (list(changes.touched()),))
            cur.executemany(_INSERT, [_values(row) for row in (*changes.put, *changes.hide)])
            cur.executemany(f"INSERT INTO event_audit ({_AUDIT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                            [(e.at, e.actor, e.action, e.event_id, e.version,
                              None if e.before is None else Jsonb(e.before),
                              None if e.after is None else Jsonb(e.after)) for e in changes.audit])
            cur.execute("UPDATE store_info SET value = %s WHERE key = 'version'", (uuid.uuid4().hex,))


def _open(conninfo: str, autocommit: bool = False) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(conninfo, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot connect to the PostGIS store {redact(conninfo)}: {first}") from None


@contextlib.contextmanager
def _connect(conninfo: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection (closed at the end; committed unless the block raised); errors become StoreError."""
    conn = _open(conninfo)
    try:
        with conn:
            yield conn
    except psycopg.Error as exc:
        raise StoreError(f"the PostGIS store {redact(conninfo)} refused the operation: {exc}") from None


def _values(row: Stored) -> tuple[Any, ...]:
    data = row.event.model_dump(mode="json", exclude={"geometry"})
    data["sources"] = json.dumps(data["sources"], ensure_ascii=False)
    return (*(data[name] for name in FIELDS), shapely.to_wkb(row.event.geometry), row.version, row.deleted_at,
            row.deleted_by)


def _frame(conn: psycopg.Connection[Any], where: str, params: Sequence[Any],
           extra: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """Events matching ``where`` as the canonical frame, plus ``extra`` columns (text) at the end.

    The rows travel as one CSV stream (``COPY``) parsed by Arrow piece by piece
    (:func:`geo.stores.pg_copy.copy_table`): building a million rows of Python objects
    and letting pandas convert them would take minutes.
    """
    names = [*FIELDS, "wkb", *extra]
    select = _SELECT + "".join(f", {_EXTRA_SQL[name]}" for name in extra)
    query = f"COPY (SELECT {select} FROM events WHERE {where}) TO STDOUT WITH (FORMAT csv)"
    types = {name: pa.int64() if name in INT_FIELDS else pa.string() for name in names}
    table, shapes = copy_table(conn, query, params, names, types)
    frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    del table  # the frame holds what it needs (text columns share Arrow's buffers)
    geometry = gpd.GeoSeries(shapes, index=frame.index, crs=CRS)
    raw = gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
    try:
        return decode_layer(raw)
    except (ValueError, TypeError) as exc:
        raise StoreError(f"the PostGIS store holds unreadable values ({exc})") from None


def _rows(conn: psycopg.Connection[Any], where: str, params: Sequence[Any]) -> dict[str, Stored]:
    frame = _frame(conn, where, params, extra=("version", "deleted_at", "deleted_by"))
    out = {}
    for event, version, deleted_at, deleted_by in zip(frame_to_events(frame), frame["version"],
                                                      frame["deleted_at"], frame["deleted_by"], strict=True):
        moment = None if pd.isna(deleted_at) else dt.datetime.fromisoformat(deleted_at).replace(tzinfo=dt.UTC)
        out[event.event_id] = Stored(event, int(version), moment, None if moment is None else str(deleted_by))
    return out


def _audit(conn: psycopg.Connection[Any], tail: str, params: Sequence[Any]) -> list[AuditEntry]:
    rows = conn.execute(f"SELECT {_AUDIT_COLUMNS} FROM event_audit {tail}", params).fetchall()
    return [AuditEntry(at.astimezone(dt.UTC), actor, action, event_id, version, before, after)
            for at, actor, action, event_id, version, before, after in rows]
