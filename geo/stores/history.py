"""An event's audit history as a readable table: who did what when, and which fields changed.

Works on the store's audit entries (``EventStore.history(event_id)``): any
objects with ``at``, ``actor``, ``action``, ``version``, ``before`` and
``after``, where before/after are event records (an :class:`~geo.model.schema.Event`,
a dict, JSON text, or None for a create or a purge).

Example
-------
>>> changed_fields({"notes": "a", "kind": "incident"}, {"notes": "b", "kind": "incident"})
[('notes', 'a', 'b')]
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

#: A value longer than this is cut in the Changes column (the full record stays in the audit log).
MAX_VALUE_CHARS = 80
HISTORY_COLUMNS = ["When (UTC)", "Who", "Action", "Version", "Changes"]


def as_record(value: Any) -> dict[str, Any] | None:
    """An audit before/after value as a plain dict (None stays None)."""
    if value is None:
        return None
    if hasattr(value, "model_dump"):
        return dict(value.model_dump(mode="json"))
    if isinstance(value, (str, bytes)):
        loaded = json.loads(value) if value else None
        return dict(loaded) if isinstance(loaded, Mapping) else None
    return dict(value) if isinstance(value, Mapping) else None


def changed_fields(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """``(field, before, after)`` for every field whose value differs (all fields of a create)."""
    old, new = as_record(before) or {}, as_record(after) or {}
    return [(name, old.get(name), new.get(name)) for name in dict.fromkeys([*old, *new])
            if old.get(name) != new.get(name)]


def _short(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _rating(source: Mapping[str, Any]) -> str:
    return f"{source.get('reliability', '?')}{source.get('credibility', '?')}"


def _source_changes(before: Any, after: Any) -> list[str]:
    old = {s.get("source_id"): s for s in before or [] if isinstance(s, Mapping)}
    new = {s.get("source_id"): s for s in after or [] if isinstance(s, Mapping)}
    lines = [f"source {sid} added ({_rating(new[sid])})" for sid in new if sid not in old]
    lines += [f"source {sid} removed" for sid in old if sid not in new]
    for sid in (s for s in new if s in old and new[s] != old[s]):
        if _rating(new[sid]) != _rating(old[sid]):
            lines.append(f"source {sid} rated {_rating(old[sid])} → {_rating(new[sid])}")
        else:
            lines.append(f"source {sid} details changed")
    return lines


def describe_changes(before: Any, after: Any) -> str:
    """One line per changed field, ``field: before → after`` (sources summarised by id and rating)."""
    if as_record(before) is None and as_record(after) is not None:
        return "created"
    if as_record(after) is None:
        return "removed" if as_record(before) is not None else ""
    lines: list[str] = []
    for name, old, new in changed_fields(before, after):
        if name == "sources":
            lines += _source_changes(old, new)
        elif name == "geometry":
            lines.append("geometry changed")
        else:
            lines.append(f"{name}: {_short(old)} → {_short(new)}")
    return "\n".join(lines)


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return f"{aware.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"
    return str(value or "")


def history_summary(entries: Sequence[Any]) -> str:
    """One line: who created the event and when, and who changed it last (empty without entries).

    ``entries`` are oldest first, as ``EventStore.history`` returns them (in log order, which
    stays right when two changes fall in the same second).
    """
    if not entries:
        return ""
    ordered = list(entries)
    first, last = ordered[0], ordered[-1]
    verb = "Created" if first.action == "create" else f"First recorded ({first.action})"
    line = f"{verb} by {first.actor} at {_when(first.at)} UTC"
    if len(ordered) > 1:
        line += f"; last change: {last.action} by {last.actor} at {_when(last.at)} UTC"
    return f"{line} ({len(ordered)} recorded change{'s' * (len(ordered) != 1)})."


def history_table(entries: Iterable[Any]) -> pd.DataFrame:
    """The audit entries of one event as a table, newest first (plain text: show it with st.dataframe).

    ``entries`` are oldest first, as ``EventStore.history`` returns them: the table reverses them
    by position, since timestamps of changes within one second tie.
    """
    rows = [{"When (UTC)": _when(e.at), "Who": str(e.actor), "Action": str(e.action),
             "Version": getattr(e, "version", None), "Changes": describe_changes(e.before, e.after)}
            for e in entries]
    return pd.DataFrame(rows[::-1], columns=HISTORY_COLUMNS)
