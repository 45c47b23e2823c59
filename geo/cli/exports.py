"""Briefing and exchange commands for ``python -m geo``: snapshot, brief, exchange-export, exchange-import.

Importing this module registers the commands in :data:`geo.cli.core.SUBCOMMANDS`
(the same registry as ``export``/``validate``/``import``), so
``geo/__main__.py`` only needs ``import geo.cli.exports`` before ``main()``;
:func:`register` adds them to a parser built some other way.

Examples::

    python -m geo snapshot --out map.png --from 2019-01-01 --to 2019-12-31 --caveat "UNCLASSIFIED"
    python -m geo snapshot --out print.png --size 3200x2000 --kind incident --min-reliability C
    python -m geo brief --out brief.pdf --from 2023-01-01 --source src-khaama-2023-putin
    python -m geo exchange-export --format kml --out events.kml --kind incident
    python -m geo exchange-export --format acled --out events_acled.csv
    python -m geo exchange-import ged.csv --format ucdp --dry-run
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

import geopandas as gpd

from geo.briefing import DEFAULT_TITLE, SnapshotError, parse_size, render_brief, render_snapshot
from geo.cli.core import SUBCOMMANDS, UserError, add_filter_options, filters_from_args, subcommand
from geo.exchange import EXPORT_FORMATS, IMPORT_FORMATS, export_events, import_file
from geo.filters import Filters, apply_filters
from geo.map import LAYERS
from geo.model import RELIABILITY
from geo.stores import open_store

#: The commands this module adds, in ``--help`` order.
COMMANDS = ("snapshot", "brief", "exchange-export", "exchange-import")


def add_briefing_filter_options(parser: argparse.ArgumentParser) -> None:
    """The shared filters of :func:`geo.cli.core.add_filter_options` plus ``--min-reliability``."""
    add_filter_options(parser)
    parser.add_argument("--min-reliability", choices=RELIABILITY, metavar="A-F",
                        help="keep events with at least one source rated this reliable or better")


def briefing_filters(args: argparse.Namespace) -> Filters:
    """The filters chosen with :func:`add_briefing_filter_options`."""
    return dataclasses.replace(filters_from_args(args), min_reliability=args.min_reliability)


def _selected(args: argparse.Namespace) -> tuple[gpd.GeoDataFrame, Filters]:
    chosen = briefing_filters(args)
    return apply_filters(open_store(args.store).load(), chosen), chosen


def _layers(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in LAYERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"layers must be a comma-separated list of {', '.join(LAYERS)}")
    return names


def _size(text: str) -> tuple[int, int]:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _label_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", default=DEFAULT_TITLE, help="title printed on the map/brief")
    parser.add_argument("--caveat", metavar="TEXT",
                        help='handling caveat printed top and bottom, e.g. "UNCLASSIFIED // FOR OFFICIAL USE ONLY"')


# -- snapshot ------------------------------------------------------------------------


def _snapshot_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="PATH.png", help="PNG file to write")
    parser.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH",
                        help="image size in pixels (default 1600x1000; 3200x2000 for print)")
    parser.add_argument("--scale", type=int, choices=(1, 2, 3, 4),
                        help="pixels per screen pixel (default 2 from 3200 px wide, else 1)")
    parser.add_argument("--layers", type=_layers, default=LAYERS, metavar="L1,L2",
                        help=f"map layers to draw (default all: {','.join(LAYERS)})")
    _label_options(parser)
    add_briefing_filter_options(parser)


@subcommand("snapshot", "save the dashboard map of the filtered events as a PNG (offline Chromium)",
            _snapshot_options)
def run_snapshot(args: argparse.Namespace) -> int:
    """Render the map image."""
    events, chosen = _selected(args)
    try:
        out = render_snapshot(events, chosen, out=args.out, size=args.size, title=args.title,
                              caveat=args.caveat, layers=args.layers, scale=args.scale)
    except (ValueError, SnapshotError) as exc:
        raise UserError(str(exc)) from None
    print(f"wrote a {args.size[0]}x{args.size[1]} map of {len(events)} events to {out}", file=sys.stderr)
    return 0


# -- brief ---------------------------------------------------------------------------


def _brief_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="PATH.pdf", help="PDF file to write")
    picture = parser.add_mutually_exclusive_group()
    picture.add_argument("--map", dest="map_png", metavar="PATH.png",
                         help="use this map image (e.g. from 'snapshot') instead of rendering one")
    picture.add_argument("--no-map", action="store_true", help="leave the map out (no browser needed)")
    _label_options(parser)
    add_briefing_filter_options(parser)


@subcommand("brief", "write a briefing PDF: map, key figures, events table and sources", _brief_options)
def run_brief(args: argparse.Namespace) -> int:
    """Render the briefing PDF."""
    events, chosen = _selected(args)
    try:
        out = render_brief(events, chosen, out=args.out, title=args.title, caveat=args.caveat,
                           map_png=args.map_png, include_map=not args.no_map)
    except (ValueError, SnapshotError) as exc:
        raise UserError(f"{exc} (use --no-map to leave the map out)" if isinstance(exc, SnapshotError)
                        else str(exc)) from None
    print(f"wrote a brief of {len(events)} events to {out}", file=sys.stderr)
    return 0


# -- exchange ------------------------------------------------------------------------


def _exchange_export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True,
                        help="geojson, csv, gpkg (full records), kml or acled (ACLED-style CSV)")
    parser.add_argument("--out", required=True, metavar="PATH",
                        help="file to write; PATH.sources.csv and PATH.README.txt are written beside it")
    add_briefing_filter_options(parser)


@subcommand("exchange-export", "export the filtered events (GeoJSON, CSV, GeoPackage, KML or ACLED-style "
            "CSV) with a sources and licences sidecar", _exchange_export_options)
def run_exchange_export(args: argparse.Namespace) -> int:
    """Write the export and its sidecars."""
    events, chosen = _selected(args)
    try:
        paths = export_events(events, args.format, args.out, chosen)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {len(events)} events to {', '.join(str(p) for p in paths)}", file=sys.stderr)
    return 0


def _exchange_import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a .geojson, .csv (ours, ACLED export or UCDP GED), .gpkg or .kml file")
    parser.add_argument("--format", choices=IMPORT_FORMATS, default="auto",
                        help="file format (default: from the extension and the CSV header)")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the valid records and list the others, instead of importing nothing")
    parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")


@subcommand("exchange-import", "import events (ours, KML, ACLED or UCDP GED CSV), merging reports of events "
            "already stored", _exchange_import_options)
def run_exchange_import(args: argparse.Namespace) -> int:
    """Import a file; print the counts, and every rejected or skipped record on stderr."""
    try:
        report = import_file(args.path, open_store(args.store), fmt=args.format,
                             skip_invalid=args.skip_invalid, dry_run=args.dry_run)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    for line in report.rejected:
        print(line, file=sys.stderr)
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    if not report.ok:
        hint = "" if args.skip_invalid else " (fix them, or use --skip-invalid to import the valid records)"
        raise UserError(f"{report.summary()}{hint}")
    print(("dry run: " if args.dry_run else "imported ") + report.summary())
    return 0


def register(subparsers: Any) -> None:
    """Add this module's commands to an ``add_subparsers()`` object that lacks them.

    ``python -m geo`` does not need this: :func:`geo.cli.core.build_parser` lists
    every registered command once this module is imported.
    """
    for name in COMMANDS:
        if name in subparsers.choices:
            continue
        command = SUBCOMMANDS[name]
        sub = subparsers.add_parser(name, help=command.summary, description=command.summary)
        command.configure(sub)
        sub.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                         help="GeoPackage store to use instead of the default one")
        sub.set_defaults(run=command.run)
