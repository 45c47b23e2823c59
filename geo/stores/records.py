"""The values event stores exchange: write reports, errors, audit entries, stored rows, change sets.

Shared by every backend (:mod:`geo.stores.gpkg`, :mod:`geo.stores.pg`) and by
:mod:`geo.stores.base`, which gives them their meaning; import them from
:mod:`geo.stores.factory`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from geo.model import Event, format_errors

EventInput = Event | Mapping[str, Any]
ACTIONS = ("create", "update", "add_source", "merge", "delete", "restore", "purge", "import")


@dataclass
class WriteReport:
    """What a write did: counts, and one ``"where: what"`` line per problem.

    ``read`` = records given; ``added`` new events; ``updated`` events replaced
    with different content; ``merged`` citations attached to existing events;
    ``unchanged`` records identical to what was stored. When ``rejected`` is
    not empty nothing was written.
    """

    read: int = 0
    added: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def summary(self) -> str:
        """One line of counts, e.g. ``read 3, added 2, updated 1, merged 0, rejected 0``."""
        return (
            f"read {self.read}, added {self.added}, updated {self.updated}, "
            f"merged {self.merged}, unchanged {self.unchanged}, rejected {len(self.rejected)}"
        )


class StoreError(RuntimeError):
    """A store operation failed or was refused; the store is unchanged."""


@dataclass(frozen=True)
class AuditEntry:
    """One logged change: ``at`` (UTC), ``actor``, ``action`` (one of :data:`ACTIONS`).

    ``before``/``after`` are the event as JSON-ready dicts (``None`` when it did
    not exist / no longer exists); ``event_id`` and ``version`` are ``None`` for
    store-wide entries (e.g. the ``import`` entry a migration writes). A bulk
    ``import`` of a new event (seeding, ``replace_all``) records ``after=None``
    to keep 100k-event stores small: the imported content is the event itself
    until its first edit, whose ``before`` then holds it.
    """

    at: dt.datetime
    actor: str
    action: str
    event_id: str | None
    version: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class StaleVersion(StoreError):
    """An edit was based on an older version of the event; nothing was saved.

    ``current`` is the stored event and ``current_version`` its version, to show the user.
    """

    def __init__(self, event_id: str, expected: int, current: Event, current_version: int,
                 last: AuditEntry | None) -> None:
        who = f" by {last.actor} at {last.at:%Y-%m-%d %H:%M} UTC" if last else ""
        super().__init__(
            f"event {event_id} was changed{who} (version {current_version}) after you opened it "
            f"(version {expected}): your edit was not saved; the current version is shown"
        )
        self.current = current
        self.current_version = current_version


@dataclass(frozen=True)
class Stored:
    """An event row as the store holds it: content, version, and whether it is soft-deleted."""

    event: Event
    version: int
    deleted_at: dt.datetime | None = None
    deleted_by: str | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass
class Changes:
    """One atomic write: rows to make live (``put``), to hide (``hide``), to remove (``purge``) + log.

    A backend removes every row (live or hidden) whose id is in ``put``,
    ``hide`` or ``purge``, then writes ``put`` as live rows (appended: load order
    is write order) and ``hide`` as soft-deleted rows, appends ``audit`` and
    renews the store version token.
    """

    put: list[Stored] = field(default_factory=list)
    hide: list[Stored] = field(default_factory=list)
    purge: set[str] = field(default_factory=set)
    audit: list[AuditEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.put or self.hide or self.purge or self.audit)

    def touched(self) -> set[str]:
        return {s.event.event_id for s in (*self.put, *self.hide)} | self.purge


def now() -> dt.datetime:
    """The current time, UTC, to the microsecond (both backends keep microseconds)."""
    return dt.datetime.now(dt.UTC)


def record_of(event: Event) -> dict[str, Any]:
    """An event as a JSON-ready dict (the audit log's before/after values)."""
    return event.model_dump(mode="json")


def validated_batch(records: Iterable[EventInput]) -> tuple[list[tuple[str, Event]], WriteReport]:
    """Re-validate every record (events may have been changed since they were built).

    Returns ``(label, event)`` pairs and a report whose ``rejected`` lists invalid
    records and ids repeated within the batch.
    """
    records = list(records)
    report = WriteReport(read=len(records))
    labelled: list[tuple[str, Event]] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Event | Mapping):
            report.rejected.append(f"record {number}: a {type(record).__name__}, not an event")
            continue
        data = record.model_dump() if isinstance(record, Event) else dict(record)
        label = f"record {number}" + (f" ({str(data['event_id'])[:60]})" if data.get("event_id") else "")
        try:
            event = Event.model_validate(data)
        except ValidationError as exc:
            report.rejected.extend(format_errors(exc, label))
            continue
        if event.event_id in seen:
            report.rejected.append(f"{label}, field event_id: listed twice in this batch")
            continue
        seen.add(event.event_id)
        labelled.append((label, event))
    return labelled, report


def checksum(rows: Iterable[Stored]) -> str:
    """SHA-256 over every row (id, version, deleted or not, content), independent of order."""
    digest = hashlib.sha256()
    for line in sorted(_checksum_lines(rows)):
        digest.update(line.encode())
    return digest.hexdigest()


def _checksum_lines(rows: Iterable[Stored]) -> Iterator[str]:
    for row in rows:
        content = json.dumps(record_of(row.event), sort_keys=True, ensure_ascii=False)
        yield f"{row.event.event_id}\t{row.version}\t{row.deleted}\t{content}\n"
