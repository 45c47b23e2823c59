"""How long an event lasted, and how recent an undated one is.

"The Taliban overran the district on Friday after two days of fighting" ends on
Friday but began on Thursday; "the firefight is still ongoing" runs to the day
of the report. :func:`widen_by_duration` applies both to an event's date. An undated event told
in the present perfect ("the Taliban have seized the city") just happened (:func:`just_happened`).
"""

from __future__ import annotations

import datetime as dt
import re

from geo.extraction.calendar_days import count_of, date_precision
from geo.extraction.dates import NUMBER_WORDS, DateMention

#: How long an event lasted, in days ("after two days of clashes", "held over six days", "after days of fighting").
DURATION = re.compile(rf"\b(?:over|after|during|following|lasting|for)\s+"
                      rf"(?:(?P<n>{NUMBER_WORDS}|a couple of)\s+)?days\b"
                      r"(?!\s+(?:ago|back|later|earlier|before|after))", re.IGNORECASE)
#: Days assumed for "days" without a number ("after days of fighting").
SOME_DAYS = 3


#: The event goes on at the time of the report ("the firefight is still ongoing").
STILL_GOING_ON = re.compile(r"\b(?:is|are|was|were)\s+still\s+(?:ongoing|going on|under way|underway|continuing)\b"
                            r"|\bstill\s+(?:ongoing|continu(?:es|ing))\b", re.IGNORECASE)


def widen_by_duration(date: DateMention, texts: list[str], published: dt.date | None = None) -> DateMention:
    """A single day on which an event ended, widened back over the days it lasted when one of
    ``texts`` (the event's sentences) says how long ("retook the district on Sunday after two days of
    clashes" -> Saturday to Sunday); an event still going on when reported runs to ``published``."""
    if date.kind not in ("explicit", "relative"):
        return date
    if published is not None and date.date_end < published and any(STILL_GOING_ON.search(t) for t in texts):
        return DateMention(date.start, date.end, date.date_start, published,
                           date_precision(date.date_start, published), date.text, date.kind)
    if date.date_start != date.date_end:
        return date
    found = next((m for t in texts for m in DURATION.finditer(t)), None)
    if found is None:
        return date
    n = SOME_DAYS if not found.group("n") else 2 if found.group("n").lower() == "a couple of" else count_of(
        found.group("n"), SOME_DAYS)
    start = date.date_end - dt.timedelta(days=max(n - 1, 0))
    return DateMention(date.start, date.end, start, date.date_end, date_precision(start, date.date_end),
                       date.text, date.kind)


#: An undated event told in the present perfect happened at most this many days before publication.
RECENT_NEWS_DAYS = 2
_PERFECT_BEFORE = re.compile(r"\b(?:has|have)\s+(?:(?:been|reportedly|now|also|just|finally)\s+){0,2}$", re.IGNORECASE)


#: A sentence opening that adds another piece of the same day's news ("Separately, ...", "Meanwhile, ...").
_MORE_NEWS = re.compile(r"\s*(?:Separately|Meanwhile|Elsewhere|In (?:a|another) (?:separate )?(?:incident|attack|"
                        r"development)|In a related development)\b")


#: A present perfect or present passive of an event verb anywhere in a sentence ("six smugglers have been killed in
#: a clash", "seven insurgents are killed during an attack"), unless told as a habit ("are killed every year").
_PERFECT_PASSIVE = re.compile(r"\b(?:(?:has|have)\s+(?:reportedly\s+|now\s+|just\s+)?been|"
                              r"(?:is|are)\s+(?:reportedly\s+)?)\s*(?:killed|wounded|injured|attacked|captured|seized|abducted|kidnapped|detained|"
                              r"arrested|shot)\b(?![^.;]{0,40}\b(?:every|each|annually|regularly|often)\b)",
                              re.IGNORECASE)


def just_happened(text: str, trigger_start: int, sentence_start: int, sentence_end: int | None = None) -> bool:
    """True when the trigger at ``trigger_start`` is a present perfect ("have seized", "has been killed"), its
    sentence (to ``sentence_end``) has one ("have been killed in a clash") or adds more of the day's news
    ("Separately, a commander was killed ..."): news of the last
    :data:`RECENT_NEWS_DAYS` days, not of the whole year before publication."""
    return bool(_PERFECT_BEFORE.search(text[max(0, trigger_start - 40):trigger_start])
                or _MORE_NEWS.match(text, sentence_start)
                or (sentence_end is not None and _PERFECT_PASSIVE.search(text, sentence_start, sentence_end)))


def since_then(event_date: DateMention, published: dt.date) -> DateMention:
    """The date of what a sentence says followed an event ("After this incident, security was tightened"):
    from the event's first day to publication."""
    start = event_date.date_start
    return DateMention(event_date.start, event_date.end, start, published, date_precision(start, published),
                       event_date.text, "open")


def on_a_day(date: DateMention | None) -> bool:
    """The date is a day the text gives for the event itself."""
    return date is not None and date.precision == 1 and date.kind in ("explicit", "relative")


def own_date(date: DateMention | None) -> bool:
    """The mention has a day or a month of its own (not one carried over from the sentences before)."""
    return date is not None and date.precision <= 2 and date.kind in ("explicit", "relative")
