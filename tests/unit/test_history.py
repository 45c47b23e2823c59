"""Event history for people: newest change first, even when changes share a second."""

from __future__ import annotations

import datetime as dt

from geo.stores import AuditEntry, history_summary, history_table

SAME_SECOND = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.UTC)


def entry(actor: str, action: str, version: int, notes: str | None) -> AuditEntry:
    after = {"event_id": "E-1", "notes": notes}
    before = None if version == 1 else {"event_id": "E-1", "notes": "old"}
    return AuditEntry(at=SAME_SECOND, actor=actor, action=action, event_id="E-1", version=version,
                      before=before, after=after)


def test_changes_logged_in_the_same_second_are_listed_newest_first() -> None:
    oldest_first = [entry("system", "import", 1, None), entry("anna", "update", 2, "new"),
                    entry("omar", "update", 3, "newer")]
    table = history_table(oldest_first)
    assert list(table["Who"]) == ["omar", "anna", "system"]
    assert list(table["Version"]) == [3, 2, 1]
    summary = history_summary(oldest_first)
    assert "by system" in summary.split(";")[0] and "last change: update by omar" in summary
    assert "(3 recorded changes)" in summary
