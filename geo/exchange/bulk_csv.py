"""Our CSV read in chunks, for the streaming import (:mod:`geo.exchange.bulk`).

The record-by-record reader (:func:`geo.exchange.files.read_event_file`) reads
the whole text and builds a row dict per line, then an event per row: a million
rows need far more memory than the machine has (it refuses the file up front).
:class:`CsvSource` reads the file line by line with the same ``csv`` reader
settings, so rows, their numbers (the header is row 1, blank rows skipped but
counted) and a broken quote's "near line N" are the same. Each chunk of rows is
typed column by column (whole numbers, ``latitude``/``longitude``, WKT
geometry) for :func:`geo.model.columns.clean_rows`; a cell that does not type
cleanly marks its row *unclean*, and such rows go through the record model with
their text exactly as the regular reader would pass it, so every message is the
regular one.

Only files whose header and encoding the regular reader would accept are
streamed (:func:`csv_source` returns None otherwise, and the regular reader
words the problem); ACLED, UCDP and other CSV dialects are read record by record.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.exchange.acled import is_acled_header
from geo.exchange.bulk import Chunk
from geo.exchange.files import REQUIRED_FIELDS, FileProblem, NumberedRow
from geo.model import CRS, FIELDS, INT_FIELDS, POSITION_COLUMNS, TEXT_FIELDS, spreadsheet_restore

#: Bytes read at a time when checking that the whole file is UTF-8.
_BLOCK = 16 << 20
_WHOLE = re.compile(r"^\d{1,15}$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_source(path: Path) -> CsvSource | None:
    """A chunked reader of ``path`` if it is our CSV and readable as the regular reader reads it, else None."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
        if not head.strip() or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            return None
        if not _utf8(path):
            return None
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = [name.strip() for name in next(csv.reader(fh))]
    except (OSError, StopIteration, csv.Error):
        return None
    if (is_acled_header(header) or len(set(header)) != len(header) or any(c not in header for c in REQUIRED_FIELDS)
            or any(c not in FIELDS and c not in POSITION_COLUMNS for c in header)
            or ("geometry" not in header and not {"latitude", "longitude"} <= set(header))):
        return None
    return CsvSource(path, header)


def _utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8 (read a block at a time; the decoder carries split characters)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


class CsvSource:
    """Our CSV (header checked by :func:`csv_source`), ``chunk_rows`` non-blank rows at a time."""

    noun = "row"

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path, self.name, self.header = path, path.name, header

    def total(self) -> int | None:
        return None  # unknown until read

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]:
        with self.path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            rows: list[NumberedRow] = []
            try:
                next(reader)
                for number, values in enumerate(reader, start=2):
                    if not any(v.strip() for v in values):
                        continue
                    rows.append(self._row(number, values))
                    if len(rows) == chunk_rows:
                        yield typed_chunk(rows)
                        rows = []
            except csv.Error as exc:
                raise FileProblem(f"{self.path}: CSV cannot be parsed near line {reader.line_num}: {exc}") from None
            if rows:
                yield typed_chunk(rows)

    def _row(self, number: int, values: list[str]) -> NumberedRow:
        """As :func:`geo.exchange.files._csv_rows` and ``_read_csv`` make it."""
        row: dict[str, Any] = {name: (value.strip() or None) for name, value in zip(self.header, values, strict=False)}
        for name in TEXT_FIELDS:
            if isinstance(row.get(name), str):
                row[name] = spreadsheet_restore(row[name])
        problem = f"has {len(values)} cells but the header has {len(self.header)}" if len(values) != len(
            self.header) else None
        return number, row, problem


def typed_chunk(rows: list[NumberedRow]) -> Chunk:
    """The rows in the flat layout with numbers, positions and geometry typed; untypable rows unclean."""
    unclean = np.array([problem is not None for _, _, problem in rows], dtype=bool)
    columns: dict[str, Any] = {}
    for name in FIELDS:
        values = np.array([row.get(name) for _, row, _ in rows], dtype=object)
        if name in INT_FIELDS:
            numbers, bad = _numbers(values, _WHOLE)
            unclean |= bad
            columns[name] = numbers
        else:
            columns[name] = values
    lat, bad_lat = _numbers(np.array([row.get("latitude") for _, row, _ in rows], dtype=object), _DECIMAL)
    lon, bad_lon = _numbers(np.array([row.get("longitude") for _, row, _ in rows], dtype=object), _DECIMAL)
    wkt = np.array([row.get("geometry") for _, row, _ in rows], dtype=object)
    given = np.array([w is not None for w in wkt], dtype=bool)
    geometry = np.empty(len(rows), dtype=object)
    geometry[given] = shapely.from_wkt(wkt[given], on_invalid="ignore")
    points = ~given & ~np.isnan(lat) & ~np.isnan(lon)
    geometry[points] = shapely.points(lon[points], lat[points])
    one_of_two = np.isnan(lat) != np.isnan(lon)  # the record model words a half position
    unclean |= bad_lat | bad_lon | one_of_two | np.array([g is None for g in geometry], dtype=bool)
    # a position beside a geometry is checked against it (clean_rows): only then are the columns kept
    if (given & (~np.isnan(lat) | ~np.isnan(lon))).any():
        columns["latitude"], columns["longitude"] = lat, lon
    frame = gpd.GeoDataFrame(pd.DataFrame(columns), geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)
    numbers = np.array([number for number, _, _ in rows], dtype=np.int64)
    return Chunk(frame, numbers, rows.__getitem__, unclean)


def _numbers(values: np.ndarray, pattern: re.Pattern[str]) -> tuple[np.ndarray, np.ndarray]:
    """Cells as floats (NaN when blank) and which non-blank cells are not plainly a number."""
    cells = pd.Series(values, dtype="str")  # blank cells (None) stay missing
    plain = cells.str.fullmatch(pattern.pattern).fillna(False).to_numpy(dtype=bool)
    out = np.full(len(values), np.nan)
    out[plain] = cells[plain].astype("float64").to_numpy()
    return out, cells.notna().to_numpy(dtype=bool) & ~plain
