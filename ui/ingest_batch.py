"""Article to stored events without Streamlit: proposals, accepted items and the one store write.

The Ingest page and ``scripts/compare_seed_ingest.py`` share this path:
:func:`propose` extracts candidate events (:func:`geo.extraction.pipeline.extract_events`)
and looks each up among the stored events (:func:`geo.extraction.dedupe.find_duplicates`);
the reviewer's decisions become :class:`Accepted` items; :func:`commit_candidates`
is the only function that writes them (new events with ``add``, the article as
a new source of stored events with ``add_sources``).

Example
-------
>>> store = open_store()
>>> proposals, notes = propose(text, ArticleMeta(published=dt.date(2019, 6, 15)), open_query(store))
>>> result = commit_candidates(store, [as_proposed(p) for p in proposals], actor="ana")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from geo.extraction import ArticleMeta, Candidate, DuplicateMatch, extract_events, find_duplicates
from geo.model import Citation, Event
from geo.places import location_problem
from geo.query import EventQuery, duplicate_candidates, open_query
from geo.stores import EventStore, StoreError


@dataclass(frozen=True)
class Proposal:
    """A candidate event and what the store already holds about it.

    ``matches`` are stored events it probably repeats that do not cite this
    article yet (nearest first); ``cited_in`` are matching stored events that
    already cite it; ``already_stored`` is True when its id is in the store
    (the article was ingested before).
    """

    candidate: Candidate
    matches: tuple[DuplicateMatch, ...] = ()
    cited_in: tuple[str, ...] = ()
    already_stored: bool = False

    @property
    def event_id(self) -> str:
        """The candidate's proposed event id."""
        return str(self.candidate.event["event_id"])

    def default_target(self) -> str | None:
        """The stored event this candidate is proposed as a new source of, or None for a new event."""
        if self.matches:
            return self.matches[0].event_id
        return self.cited_in[0] if self.cited_in else None


def propose(text: str, meta: ArticleMeta, stored: EventQuery) -> tuple[list[Proposal], list[str]]:
    """Candidates of ``text`` with their duplicates among the ``stored`` events, and notes.

    Each candidate is compared with the stored events of its kind and days only
    (:func:`geo.query.duplicate_candidates`). Never raises on odd text: the notes say why nothing was found.
    """
    result = extract_events(text, meta)
    proposals = []
    for candidate in result.candidates:
        event = candidate.to_event()
        found = find_duplicates(event, duplicate_candidates(stored, event))
        proposals.append(Proposal(
            candidate,
            matches=tuple(m for m in found if not m.already_cited),
            cited_in=tuple(m.event_id for m in found if m.already_cited),
            already_stored=stored.record(str(candidate.event["event_id"])) is not None,
        ))
    return proposals, result.messages


@dataclass(frozen=True)
class Accepted:
    """A reviewed candidate to write: a new event, or (``merge_into``) its citation added to a stored event.

    ``event.sources[0]`` is the article's citation with the reviewer's ratings.
    """

    event: Event
    merge_into: str | None = None


def as_proposed(proposal: Proposal) -> Accepted:
    """The candidate accepted without edits, merged into its default target when it has one."""
    return Accepted(proposal.candidate.to_event(), proposal.default_target())


@dataclass
class CommitResult:
    """What :func:`commit_candidates` wrote; when ``problems`` is not empty nothing was written."""

    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the batch was written."""
        return not self.problems

    def summary(self) -> str:
        """One sentence for the reviewer, e.g. ``2 new events (A, B); this article added as a new source to C.``"""
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} new event{'s' * (len(self.added) != 1)} ({', '.join(self.added)})")
        if self.merged:
            parts.append(f"this article added as a new source to {', '.join(self.merged)}")
        if self.unchanged:
            parts.append(f"{', '.join(self.unchanged)} already cited this article")
        return ("; ".join(parts) or "nothing to write") + "."


def commit_candidates(store: EventStore, accepted: Sequence[Accepted], *, actor: str,
                      allow_far: bool = False) -> CommitResult:
    """Write accepted candidates as one batch: all of them or, when the store refuses any, none.

    New events go in with ``store.add`` (all-or-nothing), then the citations
    for stored events with ``store.add_sources`` (all-or-nothing); if that
    second write is refused, the events just added are purged again, so a
    batch is never half written. Every write is recorded under ``actor`` in the
    store's audit log. Every store write of the Ingest page goes through this
    function. A new event whose geometry contradicts its country or lies far outside the
    region (:func:`geo.places.location_problem`) stops the batch unless ``allow_far``.
    """
    new = [a.event for a in accepted if a.merge_into is None]
    far = [] if allow_far else [f"{e.event_id}, field geometry: {problem}" for e in new
                                if (problem := location_problem(e.country, e.geometry))]
    if far:
        return CommitResult(problems=far)
    pairs: dict[tuple[str, str], Citation] = {}
    for item in accepted:
        if item.merge_into is not None:
            citation = item.event.sources[0]
            pairs.setdefault((item.merge_into, citation.source_id), citation)
    result = CommitResult()
    written: list[str] = []
    try:
        if new:
            report = store.add(new, actor=actor)
            if not report.ok:
                result.problems = list(report.rejected)
                return result
            written = [e.event_id for e in new]
        if pairs:
            cited_before = {target for target, source_id in pairs if _cites(store.get(target), source_id)}
            report = store.add_sources([(target, citation) for (target, _), citation in pairs.items()],
                                       actor=actor)
            if not report.ok:
                raise StoreError("; ".join(report.rejected))
            for target, _ in pairs:
                (result.unchanged if target in cited_before else result.merged).append(target)
    except StoreError as exc:
        if written:  # undo the first write for good (not a soft delete): a batch is never half written
            store.purge(written, actor=actor)
        result.problems = [str(exc)]
        result.merged, result.unchanged = [], []
        return result
    result.added = written
    return result


def _cites(event: Event | None, source_id: str) -> bool:
    return event is not None and any(s.source_id == source_id for s in event.sources)


def ingest_as_proposed(store: EventStore, text: str, meta: ArticleMeta, *,
                       actor: str) -> tuple[CommitResult, list[Proposal]]:
    """Extract ``text``, deduplicate against ``store`` and accept every candidate as proposed."""
    proposals, _ = propose(text, meta, open_query(store))
    return commit_candidates(store, [as_proposed(p) for p in proposals], actor=actor), proposals


__all__ = ["Accepted", "CommitResult", "Proposal", "as_proposed", "commit_candidates", "ingest_as_proposed",
           "propose"]
