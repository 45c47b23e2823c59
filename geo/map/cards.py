"""Event cards: the HTML shown when a map feature is clicked.

Every string that comes from data (notes, actors, titles, publishers, places,
claims) passes through :func:`escape_text` (:func:`html.escape`, plus braces
as character references so that a template engine that re-reads the HTML,
as folium's does, finds no ``{{`` in it); links are only emitted for http(s)
URLs and open with ``rel="noopener noreferrer"``.

Example
-------
>>> format_when("2023-09-01", "2023-09-30", 2)
'2023-09-01 – 2023-09-30 (week or month)'
>>> format_estimate(20000, 50000, 60000)
'20,000 – 50,000 – 60,000 (low – best – high)'
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from html import escape as html_escape
from typing import Any

import pandas as pd

from geo.model import CREDIBILITY_LABELS, GEO_PRECISION_LABELS, RELIABILITY_LABELS, TIME_PRECISION_LABELS

#: Notes longer than this are cut in map cards (the Events page shows them whole).
CARD_NOTES_CHARS = 700


def escape_text(text: Any) -> str:
    """HTML-escaped text (quotes included) with ``{`` and ``}`` as character references."""
    return html_escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _present(value: Any) -> bool:
    """False for None, NaN, pandas' NA and NaT (frames give all of these for "missing")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _text(value: Any) -> str:
    """Escaped text of a value; empty for None/NaN/NA and blank strings."""
    return escape_text(str(value).strip()) if _present(value) else ""


