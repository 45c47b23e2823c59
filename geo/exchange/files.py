"""Reading and writing event files: GeoJSON, CSV (ours or ACLED-style) and GeoPackage.

Readers never raise on bad input: :func:`read_events` returns the valid events
and one line per problem, naming the row or feature and the field, e.g.
``row 14 (BM-7), field date_start: ...``. CSV rows are numbered as a
spreadsheet shows them (the header is row 1); GeoJSON features and GeoPackage
rows from 1. A file that cannot be read at all (empty, binary, not UTF-8,
bad JSON, missing columns...) gives exactly one line.

Writers to a path are atomic (temporary file in the same directory, then
``os.replace``), so a failed export never leaves a half-written file.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pydantic import ValidationError
from shapely.geometry.base import BaseGeometry

from geo.exchange.acled import ACLED_NAME_OF_FIELD, ACLED_REQUIRED, acled_row_to_record, is_acled_header
from geo.model import (
    DATE_FIELDS,
    FIELDS,
    INT_FIELDS,
    LAYER,
    POSITION_COLUMNS,
    TEXT_FIELDS,
    Event,
    RowProblem,
    atomic_path,
    duplicate_id_line,
    events_csv_text,
    flat_row_to_record,
    format_errors,
    frame_records,
    has_extra_dimensions,
    lat_lon_point,
    spreadsheet_restore,
    validate_features,
    whole_number,
    write_gpkg_export,
)

#: Memory an import needs per byte of file, measured on synthetic GeoPackages (100,000 events: a 76 MB
#: file took 2.2 GB while being validated); the limit on a file's size is this machine's free memory.
MEMORY_PER_FILE_BYTE = 30
FORMATS = ("geojson", "csv", "gpkg")
#: (row number, {column: value or None}, a problem with the row's shape or None)
NumberedRow = tuple[int, dict[str, Any], str | None]
#: Fields every record must have (geometry is checked separately).
REQUIRED_FIELDS = tuple(name for name in FIELDS if Event.model_fields[name].is_required())


class FileProblem(ValueError):
    """A whole file cannot be read (empty, binary, bad JSON, wrong shape...)."""


@dataclass
class EventFile:
    """What a file held: valid events, one line per problem, and how many records were read."""

    events: list[Event]
    errors: list[str]
    records: int
    notes: list[str] = field(default_factory=list)  # things changed on the way in (e.g. Z dropped)


def far_line(event_id: str, problem: str) -> str:
    """The problem line of an event whose geometry contradicts its record (see ``allow_far``)."""
    return f"event {event_id}, field geometry: {problem} (--allow-far imports it anyway)"


# -- reading -------------------------------------------------------------------------


def read_events(path: str | Path) -> tuple[list[Event], list[str]]:
    """Validate a .geojson/.json, .csv or .gpkg file; return good events and problems."""
    result = read_event_file(path)
    return result.events, result.errors


def read_event_file(path: str | Path) -> EventFile:
    """Like :func:`read_events`, also counting the records read (for import reports)."""
    path = Path(path)
    suffix = path.suffix.lower()
    readers: dict[str, Callable[[Path], EventFile]] = {
        ".geojson": _read_geojson,
        ".json": _read_geojson,
        ".csv": _read_csv,
        ".gpkg": _read_gpkg,
    }
    reader = readers.get(suffix)
    if reader is None:
        kind = suffix or "(no extension)"
        return EventFile([], [f"{path}: unsupported file type {kind}; use .geojson, .csv or .gpkg"], 0)
    try:
        _check_file(path)
        return reader(path)
    except FileProblem as exc:
        return EventFile([], [str(exc)], 0)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise FileProblem(f"{path}: no such file")
    if not path.is_file():
        raise FileProblem(f"{path}: is a directory or special file, not a data file")
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"{path}: the file is empty")
    needed, free = size * MEMORY_PER_FILE_BYTE, available_memory()
    if free is not None and needed > free:
        raise FileProblem(f"{path}: reading {size / 1e6:,.0f} MB needs about {needed / 1e9:,.1f} GB of memory and "
                          f"{free / 1e9:,.1f} GB is free; split the file or free memory")


def available_memory() -> int | None:
    """Bytes of memory available to new allocations (Linux ``MemAvailable``), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file or raise :class:`FileProblem` saying why not."""
    _check_file(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(f"{path}: UTF-16 text; re-save it as UTF-8")
    if b"\x00" in raw[:8192]:
        raise FileProblem(f"{path}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded); re-save it as UTF-8"
        ) from None
    if not text.strip():
        raise FileProblem(f"{path}: the file is empty (only whitespace)")
    return text


def _read_geojson(path: Path) -> EventFile:
    try:
        data = json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise FileProblem(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise FileProblem(f"{path}: JSON is nested too deeply to be GeoJSON") from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        raise FileProblem(f"{path}: a single GeoJSON Feature; wrap it in a FeatureCollection")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise FileProblem(f"{path}: not a GeoJSON FeatureCollection (found {found!r})")
    features = data.get("features")
    if not isinstance(features, list):
        raise FileProblem(f"{path}: 'features' is not a list")
    events, errors = validate_features(features)
    notes = [extra_dimensions_note(i) for i, feat in enumerate(features, start=1)
             if isinstance(feat, dict) and has_extra_dimensions(feat.get("geometry"))]
    return EventFile(events, errors, len(features), notes)


def extra_dimensions_note(number: int) -> str:
    """The note on GeoJSON feature ``number`` whose positions had Z or M values (dropped on the way in)."""
    return f"feature {number}: geometry has more than two coordinates per position; only longitude and latitude " \
           "were kept"


def _read_csv(path: Path) -> EventFile:
    header, rows = _csv_rows(path, read_text_file(path))
    if is_acled_header(header):
        _require_columns(path, header, ACLED_REQUIRED, label="ACLED column")
        return _validate_rows(rows, "row", _acled_record, ACLED_NAME_OF_FIELD)
    _require_columns(path, header, REQUIRED_FIELDS, label="column")
    unknown = [c for c in header if c not in FIELDS and c not in POSITION_COLUMNS]
    if unknown:
        raise FileProblem(
            f"{path}: unknown column(s): {', '.join(unknown)} (expected {', '.join(FIELDS)}, "
            "geometry, latitude, longitude; or an ACLED export with event_id_cnty)"
        )
    if "geometry" not in header and not {"latitude", "longitude"} <= set(header):
        raise FileProblem(f"{path}: needs a geometry (WKT) column or latitude and longitude")
    for _, row, _ in rows:  # our CSV guards formula-like text cells; undo it exactly
        for name in TEXT_FIELDS:
            if isinstance(row.get(name), str):
                row[name] = spreadsheet_restore(row[name])
    return _validate_rows(rows, "row", flat_row_to_record)


def _require_columns(path: Path, header: list[str], required: Iterable[str], label: str) -> None:
    missing = [c for c in required if c not in header]
    if not missing:
        return
    hint = ""
    if len(header) == 1 and ";" in header[0]:
        hint = " (the header has one column: is the file separated by semicolons, not commas?)"
    raise FileProblem(f"{path}: missing {label}(s): {', '.join(missing)}{hint}")


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[NumberedRow]]:
    """The header, and ``(row number, {column: value or None}, problem)`` per non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[NumberedRow] = []
    try:
        header = [name.strip() for name in next(reader)]
        duplicated = sorted({name for name in header if header.count(name) > 1})
        if duplicated:
            raise FileProblem(f"{path}: column(s) named twice: {', '.join(duplicated)}")
        for number, values in enumerate(reader, start=2):
            if any(v.strip() for v in values):
                rows.append(csv_row(header, number, values))
    except csv.Error as exc:
        raise FileProblem(csv_problem(path, reader.line_num, exc)) from None
    return header, rows


