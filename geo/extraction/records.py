"""A finished draft as the fields of a candidate record: figures, notes and a confidence score."""

from __future__ import annotations

from typing import Any

from geo.extraction.merge import Draft, figure_phrase
from geo.extraction.numbers import Figure

#: Confidence bounds and adjustments (0-1).
BASE_CONFIDENCE = 0.5


def figure_fields(figures: dict[str, Figure]) -> dict[str, Any]:
    """The record's fatality, wounded and strength fields from a draft's figures."""
    out: dict[str, Any] = {}
    killed, wounded, strength = figures.get("killed"), figures.get("wounded"), figures.get("strength")
    if killed:
        out.update(fatalities_low=killed.low, fatalities_best=killed.best, fatalities_high=killed.high,
                   fatalities_text=killed.text[:300])
    if wounded:
        out["wounded"] = wounded.best
    if strength:
        out.update(strength_low=strength.low, strength_best=strength.best, strength_high=strength.high,
                   strength_text=strength.text[:300])
    return out


def notes_for(draft: Draft, location: str) -> str:
    """Neutral notes: what was extracted where, its figures and source, and that it awaits review."""
    where = ("at " if draft.place and draft.place.place.geo_precision == 1 else "in ") + location
    parts = [f"Extracted: {draft.label} {where}"]
    figures = figure_phrase(draft.figures)
    if figures:
        parts.append(figures)
    note = "; ".join(parts)
    if draft.claimed_by:
        note += f" (source: {draft.claimed_by})"
    if draft.date is None:
        note += ". No date stated in the article"
    return note + ". Automatic extraction: review before use."


def confidence_of(draft: Draft) -> float:
    """0.05-0.95: higher for a specific trigger, a date, a district or finer place, a source and figures."""
    score = BASE_CONFIDENCE + (0.15 if draft.specific else 0.0)
    score += 0.1 if draft.date is not None and draft.date.kind != "present" else -0.15
    if draft.place is not None:
        score += 0.1 if draft.place.place.geo_precision <= 2 else 0.0
        score -= 0.1 if draft.place.inferred else 0.0
    score += 0.05 if draft.claimed_by else 0.0
    score += 0.05 if draft.figures else 0.0
    return round(min(max(score, 0.05), 0.95), 2)
