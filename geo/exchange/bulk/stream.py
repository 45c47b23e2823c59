"""Streaming import of big files into the GeoPackage or the PostGIS store: the chunk-by-chunk import.

``python -m geo import big.gpkg`` with 1,000,000 events cannot build one
validated object per event (about 2.3 GB and 55 s per 100,000). Here the file is
read in chunks of :data:`CHUNK_ROWS` features by a :class:`ChunkSource` (pyogrio here; CSV files of ours,
ACLED and UCDP in :mod:`geo.exchange.bulk.csv_rows` and :mod:`geo.exchange.bulk.tables`; GeoJSON in
:mod:`geo.exchange.bulk.geojson`); each chunk is checked whole-column (:func:`geo.model.columns.clean_rows`)
and only the rows that are not already in the model's form go through the record model, one by one, the
way the format's record-by-record reader checks them (its :class:`RecordCheck`), so messages are the same
as for a small file. Ids repeated in the file, geometry
that contradicts the record, and records of events the store (or the file)
already has are handled as by :func:`geo.exchange.formats.import_file`; valid
rows go to the store's :class:`geo.stores.BulkWriter` (a copy of the GeoPackage, or
``COPY`` inside one PostgreSQL transaction), which writes them only when every record
was accepted (or ``skip_invalid``). Memory stays bounded by the chunk size plus an
index of ids and incident positions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.exchange.files import EventFile, FileProblem, NumberedRow, _is_missing, _validate_rows, far_line, row_label
from geo.exchange.matching import IncidentIndex
from geo.model import LAYER, clean_rows, duplicate_id_line, events_to_frame, flat_row_to_record, to_flat_frame
from geo.places import location_problems
from geo.stores import BulkWriter, StoredIndex, taken_message

if TYPE_CHECKING:
    from geo.exchange.formats import ImportReport

#: Features read, checked and appended at a time (bounds the memory an import needs).
CHUNK_ROWS = 50_000
#: GeoPackages with at least this many features are imported by streaming...
STREAM_MIN_FEATURES = 5_000
#: ...and CSV and GeoJSON files of at least this many bytes (about 5,000 rows of our CSV, 2,000 features).
STREAM_MIN_BYTES = 4_000_000


def feature_count(path: Path) -> int | None:
    """Features in the file's events layer, or None when it cannot be told cheaply."""
    try:
        return int(pyogrio.read_info(path, layer=LAYER)["features"])
    except Exception:  # not a readable GeoPackage: the regular reader words the problem
        return None


@dataclass
class Chunk:
    """Rows of a file read at once: in the file's flat layout as typed as the file allows, their numbers,
    and each row as the record-by-record reader sees it (for the rows the column checks do not pass)."""

    frame: gpd.GeoDataFrame
    numbers: np.ndarray
    row: Callable[[int], NumberedRow]
    #: rows known not to be in the model's form whatever their columns say (e.g. a cell that is no number)
    unclean: np.ndarray | None = None
    #: things changed on the way in, as the record-by-record reader notes them (e.g. Z dropped)
    notes: list[str] = field(default_factory=list)


class RecordCheck:
    """How a format's record-by-record reader checks one row and words its problems (our flat layout by
    default; ACLED and UCDP give their mapping and column names, GeoJSON its own reader)."""

    def __init__(self, noun: str, to_record: Callable[[Mapping[str, Any]], dict[str, Any]] = flat_row_to_record,
                 field_names: Mapping[str, str] | None = None) -> None:
        self.noun, self.to_record, self.field_names = noun, to_record, field_names

    def validate(self, row: NumberedRow) -> EventFile:
        """The row's event or its problems, exactly as the record-by-record reader gives them."""
        return _validate_rows([row], self.noun, self.to_record, self.field_names)

    def label(self, row: NumberedRow) -> str:
        """How a problem names the row ("row 7 (BM-1)")."""
        return row_label(self.noun, row[0], row[1])

    def duplicate(self, label: str, event_id: str, first: int) -> str:
        """The problem of a row repeating the id of row ``first``."""
        return duplicate_id_line(label, event_id, f"{self.noun} {first}")