def csv_row(header: list[str], number: int, values: list[str]) -> NumberedRow:
    """One non-blank CSV line as a row: cells stripped (blank ones None), and a problem if it has too few or
    too many cells."""
    row: dict[str, Any] = {name: (value.strip() or None) for name, value in zip(header, values, strict=False)}
    shape_problem = None
    if len(values) != len(header):
        shape_problem = f"has {len(values)} cells but the header has {len(header)}"
    return number, row, shape_problem


def csv_problem(path: Path, line: int, exc: csv.Error) -> str:
    """The one line of a CSV file the csv module gives up on."""
    return f"{path}: CSV cannot be parsed near line {line}: {exc}"


def _read_gpkg(path: Path) -> EventFile:
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
        if LAYER not in layers:
            found = ", ".join(layers) or "none"
            raise FileProblem(f"{path}: has no '{LAYER}' layer (layers: {found})")
        frame = pyogrio.read_dataframe(path, layer=LAYER)
    except FileProblem:
        raise
    except Exception as exc:  # pyogrio/GDAL raise several types for broken files
        raise FileProblem(f"{path}: cannot be read as a GeoPackage ({exc})") from None
    rows: list[NumberedRow] = [
        (number, {k: (None if _is_missing(v) else v) for k, v in values.items()}, None)
        for number, values in enumerate(frame.to_dict("records"), start=1)
    ]
    return _validate_rows(rows, "feature", flat_row_to_record)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _acled_record(row: Mapping[str, Any]) -> dict[str, Any]:
    record = acled_row_to_record(dict(row))
    for name in INT_FIELDS:
        if name in record:
            record[name] = whole_number(record[name])
    record["geometry"] = lat_lon_point(row)
    return record


