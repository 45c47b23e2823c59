"""Several events in one sentence, each a figure at its own place.

"About 300 soldiers crossed at Ishkashim, 150 at Khorog and 80 near Darvoz"
reports three crossings: :func:`enumerated_pairs` finds the figure that goes
with each named place of a mention's segment, so that the pipeline makes one
event per place instead of one event for the whole sentence. A bare number in
such a list ("150 at Khorog") counts what the first number of the list counts.
:func:`share_out` gives the events told together in one sentence their shares of
its toll when a later sentence lists them ("four of the dead were in A, five in B").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from geo.extraction.merge import Draft
from geo.extraction.numbers import Figure, share_of_toll
from geo.extraction.places import PlaceMention
from geo.extraction.quantities import QUANTITY, UNIT_WORDS, parse_quantity

#: Words allowed between a list item's number and its place ("150 more at", "80 troops near the").
_ITEM_TAIL = re.compile(r"(?:\s+(?!\d)[\w’'-]+){0,6}?\s+(?:at|near|in|through|via|into|from|to|across)\s+(?:the\s+)?"
                        r"(?:[\w’'-]+\s+)?", re.IGNORECASE)
_WINDOW = 60


def _number_before(text: str, seg_start: int, place: PlaceMention) -> re.Match[str] | None:
    """The quantity that introduces ``place`` as a list item ("150 at <place>"), if any."""
    window_start = max(seg_start, place.start - _WINDOW)
    last = None
    for match in QUANTITY.finditer(text, window_start, place.start):
        if not UNIT_WORDS.match(text, match.end()):
            last = match
    if last is None or not _ITEM_TAIL.fullmatch(text, last.end(), place.start):
        return None
    return last


def enumerated_pairs(text: str, segment: tuple[int, int], figures: Sequence[Figure],
                     places: Sequence[PlaceMention]) -> list[tuple[Figure, PlaceMention]]:
    """``(figure, place)`` per list item when the segment lists two or more places with a number each.

    Empty when there is no such list, when the places repeat, or when no number of the
    list is a known count of people (its role and noun are given to the bare numbers).
    """
    seg_start, seg_end = segment
    items: list[tuple[re.Match[str], PlaceMention]] = []
    for place in places:
        if place.actor or place.inferred or not seg_start <= place.start < seg_end:
            continue
        match = _number_before(text, seg_start, place)
        if match is None:
            continue
        same = next((i for i, (m, _) in enumerate(items) if m.start() == match.start()), None)
        if same is None:
            items.append((match, place))
        elif place.place.geo_precision < items[same][1].place.geo_precision:
            items[same] = (match, place)  # "crossed into Tajikistan at Ishkashim": the finer place
    if len(items) < 2 or len({p.place.name for _, p in items}) < len(items):
        return []
    known = {f.start: f for f in figures if f.role in ("killed", "wounded", "strength")}
    model = next((known[m.start()] for m, _ in items if m.start() in known), None)
    if model is None:
        return []
    pairs = []
    for match, place in items:
        figure = known.get(match.start())
        if figure is None:
            estimate = parse_quantity(match.group())
            if estimate is None:
                return []
            low, best, high = estimate
            figure = replace(model, start=match.start(), end=match.end(), low=low, best=best, high=high,
                             text=match.group())
        pairs.append((figure, place))
    return pairs


def share_out(text: str, sentence: tuple[int, int], figures: Sequence[Figure], places: Sequence[PlaceMention],
              drafts: Sequence[Draft]) -> bool:
    """"Four of the dead were in A, five in B": the events told together at A and B (the places of the
    latest draft's sentence) each take their own share of the toll. True when ``sentence`` did that (it
    reports nothing else)."""
    shares = [replace(f, role=role) for f in figures if (role := share_of_toll(f))]
    pairs = enumerated_pairs(text, sentence, shares, places) if shares else []
    if not pairs or not drafts:
        return False
    role = pairs[0][0].role
    told = [d for d in drafts if d.place is not None and d.sentences[0] == drafts[-1].sentences[0]]
    matched = [(f, d) for f, p in pairs for d in told if d.place is not None and d.place.place.name == p.place.name]
    if len({d.place.place.name for _, d in matched if d.place is not None}) < 2:
        return False  # not the places of the events just told
    for figure, draft in matched:
        draft.figures[role] = figure
        draft.shared.discard(role)
        draft.evidence.append(("fatalities" if role == "killed" else "wounded", figure.start, figure.end))
    return True
