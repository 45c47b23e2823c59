"""Years and months told of history in passing: a change of power, a war's end or a vote ("since the Taliban were
driven from power in 2001", "the civil war, which ended in 1997", "last October's presidential polls").

Such a date is the date of what governs it, never of another event its sentence or paragraph reports; see
:func:`is_history` (used by :func:`geo.extraction.dates.find_dates`, which marks the date ``kind="history"``) and
:func:`governed_history` (the one mention that may take it).

Example
-------
>>> text = "The valley has been calm since the Taliban were driven from power in 2001."
>>> is_history(text, text.index("in 2001"), len(text) - 1, 3)
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from geo.extraction.mentions import Mention

#: Words before a year or month that make it the date of a change of power or a vote.
HISTORY_LEAD = re.compile(
    r"\b(?:ousted|overthr(?:ew|own)|toppl(?:ed|e|ing)|invaded|invasion|(?:driven|removed|ousted|fell)\s+from\s+power|"
    r"(?:came|come|rose|returned|took|seized)\s+(?:to\s+)?power|independence|(?:was|were)\s+elected|elections?|polls)"
    r"\b[^.,;:]{0,30}$", re.IGNORECASE)
#: ... or a war that ended then (a year only: "the operation ended in May" dates the operation).
WAR_ENDED_LEAD = re.compile(r"\b(?:war|conflict|fighting)\b[^.;:]{0,30}\bended\s+(?:in\s+)?$", re.IGNORECASE)
#: A year or month that names a vote ("last October's presidential polls", "the 2019 elections").
HISTORY_TRAIL = re.compile(r"(?:'s|’s)?\s+(?:(?:presidential|parliamentary|general|local)\s+)?"
                           r"(?:polls|elections?|vote|referendum)\b", re.IGNORECASE)
#: How far after its trigger a date may be and still be that trigger's ("seized power in Kabul in 2017").
GOVERNED_CHARS = 40
_CLAUSE_BREAK = re.compile(r"[.;:]|,\s+(?:and|but|while|who|which)\b")


class _Span(Protocol):
    @property
    def start(self) -> int: ...


D = TypeVar("D", bound=_Span)


def is_history(text: str, start: int, end: int, precision: int) -> bool:
    """Whether the date at ``text[start:end]`` (no day: ``precision`` 2 or 3) is told of history in passing."""
    before = text[max(0, start - 45):start]
    return precision >= 2 and bool(HISTORY_LEAD.search(before) or HISTORY_TRAIL.match(text, end) or (
        precision == 3 and WAR_ENDED_LEAD.search(before)))


def governed_history(history: Sequence[D], mention: Mention, text: str) -> D | None:
    """The history date that dates ``mention`` itself: in its aside ("the Taliban, who seized power in 2021"), or
    just after its trigger in the same clause ("rebels overthrew the government in 1992")."""
    for date in history:
        if mention.aside and mention.seg_start <= date.start < mention.seg_end:
            return date
        if 0 <= date.start - mention.end <= GOVERNED_CHARS and not _CLAUSE_BREAK.search(text, mention.end, date.start):
            return date
    return None


__all__ = ["governed_history", "is_history"]
