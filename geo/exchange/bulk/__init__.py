"""Big imports streamed in chunks: GeoPackage, our CSV, ACLED and UCDP CSV, GeoJSON.

:func:`stream_source` picks the chunked reader of a file (:class:`ChunkSource`: ``stream`` GeoPackage,
``csv_rows`` our CSV, ``tables`` ACLED and UCDP, ``geojson`` GeoJSON with ijson) and
:func:`import_stream` checks each chunk whole-column and writes through the store's bulk writer, all or
nothing, with the record-by-record reader's messages (:class:`RecordCheck`).
"""

from geo.exchange.bulk.sources import stream_source, table_source
from geo.exchange.bulk.stream import (
    CHUNK_ROWS,
    STREAM_MIN_BYTES,
    STREAM_MIN_FEATURES,
    Chunk,
    ChunkSource,
    GeoPackageSource,
    RecordCheck,
    feature_count,
    import_stream,
)

__all__ = [
    "CHUNK_ROWS",
    "STREAM_MIN_BYTES",
    "STREAM_MIN_FEATURES",
    "Chunk",
    "ChunkSource",
    "GeoPackageSource",
    "RecordCheck",
    "feature_count",
    "import_stream",
    "stream_source",
    "table_source",
]
