"""SQL of the GeoPackage store: its bookkeeping tables, in-place row changes and their checks.

The plain functions :class:`geo.stores.gpkg.GeoPackageStore` runs on an open SQLite connection
of the store file (rows of the ``events`` layer, ``event_versions``, ``deleted_events``, ``audit_log``,
``store_info``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyogrio

from geo.model import LAYER, Event, decode_layer, frame_to_events
from geo.stores.gpkg_rows import GEOMETRY_COLUMN, insert_events
from geo.stores.records import AuditEntry, Changes, StoreError

INFO_TABLE = "store_info"
SCHEMA_VERSION = "2"
#: Columns of the audit log, in the order of :func:`audit_row`.
AUDIT_COLUMNS = "at, actor, action, event_id, version, before, after"
#: The attribute tables beside the ``events`` layer and their columns.
TABLES = {
    INFO_TABLE: "key TEXT NOT NULL UNIQUE, value TEXT NOT NULL",
    "event_versions": "event_id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL",
    "deleted_events": "event_id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, deleted_at TEXT NOT NULL, "
                      "deleted_by TEXT NOT NULL, record TEXT NOT NULL",
    "audit_log": "at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, event_id TEXT, "
                 "version INTEGER, before TEXT, after TEXT",
}


def apply_rows(con: sqlite3.Connection, changes: Changes, new: list[Event]) -> None:
    """Replace the touched events' rows with ``new`` and record the bookkeeping (caller's transaction)."""
    touched = [(event_id,) for event_id in changes.touched()]
    for table in (LAYER, "event_versions", "deleted_events"):
        con.executemany(f"DELETE FROM {table} WHERE event_id = ?", touched)
    insert_events(con, new)
    record_bookkeeping(con, changes)


def in_list(values: Sequence[str]) -> str:
    return ", ".join("?" * len(values))


def live_rows(con: sqlite3.Connection, ids: set[str]) -> int:
    """How many of ``ids`` have a row in the layer (indexed lookups, not a scan)."""
    listed = sorted(ids)
    if not listed:
        return 0
    return int(con.execute(f"SELECT count(*) FROM {LAYER} WHERE event_id IN ({in_list(listed)})",
                           listed).fetchone()[0])


def feature_count(con: sqlite3.Connection) -> int | None:
    """GDAL's feature count of the layer (kept by triggers), or None when the file has none."""
    row = con.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = ?", (LAYER,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def check_in_place(con: sqlite3.Connection, new: list[Event], expected: int | None) -> None:
    """Before commit: every new row is there once and in the R-tree, and GDAL's feature count moved by
    exactly the rows removed and added (cost independent of the store's size: no full scans)."""
    ids = [e.event_id for e in new]
    if ids:
        found = live_rows(con, set(ids))
        indexed = int(con.execute(
            f"SELECT count(*) FROM rtree_{LAYER}_{GEOMETRY_COLUMN} WHERE id IN "
            f"(SELECT fid FROM {LAYER} WHERE event_id IN ({in_list(ids)}))", ids).fetchone()[0])
        if found != len(new) or indexed != len(new):
            raise StoreError(f"write check failed: {found} of {len(new)} events written, {indexed} indexed")
    counted = feature_count(con)
    if expected is not None and counted not in (None, expected):
        raise StoreError(f"write check failed: the GeoPackage counts {counted} events, expected {expected}")


def record_bookkeeping(con: sqlite3.Connection, changes: Changes) -> None:
    """Versions, soft-deleted records, the audit entries and a new store version token."""
    con.executemany("INSERT INTO event_versions (event_id, version) VALUES (?, ?)",
                    [(row.event.event_id, row.version) for row in changes.put if row.version != 1])
    con.executemany(
        "INSERT INTO deleted_events (event_id, version, deleted_at, deleted_by, record) VALUES (?, ?, ?, ?, ?)",
        [(row.event.event_id, row.version, iso(row.deleted_at), row.deleted_by, row.event.model_dump_json())
         for row in changes.hide])
    con.executemany(f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [audit_row(entry) for entry in changes.audit])
    set_info(con, "version", uuid.uuid4().hex)


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def audit_row(entry: AuditEntry) -> tuple[Any, ...]:
    return (iso(entry.at), entry.actor, entry.action, entry.event_id, entry.version,
            None if entry.before is None else json.dumps(entry.before, ensure_ascii=False),
            None if entry.after is None else json.dumps(entry.after, ensure_ascii=False))


def audit_entry(row: Sequence[Any]) -> AuditEntry:
    at, actor, action, event_id, version, before, after = row
    return AuditEntry(dt.datetime.fromisoformat(at), actor, action, event_id, version,
                      None if before is None else json.loads(before), None if after is None else json.loads(after))


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(path)


def ensure_layout(con: sqlite3.Connection) -> None:
    """Unique ids and the attribute tables (registered as the GeoPackage spec asks)."""
    con.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {LAYER}_event_id ON {LAYER} (event_id)")
    for table, columns in TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY AUTOINCREMENT, {columns})")
        con.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
            f"VALUES ('{table}', 'attributes', '{table}', 'Border Monitor {table.replace('_', ' ')}')"
        )
    con.execute("CREATE INDEX IF NOT EXISTS audit_log_event ON audit_log (event_id)")
    set_info(con, "schema_version", SCHEMA_VERSION)


def set_info(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute(
        f"INSERT INTO {INFO_TABLE} (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def verify(path: Path, kept: int, new: list[Event]) -> None:
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
