"""UCDP Georeferenced Event Dataset (GED) CSV rows mapped onto the Border Monitor event model.

UCDP GED (Uppsala Conflict Data Program; data under CC BY 4.0) has one row per
event of organised violence with at least one death, a date range, UCDP's own
precision codes and low/best/high death estimates. :func:`ucdp_row_to_record`
maps a row of the public CSV as follows:

* ``id`` -> ``event_id`` ``ucdp-<id>``; ``date_start``/``date_end`` -> the
  same fields (``YYYY-MM-DD``, a time part is dropped);
* ``type_of_violence`` (1 state-based, 2 non-state, 3 one-sided) -> ACLED
  ``Battles``/``Armed clash`` for 1 and 2, ``Violence against
  civilians``/``Attack`` for 3; ``kind`` is always ``incident``. UCDP does not
  say how people were killed (shelling, IED...), so an analyst may refine the
  sub-type;
* ``date_prec`` -> ``time_precision`` (see :data:`DATE_PREC_TO_TIME_PRECISION`):
  1 exact day -> 1; 2 (a 2-6 day span), 3 (the week) and 4 (8-30 days or the
  month) -> 2 "week or month"; 5 (more than a month, within a year) -> 3;
* ``where_prec`` -> ``geo_precision`` (see :data:`WHERE_PREC_TO_GEO_PRECISION`):
  1 exact place -> 1; 2 (within about 25 km of a place) and 3 (a district,
  ADM2) -> 2; 4 (a province, ADM1), 5 (a larger part of a country or a linear
  feature such as a border or river), 6 (only the country) and 7
  (international waters or airspace) -> 3, with a sentence in ``notes`` for
  6 and 7 because our code 3 is narrower than "somewhere in the country";
* ``low``/``best``/``high`` -> ``fatalities_low``/``_best``/``_high`` (UCDP's
  estimates are exactly our low/best/high);
* ``side_a``/``side_b`` -> ``actor1``/``actor2``; ``source_original`` (who
  the figures came from) -> ``claimed_by``;
* ``where_coordinates`` -> ``location`` (else ``adm_1``, else ``country``);
  ``adm_1`` -> ``admin1``; ``latitude``/``longitude`` -> a point;
* ``conflict_name``, ``where_description`` and the death breakdown
  (``deaths_a``, ``deaths_b``, ``deaths_civilians``, ``deaths_unknown``) go
  into ``notes``;
* each outlet in ``source_office`` (``;``-separated) becomes one citation,
  paired with the headline and date at the same position in
  ``source_headline``/``source_date``; with no outlet, one citation of the GED
  record itself. Citations are rated F/6 (not judged), as for ACLED imports:
  an analyst rates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from geo.model import RowProblem, lat_lon_point, whole_number

#: Columns a UCDP GED CSV must have.
UCDP_REQUIRED: tuple[str, ...] = (
    "id", "type_of_violence", "date_start", "date_end", "date_prec", "where_prec",
    "latitude", "longitude", "country", "best", "low", "high",
)
#: UCDP date_prec (1-5) -> our/ACLED time_precision (1 day, 2 week or month, 3 longer).
DATE_PREC_TO_TIME_PRECISION: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 2, 5: 3}
#: UCDP where_prec (1-7) -> our/ACLED geo_precision (1 place, 2 near place/district, 3 region).
WHERE_PREC_TO_GEO_PRECISION: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
_WHERE_PREC_NOTES = {
    6: "UCDP where_prec 6: only the country is known; the point is UCDP's country-level coordinate.",
    7: "UCDP where_prec 7: international waters or airspace.",
}
#: UCDP type_of_violence -> (ACLED event type, sub-event type).
VIOLENCE_TYPES: dict[int, tuple[str, str]] = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}
_VIOLENCE_NAMES = {1: "state-based", 2: "non-state", 3: "one-sided"}
#: Our field -> the UCDP column it came from, to word problems in the file's terms.
UCDP_NAME_OF_FIELD: dict[str, str] = {
    "event_id": "id",
    "time_precision": "date_prec",
    "geo_precision": "where_prec",
    "fatalities_low": "low",
    "fatalities_best": "best",
    "fatalities_high": "high",
    "actor1": "side_a",
    "actor2": "side_b",
    "claimed_by": "source_original",
    "location": "where_coordinates",
    "admin1": "adm_1",
    "geometry": "latitude/longitude",
    "sources": "source_office",
}
UCDP_PUBLISHER = "UCDP Georeferenced Event Dataset"


def is_ucdp_header(columns: list[str]) -> bool:
    """True when a CSV header looks like a UCDP GED export."""
    return {"id", "date_prec", "where_prec", "best"} <= set(columns)


def _code(row: Mapping[str, Any], column: str, table: dict[int, Any]) -> int:
    value = whole_number(row.get(column))
    if not isinstance(value, int) or value not in table:
        allowed = f"{min(table)}-{max(table)}"
        raise RowProblem(column, f"{row.get(column)!r} is not a UCDP code {allowed}")
    return value


def ucdp_day(text: str | None) -> str | None:
    """``2019-04-18`` from ``2019-04-18`` or ``2019-04-18 00:00:00.000``; other text as is."""
    if text is None:
        return None
    head = text.strip()[:10]
    try:
        return dt.date.fromisoformat(head).isoformat()
    except ValueError:
        return text


def _parts(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(";")]


def ucdp_citations(event_id: str, row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One unrated (F/6) citation per outlet in ``source_office``, or one for the GED record."""
    offices = [o for o in _parts(row.get("source_office")) if o]
    unique = list(dict.fromkeys(offices))
    headlines, dates = _parts(row.get("source_headline")), _parts(row.get("source_date"))
    aligned = len(offices) == len(headlines) == len(dates) == len(unique)
    base = f"ucdp-{event_id}"
    if not unique:
        return [{"source_id": base, "publisher": UCDP_PUBLISHER, "reliability": "F", "credibility": 6,
                 "title": (row.get("source_headline") or f"UCDP GED event {event_id}")[:500]}]
    citations = []
    for n, office in enumerate(unique, start=1):
        day = ucdp_day(dates[n - 1]) if aligned else None
        citations.append({
            "source_id": base if len(unique) == 1 else f"{base}-{n}",
            "publisher": f"{office} (via UCDP GED)"[:200],
            "title": (headlines[n - 1] if aligned and headlines[n - 1]
                      else f"Reported via UCDP GED event {event_id}")[:500],
            "published": day if day and len(day) == 10 and day[4] == "-" else None,
            "reliability": "F",
            "credibility": 6,
        })
    return citations


