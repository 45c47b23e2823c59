"""Rows out of PostgreSQL as Arrow: one ``COPY ... TO STDOUT`` CSV stream, parsed piece by piece.

Loading a million events row by row as Python objects takes minutes; the PostGIS store
instead has the server write CSV (``COPY``) and Arrow parse it. Joining the whole stream
into one byte string first would hold it twice (each row's bytes, then the joined copy:
about 1.5 GB at a million events) next to the parsed table. Here rows are gathered into
pieces of about :data:`_PIECE` bytes, each parsed as a CSV document of its own (and its
geometry, hex WKB, decoded) before the next is read: what stays is the parsed columns.

Pieces end at row ends (the server sends one row per COPY message) and each is parsed as
one Arrow block: Arrow's own block cutting, with text spanning lines, can drop the ``\\n``
of a ``\\r\\n`` that falls on a block boundary (pyarrow 26).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import psycopg
import pyarrow as pa
import shapely
from pyarrow import csv as pa_csv

#: Bytes of rows parsed at a time.
_PIECE = 8 << 20


def copy_table(conn: psycopg.Connection[Any], query: str, params: Sequence[Any], names: Sequence[str],
               types: Mapping[str, pa.DataType], geometry: str = "wkb") -> tuple[pa.Table, np.ndarray]:
    """Run ``COPY (...) TO STDOUT WITH (FORMAT csv)`` (``query``); returns the columns ``names`` (typed
    by ``types``) but ``geometry`` as one Arrow table, and the ``geometry`` column (hex WKB) decoded
    to shapely geometries, in row order."""
    kept = [name for name in names if name != geometry]
    tables: list[pa.Table] = []
    shapes: list[np.ndarray] = []

    def parse(piece: bytearray) -> None:
        table = pa_csv.read_csv(
            pa.py_buffer(piece),
            read_options=pa_csv.ReadOptions(column_names=list(names), block_size=len(piece) + 1),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            # COPY writes NULL as an empty field and quotes an empty string; any other text (even "NULL"
            # or "N/A", which Arrow would take for null by default) is a value.
            convert_options=pa_csv.ConvertOptions(column_types=dict(types), null_values=[""],
                                                  strings_can_be_null=True, quoted_strings_can_be_null=False))
        # GEOS reads hex text far slower than bytes
        shapes.append(shapely.from_wkb([bytes.fromhex(text) for text in table.column(geometry).to_pylist()]))
        tables.append(table.select(kept))

    with conn.cursor() as cur, cur.copy(query, params) as copy:
        piece = bytearray()
        for row in copy:
            piece += row
            if len(piece) >= _PIECE:
                parse(piece)
                piece = bytearray()
        if piece:
            parse(piece)
    schema = pa.schema([(name, types[name]) for name in kept])
    table = pa.concat_tables(tables) if tables else schema.empty_table()
    return table, np.concatenate(shapes) if shapes else np.empty(0, dtype=object)
