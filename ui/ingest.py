"""The Ingest page: an article in, reviewed events out.

The reviewer pastes or uploads an article (:mod:`ui.ingest_input`), presses
Extract, and gets the candidate events on a small map and in a list: the
article sentences behind each one with the evidence highlighted
(:mod:`ui.ingest_evidence`), its confidence, editable fields
(:mod:`ui.ingest_fields`), the article's Admiralty ratings, and, when the store
already holds the event, the choice between adding the article as a new source
of it (the default) and storing a new event. Accepted candidates are validated
and written in one batch by :func:`save_review`, whose only store write is
:func:`ui.ingest_batch.commit_candidates`; the dashboard reloads the store on
the next run (its cache keys on the store version).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
import geopandas as gpd
import streamlit as st
from folium.map import FitBounds
from streamlit_folium import st_folium

from geo.extraction import ArticleMeta
from geo.map import build_layers, format_when
from geo.model import RELIABILITY, RELIABILITY_LABELS, Citation, Event, events_to_frame
from geo.stores import open_store
from ui import auth
from ui.data import base_map, load_dataset
from ui.ingest_batch import Accepted, Proposal, commit_candidates, propose
from ui.ingest_evidence import evidence_html
from ui.ingest_fields import edited_event, field_prefix, render_credibility, render_fields, seed_fields
from ui.ingest_input import ArticleInput, article_form, read_form
from ui.status import md_escape

_REVIEW, _COUNTER = "_bm_ing_review", "_bm_ing_counter"
_NOTICE, _FORM_NOTICE = "_bm_ing_notice", "_bm_ing_form_notice"
NEW_EVENT = ""  # the duplicate choice "store as a new event" (never an event id)
TO_REVIEW, ACCEPT, REJECT = "review", "accept", "reject"
DECISION_LABELS = {TO_REVIEW: "Not decided", ACCEPT: "Accept", REJECT: "Reject"}
MAP_HEIGHT_PX = 440
MAX_ZOOM = 7  # framing the candidates, the review map keeps country-level context (no closer)


@dataclass
class Review:
    """One extracted article under review; widget keys of its candidates start with ``ing<id>c<n>_``."""

    review_id: int
    text: str
    meta: ArticleMeta
    source: str
    warnings: list[str]  # about reading the article (encoding)
    notes: list[str]  # about the extraction (undated events, mentions without a place)
    proposals: list[Proposal]
    saved: dict[int, str] = field(default_factory=dict)  # candidate index -> what was written

    def key(self, name: str) -> str:
        """Session-state key of a review-level widget."""
        return f"ing{self.review_id}_{name}"

    def open_indices(self) -> list[int]:
        """Candidates not yet written to the store."""
        return [i for i in range(len(self.proposals)) if i not in self.saved]


def current_review() -> Review | None:
    """The article under review in this session, if any."""
    review = st.session_state.get(_REVIEW)
    return review if isinstance(review, Review) else None


def start_review(given: ArticleInput) -> Review:
    """Extract the article and compare its candidates with the stored events."""
    proposals, notes = propose(given.article.text, given.meta, load_dataset().query)
    review_id = int(st.session_state.get(_COUNTER, 0)) + 1
    st.session_state[_COUNTER] = review_id
    review = Review(review_id, given.article.text, given.meta, given.article.source,
                    list(given.article.messages), notes, proposals)
    st.session_state[_REVIEW] = review
    st.session_state[review.key("reliability")] = "F"
    for index, proposal in enumerate(proposals):
        prefix = field_prefix(review_id, index)
        st.session_state[prefix + "decision"] = REJECT if proposal.already_stored else TO_REVIEW
        st.session_state[prefix + "target"] = proposal.default_target() or NEW_EVENT
    return review


# -- from widgets to events ---------------------------------------------------------------------

def citation_for(review: Review, index: int) -> Citation:
    """The article's citation with the reviewer's reliability (A-F) and this claim's credibility (1-6)."""
    base = review.meta.citation().model_dump()
    base["reliability"] = st.session_state.get(review.key("reliability"), "F")
    base["credibility"] = st.session_state.get(field_prefix(review.review_id, index) + "credibility", 6)
    return Citation.model_validate(base)


def reviewed_item(review: Review, index: int) -> tuple[Accepted | None, list[str]]:
    """Candidate ``index`` as reviewed: its edited event (validated) and where it goes, or the problems."""
    prefix = field_prefix(review.review_id, index)
    proposal = review.proposals[index]
    citation = citation_for(review, index)
    target = st.session_state.get(prefix + "target") or None
    if target is not None:  # only the citation is written; the stored event keeps its own fields
        data = dict(proposal.candidate.event, sources=[citation])
        return Accepted(Event.model_validate(data), target), []
    event, problems = edited_event(prefix, proposal.candidate, citation, f"candidate {index + 1}")
    return (Accepted(event) if event is not None else None), problems


