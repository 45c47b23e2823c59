"""Big imports into the PostGIS store: ``COPY`` inside one transaction, committed once.

:meth:`geo.stores.pg.PostGISStore.bulk_writer` opens one transaction holding the
store's write lock (the advisory lock every writer takes) and yields a
:class:`PostGISBulkWriter` (the interface and the citation merging are
:class:`geo.stores.bulk.BulkWriter`'s). Each chunk of validated new events becomes CSV
text (Arrow, no per-event objects) streamed into ``events`` with ``COPY ... FROM
STDIN``; their ``written`` numbers (the load order) are a block reserved from the
``events_written`` sequence, which is ours while the lock is held. :meth:`finish` then
rewrites the few events whose citations grew through the same ``apply`` as every
other write (new versions, ``update`` audit entries, a new store version token), logs
one ``import`` entry per new event with a single ``INSERT ... SELECT`` (``after`` is
``None``, as for seeding and the GeoPackage import) and one store-wide entry naming
the file, and checks the row count. The transaction commits only after ``finish``:
refused records, a dry run, an error or a kill -9 of the importing process (the server
rolls back a transaction whose client is gone) leave the store as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from psycopg.types.json import Jsonb
from pyarrow import csv as pa_csv

from geo.model import CRS, FIELDS
from geo.stores.bulk import BulkWriter, StoredIndex, incident_index
from geo.stores.pg_copy import copy_table
from geo.stores.records import Stored, StoreError, now

if TYPE_CHECKING:
    from geo.stores.pg import _PgTransaction

_SRID = int(CRS.split(":")[1])
_COPY_IN = f"COPY events ({', '.join(FIELDS)}, geom, version, written) FROM STDIN WITH (FORMAT csv)"
_INCIDENTS = ("COPY (SELECT event_id, to_char(date_start, 'YYYY-MM-DD'), to_char(date_end, 'YYYY-MM-DD'), event_type, "
              "encode(ST_AsBinary(geom), 'hex') FROM events WHERE kind = 'incident' AND deleted_at IS NULL) "
              "TO STDOUT WITH (FORMAT csv)")
_INCIDENT_COLUMNS = ["event_id", "date_start", "date_end", "event_type", "wkb"]


class PostGISBulkWriter(BulkWriter):
    """COPYs into the store inside the caller's transaction; see the module docstring."""

    def __init__(self, tx: _PgTransaction, actor: str) -> None:
        super().__init__(actor)
        self._tx = tx
        self._conn = tx.conn
        # Rows written from now on have a larger ``written`` number than any stored one.
        self.first_written = self._scalar("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END "
                                          "FROM events_written")
        self.kept = self._scalar("SELECT count(*) FROM events")

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self._conn.execute(sql, params).fetchone()
        assert row is not None
        return int(row[0])

    def index(self) -> StoredIndex:
        ids: set[str] = set()
        deleted: set[str] = set()
        for event_id, is_deleted in self._conn.execute("SELECT event_id, deleted_at IS NOT NULL FROM events"):
            (deleted if is_deleted else ids).add(event_id)
        table, shapes = copy_table(self._conn, _INCIDENTS, (), _INCIDENT_COLUMNS,
                                   dict.fromkeys(_INCIDENT_COLUMNS, pa.string()))
        return incident_index(ids, deleted, gpd.GeoDataFrame(table.to_pandas(), geometry=shapes, crs=CRS))

    def append(self, flat: gpd.GeoDataFrame) -> None:
        count = len(flat)
        if not count:
            return
        # A block of ``written`` numbers: the lock keeps every other writer off the sequence meanwhile.
        last = self._scalar("SELECT setval('events_written', nextval('events_written') + %s - 1)", (count,))
        table = pa.Table.from_pandas(pd.DataFrame({name: flat[name] for name in FIELDS}), preserve_index=False)
        geometry = shapely.set_srid(np.asarray(flat.geometry.array, dtype=object), _SRID)
        table = (table.append_column("geom", pa.array(shapely.to_wkb(geometry, hex=True, include_srid=True),
                                                      type=pa.string()))
                 .append_column("version", pa.array(np.ones(count, dtype=np.int64)))
                 .append_column("written", pa.array(np.arange(last - count + 1, last + 1, dtype=np.int64))))
        text = io.BytesIO()
        # Strings always quoted, nulls never: COPY's CSV reads "" as empty text and an empty field as NULL.
        pa_csv.write_csv(table, text, write_options=pa_csv.WriteOptions(include_header=False,
                                                                         quoting_style="needed"))
        with self._conn.cursor() as cur, cur.copy(_COPY_IN) as copy:
            copy.write(text.getbuffer())
        self.appended += count

    def finish(self, note: dict[str, Any]) -> int:
        at = now()
        added, changes, old_targets = self._grown_events(at)
        self._tx.apply(changes)  # also a new store version token
        self._conn.execute(
            "INSERT INTO event_audit (at, actor, action, event_id, version, before, after) "
            "SELECT %s, %s, 'import', event_id, 1, NULL, NULL FROM events WHERE written > %s "
            "AND NOT (event_id = ANY(%s)) ORDER BY written", (at, self.actor, self.first_written, sorted(old_targets)))
        self._conn.execute("INSERT INTO event_audit (at, actor, action, event_id, version, before, after) "
                           "VALUES (%s, %s, 'import', NULL, NULL, NULL, %s)", (at, self.actor, Jsonb(note)))
        rows = self._scalar("SELECT count(*) FROM events")
        if rows != self.kept + self.appended:
            raise StoreError(f"write check failed: expected {self.kept + self.appended:,} events, found {rows:,}")
        self.finished = True
        return added

    def _sources_of(self, ids: Sequence[str]) -> Iterator[tuple[str, str]]:
        if ids:
            yield from self._conn.execute("SELECT event_id, sources::text FROM events WHERE event_id = ANY(%s) "
                                          "AND deleted_at IS NULL", (list(ids),))

    def _stored_rows(self, ids: Sequence[str]) -> dict[str, tuple[Stored, bool]]:
        if not ids:
            return {}
        before = {row[0] for row in self._conn.execute(
            "SELECT event_id FROM events WHERE event_id = ANY(%s) AND written <= %s", (list(ids), self.first_written))}
        return {event_id: (row, event_id in before) for event_id, row in self._tx.rows(set(ids)).items()
                if not row.deleted}
