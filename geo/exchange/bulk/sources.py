"""Which chunked reader, if any, streams a file: by its suffix, size, the ``--format`` given and its header.

A file is streamed only where the record-by-record reader would read it the same way (the same
format, detected as :func:`geo.exchange.formats.detect_format` detects it, and a header and encoding it
accepts); everything else, and every file below the size thresholds, is left to that reader.
"""

from __future__ import annotations

from pathlib import Path

from geo.exchange.acled import is_acled_header
from geo.exchange.bulk.csv_rows import csv_header, csv_source
from geo.exchange.bulk.geojson import geojson_source
from geo.exchange.bulk.stream import STREAM_MIN_BYTES, STREAM_MIN_FEATURES, ChunkSource, GeoPackageSource, feature_count
from geo.exchange.bulk.tables import acled_source, ucdp_source
from geo.exchange.ucdp import is_ucdp_header


def stream_source(path: Path, fmt: str = "auto", stream: bool | None = None) -> ChunkSource | None:
    """The chunked reader of ``path`` read as ``fmt`` if it is big enough (``stream`` True: whatever its size;
    False: never) and a file the chunked readers take, else None."""
    if stream is False or not path.is_file():
        return None
    suffix = path.suffix.lower()
    if suffix == ".gpkg" and fmt in ("auto", "gpkg"):
        count = feature_count(path)
        return GeoPackageSource(path, count) if count is not None and (stream or count >= STREAM_MIN_FEATURES) else None
    if not (stream or path.stat().st_size >= STREAM_MIN_BYTES):
        return None
    if suffix in (".geojson", ".json") and fmt in ("auto", "geojson"):
        return geojson_source(path)
    return table_source(path, fmt) if suffix == ".csv" else None


def table_source(path: Path, fmt: str = "auto") -> ChunkSource | None:
    """The chunked reader of a CSV file of ours, an ACLED export or a UCDP GED CSV, as ``fmt`` reads it."""
    header = csv_header(path)
    if header is None:
        return None
    found = "ucdp" if is_ucdp_header(header) else "acled" if is_acled_header(header) else "csv"
    if fmt not in ("auto", found):  # the regular reader refuses the file or reads it another way
        return None
    if found == "ucdp":
        return ucdp_source(path, header)
    return acled_source(path, header) if found == "acled" else csv_source(path, header)
