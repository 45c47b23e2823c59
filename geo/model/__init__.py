"""The event model: one schema every other capability reads and writes.

An :class:`Event` is one reported occurrence (ACLED event type and sub-type, time
and place precision, low/best/high figures) with its :class:`Citation` sources
rated on the Admiralty code. :func:`events_to_frame` / :func:`frame_to_events`
convert to and from a GeoDataFrame in EPSG:4326 (:data:`CRS`; distances in
:data:`METRIC_CRS`). The flat column layout shared by CSV files and the
GeoPackage store (:func:`flat_row_to_record`, :func:`write_gpkg`,
:func:`decode_layer`) lives here too, and so does where output goes (:func:`atomic_path`:
crash-safe files, named pipes and terminals written through, never replaced;
:func:`spreadsheet_safe` CSV cells).
"""

from geo.model.columns import clean_rows
from geo.model.flat import (
    LAYER,
    POSITION_COLUMNS,
    TEXT_FIELDS,
    RowProblem,
    decode_layer,
    events_csv_text,
    flat_row_to_record,
    lat_lon_point,
    to_flat_frame,
    whole_number,
    write_gpkg,
    write_gpkg_export,
)
from geo.model.output import (
    OutputPathError,
    atomic_path,
    check_output_path,
    spreadsheet_restore,
    spreadsheet_safe,
)
from geo.model.schema import (
    ACLED_TAXONOMY,
    CREDIBILITY_LABELS,
    CRS,
    DATE_FIELDS,
    EVENT_TYPES,
    FIELDS,
    GEO_PRECISION_LABELS,
    INT_FIELDS,
    KINDS,
    METRIC_CRS,
    RELIABILITY,
    RELIABILITY_LABELS,
    TIME_PRECISION_LABELS,
    Citation,
    Event,
    duplicate_id_line,
    empty_frame,
    events_to_frame,
    feature_label,
    format_errors,
    frame_records,
    frame_to_events,
    geojson_geometry_problem,
    has_extra_dimensions,
    normalise_frame,
    validate_features,
)

__all__ = [
    "ACLED_TAXONOMY",
    "CREDIBILITY_LABELS",
    "CRS",
    "DATE_FIELDS",
    "EVENT_TYPES",
    "FIELDS",
    "GEO_PRECISION_LABELS",
    "INT_FIELDS",
    "KINDS",
    "LAYER",
    "METRIC_CRS",
    "POSITION_COLUMNS",
    "RELIABILITY",
    "RELIABILITY_LABELS",
    "TEXT_FIELDS",
    "TIME_PRECISION_LABELS",
    "Citation",
    "Event",
    "OutputPathError",
    "RowProblem",
    "atomic_path",
    "check_output_path",
    "clean_rows",
    "decode_layer",
    "duplicate_id_line",
    "empty_frame",
    "events_csv_text",
    "events_to_frame",
    "feature_label",
    "flat_row_to_record",
    "format_errors",
    "frame_records",
    "frame_to_events",
    "geojson_geometry_problem",
    "has_extra_dimensions",
    "lat_lon_point",
    "normalise_frame",
    "spreadsheet_restore",
    "spreadsheet_safe",
    "to_flat_frame",
    "validate_features",
    "whole_number",
    "write_gpkg",
    "write_gpkg_export",
]
