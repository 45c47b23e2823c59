"""The command line: ``python -m geo [--store PATH|URL] COMMAND ...`` (``--help`` on each).

Every subcommand is a small ``run`` function registered with :func:`subcommand`
together with a function that declares its options; later ones (ingest,
snapshot, brief, migrate) are added the same way. A problem the user can fix
ends the command with exit status 1 and one line ``error: ...`` on stderr;
usage mistakes exit with status 2.

Examples::

    python -m geo export --format geojson --out - --from 2024-01-01 --kind incident
    python -m geo export --format acled --out events_acled.csv --sidecars
    python -m geo validate my_events.csv
    python -m geo import my_events.geojson
    python -m geo import ged.csv --format ucdp --dry-run
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm

from geo.exchange import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    PAGE_ROWS,
    STREAM_MIN_BYTES,
    EventPages,
    FileProblem,
    export_pages,
    feature_count,
    import_file,
    read_exchange_file,
    without_far_events,
)
from geo.filters import Filters
from geo.model import KINDS, RELIABILITY
from geo.query import open_query
from geo.stores import EventStore, GeoPackageStore, StoreError, open_store

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


@dataclass(frozen=True)
class Subcommand:
    """One ``python -m geo NAME`` command: its one-line summary, options and body."""

    name: str
    summary: str
    configure: Configure
    run: Run


#: Registered subcommands in the order ``--help`` lists them.
SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, summary: str, configure: Configure) -> Callable[[Run], Run]:
    """Register the decorated ``run(args) -> exit status`` as ``python -m geo NAME``."""

    def register(run: Run) -> Run:
        SUBCOMMANDS[name] = Subcommand(name, summary, configure, run)
        return run

    return register


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error (exit status 2) instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _store(args: argparse.Namespace) -> EventStore:
    return open_store(args.store)


# -- filters shared by commands that output events --------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """``--from``, ``--to``, ``--source`` and ``--kind``, for every command that outputs events."""
    group = parser.add_argument_group("filters")
    group.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD",
                       help="keep events whose date range ends on or after this day (UTC)")
    group.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD",
                       help="keep events whose date range starts on or before this day (UTC)")
    group.add_argument("--source", action="append", default=[], metavar="SOURCE",
                       help="keep events citing this source_id or publisher (repeatable)")
    group.add_argument("--kind", action="append", default=[], choices=KINDS,
                       help="keep events of this kind (repeatable)")
    group.add_argument("--min-reliability", choices=RELIABILITY, metavar="A-F",
                       help="keep events with at least one source rated this reliable or better")


def filters_from_args(args: argparse.Namespace) -> Filters:
    """The :class:`~geo.filters.Filters` chosen with :func:`add_filter_options`."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError(f"--from {args.date_from} is after --to {args.date_to}")
    # --source names a source_id or a publisher: match either ("cited by any of them").
    return Filters(date_from=args.date_from, date_to=args.date_to, sources=tuple(args.source),
                   publishers=tuple(args.source), kinds=tuple(args.kind), min_reliability=args.min_reliability)


# -- export ----------------------------------------------------------------------------


def _export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True,
                        help="geojson, csv, gpkg (full records), kml, acled (ACLED-style CSV) or ucdp "
                             "(UCDP GED-style CSV of the incidents of organised violence)")
    parser.add_argument("--out", required=True, metavar="PATH",
                        help="output file (replaced atomically), a named pipe or terminal (written through), "
                             "or - for stdout (not for gpkg)")
    parser.add_argument("--sidecars", action="store_true",
                        help="also write PATH.sources.csv (sources, reliability, licences) and PATH.README.txt")
    add_filter_options(parser)


@subcommand("export", "write the stored events (optionally filtered) in any exchange format", _export_options)
def run_export(args: argparse.Namespace) -> int:
    """Write the filtered store to a file, a pipe or stdout, a page of events at a time."""
    selected = filters_from_args(args)
    store = _store(args)  # a GeoPackage is read directly; other stores through their query
    pages = EventPages(store if isinstance(store, GeoPackageStore) else open_query(store), selected)
    with _export_progress_bar(pages.total, args.out) as progress:
        try:
            exported = export_pages(pages.read(progress), args.format, args.out, selected, sidecars=args.sidecars)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    if exported.paths:
        print(f"wrote {exported.events} events to {', '.join(str(p) for p in exported.paths)}", file=sys.stderr)
    return 0


@contextlib.contextmanager
def _export_progress_bar(total: int, out: str) -> Iterator[Callable[[int], object] | None]:
    """A tqdm bar on stderr for an export of more than one page, shown only when stderr is a terminal
    that the export itself is not written to."""
    if total <= PAGE_ROWS or not sys.stderr.isatty() or (out == "-" and sys.stdout.isatty()):
        yield None
        return
    with tqdm(total=total, unit=" events", unit_scale=True, desc="exporting", file=sys.stderr,
              mininterval=0.5) as bar:
        yield bar.update


