"""Event cards: the HTML shown when a map feature is clicked.

Every string that comes from data (notes, actors, titles, publishers, places)
passes through :func:`html.escape`; links are only emitted for http(s) URLs.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

import pandas as pd

from geo.schema import GEO_PRECISION_LABELS, TIME_PRECISION_LABELS


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    return escape(str(value))


def _day(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat() if value is not None else ""


def format_when(start: Any, end: Any, precision: Any) -> str:
    """``2019-05-19 (day)`` or ``2023-09-01 – 2023-09-30 (week or month)``."""
    a, b = _day(start), _day(end)
    span = a if a == b else f"{a} – {b}"
    label = TIME_PRECISION_LABELS.get(int(precision), "?") if not pd.isna(precision) else "?"
    return f"{span} ({label})"


def format_estimate(low: Any, best: Any, high: Any) -> str:
    """``3`` or ``20,000 – 50,000 – 60,000`` (low – best – high); empty when unknown."""
    vals = [None if v is None or pd.isna(v) else int(v) for v in (low, best, high)]
    if all(v is None for v in vals):
        return ""
    if len({v for v in vals if v is not None}) == 1:
        return f"{next(v for v in vals if v is not None):,}"
    return " – ".join("?" if v is None else f"{v:,}" for v in vals) + " (low – best – high)"


def _source_line(src: dict[str, Any]) -> str:
    publisher = _text(src.get("publisher"))
    title = _text(src.get("title"))
    url = src.get("url") or ""
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        title = f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{title or "link"}</a>'
    published = src.get("published")
    date = _text(published.isoformat() if isinstance(published, dt.date) else published)
    rating = f"{_text(src.get('reliability', 'F'))}{_text(src.get('credibility', 6))}"
    return (
        f"<li><b>{publisher}</b>{', ' + date if date else ''} — {title} "
        f'<span class="bm-rating" title="Admiralty reliability/credibility">{rating}</span></li>'
    )


def event_card_html(rec: dict[str, Any]) -> str:
    """The card for one event record (a frame row as a dict); all text escaped."""
    rows = []

    def row(label: str, value: str) -> None:
        if value:
            rows.append(f"<tr><th>{label}</th><td>{value}</td></tr>")

    row("When", escape(format_when(rec.get("date_start"), rec.get("date_end"), rec.get("time_precision"))))
    gp = rec.get("geo_precision")
    where = ", ".join(_text(rec.get(k)) for k in ("location", "admin1", "country") if _text(rec.get(k)))
    row("Where", f"{where} ({GEO_PRECISION_LABELS.get(int(gp), '?')})" if gp is not None else where)
    fatalities = format_estimate(rec.get("fatalities_low"), rec.get("fatalities_best"), rec.get("fatalities_high"))
    row("Fatalities", escape(fatalities) + (f" — “{_text(rec.get('fatalities_text'))}”"
                                             if _text(rec.get("fatalities_text")) else ""))
    wounded = rec.get("wounded")
    row("Wounded", "" if wounded is None or pd.isna(wounded) else f"{int(wounded):,}")
    strength = format_estimate(rec.get("strength_low"), rec.get("strength_best"), rec.get("strength_high"))
    row("Strength", escape(strength) + (f" — “{_text(rec.get('strength_text'))}”"
                                         if _text(rec.get("strength_text")) else ""))
    actors = " vs ".join(_text(rec.get(k)) for k in ("actor1", "actor2") if _text(rec.get(k)))
    row("Actors", actors)
    row("Claimed by", _text(rec.get("claimed_by")))
    sources = "".join(_source_line(s) for s in rec.get("sources") or [])
    title = f"{_text(rec.get('sub_event_type'))} · {_text(rec.get('kind'))}"
    return (
        f'<div class="bm-card"><div class="bm-card-title">{title}</div>'
        f'<div class="bm-card-id">{_text(rec.get("event_id"))}</div>'
        f"<p>{_text(rec.get('notes'))}</p><table>{''.join(rows)}</table>"
        f"<div><b>Sources</b><ul>{sources}</ul></div></div>"
    )


def event_tooltip(rec: dict[str, Any]) -> str:
    """A one-line, escaped hover label."""
    return escape(f"{rec.get('sub_event_type')} — {rec.get('location')} ({_day(rec.get('date_start'))})")
