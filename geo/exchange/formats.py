"""Data exchange: one import for every format (exports are in :mod:`geo.exchange.export`).

Imports (:func:`import_file`) read our formats, KML, ACLED CSV exports and
UCDP GED CSV (:mod:`geo.exchange.ucdp`) and are all-or-nothing: one rejected record
means nothing is written, unless ``skip_invalid``. A record describing an
event the store (or the same file) already has is merged: its new citations
are added to that event, whose other fields are kept. "The same event" is the
same ``event_id``, or, for incidents, an incident with the same date range and
event type within :data:`MATCH_KM` km (postures, concentrations and context
items are only matched by id: distinct statements or deployments often share
a day and a capital).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import shapely

from geo.exchange.acled import is_acled_header
from geo.exchange.bulk import CHUNK_ROWS, ChunkSource, import_stream, stream_source
from geo.exchange.files import (
    EventFile,
    FileProblem,
    _csv_rows,
    _require_columns,
    _validate_rows,
    far_line,
    read_event_file,
    read_text_file,
)
from geo.exchange.kml import read_kml
from geo.exchange.matching import IncidentIndex, MatchKey
from geo.exchange.ucdp import UCDP_NAME_OF_FIELD, UCDP_REQUIRED, is_ucdp_header, ucdp_row_to_record
from geo.model import Event, frame_records
from geo.places import location_problems
from geo.stores import BulkImportable, EventStore

IMPORT_FORMATS = ("auto", "geojson", "csv", "gpkg", "kml", "acled", "ucdp")
#: Two records with the same dates and type are one event when this close (km, on the WGS84 ellipsoid).
MATCH_KM = 5.0

# -- reading any exchange format ----------------------------------------------------------


def _read_ucdp(path: Path) -> EventFile:
    try:
        header, rows = _csv_rows(path, read_text_file(path))
        _require_columns(path, header, UCDP_REQUIRED, label="UCDP GED column")
    except FileProblem as exc:
        return EventFile([], [str(exc)], 0)
    return _validate_rows(rows, "row", ucdp_row_to_record, UCDP_NAME_OF_FIELD)


def _csv_header(path: Path) -> list[str]:
    first_line = read_text_file(path).splitlines()[0]
    return [name.strip() for name in next(csv.reader([first_line]))]


def detect_format(path: str | Path) -> str:
    """The exchange format of a file from its extension and, for CSV, its header."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".kml":
        return "kml"
    if suffix in (".geojson", ".json"):
        return "geojson"
    if suffix == ".csv":
        header = _csv_header(path)
        return "ucdp" if is_ucdp_header(header) else "acled" if is_acled_header(header) else "csv"
    return suffix.lstrip(".") or "unknown"


def read_exchange_file(path: str | Path, fmt: str = "auto") -> tuple[EventFile, str]:
    """Validate a file in any import format; returns the result and the format read."""
    path = Path(path)
    if fmt not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {fmt!r}; choose one of {', '.join(IMPORT_FORMATS)}")
    try:
        found = detect_format(path)
    except FileProblem as exc:
        return EventFile([], [str(exc)], 0), fmt
    if fmt not in ("auto", found) and not (fmt == "ucdp" and found == "csv"):
        return EventFile([], [f"{path}: --format {fmt} was given but the file looks like {found}"], 0), fmt
    chosen = found if fmt == "auto" else fmt
    if chosen == "kml":
        return read_kml(path), chosen
    if chosen == "ucdp":
        return _read_ucdp(path), chosen
    return read_event_file(path), chosen


def without_far_events(result: EventFile) -> EventFile:
    """``result`` with each event whose geometry contradicts its record moved to the problems."""
    kept, problems = [], list(result.errors)
    found = location_problems([e.country for e in result.events], [e.geometry for e in result.events])
    for event, problem in zip(result.events, found, strict=True):
        if problem is None:
            kept.append(event)
        else:
            problems.append(far_line(event.event_id, problem))
    return EventFile(kept, problems, result.records, result.notes)


