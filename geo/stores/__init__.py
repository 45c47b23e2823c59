"""Persistence: where events live, who changed them, and the default dataset.

:func:`open_store` returns an :class:`EventStore`: the embedded GeoPackage
(:class:`GeoPackageStore`, default) or PostGIS when ``DATABASE_URL`` names a
server (``geo.stores.pg.PostGISStore``, imported only then). Both keep per-event
versions (:class:`StaleVersion` on a stale edit), soft delete and an audit log
(:class:`AuditEntry`); :func:`copy_store` moves a store between backends;
:func:`history_table` renders an event's history for people;
:func:`load_default_events` reads the curated dataset in ``data/``.
"""

from geo.stores.base import EventStore, taken_message
from geo.stores.bulk import BulkImportable, BulkWriter, StoredIndex
from geo.stores.dataset import load_default_events, load_sources, read_collection, validate_collection
from geo.stores.factory import DATABASE_ENV, open_store
from geo.stores.gpkg import GeoPackageStore
from geo.stores.history import history_summary, history_table
from geo.stores.records import ACTIONS, AuditEntry, StaleVersion, Stored, StoreError, WriteReport, checksum
from geo.stores.transfer import CopyReport, copy_store
from geo.stores.urls import is_postgres_url, redact

__all__ = [
    "ACTIONS",
    "DATABASE_ENV",
    "AuditEntry",
    "BulkImportable",
    "BulkWriter",
    "CopyReport",
    "EventStore",
    "GeoPackageStore",
    "StaleVersion",
    "StoreError",
    "Stored",
    "StoredIndex",
    "WriteReport",
    "checksum",
    "copy_store",
    "history_summary",
    "history_table",
    "is_postgres_url",
    "load_default_events",
    "load_sources",
    "open_store",
    "read_collection",
    "redact",
    "taken_message",
    "validate_collection",
]
