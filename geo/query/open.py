"""The query of a store: in memory for the embedded GeoPackage, in the database for PostGIS."""

from __future__ import annotations

from geo.query.base import EventQuery
from geo.query.frame import FrameQuery
from geo.stores import EventStore


def open_query(store: EventStore) -> EventQuery:
    """An :class:`EventQuery` of the store's live events as they are now (one per store version).

    The embedded store is read once into a lean frame (:class:`FrameQuery`); the full records
    of what is shown are read back by id.
    """
    return FrameQuery.of(store.load(), fetch=store.load_ids)