def _decision(review: Review, index: int) -> str:
    return str(st.session_state.get(field_prefix(review.review_id, index) + "decision") or TO_REVIEW)


def _set_notice(level: str, text: str) -> None:
    st.session_state[_NOTICE] = (level, text)


def save_review() -> None:
    """Validate the accepted candidates and write them in one batch (a button callback).

    Nothing is written when any accepted candidate is invalid; the notice
    names the candidate and the field.
    """
    review = current_review()
    if review is None:
        return
    accepted = [i for i in review.open_indices() if _decision(review, i) == ACCEPT]
    if not accepted:
        _set_notice("warning", "No candidate is marked Accept: nothing was written.")
        return
    items, problems = [], []
    for index in accepted:
        item, errors = reviewed_item(review, index)
        problems.extend(errors)
        if item is not None:
            items.append((index, item))
    if problems:
        _set_notice("error", "Nothing was written; fix these fields first:\n\n"
                    + "\n".join(f"- {md_escape(p)}" for p in problems))
        return
    result = commit_candidates(open_store(), [item for _, item in items], actor=auth.actor(),
                               allow_far=bool(st.session_state.get("ing_allow_far")))
    if not result.ok:
        _set_notice("error", "Nothing was written; the store refused the batch:\n\n"
                    + "\n".join(f"- {md_escape(p)}" for p in result.problems))
        return
    for index, item in items:
        review.saved[index] = (f"added to {item.merge_into} as a new source" if item.merge_into
                               else f"stored as {item.event.event_id}")
    _set_notice("success", f"Saved from {md_escape(review.source)}: {md_escape(result.summary())}")
    if not any(_decision(review, i) == TO_REVIEW for i in review.open_indices()):
        st.session_state.pop(_REVIEW, None)  # every candidate is written or rejected: the review is done


def _accept_all() -> None:
    review = current_review()
    if review is not None:
        for index in review.open_indices():
            if not review.proposals[index].already_stored:
                st.session_state[field_prefix(review.review_id, index) + "decision"] = ACCEPT


def _on_extract() -> None:
    given, problems = read_form()
    if given is None:
        st.session_state[_FORM_NOTICE] = "Nothing was extracted:\n\n" + "\n".join(f"- {md_escape(p)}"
                                                                                   for p in problems)
        return
    st.session_state.pop(_NOTICE, None)
    start_review(given)


def _discard() -> None:
    st.session_state.pop(_REVIEW, None)
    _set_notice("info", "The article was discarded; nothing was written.")


# -- drawing ----------------------------------------------------------------------------------

def _show_notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        level, text = notice
        {"success": st.success, "error": st.error, "warning": st.warning}.get(level, st.info)(text)
        if level == "success":
            st.page_link("pages/map.py", label="Open the map")


def _current_event(review: Review, index: int) -> Event:
    """Candidate ``index`` with the reviewer's edits, or as extracted while the edits are invalid."""
    candidate = review.proposals[index].candidate
    event, _ = edited_event(field_prefix(review.review_id, index), candidate, citation_for(review, index), "")
    return event or candidate.to_event()


def _map_events(review: Review) -> list[Event]:
    return [_current_event(review, i) for i in review.open_indices() if _decision(review, i) != REJECT]


def review_map(frame: gpd.GeoDataFrame) -> folium.Map:
    """The offline base map framed on the candidates in ``frame`` (on the region when there are none)."""
    m = base_map(False)
    if frame.empty:
        return m
    for name in [k for k, child in m._children.items() if isinstance(child, FitBounds)]:
        del m._children[name]  # the region frame of the shared base map gives way to the candidates'
    west, south, east, north = frame.total_bounds
    m.fit_bounds([[south, west], [north, east]], padding=(60, 60), max_zoom=MAX_ZOOM)
    return m


def _render_map(review: Review) -> None:
    frame = events_to_frame(_map_events(review))
    st_folium(review_map(frame), feature_group_to_add=build_layers(frame), key="ingest-map", height=MAP_HEIGHT_PX,
              use_container_width=True, returned_objects=[])


def _headline(event: Event, confidence: float, index: int) -> str:
    when = format_when(event.date_start, event.date_end, event.time_precision)
    return (f"**{index + 1}. {md_escape(event.kind.capitalize())}: {md_escape(event.sub_event_type)}** "
            f"at {md_escape(event.location)} · {md_escape(when)} · confidence {confidence:.2f} · `{event.event_id}`")


