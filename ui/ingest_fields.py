"""Editable fields of one candidate event on the Ingest page, and the record they describe.

Widget values live in ``st.session_state`` under ``<prefix><field>`` (the
prefix names the review and the candidate, see :func:`field_prefix`); they are
seeded from the extracted record and kept across page switches. The place is
chosen with a gazetteer search box, which sets location, province, country,
geo precision and the geometry together.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from geo.extraction import Candidate
from geo.model import (
    ACLED_TAXONOMY,
    CREDIBILITY_LABELS,
    EVENT_TYPES,
    FIELDS,
    GEO_PRECISION_LABELS,
    KINDS,
    TIME_PRECISION_LABELS,
    Citation,
    Event,
    format_errors,
)
from geo.places import Place, geocode_or_none, load_gazetteer

#: Record fields the reviewer edits (event_id and sources are not edited).
EDITABLE = tuple(f for f in FIELDS if f not in ("event_id", "sources"))
TEXT_DEFAULTS = ("location", "admin1", "country", "fatalities_text", "strength_text", "actor1", "actor2",
                 "claimed_by", "notes")
PLACE_RESULTS = 8
_PERSIST: Any = "session"  # keep edits when the reviewer looks at another page and comes back


def field_prefix(review_id: int, index: int) -> str:
    """Session-state key prefix of candidate ``index`` (0-based) of review ``review_id``."""
    return f"ing{review_id}c{index}_"


def seed_fields(prefix: str, candidate: Candidate) -> None:
    """Give every field of the candidate its extracted value, unless the reviewer already set it."""
    record = candidate.event
    state = st.session_state
    for name in EDITABLE:
        value = record.get(name)
        if name in TEXT_DEFAULTS and value is None:
            value = ""
        if prefix + name not in state:
            state[prefix + name] = value
    if prefix + "geometry" not in state:
        state[prefix + "geometry"] = record["geometry"]
    if prefix + "credibility" not in state:
        state[prefix + "credibility"] = record["sources"][0].credibility


def edited_record(prefix: str, candidate: Candidate, citation: Citation) -> dict[str, Any]:
    """The candidate's record with the reviewer's values and ``citation`` as its only source."""
    state = st.session_state
    record = {name: state.get(prefix + name, candidate.event.get(name)) for name in EDITABLE}
    record.update(event_id=candidate.event["event_id"], sources=[citation],
                  geometry=state.get(prefix + "geometry", candidate.event["geometry"]))
    return record


def edited_event(prefix: str, candidate: Candidate, citation: Citation,
                 label: str) -> tuple[Event | None, list[str]]:
    """The edited candidate as a validated Event, or None and one message per invalid field."""
    try:
        return Event.model_validate(edited_record(prefix, candidate, citation)), []
    except ValidationError as exc:
        return None, format_errors(exc, label)


# -- the place search ------------------------------------------------------------------------

def place_choices(query: str) -> list[Place]:
    """Gazetteer places for a search box, with a derived area first when the query names one."""
    found = load_gazetteer().search(query, PLACE_RESULTS)
    area = geocode_or_none(query) if query.strip() else None
    if area is not None and area.origin == "derived" and all(p.name != area.name for p in found):
        found = [area, *found[: PLACE_RESULTS - 1]]
    return found


def _place_label(place: Place) -> str:
    return f"{place.label} — {place.kind}, {GEO_PRECISION_LABELS.get(place.geo_precision, '?')}"


def _use_place(prefix: str, place: Place) -> None:
    state = st.session_state
    state[prefix + "location"] = place.name
    state[prefix + "admin1"] = place.admin1 or ""
    state[prefix + "country"] = place.country
    state[prefix + "geo_precision"] = place.geo_precision
    state[prefix + "geometry"] = place.geometry


def _place_search(prefix: str) -> None:
    search, pick, button = st.columns([2, 3, 1], vertical_alignment="bottom")
    query = search.text_input("Find a place in the gazetteer", key=prefix + "place_query", persist_state=_PERSIST,
                              placeholder="e.g. Khorog, Ishkashim, Afghan-Tajik border")
    if not query or not query.strip():
        return
    places = place_choices(query)
    if not places:
        pick.caption("No place of that name in the gazetteer; try another spelling.")
        return
    key = prefix + "place_pick"
    if st.session_state.get(key) not in range(len(places)):
        st.session_state[key] = 0
    chosen = pick.selectbox("Matches", range(len(places)), key=key, format_func=lambda i: _place_label(places[i]))
    button.button("Use this place", key=prefix + "place_set", on_click=_use_place,
                  args=(prefix, places[chosen or 0]), width="stretch")


# -- the fields ---------------------------------------------------------------------------------

def _count(column: Any, label: str, key: str) -> None:
    column.number_input(label, key=key, min_value=0, step=1, value=None, persist_state=_PERSIST)


def render_fields(prefix: str) -> None:
    """Draw the editable fields of one candidate (call :func:`seed_fields` first)."""
    state = st.session_state
    kind, etype, sub = st.columns(3)
    kind.selectbox("Kind", KINDS, key=prefix + "kind", persist_state=_PERSIST)
    chosen_type = etype.selectbox("Event type (ACLED)", EVENT_TYPES, key=prefix + "event_type",
                                  persist_state=_PERSIST)
    subs = ACLED_TAXONOMY.get(str(chosen_type), ())
    if state.get(prefix + "sub_event_type") not in subs:
        state[prefix + "sub_event_type"] = subs[0] if subs else None
    sub.selectbox("Sub-event type", subs, key=prefix + "sub_event_type", persist_state=_PERSIST)

    start, end, precision = st.columns(3)
    start.date_input("First day", key=prefix + "date_start", format="YYYY-MM-DD", persist_state=_PERSIST)
    end.date_input("Last day", key=prefix + "date_end", format="YYYY-MM-DD", persist_state=_PERSIST)
    precision.selectbox("Time precision", (1, 2, 3), key=prefix + "time_precision", persist_state=_PERSIST,
                        format_func=lambda p: f"{p} — {TIME_PRECISION_LABELS[p]}")

    _place_search(prefix)
    location, admin1, country, geo = st.columns(4)
    location.text_input("Place name", key=prefix + "location", persist_state=_PERSIST)
    admin1.text_input("Province / region", key=prefix + "admin1", persist_state=_PERSIST)
    country.text_input("Country", key=prefix + "country", persist_state=_PERSIST)
    geo.selectbox("Geo precision", (1, 2, 3), key=prefix + "geo_precision", persist_state=_PERSIST,
                  format_func=lambda p: f"{p} — {GEO_PRECISION_LABELS[p]}")
    geometry = state.get(prefix + "geometry")
    if geometry is not None:
        point = geometry.representative_point()
        st.caption(f"Geometry: {geometry.geom_type} at {point.y:.3f}° N, {point.x:.3f}° E "
                   "(set by the place search; the name fields alone do not move it).")

    low, best, high, words, wounded = st.columns([1, 1, 1, 2, 1])
    _count(low, "Killed, low", prefix + "fatalities_low")
    _count(best, "Killed, best", prefix + "fatalities_best")
    _count(high, "Killed, high", prefix + "fatalities_high")
    words.text_input("Fatalities as worded", key=prefix + "fatalities_text", persist_state=_PERSIST)
    _count(wounded, "Wounded", prefix + "wounded")

    low, best, high, words = st.columns([1, 1, 1, 3])
    _count(low, "Strength, low", prefix + "strength_low")
    _count(best, "Strength, best", prefix + "strength_best")
    _count(high, "Strength, high", prefix + "strength_high")
    words.text_input("Strength as worded", key=prefix + "strength_text", persist_state=_PERSIST)

    actor1, actor2, claimed = st.columns(3)
    actor1.text_input("Actor 1", key=prefix + "actor1", persist_state=_PERSIST)
    actor2.text_input("Actor 2", key=prefix + "actor2", persist_state=_PERSIST)
    claimed.text_input("Claimed by", key=prefix + "claimed_by", persist_state=_PERSIST)
    st.text_area("Notes", key=prefix + "notes", height=90, persist_state=_PERSIST)


def render_credibility(prefix: str, column: Any) -> None:
    """The per-claim Admiralty credibility (1-6) of this candidate."""
    column.selectbox("Credibility of this claim", tuple(CREDIBILITY_LABELS), key=prefix + "credibility",
                     persist_state=_PERSIST, format_func=lambda c: f"{c} — {CREDIBILITY_LABELS[c]}")
