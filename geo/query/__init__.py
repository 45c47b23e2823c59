"""Questions the pages ask of the stored events, answered in memory or in the database.

See :mod:`geo.query.base` for the interface (:class:`EventQuery`) and its semantics; :class:`FrameQuery`
answers in memory, :class:`SqlQuery` in PostGIS; :func:`open_query` gives the one for a store,
:func:`query_layers` draws the map from one.
"""

from geo.query.base import EventQuery, Summary, TooMany
from geo.query.frame import FrameQuery, lean_frame
from geo.query.layers import query_layers
from geo.query.nearby import duplicate_candidates
from geo.query.open import open_query
from geo.query.sql import SqlQuery

__all__ = ["EventQuery", "FrameQuery", "SqlQuery", "Summary", "TooMany", "duplicate_candidates", "lean_frame",
           "open_query", "query_layers"]
