"""Store commands: ``migrate`` (GeoPackage <-> PostGIS), ``history`` of an event, the ``audit`` log.

Examples::

    python -m geo migrate --to postgresql://bm:secret@db:5432/border_monitor
    python -m geo migrate --from postgresql://bm:secret@db:5432/border_monitor --to backup.gpkg
    python -m geo --store postgresql://bm@db/border_monitor history E-2021-0042
    python -m geo audit --limit 20 --actor ana

``--from`` defaults to the store in use (``--store``, else ``$DATABASE_URL``,
else the local GeoPackage); the target must be empty.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from geo.cli.core import UserError, subcommand
from geo.stores import AuditEntry, copy_store, open_store


def _describe(url: str | None) -> str:
    from geo.stores import is_postgres_url, redact

    if url and is_postgres_url(url):
        return redact(url)
    return url or "the default store"


# -- migrate ---------------------------------------------------------------------------


def _migrate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", required=True, metavar="URL",
                        help="target: a postgresql:// URL or a GeoPackage path (must be empty)")
    parser.add_argument("--from", dest="source", metavar="URL",
                        help="source: a postgresql:// URL or a GeoPackage path (default: the store in use)")
    parser.add_argument("--actor", default="system", help="name recorded in the audit log (default: system)")


@subcommand("migrate", "copy every event, version and audit entry to another store (GeoPackage <-> "
            "PostGIS) and verify the copy", _migrate_options)
def run_migrate(args: argparse.Namespace) -> int:
    """Copy, verify counts and checksums, print one summary line."""
    source_url = args.source or args.store
    if source_url and source_url == args.to:
        raise UserError("--from and --to name the same store")
    source = open_store(source_url)
    report = copy_store(source, open_store(args.to), source_name=_describe(source_url), actor=args.actor)
    print(f"{report.summary()}: {_describe(source_url)} -> {_describe(args.to)} (counts and checksum verified)")
    return 0


# -- history and audit -----------------------------------------------------------------


def _changed_fields(entry: AuditEntry) -> list[str]:
    before, after = entry.before or {}, entry.after or {}
    if not (entry.before and entry.after):
        return []
    return [name for name in after if before.get(name) != after.get(name)]


def format_entry(entry: AuditEntry, *, with_event: bool) -> str:
    """One line: time (UTC), version, action, event (optional), actor, changed fields."""
    parts = [f"{entry.at:%Y-%m-%d %H:%M:%S}Z", f"v{entry.version}" if entry.version else "-",
             f"{entry.action:<10}"]
    if with_event:
        parts.append(entry.event_id or "(store)")
    parts.append(f"by {entry.actor}")
    line = "  ".join(parts)
    changed = _changed_fields(entry)
    if changed:
        line += ": " + ", ".join(changed)
    elif entry.event_id is None and entry.after:
        line += ": " + json.dumps(entry.after, ensure_ascii=False)
    return line


def _entry_json(entry: AuditEntry) -> str:
    data: dict[str, Any] = {"at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action,
                            "event_id": entry.event_id, "version": entry.version,
                            "before": entry.before, "after": entry.after}
    return json.dumps(data, ensure_ascii=False)


def _history_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("event_id", help="the event's id")
    parser.add_argument("--json", action="store_true", help="one JSON object per entry, with before/after values")


@subcommand("history", "list every logged change of one event, oldest first", _history_options)
def run_history(args: argparse.Namespace) -> int:
    """Print the event's audit entries."""
    entries = open_store(args.store).history(args.event_id)
    if not entries:
        raise UserError(f"no logged change for event {args.event_id!r}")
    for entry in entries:
        print(_entry_json(entry) if args.json else format_entry(entry, with_event=False))
    return 0


def _audit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="newest N entries (default 50)")
    parser.add_argument("--actor", help="only changes made by this user")
    parser.add_argument("--json", action="store_true", help="one JSON object per entry, with before/after values")


@subcommand("audit", "list the newest logged changes of the store, newest first", _audit_options)
def run_audit(args: argparse.Namespace) -> int:
    """Print the audit log."""
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    for entry in open_store(args.store).audit_log(limit=args.limit, actor=args.actor):
        print(_entry_json(entry) if args.json else format_entry(entry, with_event=True))
    return 0