def _duplicate_choice(review: Review, index: int, proposal: Proposal) -> None:
    prefix = field_prefix(review.review_id, index)
    if not proposal.matches and not proposal.cited_in:
        return
    reasons = {m.event_id: f"{m.distance_km:.0f} km away, {', '.join(m.reasons[:2])}" for m in proposal.matches}
    options = [*reasons, *proposal.cited_in, NEW_EVENT]

    def label(option: str) -> str:
        if option == NEW_EVENT:
            return "Store as a new event"
        if option in reasons:
            return f"Add this article as a new source to {option} ({reasons[option]})"
        return f"Keep {option}, which already cites this article"

    st.radio("The store already holds this event", options, key=prefix + "target", format_func=label)
    if st.session_state.get(prefix + "target"):
        st.caption("Only the citation (with the ratings above) is added; the stored event keeps its own fields.")


def _render_candidate(review: Review, index: int) -> None:
    proposal = review.proposals[index]
    prefix = field_prefix(review.review_id, index)
    with st.container(border=True, key=f"ing_card_{index}"):
        st.markdown(_headline(_current_event(review, index), proposal.candidate.confidence, index))
        if proposal.already_stored:
            st.warning("This candidate is already in the store (the article was ingested before), so it is "
                       "marked Reject: saving it again would be refused.")
        st.html(evidence_html(review.text, proposal.candidate.evidence))
        decision, credibility = st.columns([2, 3], vertical_alignment="bottom")
        decision.radio("Decision", tuple(DECISION_LABELS), key=prefix + "decision", horizontal=True,
                       format_func=DECISION_LABELS.__getitem__)
        render_credibility(prefix, credibility)
        _duplicate_choice(review, index, proposal)
        with st.expander("Edit fields"):
            render_fields(prefix)
        if _decision(review, index) == ACCEPT:
            _, problems = reviewed_item(review, index)
            if problems:
                st.error("Cannot be saved as it is:\n\n" + "\n".join(f"- {md_escape(p)}" for p in problems))


def _render_review(review: Review) -> None:
    meta = review.meta
    st.subheader(f"Review: {len(review.proposals)} candidate event{'s' * (len(review.proposals) != 1)}")
    st.caption(md_escape(f"{review.source} · published {meta.published} · {meta.publisher or 'publisher not given'}"
                         + (f" · {meta.title}" if meta.title else "")))
    for warning in review.warnings:
        st.warning(md_escape(warning))
    if review.notes:
        with st.expander(f"Extraction notes ({len(review.notes)})", expanded=not review.proposals):
            st.markdown("\n".join(f"- {md_escape(n)}" for n in review.notes))
    if not review.proposals:
        st.warning("No events were found in this article: nothing to review and nothing was written.")
        st.button("Discard", key="ing_discard", on_click=_discard)
        return
    st.selectbox("Source reliability (Admiralty A–F) of this article", RELIABILITY, key=review.key("reliability"),
                 format_func=lambda r: f"{r} — {RELIABILITY_LABELS[r]}", width=420,
                 help="Rates the publisher for every event of this article; each claim gets its own credibility.")
    for index in review.open_indices():  # widget values, unless this session already has them
        seed_fields(field_prefix(review.review_id, index), review.proposals[index].candidate)
    _render_map(review)
    st.caption("Candidates not rejected, as they would be stored. Click a marker for its card.")
    for index, what in sorted(review.saved.items()):
        st.caption(md_escape(f"{index + 1}. {review.proposals[index].event_id}: {what}."))
    for index in review.open_indices():
        _render_candidate(review, index)
    accepted = sum(_decision(review, i) == ACCEPT for i in review.open_indices())
    _show_notice()
    bar = st.columns([1, 1, 1, 3])
    bar[0].button("Accept all", key="ing_accept_all", on_click=_accept_all, width="stretch")
    bar[1].button(f"Save {accepted} accepted", key="ing_save", on_click=save_review, type="primary",
                  disabled=not accepted, width="stretch")
    bar[2].button("Discard article", key="ing_discard", on_click=_discard, width="stretch")
    bar[3].checkbox("Accept places far from the region or outside their country", key="ing_allow_far",
                    help="Saving refuses an event placed far outside the Afghan–Tajik region or more than 25 km "
                         "outside its country (usually swapped or mistyped coordinates). Tick to save it anyway.")


def render_ingest_page() -> None:
    """The whole page: the article form, then the review of the last extracted article."""
    st.header("Ingest an article")
    st.caption("Extraction is automatic and rule-based: check every candidate against the highlighted text "
               "before accepting it.")
    article_form(_on_extract)
    problems = st.session_state.pop(_FORM_NOTICE, None)
    if problems:
        st.error(problems)
    review = current_review()
    if review is None:
        _show_notice()
        return
    _render_review(review)
