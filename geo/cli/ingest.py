"""``python -m geo ingest FILE --published YYYY-MM-DD [...] [--dry-run]``.

Reads an article (.txt/.md/.html), extracts candidate events with evidence
spans, and either prints them as a GeoJSON FeatureCollection (``--dry-run``:
the export's property names plus ``evidence``) or writes them to the store.
A candidate that matches a stored event is added to it as a new source
instead of becoming a second event. Every write is one atomic batch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from geo.cli.core import UserError, subcommand
from geo.extraction import ArticleError, ArticleMeta, extract_events, find_duplicates, read_article
from geo.query import duplicate_candidates, open_query
from geo.stores import open_store


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the article: .txt, .md or .html (at most 5 MB)")
    parser.add_argument("--published", required=True, metavar="YYYY-MM-DD",
                        help="publication date (anchors relative dates such as 'two days ago')")
    parser.add_argument("--publisher", default="", help="who published the article")
    parser.add_argument("--title", default="", help="the article's title")
    parser.add_argument("--url", default=None, help="the article's address (http/https)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the candidates as GeoJSON and write nothing")


@subcommand("ingest", "extract candidate events from a news article (review with --dry-run)", _options)
def run_ingest(args: argparse.Namespace) -> int:
    """Extract, then print (dry run) or store the candidates."""
    try:
        published = dt.date.fromisoformat(args.published)
    except ValueError:
        raise UserError(f"--published {args.published!r} is not a date in YYYY-MM-DD form") from None
    if published > dt.date.today():
        raise UserError(f"--published {published} is in the future")
    try:
        article = read_article(args.file)
    except ArticleError as exc:
        raise UserError(str(exc)) from None
    meta = ArticleMeta(published=published, publisher=args.publisher or "Unknown publisher",
                       title=args.title or article.title, url=args.url)
    result = extract_events(article.text, meta)
    for message in [*article.messages, *result.messages]:
        print(f"note: {message}", file=sys.stderr)
    if args.dry_run:
        features = [c.to_feature() for c in result.candidates]
        json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not result.candidates:
        raise UserError(f"no events found in {args.file}; nothing written")
    store = open_store(args.store)
    stored = open_query(store)
    new, merges = [], []
    for candidate in result.candidates:
        event = candidate.to_event()
        matches = [m for m in find_duplicates(event, duplicate_candidates(stored, event)) if not m.already_cited]
        if matches:
            merges.append((matches[0].event_id, matches[0].citation))
        else:
            new.append(event)
    report = store.add(new) if new else None
    if report is not None and not report.ok:
        for line in report.rejected:
            print(line, file=sys.stderr)
        raise UserError("nothing written: the store refused the candidates")
    if merges:
        store.add_sources(merges)
    print(f"ingested {args.file}: {len(result.candidates)} candidates, {len(new)} added, "
          f"{len(merges)} added as a new source to an existing event")
    return 0
