"""Command line: ``python -m geo {export,validate,import} ...`` (``--help`` on each)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence

from geo.filters import Filters, apply_filters
from geo.io import FORMATS, read_events, write_events
from geo.schema import KINDS
from geo.store import open_store


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The filter options shared by every command that outputs events."""
    parser.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD",
                        help="keep events whose date range ends on or after this day")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD",
                        help="keep events whose date range starts on or before this day")
    parser.add_argument("--source", action="append", default=[], metavar="ID_OR_PUBLISHER",
                        help="keep events citing this source id or publisher (repeatable)")
    parser.add_argument("--kind", action="append", default=[], choices=KINDS,
                        help="keep events of this kind (repeatable)")


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters from the options added by :func:`add_filter_arguments`."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError(f"--from {args.date_from} is after --to {args.date_to}")
    return Filters(date_from=args.date_from, date_to=args.date_to,
                   sources=tuple(args.source), kinds=tuple(args.kind))


def cmd_export(args: argparse.Namespace) -> int:
    """Write the (filtered) store to a file or stdout."""
    gdf = apply_filters(open_store().load(), filters_from_args(args))
    try:
        write_events(gdf, args.format, args.out)
    except (ValueError, OSError) as exc:
        raise UserError(str(exc)) from None
    if args.out != "-":
        print(f"wrote {len(gdf)} events to {args.out}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a dataset file and print every problem."""
    events, errors = read_events(args.path)
    for line in errors:
        print(line)
    if errors:
        print(f"{len(errors)} problem(s); {len(events)} event(s) valid", file=sys.stderr)
        return 1
    print(f"OK: {len(events)} events valid")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Validate a file and add its events; all or nothing."""
    events, errors = read_events(args.path)
    if not errors:
        report = open_store().add(events)
        errors = report.rejected
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        raise UserError(f"nothing imported: {len(errors)} problem(s) in {args.path}")
    print(f"imported {args.path}: read {len(events)}, added {len(events)}, rejected 0")
    return 0


Command = tuple[str, str, Callable[[argparse.ArgumentParser], object], Callable[[argparse.Namespace], int]]


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", required=True, help="output path, or - for stdout")
    add_filter_arguments(p)


COMMANDS: list[Command] = [
    ("export", "write the store as GeoJSON, CSV or GeoPackage", _export_args, cmd_export),
    ("validate", "check a dataset file and list every problem",
     lambda p: p.add_argument("path"), cmd_validate),
    ("import", "validate a GeoJSON/CSV file and add its events (all or nothing)",
     lambda p: p.add_argument("path"), cmd_import),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Border Monitor data tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text, add_args, func in COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_args(p)
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
