"""The query of a store: in memory for the embedded GeoPackage, in the database for PostGIS."""

from __future__ import annotations

import contextlib
import ctypes

import pyarrow as pa

from geo.query.base import EventQuery
from geo.query.frame import LEAN_READ, FrameQuery
from geo.query.sql import PostGISReader, SqlQuery
from geo.stores import EventStore, GeoPackageStore


def open_query(store: EventStore) -> EventQuery:
    """An :class:`EventQuery` of the store's live events as they are now (one per store version).

    A PostGIS store answers in its database (:class:`SqlQuery`: nothing is loaded). The embedded
    store is read once into a lean frame (:class:`FrameQuery`; of a GeoPackage only the fields it
    needs are read); the full records of what is shown are read back by id.
    """
    if isinstance(store, PostGISReader):
        return SqlQuery(store)
    loaded = store.load(columns=LEAN_READ) if isinstance(store, GeoPackageStore) else store.load()
    query = FrameQuery.of(loaded, fetch=store.load_ids)
    del loaded
    _give_back_memory()
    return query


def _give_back_memory() -> None:
    """Hand the memory the whole-store read freed back to the system.

    Arrow's pool and glibc's heap keep freed memory for reuse; after reading a million events
    that is about 0.6 GB of a server's resident memory that nothing will use again.
    """
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