class ChunkSource(Protocol):
    """A file read in chunks: ``noun`` names its rows in messages ("feature 5", "row 7"), ``fmt`` is the
    format reported, ``check`` how a row that is not clean is checked."""

    noun: str
    name: str
    fmt: str
    check: RecordCheck

    def total(self) -> int | None: ...

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]: ...


class GeoPackageSource:
    """The events layer of a GeoPackage, read with pyogrio ``chunk_rows`` features at a time."""

    noun, fmt = "feature", "gpkg"
    check = RecordCheck("feature")

    def __init__(self, path: Path, count: int) -> None:
        self.path, self.name, self.count = path, path.name, count

    def total(self) -> int | None:
        return self.count

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]:
        for start in range(0, self.count, chunk_rows):
            frame = pyogrio.read_dataframe(self.path, layer=LAYER, skip_features=start, max_features=chunk_rows)
            yield Chunk(frame, np.arange(start + 1, start + 1 + len(frame)), partial(_feature_row, frame, start))


def _feature_row(frame: gpd.GeoDataFrame, start: int, position: int) -> NumberedRow:
    record = frame.iloc[position].to_dict()
    return start + 1 + position, {k: (None if _is_missing(v) else v) for k, v in record.items()}, None


def import_stream(source: ChunkSource, writer: BulkWriter, report: ImportReport, *, skip_invalid: bool,
                  dry_run: bool, allow_far: bool, km: float, chunk_rows: int = CHUNK_ROWS,
                  progress: Callable[[int], None] | None = None) -> None:
    """Import ``source`` through ``writer``, filling ``report``; calls ``writer.finish`` only on success.

    A file that turns out unreadable part-way (:class:`FileProblem`) is refused whole, with that one line.
    """
    pool = _Pool(writer.index(), km, source.noun)
    notes: list[str] = []
    first_seen: dict[str, int] = {}
    errors: list[str] = []
    far: list[str] = []
    read = 0
    try:
        for chunk in source.chunks(chunk_rows):
            read += len(chunk.numbers)
            flat, problems = _valid_rows(chunk, source.check)
            problems += _repeated_ids(flat, first_seen, chunk, source.check)
            notes += chunk.notes
            flat = flat[~flat["_duplicate"]]
            if not allow_far:
                flat, lines = _without_far(flat)
                far += lines
            keep, problems_of_store = pool.place(flat, writer, report)
            problems += problems_of_store
            errors += [line for _, line in sorted(problems, key=lambda item: item[0])]
            if not (errors or far) or skip_invalid:
                writer.append(flat[keep].drop(columns=["_number", "_duplicate"]))
            if progress is not None:
                progress(len(chunk.numbers))
    except FileProblem as exc:
        report.read, report.merged, report.rejected = 0, 0, [str(exc)]
        return
    report.read = read
    report.notes += notes
    errors += far
    report.added = pool.added
    if errors and (not skip_invalid or not read):
        report.rejected = errors
        report.added = report.merged = 0
        return
    report.skipped = errors
    if dry_run:
        report.sources_added = writer.sources_to_add()
        return
    if writer.appended or writer.sources_to_add():
        report.sources_added = writer.finish({"file": source.name, "events": writer.appended})
        report.written = True


