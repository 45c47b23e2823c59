"""Small GeoPackage writes in place: one SQLite transaction, no copy of the file.

An edit or an ingested article changes a handful of rows; copying a 1,000,000-event
file for it takes seconds. :func:`write_rows_in_place` deletes and inserts just those
rows (and the bookkeeping rows) inside one SQLite transaction on the live file, so a
crash at any moment leaves either the old or the new state (SQLite's rollback
journal), never a mix.

GDAL's R-tree triggers on the ``events`` layer call ``ST_IsEmpty``/``ST_MinX``/...
functions that only exist inside GDAL; :func:`register_geometry_functions` gives a
plain ``sqlite3`` connection the same functions, reading GeoPackage geometry blobs
(spec 2.1.3: ``GP``, version, flags, SRS id, envelope, WKB). :func:`gpkg_blob`
writes such blobs (little-endian, with an XY envelope) for new rows.
"""

from __future__ import annotations

import numbers
import sqlite3
import struct
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.model import CRS, FIELDS, LAYER, Event, events_to_frame, to_flat_frame

#: The ``events`` layer's geometry column (as pyogrio/GDAL create it).
GEOMETRY_COLUMN = "geom"
_SRS_ID = int(CRS.split(":")[1])
_ENVELOPE_SIZES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_blob(geometry: BaseGeometry) -> bytes:
    """A GeoPackage geometry blob: header with an XY envelope, then little-endian WKB."""
    minx, miny, maxx, maxy = geometry.bounds
    flags = 0b0000_0011  # little endian, envelope [minx, maxx, miny, maxy]
    header = b"GP" + bytes([0, flags]) + struct.pack("<i4d", _SRS_ID, minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geometry, byte_order=1)


def _parse(blob: bytes | None) -> BaseGeometry | None:
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    envelope = _ENVELOPE_SIZES.get((flags >> 1) & 0b111, 0)
    return shapely.from_wkb(bytes(blob[8 + envelope:]))


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    return int(bool(blob[3] & 0b1_0000)) if len(blob) > 3 and blob[:2] == b"GP" else 1


def _bound(index: int) -> Callable[[bytes | None], float | None]:
    def value(blob: bytes | None) -> float | None:
        geometry = _parse(blob)
        return None if geometry is None or geometry.is_empty else float(geometry.bounds[index])
    return value


def register_geometry_functions(con: sqlite3.Connection) -> None:
    """The ``ST_*`` functions GDAL's GeoPackage triggers call, for a plain sqlite3 connection."""
    con.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for name, index in (("ST_MinX", 0), ("ST_MinY", 1), ("ST_MaxX", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, _bound(index), deterministic=True)


def _cell(value: Any) -> Any:
    """A frame value as SQLite takes it: None for missing, Python int for integers, text as is."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return int(value) if isinstance(value, numbers.Integral) else value


def insert_events(con: sqlite3.Connection, events: Sequence[Event]) -> None:
    """Insert ``events`` into the ``events`` layer in the flat layout (inside the caller's transaction)."""
    if not events:
        return
    flat = to_flat_frame(events_to_frame(list(events)))
    columns = [*FIELDS, GEOMETRY_COLUMN]
    rows: list[tuple[Any, ...]] = []
    for record, geometry in zip(flat[list(FIELDS)].itertuples(index=False, name=None), flat.geometry, strict=True):
        rows.append((*(_cell(v) for v in record), gpkg_blob(geometry)))
    marks = ", ".join("?" * len(columns))
    con.executemany(f"INSERT INTO {LAYER} ({', '.join(columns)}) VALUES ({marks})", rows)
