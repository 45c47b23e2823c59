"""ACLED and UCDP GED CSV files read in chunks, mapped column by column, for the streaming import.

The rows are read line by line as for our CSV (:class:`geo.exchange.bulk.csv_rows.CsvRows`: same
``csv`` settings, row numbers and cells), then each chunk is mapped onto our flat layout a column at a
time with the mapping of :mod:`geo.exchange.acled` and :mod:`geo.exchange.ucdp`:

* columns copied as they are, and choices between columns (UCDP's ``location``), are array operations;
* precision and violence codes, ids and whole numbers are mapped where the cell is plainly one of
  them (``"2"``, ``"ucdp"`` ids of digits); any other cell makes its row *unclean*;
* dates (``parse_acled_date``, UCDP's day), ACLED's ``kind`` and, per row, UCDP's notes and both
  formats' citations come from the same functions as record by record (dates and kinds once per
  distinct value: a million rows have a few thousand).

The mapped chunk is typed and checked like our CSV (:func:`geo.exchange.bulk.csv_rows.typed_columns`,
:func:`geo.model.columns.clean_rows`); an unclean row, or one the check does not pass, goes through
the format's record-by-record mapping and the record model (:class:`RecordCheck` with ACLED's or UCDP's
column names), so every message is the regular one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.exchange.acled import (
    ACLED_COLUMNS,
    ACLED_NAME_OF_FIELD,
    ACLED_REQUIRED,
    acled_citations,
    kind_for,
    parse_acled_date,
)
from geo.exchange.bulk.csv_rows import CsvRows, column_reader, typed_columns
from geo.exchange.bulk.stream import Chunk, RecordCheck
from geo.exchange.files import NumberedRow, _acled_record
from geo.exchange.ucdp import (
    DATE_PREC_TO_TIME_PRECISION,
    UCDP_NAME_OF_FIELD,
    UCDP_REQUIRED,
    VIOLENCE_TYPES,
    WHERE_PREC_TO_GEO_PRECISION,
    ucdp_citations,
    ucdp_day,
    ucdp_notes,
    ucdp_row_to_record,
)

#: UCDP ids of digits that ``int(float(id))`` keeps exactly.
_PLAIN_ID = r"0|[1-9]\d{0,14}"


def acled_source(path: Path, header: list[str]) -> AcledSource | None:
    """A chunked reader of an ACLED export with ``header``, or None when it lacks a required column."""
    return AcledSource(path, header) if all(c in header for c in ACLED_REQUIRED) else None


def ucdp_source(path: Path, header: list[str]) -> UcdpSource | None:
    """A chunked reader of a UCDP GED CSV with ``header``, or None when it lacks a required column."""
    return UcdpSource(path, header) if all(c in header for c in UCDP_REQUIRED) else None


class AcledSource(CsvRows):
    """An ACLED export (:mod:`geo.exchange.acled`), mapped a chunk at a time."""

    fmt = "acled"
    check = RecordCheck("row", _acled_record, ACLED_NAME_OF_FIELD)

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]:
        for rows in self.batches(chunk_rows):
            column = column_reader(rows)
            out = {ours: column(theirs) for theirs, ours in ACLED_COLUMNS.items()}
            out["date_start"] = out["date_end"] = once_per_value(parse_acled_date, column("event_date"))
            out["kind"] = once_per_value(kind_for, column("event_type"), column("sub_event_type"))
            out["fatalities_best"] = column("fatalities")
            out["sources"] = np.array([json.dumps(acled_citations(event_id, source), ensure_ascii=False)
                                       for event_id, source in zip(column("event_id_cnty"), column("source"),
                                                                   strict=True)], dtype=object)
            out["latitude"], out["longitude"] = column("latitude"), column("longitude")
            yield typed_columns(out, rows)


class UcdpSource(CsvRows):
    """A UCDP GED CSV (:mod:`geo.exchange.ucdp`), mapped a chunk at a time."""

    fmt = "ucdp"
    check = RecordCheck("row", ucdp_row_to_record, UCDP_NAME_OF_FIELD)

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]:
        for rows in self.batches(chunk_rows):
            yield self._chunk(rows)

    def _chunk(self, rows: list[NumberedRow]) -> Chunk:
        column = column_reader(rows)
        raw_id = pd.Series(column("id"), dtype="str")
        plain_id = _ids_kept(raw_id)
        violence, good_violence = _codes(column("type_of_violence"), VIOLENCE_TYPES)
        date_prec, good_date = _codes(column("date_prec"), DATE_PREC_TO_TIME_PRECISION)
        where_prec, good_where = _codes(column("where_prec"), WHERE_PREC_TO_GEO_PRECISION)
        # the rows ucdp_row_to_record maps without a problem, as it maps them (the others: record by record)
        mapped = plain_id & good_violence & good_date & good_where
        types = {code: VIOLENCE_TYPES[code] for code in VIOLENCE_TYPES}
        location = column("where_coordinates").copy()
        for fallback in ("adm_1", "country"):
            location = np.where(pd.isna(location), column(fallback), location)
        claimed = pd.Series(column("source_original"), dtype="str").str.slice(0, 300)
        out: dict[str, Any] = {
            "event_id": ("ucdp-" + raw_id).to_numpy(dtype=object),
            "kind": np.full(len(rows), "incident", dtype=object),
            "event_type": np.array([types.get(v, (None, None))[0] for v in violence], dtype=object),
            "sub_event_type": np.array([types.get(v, (None, None))[1] for v in violence], dtype=object),
            "date_start": once_per_value(ucdp_day, column("date_start")),
            "date_end": once_per_value(ucdp_day, column("date_end")),
            "time_precision": _mapped(date_prec, DATE_PREC_TO_TIME_PRECISION),
            "geo_precision": _mapped(where_prec, WHERE_PREC_TO_GEO_PRECISION),
            "location": location, "admin1": column("adm_1"), "country": column("country"),
            "actor1": column("side_a"), "actor2": column("side_b"),
            "claimed_by": claimed.astype(object).where(claimed.notna(), None).to_numpy(dtype=object),
            "fatalities_low": column("low"), "fatalities_best": column("best"), "fatalities_high": column("high"),
            "latitude": column("latitude"), "longitude": column("longitude"),
        }
        notes, sources = np.full(len(rows), None, dtype=object), np.full(len(rows), None, dtype=object)
        for i in np.flatnonzero(mapped):
            row = rows[i][1]
            notes[i] = ucdp_notes(row, int(violence[i]), int(where_prec[i]))
            sources[i] = json.dumps(ucdp_citations(str(row["id"]), row), ensure_ascii=False)
        out["notes"], out["sources"] = notes, sources
        return typed_columns(out, rows, unclean=~mapped)


def once_per_value(parse: Callable[..., Any], *columns: np.ndarray) -> np.ndarray:
    """``parse`` of each row's cells in ``columns``, called once per distinct combination."""
    done: dict[tuple[Any, ...], Any] = {}
    out = np.empty(len(columns[0]), dtype=object)
    for i, cells in enumerate(zip(*columns, strict=True)):
        if cells not in done:
            done[cells] = parse(*cells)
        out[i] = done[cells]
    return out


def _ids_kept(raw: pd.Series) -> np.ndarray:
    """Which ids ``ucdp_row_to_record`` keeps as they are: plain digits, or text that is no number at all
    (``whole_number`` changes ``"007"`` or ``"1e3"``)."""
    kept = raw.str.fullmatch(_PLAIN_ID).fillna(False).to_numpy(dtype=bool).copy()
    for i in np.flatnonzero(~kept & raw.notna().to_numpy(dtype=bool)):
        kept[i] = not _is_number(raw.iat[i])
    return kept


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _codes(cells: np.ndarray, table: dict[int, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Cells that are plainly one of ``table``'s codes ("1", "2"...) as ints (0 elsewhere), and which are."""
    text = pd.Series(cells, dtype="str")
    known = text.isin([str(code) for code in table]).to_numpy(dtype=bool)
    codes = np.zeros(len(cells), dtype=np.int64)
    codes[known] = text[known].astype("int64").to_numpy()
    return codes, known


def _mapped(codes: np.ndarray, table: dict[int, int]) -> np.ndarray:
    """Codes through ``table`` as floats (NaN where the code is not in it)."""
    return np.array([float(table[c]) if c in table else np.nan for c in codes.tolist()], dtype="float64")