def _valid_rows(chunk: Chunk, check: RecordCheck) -> tuple[gpd.GeoDataFrame, list[tuple[int, str]]]:
    """The chunk's valid rows in the store's flat layout (with ``_number``, 1-based in the file) and the
    problems of the others as ``(number, line)``."""
    mask, flat = clean_rows(chunk.frame)
    if chunk.unclean is not None and chunk.unclean.any():
        flat = flat[~chunk.unclean[mask]]  # flat holds the rows of mask, in order
        mask = mask & ~chunk.unclean
    flat = flat.assign(_number=chunk.numbers[mask])
    problems: list[tuple[int, str]] = []
    accepted = []
    for position in np.flatnonzero(~mask):
        row = chunk.row(int(position))
        result = check.validate(row)
        problems += [(row[0], line) for line in result.errors]
        if result.events:
            accepted.append((row[0], result.events[0]))
    if accepted:
        rows = to_flat_frame(events_to_frame([event for _, event in accepted]))
        rows["_number"] = [number for number, _ in accepted]
        flat = pd.concat([flat, rows], ignore_index=True).sort_values("_number", kind="stable")
    return gpd.GeoDataFrame(flat, geometry="geometry", crs=flat.crs), problems


def _repeated_ids(flat: gpd.GeoDataFrame, first_seen: dict[str, int], chunk: Chunk,
                  check: RecordCheck) -> list[tuple[int, str]]:
    """Problems for ids already used earlier in the file; marks those rows in ``_duplicate``."""
    duplicate = np.zeros(len(flat), dtype=bool)
    problems = []
    for i, (event_id, number) in enumerate(zip(flat["event_id"], flat["_number"], strict=True)):
        if event_id in first_seen:
            duplicate[i] = True
            row = chunk.row(int(np.searchsorted(chunk.numbers, number)))  # numbers ascend within a chunk
            problems.append((int(number), check.duplicate(check.label(row), event_id, first_seen[event_id])))
        else:
            first_seen[event_id] = int(number)
    flat["_duplicate"] = duplicate
    return problems


def _without_far(flat: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    found = location_problems(list(flat["country"]), list(flat.geometry))
    far = np.array([problem is not None for problem in found], dtype=bool)
    lines = [far_line(event_id, problem) for event_id, problem in zip(flat["event_id"], found, strict=True)
             if problem is not None]
    return flat[~far], lines


class _Pool:
    """The stored events and those added so far, by id and (for incidents) by dates, type and place."""

    def __init__(self, stored: StoredIndex, km: float, noun: str) -> None:
        self.noun = noun
        self.ids = stored.ids
        self.deleted = stored.deleted
        self.km = km
        self.added = 0
        self.incidents = IncidentIndex()
        frame = stored.incidents
        for event_id, start, end, event_type, x, y in zip(
                frame["event_id"], frame["date_start"], frame["date_end"], frame["event_type"], frame["x"],
                frame["y"], strict=True):
            self.incidents.add(event_id, (str(start), str(end), event_type), x, y)

    def place(self, flat: gpd.GeoDataFrame, writer: BulkWriter,
              report: ImportReport) -> tuple[np.ndarray, list[tuple[int, str]]]:
        """Which rows are new events (to append); merges the others' citations into their events."""
        keep = np.zeros(len(flat), dtype=bool)
        problems: list[tuple[int, str]] = []
        points = shapely.point_on_surface(np.asarray(flat.geometry.array, dtype=object))
        columns = (flat["event_id"], flat["kind"], flat["date_start"], flat["date_end"], flat["event_type"],
                   shapely.get_x(points), shapely.get_y(points), flat["sources"], flat["_number"])
        for i, (event_id, kind, start, end, event_type, x, y, sources, number) in enumerate(zip(*columns, strict=True)):
            if event_id in self.deleted:
                problems.append((int(number), taken_message(f"{self.noun} {number} ({event_id})", True)))
                continue
            key = (start, end, event_type)
            target = event_id if event_id in self.ids else (
                self.incidents.nearest(key, x, y, self.km) if kind == "incident" else None)
            if target is None:
                keep[i] = True
                self.ids.add(event_id)
                self.added += 1
                if kind == "incident":
                    self.incidents.add(event_id, key, x, y)
                continue
            report.merged += 1
            writer.add_sources(target, _citations(sources))
        return keep, problems


def _citations(text: Any) -> list[dict[str, Any]]:
    return list(json.loads(text)) if isinstance(text, str) else []
