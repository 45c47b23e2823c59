"""Other systems' tables: ACLED- and UCDP-style CSV exports, written spreadsheet-safe.

ACLED-compatible CSV (:func:`acled_export_rows`) reverses the import mapping
of :mod:`geo.exchange.acled`: ``event_id`` -> ``event_id_cnty`` and the other copied
columns as they are; ``event_date`` is the first day of our date range and
``time_precision`` keeps our code (1 day, 2 week or month, 3 longer), so a
range stays flagged as imprecise; ``fatalities`` is our best estimate (the low
one if there is no best; blank when unknown, where ACLED would write 0);
``source`` lists the publishers; ``latitude``/``longitude`` are a point on the
geometry (4 decimals, as ACLED). What ACLED has no column for (the date range,
low/high estimates, original wording, claimant, kind) goes into ``tags`` as
``key=value`` pairs.

UCDP GED-style CSV (:func:`ucdp_export_rows`) reverses :mod:`geo.exchange.ucdp`
for the events UCDP would record: incidents of organised violence (battles,
explosions/remote violence, violence against civilians). ``type_of_violence``
is 3 for violence against civilians and 1 otherwise (UCDP's state-based; an
analyst should check non-state clashes), precisions map back to UCDP's codes
(day 1, week or month 4, longer 5; place 1, district 3, region 4), and
``low``/``best``/``high`` are our estimates. Other events are left out.

:func:`csv_text` guards every text cell a spreadsheet would evaluate
(:func:`geo.model.spreadsheet_safe`); numeric columns are never altered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.exchange.acled import ACLED_COLUMNS
from geo.model import frame_records, spreadsheet_safe

#: Columns of the ACLED-compatible export, in ACLED's order (a subset of its public export).
ACLED_EXPORT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
)
_DEMONSTRATION_SUB_TYPES = ("Peaceful protest", "Protest with intervention", "Violent demonstration")


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's ``disorder_type`` for a type pair."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type in _DEMONSTRATION_SUB_TYPES:
        return "Demonstrations"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    return "Political violence"


def _clean(value: Any) -> str:
    """Cell text with ``;`` (ACLED's list separator) replaced; empty for missing values."""
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return ""
    return str(value).replace(";", ",").strip()


def _tags(rec: dict[str, Any]) -> str:
    tags = {"kind": rec["kind"]}
    if rec["date_end"] != rec["date_start"]:
        tags["date_range"] = f"{rec['date_start'].isoformat()}/{rec['date_end'].isoformat()}"
    for name in ("fatalities_low", "fatalities_high", "fatalities_text", "wounded", "strength_low",
                 "strength_best", "strength_high", "strength_text", "claimed_by"):
        if _clean(rec.get(name)):
            tags[name] = _clean(rec[name])
    return "; ".join(f"{key}={value}" for key, value in tags.items())


def acled_export_rows(gdf: gpd.GeoDataFrame) -> list[dict[str, str]]:
    """One ACLED-style row per event (see the module docstring for the mapping)."""
    ours_to_acled = {ours: theirs for theirs, ours in ACLED_COLUMNS.items()}
    rows = []
    for rec in frame_records(gdf):
        point = shapely.point_on_surface(rec["geometry"])
        best = rec["fatalities_best"] if rec["fatalities_best"] is not None else rec["fatalities_low"]
        publishers = dict.fromkeys(_clean(s.get("publisher")) for s in rec["sources"])
        row = {theirs: _clean(rec.get(ours)) for ours, theirs in ours_to_acled.items()}
        row.update({
            "event_date": rec["date_start"].isoformat(),
            "year": str(rec["date_start"].year),
            "disorder_type": disorder_type(rec["event_type"], rec["sub_event_type"]),
            "latitude": f"{point.y:.4f}",
            "longitude": f"{point.x:.4f}",
            "source": "; ".join(p for p in publishers if p),
            "source_scale": "",
            "notes": str(rec.get("notes") or ""),
            "fatalities": "" if best is None else str(best),
            "tags": _tags(rec),
        })
        rows.append({name: row.get(name, "") for name in ACLED_EXPORT_COLUMNS})
    return rows


#: Columns of the UCDP GED-style export (those our UCDP import reads, in GED's order).
UCDP_EXPORT_COLUMNS = (
    "id", "year", "type_of_violence", "side_a", "side_b", "source_original", "source_office", "source_date",
    "source_headline", "where_coordinates", "adm_1", "latitude", "longitude", "where_prec", "country",
    "date_start", "date_end", "date_prec", "best", "low", "high",
)
#: Event types UCDP records (organised violence with deaths).
UCDP_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_TIME_TO_DATE_PREC = {1: 1, 2: 4, 3: 5}
_GEO_TO_WHERE_PREC = {1: 1, 2: 3, 3: 4}
#: Columns whose cells are numbers or codes, never guarded.
NUMERIC_COLUMNS = frozenset({"year", "time_precision", "latitude", "longitude", "geo_precision", "fatalities",
                             "type_of_violence", "where_prec", "date_prec", "best", "low", "high",
                             "event_date", "date_start", "date_end", "published", "reliability",
                             "credibility", "events"})


def _number(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def ucdp_export_rows(gdf: gpd.GeoDataFrame) -> list[dict[str, str]]:
    """One UCDP GED-style row per incident of organised violence (see the module docstring)."""
    rows = []
    for rec in frame_records(gdf):
        if rec["kind"] != "incident" or rec["event_type"] not in UCDP_EVENT_TYPES:
            continue
        point = shapely.point_on_surface(rec["geometry"])
        sources = list(rec["sources"])
        rows.append({
            "id": rec["event_id"], "year": str(rec["date_start"].year),
            "type_of_violence": "3" if rec["event_type"] == "Violence against civilians" else "1",
            "side_a": _clean(rec.get("actor1")), "side_b": _clean(rec.get("actor2")),
            "source_original": _clean(rec.get("claimed_by")),
            "source_office": "; ".join(_clean(s.get("publisher")) for s in sources),
            "source_date": "; ".join(_clean(s.get("published")) for s in sources),
            "source_headline": "; ".join(_clean(s.get("title")) for s in sources),
            "where_coordinates": _clean(rec.get("location")), "adm_1": _clean(rec.get("admin1")),
            "latitude": f"{point.y:.4f}", "longitude": f"{point.x:.4f}",
            "where_prec": str(_GEO_TO_WHERE_PREC[int(rec["geo_precision"])]), "country": _clean(rec["country"]),
            "date_start": rec["date_start"].isoformat(), "date_end": rec["date_end"].isoformat(),
            "date_prec": str(_TIME_TO_DATE_PREC[int(rec["time_precision"])]),
            "best": _number(rec.get("fatalities_best")), "low": _number(rec.get("fatalities_low")),
            "high": _number(rec.get("fatalities_high")),
        })
    return rows


def csv_text(columns: Iterable[str], rows: Iterable[dict[str, Any]], *, header: bool = True) -> str:
    """CSV text of ``rows`` with formula-like text cells guarded (numeric columns left as they are).

    Without ``header`` only the rows: what follows an earlier part of the same file.
    """
    names = list(columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({name: value if name in NUMERIC_COLUMNS or not isinstance(value, str)
                         else spreadsheet_safe(value) for name, value in row.items()})
    return buffer.getvalue()
