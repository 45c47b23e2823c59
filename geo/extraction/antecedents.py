"""Which draft an event mention refers back to: the same family of event, compatible days and places,
near enough in the text ("the attack", "during the clashes", "in Chahar Dara, four were killed")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.extraction.claims import ActorMention
from geo.extraction.dates import DateMention
from geo.extraction.dedupe import distance_km
from geo.extraction.locate import is_coarse, refines
from geo.extraction.mentions import Mention
from geo.extraction.merge import (
    NEAR_DAYS,
    NEARBY_SENTENCES,
    SAME_PLACE_KM,
    TWIN_KM,
    Draft,
    dates_compatible,
    days_apart,
)
from geo.extraction.places import PlaceMention

_GENERIC_CUES = frozenset({"the", "this", "these", "that", "those", "bloody", "deadly", "recent", "most", "latest",
                           "first", "last", "same", "such", "other", "whole", "high-level", "separate"})


def _places_compatible(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    return distance_km(a.place.geometry, b.place.geometry) <= SAME_PLACE_KM


def _elsewhere(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Two specific places, neither in the other and further apart than their own extents: a new trigger
    there is another event ("killed three guards in A. The group also attacked a post in B")."""
    if a is None or b is None or is_coarse(a.place) or is_coarse(b.place) or a.place.name == b.place.name:
        return False
    reach = (a.place.radius_km or 0.0) + (b.place.radius_km or 0.0)
    return distance_km(a.place.geometry, b.place.geometry) > max(reach, TWIN_KM)


def _family_matches(draft: Draft, mention: Mention) -> bool:
    if mention.rule.family == "any_incident" or (mention.kind == "incident" and mention.rule.strength < 2):
        return draft.kind == "incident"
    return draft.family == mention.rule.family and draft.kind == mention.kind


def _named_groups(actors: Sequence[ActorMention]) -> set[str]:
    return {a.name for a in actors if a.kind == "militant" and not a.generic}


def _another_day_and_place(draft: Draft, date: DateMention | None, place: PlaceMention | None) -> bool:
    """The mention names a day and a place of its own, both other than the draft's (days that do not
    overlap, places neither of which lies in the other)."""
    if date is None or draft.date is None or place is None or draft.place is None or place.inferred:
        return False
    days = date.kind in ("explicit", "relative") and draft.date.kind in ("explicit", "relative")
    a, b = place.place, draft.place.place
    return (days and (date.date_end < draft.date.date_start or draft.date.date_end < date.date_start)
            and a.name != b.name and not refines(a, b) and not refines(b, a))


def find_antecedent(drafts: Sequence[Draft], mention: Mention, date: DateMention | None, place: PlaceMention | None,
                    actors: Sequence[ActorMention], index: int, paragraph: int,
                    created_here: Sequence[Draft]) -> Draft | None:
    """The existing draft this mention refers to, or None for a new event."""
    if mention.fresh:
        return None  # "another attack", "in a separate incident"
    # "fighting in Jurm on Thursday. The Taliban took Ishkashim on Friday": another day and place, another event
    earlier = [d for d in reversed(drafts) if d not in created_here and _family_matches(d, mention)
               and (dates_compatible(d.date, date) or (mention.definite and days_apart(d.date, date) <= NEAR_DAYS))
               and not _another_day_and_place(d, date, place)]
    if mention.definite or mention.rule.strength == 0:
        cues = {w for cue in mention.cue_words for w in re.findall(r"[a-z]+", cue)} - _GENERIC_CUES
        cues -= set(re.findall(r"[a-z]+", mention.rule.label))
        placed = [d for d in earlier if d.place is not None]  # events that will be kept come first
        for pool in (placed, earlier):
            for draft in pool:
                if cues & draft.words and _places_compatible(draft.place, place):
                    return draft
        pool = placed or earlier
        return pool[0] if pool else None  # the place named may belong to another trigger
    eligible = []
    for draft in earlier:
        close = index - draft.last_index <= NEARBY_SENTENCES and paragraph - draft.last_paragraph <= 1
        same_group = mention.kind == "concentration" and bool(_named_groups(actors) & _named_groups(draft.actors))
        if not (close or same_group) or not _places_compatible(draft.place, place) or _elsewhere(draft.place, place):
            continue
        both_specific = draft.specific and mention.rule.strength == 2
        if mention.kind == "incident" and both_specific and draft.sub_event_type != mention.sub_event_type:
            continue
        if mention.kind == "concentration" and _named_groups(actors) and draft.actors and not same_group:
            continue
        eligible.append(draft)
    # "In Chahar Dara, four were killed": the event at the place named, else the latest one
    same_place = [d for d in eligible if place is not None and d.place is not None
                  and d.place.place.name == place.place.name]
    chosen = same_place or eligible
    return chosen[0] if chosen else None

