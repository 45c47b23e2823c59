"""Questions the pages ask of the stored events, answered in memory or in the database.

See :mod:`geo.query.base` for the interface (:class:`EventQuery`) and its semantics.
"""

from geo.query.base import EventQuery, Summary, TooMany

__all__ = ["EventQuery", "Summary", "TooMany"]