# -- validate --------------------------------------------------------------------------


def _path_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a .geojson/.json, .csv (ours, ACLED export or UCDP GED), .gpkg or .kml file")
    parser.add_argument("--format", choices=IMPORT_FORMATS, default="auto",
                        help="file format (default: from the extension and, for CSV, the header)")
    parser.add_argument("--allow-far", action="store_true",
                        help="accept geometry far outside the region or outside the event's country")


@subcommand("validate", "check an event file and list every problem with its row and field",
            _path_option)
def run_validate(args: argparse.Namespace) -> int:
    """Print each problem (stdout); exit 1 if there is any, else print ``OK: N events valid``."""
    try:
        result, _ = read_exchange_file(args.path, args.format)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not args.allow_far:
        result = without_far_events(result)
    for line in result.notes:
        print(f"note: {line}", file=sys.stderr)
    if not result.errors:
        print(f"OK: {len(result.events)} events valid")
        return 0
    for line in result.errors:
        print(line)
    print(f"{len(result.errors)} problem(s) in {args.path}; "
          f"{len(result.events)} of {result.records} record(s) valid", file=sys.stderr)
    return 1


# -- import ----------------------------------------------------------------------------


def _import_options(parser: argparse.ArgumentParser) -> None:
    _path_option(parser)
    parser.add_argument("--update", action="store_true",
                        help="replace stored events that have the same event_id (default: add the "
                             "record's new sources to them)")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the valid records and list the others, instead of importing nothing")
    parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")


@subcommand("import", "validate an event file in any format and add its events to the store (all or "
            "nothing; reports of events already stored are merged)", _import_options)
def run_import(args: argparse.Namespace) -> int:
    """Import a file; print the counts, and every rejected or skipped record on stderr."""
    with _progress_bar(args.path) as progress:
        try:
            report = import_file(args.path, _store(args), fmt=args.format, skip_invalid=args.skip_invalid,
                                 dry_run=args.dry_run, update=args.update, allow_far=args.allow_far,
                                 progress=progress)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    if report.rejected and not report.read:  # the file itself could not be read
        raise UserError(report.rejected[0])
    if not report.read:
        raise UserError(f"{args.path} ({report.fmt}) holds no events: nothing imported")
    for line in report.rejected:
        print(line, file=sys.stderr)
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for line in report.notes:
        print(f"note: {line}", file=sys.stderr)
    if not report.ok:
        hint = "" if args.skip_invalid else " (fix them, or use --skip-invalid to import the valid records)"
        raise UserError(f"nothing imported: {report.summary()}{hint}")
    print(("dry run: " if args.dry_run else "imported ") + report.summary())
    return 0


@contextlib.contextmanager
def _progress_bar(path: str) -> Iterator[Callable[[int], None] | None]:
    """A tqdm bar on stderr for a streamed import, shown only when stderr is a terminal (the rows of a CSV,
    ACLED, UCDP or GeoJSON file are counted as they come: the total is not known in advance)."""
    file, count = Path(path), None
    suffix = file.suffix.lower()
    if sys.stderr.isatty() and suffix == ".gpkg":
        count = feature_count(file)
        streams = bool(count)
    else:
        streams = (sys.stderr.isatty() and suffix in (".csv", ".geojson", ".json") and file.is_file()
                   and file.stat().st_size >= STREAM_MIN_BYTES)
    if not streams:
        yield None
        return
    with tqdm(total=count, unit=" events", unit_scale=True, desc="importing", file=sys.stderr,
              mininterval=0.5) as bar:
        yield bar.update


# -- entry point -----------------------------------------------------------------------


def _add_store_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--store", metavar="PATH|URL", default=default,
                        help="GeoPackage path or postgresql:// URL of the store to use instead of "
                             "$DATABASE_URL or the default GeoPackage (those are seeded with the "
                             "curated dataset on first use; this one starts empty)")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered subcommand."""
    parser = _Parser(prog="python -m geo", description="Border Monitor data tools.",
                     epilog="Run 'python -m geo COMMAND --help' for a command's options.")
    _add_store_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in SUBCOMMANDS.values():
        sub = commands.add_parser(command.name, help=command.summary,
                                  description=command.summary[0].upper() + command.summary[1:])
        command.configure(sub)
        _add_store_option(sub, default=argparse.SUPPRESS)  # also accepted after the command
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): silence the final flush, as the docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (UserError, StoreError, FileProblem, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
