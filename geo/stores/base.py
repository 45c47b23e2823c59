"""What every event store backend shares: the interface, validation, versions and the audit trail.

A backend (:mod:`geo.stores.gpkg`, :mod:`geo.stores.pg`) only stores rows; the
meaning of every write lives here, in :class:`AuditedStore`, so the GeoPackage
and PostGIS stores validate, version and log identically:

* each event has a version, 1 when created, +1 on every change (edit, new
  source, merge, delete, restore);
* :meth:`AuditedStore.update` refuses an edit based on an older version
  (:class:`StaleVersion`), so two analysts never silently overwrite each other;
* every write appends :class:`AuditEntry` rows (who, when, what, before/after)
  in the same atomic write as the change itself;
* ``delete`` hides events (kept, restorable); only ``purge`` removes them, and
  that is logged too.

A write runs inside ``backend._transaction()`` (writers serialised: a file lock
or a PostgreSQL advisory lock) and ends with one ``tx.apply(changes)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import geopandas as gpd
from pydantic import ValidationError

from geo.model import Citation, Event, format_errors
from geo.stores.records import (
    AuditEntry,
    Changes,
    EventInput,
    StaleVersion,
    Stored,
    StoreError,
    WriteReport,
    now,
    record_of,
    validated_batch,
)


class Transaction(Protocol):
    """What a backend offers inside a write (writers are serialised while it lasts)."""

    def present(self, ids: set[str]) -> dict[str, bool]:
        """``event_id -> is soft-deleted`` for the given ids that exist (cheap: no geometry)."""

    def rows(self, ids: set[str] | None) -> dict[str, Stored]:
        """Stored rows (live and deleted) for ``ids``, or all of them for None."""

    def last_change(self, event_id: str) -> AuditEntry | None:
        """The newest audit entry of one event."""

    def apply(self, changes: Changes) -> None:
        """Write ``changes`` atomically (all or nothing); raises StoreError."""


class EventStore(Protocol):
    """What every backend offers (see :class:`AuditedStore` for the semantics)."""

    def load(self) -> gpd.GeoDataFrame: ...
    def load_ids(self, ids: Sequence[str]) -> gpd.GeoDataFrame: ...
    def get(self, event_id: str) -> Event | None: ...
    def get_versioned(self, event_id: str) -> tuple[Event, int] | None: ...
    def version(self) -> str: ...
    def history(self, event_id: str) -> list[AuditEntry]: ...
    def audit_log(self, limit: int | None = 100, actor: str | None = None) -> list[AuditEntry]: ...
    def deleted(self) -> list[Event]: ...
    def add(self, events: Iterable[EventInput], *, actor: str = "system") -> WriteReport: ...
    def upsert(self, events: Iterable[EventInput], *, actor: str = "system") -> WriteReport: ...
    def update(self, event: EventInput, *, expected_version: int, actor: str = "system") -> int: ...
    def add_sources(self, pairs: Iterable[tuple[str, Citation | Mapping[str, Any]]], *,
                    actor: str = "system") -> WriteReport: ...
    def add_source(self, event_id: str, citation: Citation, *, actor: str = "system") -> Event: ...
    def merge(self, target_id: str, duplicate_ids: Iterable[str], *, actor: str = "system") -> Event: ...
    def delete(self, event_ids: Iterable[str], *, actor: str = "system") -> int: ...
    def restore(self, event_ids: Iterable[str], *, actor: str = "system") -> int: ...
    def purge(self, event_ids: Iterable[str], *, actor: str = "system") -> int: ...
    def replace_all(self, events: Iterable[EventInput], *, actor: str = "system") -> WriteReport: ...
    def all_rows(self) -> list[Stored]: ...
    def import_rows(self, rows: Sequence[Stored], audit: Sequence[AuditEntry], note: dict[str, Any], *,
                    actor: str = "system") -> None: ...


def _ids(event_ids: Iterable[str] | str) -> set[str]:
    return {event_ids} if isinstance(event_ids, str) else set(event_ids)


class AuditedStore:
    """The write semantics of every backend; subclasses provide reads and ``_transaction``."""

    def _transaction(self) -> AbstractContextManager[Transaction]:
        raise NotImplementedError

    def get_versioned(self, event_id: str) -> tuple[Event, int] | None:
        raise NotImplementedError

    def all_rows(self) -> list[Stored]:
        """Every row, live and soft-deleted, with its version (for copying a store)."""
        with self._transaction() as tx:
            return list(tx.rows(None).values())

    # -- creating and editing ------------------------------------------------------------
    def add(self, events: Iterable[EventInput], *, actor: str = "system") -> WriteReport:
        """Add new events; an invalid record or an id already used rejects the whole batch."""
        labelled, report = validated_batch(events)
        if not report.ok or not labelled:
            return report
        with self._transaction() as tx:
            present = tx.present({event.event_id for _, event in labelled})
            report.rejected = [taken_message(label, present[event.event_id])
                               for label, event in labelled if event.event_id in present]
            if report.rejected:
                return report
            at = now()
            tx.apply(Changes(put=[Stored(event, 1) for _, event in labelled],
                             audit=[AuditEntry(at, actor, "create", event.event_id, 1, None, record_of(event))
                                    for _, event in labelled]))
        report.added = len(labelled)
        return report

    def upsert(self, events: Iterable[EventInput], *, actor: str = "system") -> WriteReport:
        """Add new events and replace stored ones with the same id, in one write (no version check)."""
        labelled, report = validated_batch(events)
        if not report.ok or not labelled:
            return report
        with self._transaction() as tx:
            stored = tx.rows({event.event_id for _, event in labelled})
            report.rejected = [taken_message(label, True) for label, event in labelled
                               if event.event_id in stored and stored[event.event_id].deleted]
            if report.rejected:
                return report
            changes = Changes()
            at = now()
            for _, event in labelled:
                old = stored.get(event.event_id)
                if old is not None and old.event == event:
                    report.unchanged += 1
                    continue
                report.updated += old is not None
                report.added += old is None
                _put(changes, at, actor, old, event, "update" if old else "create")
            if changes:
                tx.apply(changes)
        return report

    def update(self, event: EventInput, *, expected_version: int, actor: str = "system") -> int:
        """Save an edited event opened at ``expected_version``; returns its new version.

        Raises :class:`StaleVersion` (with the current event) when it changed in
        the meantime, StoreError when it is invalid, unknown or deleted. Saving
        it unchanged writes nothing and returns the current version.
        """
        labelled, report = validated_batch([event])
        if not report.ok:
            raise StoreError("; ".join(report.rejected))
        edited = labelled[0][1]
        with self._transaction() as tx:
            old = tx.rows({edited.event_id}).get(edited.event_id)
            if old is None:
                raise StoreError(f"event {edited.event_id} is not in the store: your edit was not saved")
            last = tx.last_change(edited.event_id)
            if old.deleted:
                who = f" by {last.actor} at {last.at:%Y-%m-%d %H:%M} UTC" if last else ""
                raise StoreError(f"event {edited.event_id} was deleted{who}: your edit was not saved")
            if old.version != expected_version:
                raise StaleVersion(edited.event_id, expected_version, old.event, old.version, last)
            if old.event == edited:
                return old.version
            changes = Changes()
            _put(changes, now(), actor, old, edited, "update")
            tx.apply(changes)
        return old.version + 1

    def add_sources(self, pairs: Iterable[tuple[str, Citation | Mapping[str, Any]]], *,
                    actor: str = "system") -> WriteReport:
        """Attach citations to stored events (the same event reported again); all or nothing.

        Citing a source the event already cites with identical details is a
        no-op (``unchanged``); with different details it is rejected.
        """
        pairs = list(pairs)
        report = WriteReport(read=len(pairs))
        citations: list[tuple[str, str, Citation]] = []
        for number, (event_id, given) in enumerate(pairs, start=1):
            label = f"citation {number} for {event_id}"
            try:
                data = given.model_dump() if isinstance(given, Citation) else dict(given)
                citations.append((label, event_id, Citation.model_validate(data)))
            except ValidationError as exc:
                report.rejected.extend(format_errors(exc, label))
        if not report.ok:
            return report
        with self._transaction() as tx:
            stored = {k: v for k, v in tx.rows({event_id for _, event_id, _ in citations}).items() if not v.deleted}
            changed: dict[str, Event] = {}
            for label, event_id, citation in citations:
                event = changed.get(event_id) or (stored[event_id].event if event_id in stored else None)
                if event is None:
                    report.rejected.append(f"{label}: no event with this id in the store")
                    continue
                cited = {s.source_id: s for s in event.sources}.get(citation.source_id)
                if cited == citation:
                    report.unchanged += 1
                elif cited is not None:
                    report.rejected.append(f"{label}, field source_id: already cited with different details")
                else:
                    changed[event_id] = _with_sources(event, [citation])
                    report.merged += 1
            if not report.ok:
                report.merged = report.unchanged = 0  # nothing is written
            elif changed:
                changes = Changes()
                at = now()
                for event_id, event in changed.items():
                    _put(changes, at, actor, stored[event_id], event, "add_source")
                tx.apply(changes)
        return report

    def add_source(self, event_id: str, citation: Citation, *, actor: str = "system") -> Event:
        """Attach one citation to a stored event and return the event; raises StoreError."""
        report = self.add_sources([(event_id, citation)], actor=actor)
        if not report.ok:
            raise StoreError(report.rejected[0])
        found = self.get_versioned(event_id)
        if found is None:  # deleted by another writer in the meantime
            raise StoreError(f"event {event_id!r} disappeared from the store")
        return found[0]

    def merge(self, target_id: str, duplicate_ids: Iterable[str], *, actor: str = "system") -> Event:
        """Fold duplicates into ``target_id``: their new citations join it, they are soft-deleted.

        A citation whose ``source_id`` the target already cites is dropped (the
        target's rating is kept). Returns the merged event; raises StoreError.
        """
        duplicates = _ids(duplicate_ids) - {target_id}
        if not duplicates:
            raise StoreError("merge needs at least one other event")
        with self._transaction() as tx:
            stored = tx.rows({target_id, *duplicates})
            missing = sorted(i for i in (target_id, *duplicates) if i not in stored or stored[i].deleted)
            if missing:
                raise StoreError(f"cannot merge: {', '.join(missing)} not in the store")
            target = stored[target_id]
            cited = {s.source_id for s in target.event.sources}
            extra = []
            for dup_id in sorted(duplicates):
                for citation in stored[dup_id].event.sources:
                    if citation.source_id not in cited:
                        cited.add(citation.source_id)
                        extra.append(citation)
            merged = _with_sources(target.event, extra)
            changes, at = Changes(), now()
            _put(changes, at, actor, target, merged, "merge")
            for dup_id in sorted(duplicates):
                old = stored[dup_id]
                changes.hide.append(Stored(old.event, old.version + 1, at, actor))
                changes.audit.append(AuditEntry(at, actor, "merge", dup_id, old.version + 1, record_of(old.event),
                                                {"merged_into": target_id}))
            tx.apply(changes)
        return merged

    # -- deleting ------------------------------------------------------------------------
    def delete(self, event_ids: Iterable[str], *, actor: str = "system") -> int:
        """Soft-delete events (hidden from load/get, kept, restorable); returns how many."""
        return self._move(_ids(event_ids), actor, "delete")

    def restore(self, event_ids: Iterable[str], *, actor: str = "system") -> int:
        """Bring soft-deleted events back; returns how many."""
        return self._move(_ids(event_ids), actor, "restore")

    def purge(self, event_ids: Iterable[str], *, actor: str = "system") -> int:
        """Remove events for good (live or soft-deleted; an admin action, logged); returns how many."""
        return self._move(_ids(event_ids), actor, "purge")

    def _move(self, wanted: set[str], actor: str, action: str) -> int:
        with self._transaction() as tx:
            stored = tx.rows(wanted) if wanted else {}
            rows = [row for row in stored.values() if action == "purge" or row.deleted == (action == "restore")]
            if not rows:
                return 0
            changes, at = Changes(), now()
            for row in rows:
                record, version = record_of(row.event), row.version + 1
                if action == "delete":
                    changes.hide.append(Stored(row.event, version, at, actor))
                    changes.audit.append(AuditEntry(at, actor, action, row.event.event_id, version, record, None))
                elif action == "restore":
                    changes.put.append(Stored(row.event, version))
                    changes.audit.append(AuditEntry(at, actor, action, row.event.event_id, version, None, record))
                else:
                    changes.purge.add(row.event.event_id)
                    changes.audit.append(AuditEntry(at, actor, action, row.event.event_id, row.version, record, None))
            tx.apply(changes)
        return len(rows)

    # -- whole-store writes --------------------------------------------------------------
    def replace_all(self, events: Iterable[EventInput], *, actor: str = "system") -> WriteReport:
        """Make the store show exactly these events (all valid, ids unique) or change nothing.

        Events not given are soft-deleted, given ones created or updated, all logged.
        """
        labelled, report = validated_batch(events)
        if not report.ok:
            return report
        with self._transaction() as tx:
            stored = tx.rows(None)
            given = {event.event_id for _, event in labelled}
            changes, at = Changes(), now()
            for _, event in labelled:
                old = stored.get(event.event_id)
                if old is not None and not old.deleted and old.event == event:
                    report.unchanged += 1
                    continue
                report.updated += old is not None
                report.added += old is None
                _put(changes, at, actor, old, event, "import")
            for event_id, old in stored.items():
                if event_id not in given and not old.deleted:
                    changes.hide.append(Stored(old.event, old.version + 1, at, actor))
                    changes.audit.append(AuditEntry(at, actor, "delete", event_id, old.version + 1,
                                                    record_of(old.event), None))
            if changes:
                tx.apply(changes)
        return report

    def _seed(self, tx: Transaction, make_events: Callable[[], Sequence[EventInput]], actor: str) -> None:
        """Write the default dataset (validated) into an empty store; raises StoreError."""
        try:
            labelled, report = validated_batch(make_events())
        except ValueError as exc:
            raise StoreError(f"the default dataset cannot be loaded: {exc}") from None
        if not report.ok:
            raise StoreError(f"the default dataset is invalid: {'; '.join(report.rejected[:5])}")
        at = now()
        tx.apply(Changes(put=[Stored(event, 1) for _, event in labelled],
                         audit=[AuditEntry(at, actor, "import", event.event_id, 1, None, None)
                                for _, event in labelled]))

    def import_rows(self, rows: Sequence[Stored], audit: Sequence[AuditEntry], note: dict[str, Any], *,
                    actor: str = "system") -> None:
        """Copy rows and audit entries of another store into this empty one, plus one ``import`` entry."""
        with self._transaction() as tx:
            if tx.rows(None):
                raise StoreError("the target store is not empty: copy only into an empty store")
            tx.apply(Changes(put=[r for r in rows if not r.deleted], hide=[r for r in rows if r.deleted],
                             audit=[*audit, AuditEntry(now(), actor, "import", None, None, None, note)]))


def taken_message(label: str, deleted: bool) -> str:
    """The problem of a record whose id a stored event already has (``label`` names the record)."""
    if deleted:
        return f"{label}, field event_id: used by a deleted event (restore it, or purge it first)"
    return f"{label}, field event_id: already in the store (update it instead)"


def _put(changes: Changes, at: dt.datetime, actor: str, old: Stored | None, event: Event, action: str) -> None:
    version = old.version + 1 if old else 1
    changes.put.append(Stored(event, version))
    before = record_of(old.event) if old and not old.deleted else None
    logged = action if old or action == "import" else "create"
    after = None if logged == "import" and old is None else record_of(event)  # see AuditEntry
    changes.audit.append(AuditEntry(at, actor, logged, event.event_id, version, before, after))


def _with_sources(event: Event, citations: Sequence[Citation]) -> Event:
    data = event.model_dump()
    data["sources"].extend(c.model_dump() for c in citations)
    return Event.model_validate(data)