def ucdp_notes(row: Mapping[str, Any], violence: int, where_prec: int) -> str:
    """Our ``notes`` for a GED row: the conflict, where, the deaths by side and a word on vague places."""
    parts = [f"UCDP GED event {row.get('id')} ({_VIOLENCE_NAMES[violence]} violence"
             + (f", {row['conflict_name']}" if row.get("conflict_name") else "") + ")."]
    if row.get("where_description"):
        parts.append(f"Where: {row['where_description']}.")
    deaths = [(label, row.get(column)) for label, column in (
        ("side A", "deaths_a"), ("side B", "deaths_b"), ("civilians", "deaths_civilians"),
        ("unknown", "deaths_unknown")) if row.get(column) not in (None, "")]
    if deaths:
        parts.append("Deaths (best): " + ", ".join(f"{label} {value}" for label, value in deaths) + ".")
    if where_prec in _WHERE_PREC_NOTES:
        parts.append(_WHERE_PREC_NOTES[where_prec])
    return " ".join(parts)[:5000]


def ucdp_row_to_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One UCDP GED CSV row (blank cells None) as an event record (not yet validated).

    Raises :class:`geo.model.flat.RowProblem` for an unknown precision or
    violence code or a missing coordinate; everything else is left for the
    schema to report.
    """
    raw_id = str(row.get("id") or "").strip()
    if not raw_id:
        raise RowProblem("id", "missing")
    violence = _code(row, "type_of_violence", VIOLENCE_TYPES)
    date_prec = _code(row, "date_prec", DATE_PREC_TO_TIME_PRECISION)
    where_prec = _code(row, "where_prec", WHERE_PREC_TO_GEO_PRECISION)
    event_type, sub_event_type = VIOLENCE_TYPES[violence]
    record: dict[str, Any] = {
        "event_id": f"ucdp-{whole_number(raw_id)}",
        "kind": "incident",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "date_start": ucdp_day(row.get("date_start")),
        "date_end": ucdp_day(row.get("date_end")),
        "time_precision": DATE_PREC_TO_TIME_PRECISION[date_prec],
        "geo_precision": WHERE_PREC_TO_GEO_PRECISION[where_prec],
        "location": row.get("where_coordinates") or row.get("adm_1") or row.get("country"),
        "admin1": row.get("adm_1"),
        "country": row.get("country"),
        "actor1": row.get("side_a"),
        "actor2": row.get("side_b"),
        "claimed_by": (row.get("source_original") or "")[:300] or None,
        "notes": ucdp_notes(row, violence, where_prec),
        "geometry": lat_lon_point(row),
    }
    for ours, theirs in (("fatalities_low", "low"), ("fatalities_best", "best"), ("fatalities_high", "high")):
        if row.get(theirs) is not None:
            record[ours] = whole_number(row[theirs])
    record["sources"] = ucdp_citations(str(record["event_id"]).removeprefix("ucdp-"), row)
    return {k: v for k, v in record.items() if v is not None}
