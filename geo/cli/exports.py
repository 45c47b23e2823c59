"""Briefing commands for ``python -m geo``: snapshot and brief.

Importing this module registers the commands in :data:`geo.cli.core.SUBCOMMANDS`
(the same registry as ``export``/``validate``/``import``), so
``geo/__main__.py`` only needs ``import geo.cli.exports`` before ``main()``;
:func:`register` adds them to a parser built some other way.

Examples::

    python -m geo snapshot --out map.png --from 2019-01-01 --to 2019-12-31 --caveat "UNCLASSIFIED"
    python -m geo snapshot --out print.png --size 3200x2000 --kind incident --min-reliability C
    python -m geo brief --out brief.pdf --from 2023-01-01 --source src-khaama-2023-putin
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import geopandas as gpd

from geo.briefing import DEFAULT_TITLE, SnapshotError, parse_size, render_brief, render_snapshot
from geo.cli.core import SUBCOMMANDS, UserError, add_filter_options, filters_from_args, subcommand
from geo.filters import Filters, apply_filters
from geo.map import LAYERS
from geo.stores import open_store

#: The commands this module adds, in ``--help`` order.
COMMANDS = ("snapshot", "brief")


def _selected(args: argparse.Namespace) -> tuple[gpd.GeoDataFrame, Filters]:
    chosen = filters_from_args(args)
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
    add_filter_options(parser)


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
    add_filter_options(parser)


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
