"""ACLED-style CSV columns mapped onto the Border Monitor event model.

ACLED exports one row per event with a single day (``event_date``), the same
event/sub-event taxonomy, time and geo precision codes as ours, one best
fatality figure and the reporting outlets in ``source`` (``;``-separated).
:func:`acled_row_to_record` turns such a row into a record for
:class:`geo.model.schema.Event`:

* ``event_id_cnty`` -> ``event_id``; ``event_date`` -> ``date_start`` and
  ``date_end`` (ISO ``2024-05-03`` or ACLED's ``03 May 2024``);
* ``fatalities`` -> ``fatalities_best`` (ACLED's figure is a conservative
  best estimate; low/high stay empty);
* ``latitude``/``longitude`` -> a point geometry (added by the CSV reader in
  :mod:`geo.exchange.files`, which treats these columns the same way for both layouts);
* every outlet named in ``source`` becomes one citation rated F/6
  (reliability and credibility not judged: ACLED does not publish a rating,
  so an analyst must rate them);
* ``kind`` follows from the sub-event type (see :func:`kind_for`).

Columns we do not keep are listed in :data:`ACLED_UNMAPPED`; other columns of a
full ACLED export (``year``, ``iso``, ``admin2``, ``interaction``...) are
ignored. The reverse mapping for an ACLED-style export belongs here too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: ACLED column -> our field, for columns copied as they are.
ACLED_COLUMNS: dict[str, str] = {
    "event_id_cnty": "event_id",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "time_precision": "time_precision",
    "geo_precision": "geo_precision",
    "actor1": "actor1",
    "actor2": "actor2",
    "admin1": "admin1",
    "location": "location",
    "country": "country",
    "notes": "notes",
}
#: Columns an ACLED-style file must have.
ACLED_REQUIRED: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "country",
)
#: ACLED columns we read but cannot keep in our model.
ACLED_UNMAPPED: tuple[str, ...] = ("source_scale",)
#: Our field -> the ACLED column(s) it came from, to word problems in the file's terms.
ACLED_NAME_OF_FIELD: dict[str, str] = {
    **{ours: theirs for theirs, ours in ACLED_COLUMNS.items()},
    "date_start": "event_date",
    "date_end": "event_date",
    "fatalities_best": "fatalities",
    "geometry": "latitude/longitude",
    "sources": "source",
}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")
#: Sub-event types that describe forces in place rather than an incident.
_POSTURE_SUB_TYPES = ("Headquarters or base established", "Non-violent transfer of territory")
_INCIDENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Riots",
)


def is_acled_header(columns: list[str]) -> bool:
    """True when a CSV header looks like an ACLED export (it has ``event_id_cnty``)."""
    return "event_id_cnty" in columns


def kind_for(event_type: str | None, sub_event_type: str | None) -> str:
    """Our ``kind`` for an ACLED type pair.

    Violent types are incidents; a base established or territory handed over
    is a posture; protests and other strategic developments are context.
    """
    if event_type in _INCIDENT_TYPES:
        return "incident"
    if sub_event_type in _POSTURE_SUB_TYPES:
        return "posture"
    return "context"


def parse_acled_date(text: str | None) -> str | None:
    """ISO date for an ACLED date in any of its usual spellings; other text is returned as is.

    Unreadable text is passed through so the schema reports it with the row.
    """
    if text is None:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return text


def acled_citations(event_id: str | None, source_text: str | None) -> list[dict[str, Any]]:
    """One unrated citation (F/6) per outlet named in ACLED's ``source`` column."""
    names = [n.strip() for n in (source_text or "").split(";") if n.strip()]
    unique = list(dict.fromkeys(names)) or ["ACLED"]
    base = f"acled-{event_id or 'unknown'}"
    return [
        {
            "source_id": base if len(unique) == 1 else f"{base}-{n}",
            "publisher": name[:200],
            "title": f"Reported via ACLED event {event_id}",
            "reliability": "F",
            "credibility": 6,
        }
        for n, name in enumerate(unique, start=1)
    ]


def acled_row_to_record(row: dict[str, str | None]) -> dict[str, Any]:
    """One ACLED CSV row (blank cells as None) as an event record (not yet validated)."""
    record: dict[str, Any] = {
        ours: row.get(theirs) for theirs, ours in ACLED_COLUMNS.items() if row.get(theirs)
    }
    day = parse_acled_date(row.get("event_date"))
    record["date_start"] = record["date_end"] = day
    record["kind"] = kind_for(row.get("event_type"), row.get("sub_event_type"))
    if row.get("fatalities") is not None:
        record["fatalities_best"] = row["fatalities"]
    record["sources"] = acled_citations(row.get("event_id_cnty"), row.get("source"))
    return record
