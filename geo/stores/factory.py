"""The event store: an embedded GeoPackage by default, PostGIS when ``DATABASE_URL`` says so.

:func:`open_store` picks the backend; both implement :class:`EventStore` with
the same validation, per-event versions, audit log and soft delete
(:mod:`geo.stores.base`, :mod:`geo.stores.records`):

* :class:`~geo.stores.gpkg.GeoPackageStore` — one file at
  :func:`geo.paths.store_path` (honours ``BORDER_MONITOR_DATA``), seeded with
  the curated dataset on first use; nothing to configure;
* :class:`~geo.stores.pg.PostGISStore` — a shared PostgreSQL/PostGIS database,
  for several analysts editing at once.

Example::

    store = open_store()                          # $DATABASE_URL, else the local GeoPackage
    event, version = store.get_versioned("E-1")
    store.update(edited, expected_version=version, actor="ana")   # StaleVersion if changed meanwhile
    store.history("E-1")                          # who changed what, when
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from geo.paths import store_path
from geo.stores.base import EventStore
from geo.stores.gpkg import GeoPackageStore
from geo.stores.records import (
    ACTIONS,
    AuditEntry,
    EventInput,
    StaleVersion,
    Stored,
    StoreError,
    WriteReport,
    checksum,
)
from geo.stores.urls import is_postgres_url

#: The environment variable naming a shared store (``postgresql://user:pass@host:5432/dbname``).
DATABASE_ENV = "DATABASE_URL"

_seeded: set[str] = set()
_seeded_lock = threading.Lock()


def open_store(url: str | None = None) -> EventStore:
    """Open the store at ``url``, else at ``$DATABASE_URL``, else the default GeoPackage.

    A ``postgresql://`` (or ``postgresql+psycopg://``) URL opens the PostGIS
    store, creating or upgrading its tables; anything else is a GeoPackage
    path. The store chosen by ``$DATABASE_URL`` or the default is seeded with
    the curated dataset when it has never been written; a store given as
    ``url`` starts empty.
    """
    chosen = url or os.environ.get(DATABASE_ENV) or None
    if chosen and "://" in chosen:
        from geo.stores.pg import PostGISStore  # psycopg only when a server is used

        if not is_postgres_url(chosen):
            scheme = chosen.split("://", 1)[0]
            raise StoreError(f"unsupported store URL scheme {scheme!r}: give a postgresql:// URL or a "
                             "GeoPackage file path")
        store = PostGISStore(chosen)
        if not url:
            with _seeded_lock:
                if chosen not in _seeded:
                    from geo.stores.dataset import load_default_events

                    store.seed_if_empty(load_default_events)
                    _seeded.add(chosen)
        return store
    if url:
        return GeoPackageStore(Path(url).expanduser())
    gpkg = GeoPackageStore(Path(chosen).expanduser() if chosen else store_path())
    if not gpkg.path.exists():
        from geo.stores.dataset import load_default_events  # only needed once per data directory

        gpkg.seed_if_missing(load_default_events)
    return gpkg


__all__ = ["ACTIONS", "DATABASE_ENV", "AuditEntry", "EventInput", "EventStore", "GeoPackageStore", "StaleVersion",
           "StoreError", "Stored", "WriteReport", "checksum", "open_store"]
