"""The events passing some filters, a page at a time in store order: what an export reads.

From the embedded GeoPackage store the pages come straight off the file, one indexed range
of rows at a time (:meth:`GeoPackageStore.load_pages`) filtered in memory
(:func:`geo.filters.apply_filters`, which only looks at each event itself), so nothing the
size of the store is held, not even the lean frame of :func:`geo.query.open_query`; a write
to the store between two pages stops the export (:class:`StoreError`) rather than mix two
versions. Any other store is asked through its query (:class:`PagedQuery`, which
:class:`geo.query.EventQuery` is: ``count`` and ``page``; with PostGIS each page is one SQL
query).

Example
-------
>>> import tempfile
>>> empty = GeoPackageStore(tempfile.mkdtemp() + "/none.gpkg")
>>> pages = EventPages(empty, Filters())
>>> pages.total, [len(page) for page in pages]
(0, [])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

import geopandas as gpd

from geo.filters import Filters, apply_filters
from geo.stores import GeoPackageStore, StoreError

#: Events read at a time: about 50 MB of records.
PAGE_ROWS = 20_000


class PagedQuery(Protocol):
    """The two questions of :class:`geo.query.EventQuery` an export asks (full records, store order)."""

    def count(self, filters: Filters) -> int:
        """Events passing ``filters``."""

    def page(self, filters: Filters, offset: int, limit: int) -> gpd.GeoDataFrame:
        """Full records of the events passing ``filters``, rows ``offset`` to ``offset + limit``."""


class EventPages:
    """The events of ``source`` (a GeoPackage store, read directly, or a query) passing ``filters``,
    as canonical frames of at most ``rows`` events (:data:`PAGE_ROWS`) in store order.

    ``total`` is what the ``progress`` of :meth:`read` is told of in all: the events read
    from the store (before filtering) for a GeoPackage, the events passing otherwise.
    """

    def __init__(self, source: GeoPackageStore | PagedQuery, filters: Filters, rows: int | None = None) -> None:
        self.source, self.filters, self.rows = source, filters, rows or PAGE_ROWS
        self.total = source.count() if isinstance(source, GeoPackageStore) else source.count(filters)

    def __iter__(self) -> Iterator[gpd.GeoDataFrame]:
        return self.read()

    def read(self, progress: Callable[[int], object] | None = None) -> Iterator[gpd.GeoDataFrame]:
        """The pages (some may be empty), calling ``progress`` with the events of each once it is used."""
        source = self.source
        if isinstance(source, GeoPackageStore):
            every = self.filters == Filters()  # nothing to filter (9 s of a minute at a million events)
            chunks = ((chunk if every else apply_filters(chunk, self.filters), len(chunk))
                      for chunk in _unchanged(source, self.rows))
        else:
            chunks = ((page, len(page)) for page in (source.page(self.filters, offset, self.rows)
                                                     for offset in range(0, self.total, self.rows)))
        for page, done in chunks:
            yield page
            if progress is not None:
                progress(done)


def _unchanged(store: GeoPackageStore, rows: int) -> Iterator[gpd.GeoDataFrame]:
    """:meth:`GeoPackageStore.load_pages`, each page checked to come from the store as it was at the start
    (each page is a read of its own: a write in between would mix two versions)."""
    version = store.version()
    for page in store.load_pages(rows):
        if store.version() != version:
            raise StoreError("the store changed during the export (an edit or an import): run the export again")
        yield page
