"""CSV files read in chunks, for the streaming import (:mod:`geo.exchange.bulk.stream`).

The record-by-record reader (:func:`geo.exchange.files.read_event_file`) reads
the whole text and builds a row dict per line, then an event per row: a million
rows need far more memory than the machine has (it refuses the file up front).
:class:`CsvRows` reads the file line by line with the same ``csv`` reader
settings and row builder (:func:`geo.exchange.files.csv_row`), so rows, their
numbers (the header is row 1, blank rows skipped but counted) and a broken
quote's "near line N" are the same. :class:`CsvSource` (our CSV) types each
chunk of rows column by column (whole numbers, ``latitude``/``longitude``, WKT
geometry; :func:`typed_columns`) for :func:`geo.model.columns.clean_rows`; a
cell that does not type cleanly marks its row *unclean*, and such rows go
through the record model with their text exactly as the regular reader would
pass it, so every message is the regular one. ACLED and UCDP files use the same
reading and typing (:mod:`geo.exchange.bulk.tables`).

Only files whose header and encoding the regular reader would accept are
streamed (:func:`csv_header` and :func:`csv_source` return None otherwise, and
the regular reader words the problem).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.exchange.bulk.stream import Chunk, RecordCheck
from geo.exchange.files import REQUIRED_FIELDS, FileProblem, NumberedRow, csv_problem, csv_row
from geo.model import CRS, FIELDS, INT_FIELDS, POSITION_COLUMNS, TEXT_FIELDS, spreadsheet_restore

#: Bytes read at a time when checking that the whole file is UTF-8.
_BLOCK = 16 << 20
_WHOLE = re.compile(r"^\d{1,15}$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_header(path: Path) -> list[str] | None:
    """The header of a CSV file the regular reader reads (UTF-8 text, no column named twice, the same
    header however the format is detected), else None."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
        if not head.strip() or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            return None
        if not is_utf8(path):
            return None
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = [name.strip() for name in next(csv.reader(fh))]
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first_line = fh.read(1 << 20).splitlines()[0]  # as geo.exchange.formats.detect_format reads it
    except (OSError, StopIteration, IndexError, csv.Error):
        return None
    if len(set(header)) != len(header) or [name.strip() for name in next(csv.reader([first_line]))] != header:
        return None
    return header


def csv_source(path: Path, header: list[str]) -> CsvSource | None:
    """A chunked reader of ``path`` if ``header`` (from :func:`csv_header`) is one of our CSV, else None."""
    if (any(c not in header for c in REQUIRED_FIELDS) or any(c not in FIELDS and c not in POSITION_COLUMNS
                                                             for c in header)
            or ("geometry" not in header and not {"latitude", "longitude"} <= set(header))):
        return None
    return CsvSource(path, header)


def is_utf8(path: Path) -> bool:
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


class CsvRows:
    """A CSV file's rows (header checked by :func:`csv_header`), ``chunk_rows`` non-blank rows at a time."""

    noun = "row"

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path, self.name, self.header = path, path.name, header

    def total(self) -> int | None:
        return None  # unknown until read

    def batches(self, chunk_rows: int) -> Iterator[list[NumberedRow]]:
        """The rows as the regular reader builds them (:func:`geo.exchange.files.csv_row`)."""
        with self.path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            rows: list[NumberedRow] = []
            try:
                next(reader)
                for number, values in enumerate(reader, start=2):
                    if not any(v.strip() for v in values):
                        continue
                    rows.append(csv_row(self.header, number, values))
                    if len(rows) == chunk_rows:
                        yield rows
                        rows = []
            except csv.Error as exc:
                raise FileProblem(csv_problem(self.path, reader.line_num, exc)) from None
            if rows:
                yield rows


class CsvSource(CsvRows):
    """Our CSV: formula-guarded text restored, then typed (:func:`typed_chunk`)."""

    fmt = "csv"
    check = RecordCheck("row")

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]:
        for rows in self.batches(chunk_rows):
            for _, row, _ in rows:  # as geo.exchange.files._read_csv does
                for name in TEXT_FIELDS:
                    if isinstance(row.get(name), str):
                        row[name] = spreadsheet_restore(row[name])
            yield typed_chunk(rows)


def cells_of(rows: Sequence[NumberedRow], name: str) -> np.ndarray:
    """One column of the rows as an object array (None where blank or absent)."""
    return np.array([row.get(name) for _, row, _ in rows], dtype=object)


def column_reader(rows: Sequence[NumberedRow]) -> Callable[[str], np.ndarray]:
    """A function giving the rows' cells of a column by name (all None for a column the file lacks),
    each column built once."""
    built: dict[str, np.ndarray] = {}

    def column(name: str) -> np.ndarray:
        if name not in built:
            built[name] = cells_of(rows, name)
        return built[name]

    return column


def typed_chunk(rows: list[NumberedRow]) -> Chunk:
    """Rows of our flat layout with numbers, positions and geometry typed; untypable rows unclean."""
    return typed_columns({name: cells_of(rows, name) for name in (*FIELDS, *POSITION_COLUMNS)}, rows)


def typed_columns(cells: dict[str, np.ndarray], rows: list[NumberedRow],
                  unclean: np.ndarray | None = None) -> Chunk:
    """A chunk of ``rows`` from their cells in our flat layout (FIELDS and any of ``latitude``,
    ``longitude``, ``geometry`` as WKT): number cells given as text are typed (a cell that is not plainly a
    number, a half position or an unreadable geometry makes its row unclean, as does a row with a shape
    problem or marked in ``unclean``)."""
    n = len(rows)
    unclean = (np.zeros(n, dtype=bool) if unclean is None else unclean.copy()) | np.array(
        [problem is not None for _, _, problem in rows], dtype=bool)
    columns: dict[str, Any] = {}
    for name in FIELDS:
        values = cells.get(name, np.full(n, None, dtype=object))
        if name in INT_FIELDS and values.dtype == object:
            values, bad = _numbers(values, _WHOLE)
            unclean |= bad
        columns[name] = values
    none = np.full(n, None, dtype=object)
    lat, bad_lat = _numbers(cells.get("latitude", none), _DECIMAL)
    lon, bad_lon = _numbers(cells.get("longitude", none), _DECIMAL)
    wkt = cells.get("geometry", none)
    given = np.array([w is not None for w in wkt], dtype=bool)
    geometry = np.empty(n, dtype=object)
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
