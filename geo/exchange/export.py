"""Exports: events in any format, written a page at a time as the pages come, with their sidecars.

:func:`export_pages` writes an iterable of event frames (an
:class:`geo.exchange.pages.EventPages`: the filtered events of a store in store order) as they
come, so its memory stays bounded by a page whatever the store holds; :func:`export_events` writes
one in-memory frame. The text formats come out byte for byte as if written whole (GeoJSON as
``json.dumps(..., indent=1)``, CSV and ACLED/UCDP tables with one header, KML through
:class:`geo.exchange.kml.KmlSpool`); a GeoPackage gets each page appended and reads back the
same.

``out`` is a file (written to a temporary name beside it and renamed at the end, so a
failure or Ctrl-C leaves the old file), a named pipe or character device (written through
once complete, see :func:`geo.model.atomic_path`), or ``-`` for stdout (written page by
page). With ``sidecars``, ``<out>.sources.csv`` (every source cited by an exported event,
with its Admiralty reliability and licence) and ``<out>.README.txt`` (what was exported, the
filters, the licences that apply) are written next to a regular file, from what
:class:`ExportTally` gathered over the pages.

Example
-------
>>> [p.name for p in sidecar_paths("exports/events.csv")]
['events.csv.sources.csv', 'events.csv.README.txt']
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geo.briefing import (
    SOURCE_COLUMNS,
    combine_catalogues,
    describe_filters,
    describe_window,
    generated_at,
    source_catalogue,
)
from geo.exchange.files import _write_stdout, to_feature_collection, write_text_output
from geo.exchange.kml import KmlSpool
from geo.exchange.tables import (
    ACLED_EXPORT_COLUMNS,
    UCDP_EXPORT_COLUMNS,
    acled_export_rows,
    csv_text,
    ucdp_export_rows,
)
from geo.filters import Filters
from geo.model import atomic_path, check_output_path, empty_frame, events_csv_text, write_gpkg_export

EXPORT_FORMATS = ("geojson", "csv", "gpkg", "kml", "acled", "ucdp")

LICENCES = {
    "ucdp-": "UCDP GED data, CC BY 4.0: credit the Uppsala Conflict Data Program (ucdp.uu.se)",
    "acled-": "ACLED data: ACLED's terms of use apply (attribution required; check before redistributing)",
}
ARTICLE_LICENCE = "cited by reference only; the article's text is not included and stays the publisher's copyright"
PROJECT_LICENCE = ("Event records compiled by the Border Monitor contributors are released with the project "
                   "under its MIT licence.")

#: How ``json.dumps({"type": "FeatureCollection", "features": [...]}, indent=1)`` opens and closes;
#: a page's features are dumped as ``{"features": [...]}`` and cut out of the same frame.
_GEOJSON_HEAD = '{\n "type": "FeatureCollection",\n "features": [\n'
_GEOJSON_EMPTY = '{\n "type": "FeatureCollection",\n "features": []\n}\n'
_PAGE_HEAD, _PAGE_TAIL = '{\n "features": [\n', "\n ]\n}"


class Exported(NamedTuple):
    """What an export wrote: the files (none for stdout) and how many events."""

    paths: list[Path]
    events: int


@dataclass
class ExportTally:
    """What the sidecars say about an export, gathered a page at a time."""

    events: int = 0
    #: Rows of the table written (the UCDP layout leaves events out).
    rows: int = 0
    #: First ``date_start`` and last ``date_end`` of each page.
    extents: list[tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=list)
    #: :func:`geo.briefing.source_catalogue` of the events so far.
    catalogue: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SOURCE_COLUMNS))

    def add(self, page: gpd.GeoDataFrame) -> None:
        """Count a page of exported events."""
        self.events += len(page)
        if len(page):
            self.extents.append((page["date_start"].min(), page["date_end"].max()))
            self.catalogue = combine_catalogues(self.catalogue, source_catalogue(page))

    def window(self, filters: Filters) -> str:
        """:func:`geo.briefing.describe_window` of the exported events."""
        return describe_window(filters, gpd.GeoDataFrame(pd.DataFrame(self.extents,
                                                                      columns=["date_start", "date_end"])))


# -- the sidecars ---------------------------------------------------------------------------


def licence_of(source_id: str) -> str:
    """The licence that applies to a cited source, from its id prefix (articles otherwise)."""
    return next((text for prefix, text in LICENCES.items() if source_id.startswith(prefix)), ARTICLE_LICENCE)


def sidecar_paths(out: str | Path) -> tuple[Path, Path]:
    """``(<out>.sources.csv, <out>.README.txt)``."""
    out = Path(out)
    return out.with_name(out.name + ".sources.csv"), out.with_name(out.name + ".README.txt")


def write_sidecars(tally: ExportTally, out: str | Path, fmt: str, filters: Filters | None = None) -> list[Path]:
    """Write the sources table and the README next to an export; returns their paths."""
    sources_csv, readme = sidecar_paths(out)
    sources = tally.catalogue.to_dict("records")
    columns = (*SOURCE_COLUMNS, "licence")
    rows = [{**s, "url": s["url"] if isinstance(s["url"], str) else "", "licence": licence_of(s["source_id"])}
            for s in sources]
    write_text_output(sources_csv, csv_text(columns, rows))
    applied = sorted({licence_of(s["source_id"]) for s in sources} - {ARTICLE_LICENCE})
    chosen = filters or Filters()
    lines = [
        "Border Monitor export", "",
        f"File: {Path(out).name} (format: {fmt})",
        f"Generated: {generated_at()}",
        f"Events: {tally.events}",
        f"Time window: {tally.window(chosen)}",
        f"Filters: {'; '.join(describe_filters(chosen))}",
        f"Sources: {len(sources)}, listed with reliability and licence in {sources_csv.name}", "",
        "Licences:",
        f"- {PROJECT_LICENCE}",
        *(f"- {text}." for text in applied),
        f"- News and other articles are {ARTICLE_LICENCE}.",
    ]
    if fmt == "ucdp":
        left_out = tally.events - tally.rows
        lines += ["", f"UCDP GED-style layout: incidents of organised violence only ({left_out} other events",
                  "left out); type_of_violence is 3 for violence against civilians, else 1 (check non-state",
                  "clashes); best/low/high are the fatality estimates."]
    if fmt == "acled":
        lines += ["", "ACLED-compatible layout: event_date is the first day of each event's date range and",
                  "time_precision says how exact it is; fatalities is the best estimate; the date range,",
                  "low/high estimates, claimant and kind are in the tags column."]
    write_text_output(readme, "\n".join(lines) + "\n")
    return [sources_csv, readme]


# -- the formats, a page at a time ------------------------------------------------------------


def _geojson_text(pages: Iterable[gpd.GeoDataFrame], tally: ExportTally) -> Iterator[str]:
    for page in pages:
        if len(page):
            text = json.dumps({"features": to_feature_collection(page)["features"]}, ensure_ascii=False, indent=1)
            yield (",\n" if tally.rows else _GEOJSON_HEAD) + text[len(_PAGE_HEAD):-len(_PAGE_TAIL)]
            tally.rows += len(page)
    yield "\n ]\n}\n" if tally.rows else _GEOJSON_EMPTY


def _csv_text(pages: Iterable[gpd.GeoDataFrame], tally: ExportTally) -> Iterator[str]:
    for number, page in enumerate(pages):
        yield events_csv_text(page, header=number == 0)
        tally.rows += len(page)


def _table_text(columns: tuple[str, ...], to_rows: Callable[[gpd.GeoDataFrame], list[dict[str, str]]],
                pages: Iterable[gpd.GeoDataFrame], tally: ExportTally) -> Iterator[str]:
    for number, page in enumerate(pages):
        rows = to_rows(page)
        yield csv_text(columns, rows, header=number == 0)
        tally.rows += len(rows)


def _kml_text(pages: Iterable[gpd.GeoDataFrame], tally: ExportTally) -> Iterator[str]:
    with KmlSpool() as spool:
        for page in pages:
            spool.add(page)
            tally.rows += len(page)
        yield from spool.text()


_TEXT: dict[str, Callable[[Iterable[gpd.GeoDataFrame], ExportTally], Iterator[str]]] = {
    "geojson": _geojson_text,
    "csv": _csv_text,
    "kml": _kml_text,
    "acled": lambda pages, tally: _table_text(ACLED_EXPORT_COLUMNS, acled_export_rows, pages, tally),
    "ucdp": lambda pages, tally: _table_text(UCDP_EXPORT_COLUMNS, ucdp_export_rows, pages, tally),
}


@contextlib.contextmanager
def _text_output(out: str | Path) -> Iterator[Callable[[str], object]]:
    """Where text goes: stdout as it comes, else a file through :func:`geo.model.atomic_path`."""
    if str(out) == "-":
        yield _write_stdout
        return
    with atomic_path(Path(out)) as tmp, tmp.open("w", encoding="utf-8", newline="") as sink:
        yield sink.write


# -- exports --------------------------------------------------------------------------------


def export_pages(pages: Iterable[gpd.GeoDataFrame], fmt: str, out: str | Path, filters: Filters | None = None, *,
                 sidecars: bool = False) -> Exported:
    """Write the events of ``pages`` (canonical frames, some maybe empty) as ``fmt`` (:data:`EXPORT_FORMATS`)
    to ``out``, each page as it comes.

    ``out`` is a file (replaced atomically), a named pipe or character device (written
    through), or ``-`` for stdout; ``sidecars`` adds the sources table and README next to a
    regular file; ``filters`` (already applied to the pages) are described in the README.
    Raises ValueError for an unknown format, a directory, a GeoPackage to stdout, or sidecars
    next to something not a file, before taking a page.
    """
    _check_target(fmt, out, sidecars)
    tally = ExportTally()

    def counted() -> Iterator[gpd.GeoDataFrame]:
        taken = False
        for page in pages:
            taken = True
            tally.add(page)
            yield page
        if not taken:  # no page at all: the writers still need the columns
            yield empty_frame()

    if fmt == "gpkg":
        with atomic_path(Path(out)) as tmp:
            for number, page in enumerate(counted()):
                if len(page) or not number:
                    write_gpkg_export(page, tmp, append=number > 0)
    else:
        with _text_output(out) as write:
            for text in _TEXT[fmt](counted(), tally):
                write(text)
    written = [] if str(out) == "-" else [Path(out)]
    if sidecars:
        written += write_sidecars(tally, out, fmt, filters)
    return Exported(written, tally.events)


def export_events(gdf: gpd.GeoDataFrame, fmt: str, out: str | Path, filters: Filters | None = None, *,
                  sidecars: bool = False) -> list[Path]:
    """Write ``gdf`` as ``fmt`` (:data:`EXPORT_FORMATS`) to ``out``; returns the paths written.

    :func:`export_pages` of one page: ``filters`` (already applied) are described in the README.
    """
    return export_pages([gdf], fmt, out, filters, sidecars=sidecars).paths


def _check_target(fmt: str, out: str | Path, sidecars: bool) -> None:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    to_stdout = str(out) == "-"
    if not to_stdout and Path(out).is_dir():
        raise ValueError(f"{out} is a directory; give a file name")
    if sidecars and (to_stdout or check_output_path(Path(out)) != "regular"):
        raise ValueError(f"{out}: sidecar files are written next to the export; give a regular file name")
    if fmt == "gpkg" and to_stdout:
        raise ValueError("a GeoPackage cannot be written to stdout; give --out FILE.gpkg")