def _int(value: Any) -> int | None:
    if not _present(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _day(value: Any) -> str:
    if not _present(value):
        return "?"
    try:
        return pd.Timestamp(value).date().isoformat()
    except (TypeError, ValueError):
        return str(value)


def format_when(start: Any, end: Any, precision: Any) -> str:
    """``2019-05-19 (day)`` or ``2023-09-01 – 2023-09-30 (week or month)`` (UTC dates; not escaped)."""
    first, last = _day(start), _day(end)
    span = first if last in (first, "?") else f"{first} – {last}"
    label = TIME_PRECISION_LABELS.get(_int(precision) or 0, "precision unknown")
    return f"{span} ({label})"


def format_estimate(low: Any, best: Any, high: Any) -> str:
    """``3`` or ``20,000 – 50,000 – 60,000 (low – best – high)``; empty when all unknown."""
    values = [_int(v) for v in (low, best, high)]
    given = [v for v in values if v is not None]
    if not given:
        return ""
    if len(set(given)) == 1:
        return f"{given[0]:,}"
    return " – ".join("?" if v is None else f"{v:,}" for v in values) + " (low – best – high)"


def format_rating(reliability: Any, credibility: Any) -> tuple[str, str]:
    """Admiralty code such as ``B2`` and its meaning, ``?`` for values outside A–F / 1–6."""
    letter = str(reliability).strip().upper() if _present(reliability) else ""
    letter = letter if letter in RELIABILITY_LABELS else "?"
    number = _int(credibility)
    digit = str(number) if number in CREDIBILITY_LABELS else "?"
    meaning = (f"source: {RELIABILITY_LABELS.get(letter, 'not rated')}; "
               f"claim: {CREDIBILITY_LABELS.get(number or 0, 'not rated')}")
    return f"{letter}{digit}", meaning


def _source_item(source: Mapping[str, Any]) -> str:
    publisher = _text(source.get("publisher")) or "Unnamed source"
    title = _text(source.get("title"))
    url = source.get("url")
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        title = (f'<a href="{escape_text(url.strip())}" target="_blank" '
                 f'rel="noopener noreferrer">{title or "link"}</a>')
    published = source.get("published")
    date = _text(published.isoformat() if isinstance(published, dt.date) else published)
    code, meaning = format_rating(source.get("reliability"), source.get("credibility"))
    return (f"<li><b>{publisher}</b>{', ' + date if date else ''}{' — ' + title if title else ''} "
            f'<span class="bm-rating" title="{escape_text(meaning)}">{escape_text(code)}</span></li>')


def _figure_with_words(low: Any, best: Any, high: Any, words: Any) -> str:
    figure = escape_text(format_estimate(low, best, high))
    quoted = _text(words)
    if quoted:
        figure += f"{' ' if figure else ''}<i>“{quoted}”</i>"
    return figure


def _cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " … (full notes on the Events page)"


def event_card_html(record: Mapping[str, Any], *, notes_limit: int | None = CARD_NOTES_CHARS) -> str:
    """The card for one event record (a frame row or ``Event.model_dump()`` as a dict).

    Shows what happened (notes, cut at ``notes_limit`` characters; None keeps
    all), when (dates with their precision), where (place, province, country,
    precision), casualties and strength as low – best – high with the
    original wording, actors, who claims it, and every source with its
    Admiralty rating. All text is HTML-escaped.
    """
    rows: list[str] = []

    def row(label: str, value: str) -> None:
        if value:
            rows.append(f"<tr><th>{label}</th><td>{value}</td></tr>")

    when = format_when(record.get("date_start"), record.get("date_end"), record.get("time_precision"))
    row("When", escape_text(when))
    place = ", ".join(t for t in (_text(record.get(k)) for k in ("location", "admin1", "country")) if t)
    precision = GEO_PRECISION_LABELS.get(_int(record.get("geo_precision")) or 0)
    row("Where", f"{place} ({escape_text(precision)})" if precision else place)
    row("Fatalities", _figure_with_words(record.get("fatalities_low"), record.get("fatalities_best"),
                                         record.get("fatalities_high"), record.get("fatalities_text")))
    wounded = _int(record.get("wounded"))
    row("Wounded", "" if wounded is None else f"{wounded:,}")
    row("Strength", _figure_with_words(record.get("strength_low"), record.get("strength_best"),
                                       record.get("strength_high"), record.get("strength_text")))
    row("Actors", " vs ".join(t for t in (_text(record.get("actor1")), _text(record.get("actor2"))) if t))
    row("Claimed by", _text(record.get("claimed_by")))
    sources = record.get("sources")
    listed = sources if isinstance(sources, Sequence) else []
    items = "".join(_source_item(s) for s in listed if isinstance(s, Mapping))
    heading = " · ".join(t for t in (_text(record.get("sub_event_type")), _text(record.get("kind"))) if t)
    notes = record.get("notes")
    notes_text = _text(_cut(str(notes).strip(), notes_limit)) if _present(notes) else ""
    return (
        f'<div class="bm-card"><div class="bm-card-title">{heading}</div>'
        f'<div class="bm-card-id">{_text(record.get("event_id"))}</div>'
        f"{f'<p>{notes_text}</p>' if notes_text else ''}<table>{''.join(rows)}</table>"
        f'<div class="bm-sources"><b>Sources</b><ul>{items}</ul></div></div>'
    )


def event_tooltip(record: Mapping[str, Any]) -> str:
    """A one-line, escaped hover label: sub-type — place (first day)."""
    what = str(record.get("sub_event_type") or record.get("kind") or "event")
    return escape_text(f"{what} — {record.get('location') or '?'} ({_day(record.get('date_start'))})")


def aggregate_card_html(count: int, by_type: Mapping[str, int], by_kind: Mapping[str, int],
                        fatalities: int, first: Any, last: Any) -> str:
    """The card of an aggregated grid cell: counts by type and kind, and how to see events."""
    def table(counts: Mapping[str, int]) -> str:
        cells = "".join(f"<tr><th>{escape_text(str(k))}</th><td>{n:,}</td></tr>" for k, n in counts.items() if n)
        return f"<table>{cells}</table>"

    return (
        f'<div class="bm-card"><div class="bm-card-title">{count:,} events in this area</div>'
        f"{table(by_type)}{table(by_kind)}"
        f"<p>Fatalities (best estimates added up): {fatalities:,}<br>"
        f"Dates: {escape_text(_day(first))} – {escape_text(_day(last))}</p>"
        "<p><i>Zoom in or narrow the time window to see individual events and their sources.</i></p></div>"
    )
