"""Files in and out: GeoJSON, CSV, GeoPackage, KML, ACLED- and UCDP-style tables.

:func:`read_event_file` / :func:`write_events` for our own formats,
:func:`import_file` / :func:`export_events` for every exchange format
(:data:`IMPORT_FORMATS`, :data:`EXPORT_FORMATS`) with a sources/licences sidecar;
:func:`export_pages` writes the :class:`EventPages` of a store as they come (bounded memory);
imports are all-or-nothing, refuse geometry that contradicts its record unless told
(:func:`without_far_events`) and report what they read, added and rejected.
"""

from geo.exchange.bulk import STREAM_MIN_BYTES, STREAM_MIN_FEATURES, feature_count
from geo.exchange.export import (
    EXPORT_FORMATS,
    Exported,
    export_events,
    export_pages,
    sidecar_paths,
)
from geo.exchange.files import FORMATS, FileProblem, read_event_file, read_events, to_feature_collection, write_events
from geo.exchange.formats import IMPORT_FORMATS, import_file, read_exchange_file, without_far_events
from geo.exchange.kml import events_to_kml, read_kml
from geo.exchange.pages import PAGE_ROWS, EventPages, PagedQuery
from geo.exchange.tables import ACLED_EXPORT_COLUMNS, UCDP_EXPORT_COLUMNS, acled_export_rows, ucdp_export_rows

__all__ = [
    "ACLED_EXPORT_COLUMNS",
    "EXPORT_FORMATS",
    "FORMATS",
    "IMPORT_FORMATS",
    "PAGE_ROWS",
    "STREAM_MIN_BYTES",
    "STREAM_MIN_FEATURES",
    "UCDP_EXPORT_COLUMNS",
    "EventPages",
    "Exported",
    "FileProblem",
    "PagedQuery",
    "acled_export_rows",
    "events_to_kml",
    "export_events",
    "export_pages",
    "feature_count",
    "import_file",
    "read_event_file",
    "read_events",
    "read_exchange_file",
    "read_kml",
    "sidecar_paths",
    "to_feature_collection",
    "ucdp_export_rows",
    "without_far_events",
    "write_events",
]