# -- merging imports ----------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: counts, the problems found, and whether anything was written.

    ``rejected`` lists the problems that stopped the import (nothing written);
    with ``skip_invalid`` the problems of the records left out are in
    ``skipped`` instead and the rest is imported.
    """

    path: str
    fmt: str
    read: int = 0
    added: int = 0
    updated: int = 0
    merged: int = 0
    sources_added: int = 0
    rejected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        """True when the import went through (possibly leaving invalid records out)."""
        return not self.rejected

    def summary(self) -> str:
        """One line: ``x.csv (ucdp): read 4, added 2, merged 1 (1 new source(s)), rejected 0``."""
        left_out = self.read - self.added - self.updated - self.merged if self.skipped else 0
        counts = f"read {self.read}, added {self.added}, "
        counts += f"updated {self.updated}, " if self.updated else ""
        counts += f"merged {self.merged} ({self.sources_added} new source(s)), rejected {len(self.rejected)}"
        counts += f", skipped {left_out} invalid record(s)" if self.skipped else ""
        return f"{self.path} ({self.fmt}): {counts}" + ("" if self.written else "; nothing written")


class _EventPool:
    """Stored events and those added so far, findable by id or by (dates, type) and distance."""

    def __init__(self, stored: gpd.GeoDataFrame) -> None:
        self.stored = stored.reset_index(drop=True)
        self.row_of = {str(i): n for n, i in enumerate(self.stored["event_id"])}
        self.pending: dict[str, Event] = {}  # new or changed events to write, by id
        self.incidents = IncidentIndex()
        points = shapely.point_on_surface(self.stored.geometry.to_numpy())
        days = {name: self.stored[name].dt.strftime("%Y-%m-%d") for name in ("date_start", "date_end")}
        columns = (self.stored["event_id"], self.stored["kind"], days["date_start"], days["date_end"],
                   self.stored["event_type"])
        for point, (event_id, kind, start, end, event_type) in zip(points, zip(*columns, strict=True), strict=True):
            if kind == "incident":
                self.incidents.add(event_id, (start, end, event_type), point.x, point.y)

    def find(self, event: Event, km: float) -> str | None:
        """The id of the same real event, if the pool has it."""
        if event.event_id in self.pending or event.event_id in self.row_of:
            return event.event_id
        if event.kind != "incident":
            return None
        point = shapely.point_on_surface(event.geometry)
        return self.incidents.nearest(_match_key(event), point.x, point.y, km)

    def current(self, event_id: str) -> Event:
        if event_id in self.pending:
            return self.pending[event_id]
        row = self.stored.iloc[[self.row_of[event_id]]]
        return Event.model_validate(frame_records(row)[0])

    def add(self, event: Event) -> None:
        self.pending[event.event_id] = event
        if event.kind == "incident":
            point = shapely.point_on_surface(event.geometry)
            self.incidents.add(event.event_id, _match_key(event), point.x, point.y)


def _match_key(event: Event) -> MatchKey:
    return event.date_start.isoformat(), event.date_end.isoformat(), event.event_type


def _stream_source(path: Path, fmt: str, store: EventStore, update: bool, stream: bool | None) -> ChunkSource | None:
    """The chunked reader of a big file going into a store that takes bulk writes, else None."""
    if update or not isinstance(store, BulkImportable) or fmt not in IMPORT_FORMATS:
        return None
    return stream_source(path, fmt, stream)


def plan_import(events: list[Event], stored: gpd.GeoDataFrame, report: ImportReport,
                km: float = MATCH_KM, *, update: bool = False) -> list[Event]:
    """The events to write (new ones, and stored ones with added citations); fills the counts.

    With ``update`` a record with a stored event's id replaces that event instead of merging.
    """
    pool = _EventPool(stored)
    for event in events:
        target = pool.find(event, km)
        if target is None:
            pool.add(event)
            report.added += 1
            continue
        if update and target == event.event_id:
            if pool.current(target) != event:
                pool.pending[target] = event
            report.updated += 1
            continue
        report.merged += 1
        existing = pool.current(target)
        cited = {s.source_id for s in existing.sources}
        extra = [s for s in event.sources if s.source_id not in cited]
        if extra:
            pool.pending[target] = existing.model_copy(update={"sources": [*existing.sources, *extra]})
            report.sources_added += len(extra)
    return list(pool.pending.values())


def import_file(path: str | Path, store: EventStore, *, fmt: str = "auto", skip_invalid: bool = False,
                dry_run: bool = False, update: bool = False, allow_far: bool = False,
                km: float = MATCH_KM, stream: bool | None = None, chunk_rows: int = CHUNK_ROWS,
                progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import a file into ``store``, merging records of events it already has.

    All or nothing: any rejected record (listed with its row and field in
    ``rejected``) means nothing is written, unless ``skip_invalid``, which
    imports the valid records and counts the others as ``skipped``.
    ``dry_run`` computes the counts without writing; ``update`` replaces stored events that
    have a record's id (instead of adding its citations to them). An event whose geometry
    contradicts its country or lies far outside the region (:func:`geo.places.location_problem`)
    is a rejected record unless ``allow_far``.

    A GeoPackage of :data:`~geo.exchange.bulk.STREAM_MIN_FEATURES` or more features, or a GeoJSON,
    CSV, ACLED or UCDP file of :data:`~geo.exchange.bulk.STREAM_MIN_BYTES` or more (not KML), going
    into a GeoPackage or PostGIS store (without ``update``) is streamed in chunks (:mod:`geo.exchange.bulk`,
    ``chunk_rows`` at a time; ``stream`` forces the choice where the file allows it), calling
    ``progress`` with the records done after each chunk; the outcome and messages are the same.
    """
    source = _stream_source(Path(path), fmt, store, update, stream)
    if source is not None:
        assert isinstance(store, BulkImportable)
        report = ImportReport(str(path), source.fmt)
        with store.bulk_writer() as writer:
            import_stream(source, writer, report, skip_invalid=skip_invalid, dry_run=dry_run,
                          allow_far=allow_far, km=km, chunk_rows=chunk_rows, progress=progress)
        return report
    result, chosen = read_exchange_file(path, fmt)
    if not allow_far:
        result = without_far_events(result)
    report = ImportReport(str(path), chosen, read=result.records, notes=list(result.notes))
    if result.errors and (not skip_invalid or not result.records):
        report.rejected = list(result.errors)
        return report
    report.skipped = list(result.errors)
    to_write = plan_import(result.events, store.load(), report, km, update=update)
    if dry_run or not to_write:
        return report
    written = store.upsert(to_write)
    if written.rejected:
        report.rejected.extend(written.rejected)
        report.added = report.updated = report.merged = report.sources_added = 0
        return report
    report.written = True
    return report