def _validate_rows(
    rows: Iterable[NumberedRow],
    noun: str,
    to_record: Callable[[Mapping[str, Any]], dict[str, Any]],
    field_names: Mapping[str, str] | None = None,
) -> EventFile:
    """Validate rows; problems read ``row 14 (id), field x: ...``.

    ``field_names`` renames our fields to the file's column names in messages.
    """
    events: list[Event] = []
    errors: list[str] = []
    first_seen: dict[str, str] = {}
    count = 0
    for number, row, shape_problem in rows:
        count += 1
        where = row_label(noun, number, row)
        try:
            if shape_problem:
                raise RowProblem(None, shape_problem)
            event = Event.model_validate(to_record(row))
        except RowProblem as problem:
            field = f", field {problem.field}" if problem.field else ""
            errors.append(f"{where}{field}: {problem}")
            continue
        except ValidationError as exc:
            errors.extend(_rename_fields(format_errors(exc, where), where, field_names or {}))
            continue
        if event.event_id in first_seen:
            errors.append(duplicate_id_line(where, event.event_id, first_seen[event.event_id]))
            continue
        first_seen[event.event_id] = f"{noun} {number}"
        events.append(event)
    return EventFile(events, errors, count)


def row_label(noun: str, number: int, row: Mapping[str, Any]) -> str:
    """How a problem names a row: ``row 14 (BM-7)`` (the id as the file gives it, if it does)."""
    raw_id = row.get("event_id") or row.get("event_id_cnty")
    return f"{noun} {number}" + (f" ({str(raw_id)[:80]})" if raw_id else "")


def _rename_fields(lines: list[str], where: str, names: Mapping[str, str]) -> list[str]:
    """``row 3, field date_start: ...`` -> ``row 3, field event_date: ...`` for the file's names."""
    prefix = f"{where}, field "
    out = []
    for line in lines:
        if line.startswith(prefix):
            loc, _, message = line[len(prefix):].partition(": ")
            top = loc.split(".")[0]
            if top in names:
                detail = "" if loc == top else f" ({loc})"
                line = f"{prefix}{names[top]}{detail}: {message}"
        out.append(line)
    return list(dict.fromkeys(out))  # date_start and date_end both come from event_date


# -- writing -------------------------------------------------------------------------


def to_feature_collection(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """The frame as a GeoJSON FeatureCollection; properties are exactly FIELDS.

    Dates are ISO ``YYYY-MM-DD`` (UTC days) and ``sources`` a list of citation objects.
    """
    features = []
    for record in frame_records(gdf):
        geom: BaseGeometry = record.pop("geometry")
        props = {name: record[name] for name in FIELDS}
        for name in DATE_FIELDS:
            props[name] = props[name].isoformat()
        props["sources"] = list(props["sources"])
        features.append({
            "type": "Feature",
            "id": props["event_id"],
            "geometry": geom.__geo_interface__,
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features}


def write_events(gdf: gpd.GeoDataFrame, fmt: str, out: str | Path) -> None:
    """Write the frame as ``geojson``, ``csv`` or ``gpkg`` to a path, or to stdout when out is "-".

    Raises ValueError for an unknown format, a GeoPackage to stdout or a
    directory as ``out``; the target file is replaced atomically.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    to_stdout = str(out) == "-"
    if fmt == "gpkg" and to_stdout:
        raise ValueError("a GeoPackage cannot be written to stdout; give --out FILE.gpkg")
    if not to_stdout and Path(out).is_dir():
        raise ValueError(f"{out} is a directory; give a file name")
    if fmt == "gpkg":
        with atomic_path(Path(out)) as tmp:
            write_gpkg_export(gdf, tmp)
        return
    if fmt == "geojson":
        text = json.dumps(to_feature_collection(gdf), ensure_ascii=False, indent=1) + "\n"
    else:
        text = events_csv_text(gdf)
    write_text_output(out, text)


def write_text_output(out: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` to stdout (``-``), or to a path through :func:`geo.model.atomic_path`."""
    if str(out) == "-":
        _write_stdout(text)
        return
    with atomic_path(Path(out)) as tmp:
        tmp.write_bytes(text.encode("utf-8"))


def _write_stdout(text: str) -> None:
    # Bytes, so the output is UTF-8 whatever the terminal's locale says. A large write to a
    # pipe can return short without raising; keep writing so a closed pipe raises
    # BrokenPipeError instead of the output being cut off silently.
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    pending = memoryview(text.encode("utf-8"))
    while pending:
        written = buffer.write(pending)
        if not written:
            raise OSError("stdout accepted no more output")
        pending = pending[written:]
    buffer.flush()
