"""Copy a whole store to another backend (GeoPackage <-> PostGIS), verified by counts and checksums.

Everything is copied: live events, soft-deleted events, per-event versions and
the audit log, in one atomic write into an empty target, which then gets one
``import`` audit entry naming the source. The copy is read back and compared:
same number of live and deleted events, same :func:`geo.stores.records.checksum`
(ids, versions, contents), every audit entry.

>>> report = copy_store(open_store("var/border_monitor.gpkg"), open_store("postgresql://.../bm"),
...                     source_name="var/border_monitor.gpkg", actor="admin")
>>> report.summary()
'copied 212 events (0 deleted) and 212 audit entries; checksum 3f0c...'
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.stores.base import EventStore
from geo.stores.records import StoreError, checksum


@dataclass(frozen=True)
class CopyReport:
    """What :func:`copy_store` copied and verified."""

    events: int
    deleted: int
    audit_entries: int
    checksum: str

    def summary(self) -> str:
        """One line, e.g. ``copied 212 events (3 deleted) and 240 audit entries; checksum 3f0c...``."""
        return (f"copied {self.events} events ({self.deleted} deleted) and {self.audit_entries} audit entries; "
                f"checksum {self.checksum[:16]}")


def copy_store(source: EventStore, target: EventStore, *, source_name: str, actor: str = "system") -> CopyReport:
    """Copy ``source`` into the empty ``target`` and verify it; raises StoreError."""
    rows = source.all_rows()
    audit = list(reversed(source.audit_log(limit=None)))
    if target.all_rows() or target.audit_log(limit=1):
        raise StoreError("the target store is not empty (events or audit entries): copy only into an empty "
                         "store, e.g. a new GeoPackage path or a new database")
    deleted = sum(row.deleted for row in rows)
    report = CopyReport(events=len(rows) - deleted, deleted=deleted, audit_entries=len(audit),
                        checksum=checksum(rows))
    note = {"from": source_name, "events": report.events, "deleted": report.deleted,
            "audit_entries": report.audit_entries, "checksum": report.checksum}
    target.import_rows(rows, audit, note, actor=actor)

    copied = target.all_rows()
    copied_deleted = sum(row.deleted for row in copied)
    problems = []
    if (len(copied) - copied_deleted, copied_deleted) != (report.events, report.deleted):
        problems.append(f"the target holds {len(copied) - copied_deleted} events ({copied_deleted} deleted), "
                        f"the source {report.events} ({report.deleted} deleted)")
    elif checksum(copied) != report.checksum:
        problems.append("the events read back from the target differ from the source (checksum mismatch)")
    logged = target.audit_log(limit=None)
    if len(logged) != len(audit) + 1 or list(reversed(logged))[:-1] != audit:
        problems.append(f"the target's audit log has {len(logged)} entries, expected {len(audit) + 1}")
    if problems:
        raise StoreError("copy written but verification failed: " + "; ".join(problems))
    return report
