"""Statistics and summaries that are not events: year-to-date tallies, countrywide tolls, years of fighting.

"This year has seen 22 skirmishes on the border, in which 12 trespassers were
killed" and "2,000 civilians were killed in attacks in the first six months of
the year" count many events over a period counted back from the report; the
extractor must not turn them into one event. Nor is "Badakhshan has been the scene of fighting in
recent years" (many events over years) or "the deadliest attack since 2015, when militants stormed
Kunduz" (an earlier event named only for comparison), nor an earlier incident recalled in passing after the
news ("Earlier this year, militants held a district centre of the province for a day"): see
:func:`recalled_in_passing`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.extraction.durations import on_a_day
from geo.extraction.locate import is_coarse
from geo.extraction.merge import Draft
from geo.extraction.report_day import CLAUSE_BREAK

#: A count of events ("22 skirmishes", "30 times") ...
_EVENT_COUNT = re.compile(
    r"\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|hundreds of|several|"
    r"numerous|multiple|a number of|a series of)\s+"
    r"(?:armed\s+|deadly\s+|cross-border\s+)?(?:skirmishes|clashes|attacks|incidents|shootouts|incursions|"
    r"attempts|times|battles|firefights|violations)\b", re.IGNORECASE)
#: ... over a period counted back from the report ("this year", "over the past two years").
_TALLY_PERIOD = re.compile(
    r"\b(?:this|last|past|previous)\s+(?:year|month|\w+\s+(?:years|months))\b|\bsince the (?:start|beginning) of\b|"
    r"\bso far this\b|\bin the first (?:\w+\s+)?(?:months?|weeks?|half|quarter)\b|"
    r"\b(?:in|during|over) (?:this|that|the same) period\b|\bin the (?:whole )?month of\b|"
    # "since 2015, 300 people have been killed in fighting": everything counted from a year on
    r"\bsince (?:(?:early|late|mid-?)\s*)?(?:19|20)\d\d\b", re.IGNORECASE)
#: Many events counted together ("killed in conflict-related incidents across the country").
_MANY_EVENTS = re.compile(r"\bin (?:[\w-]+\s+)?(?:incidents|attacks|violence|fighting|clashes|hostilities|conflict)\b",
                          re.IGNORECASE)
#: A period from the start of the year (or months) to the report: whatever is counted over it is a tally.
_YEAR_TO_DATE = re.compile(r"\bsince the (?:start|beginning) of (?:the|this) year\b|\bso far this year\b|"
                           r"\bthis year alone\b|\bsince (?:the start of )?January\b|"
                           r"\b(?:in|during) the first (?:\w+\s+)?(?:months|half|quarter)\b", re.IGNORECASE)


def is_tally(segment: str) -> bool:
    """True for a year-to-date statistic ("This year has seen 22 skirmishes ... 12 trespassers killed",
    "2,000 civilians were killed in attacks in the first six months of the year"): a count of events
    over a period counted back from the report, not one event."""
    return bool(_YEAR_TO_DATE.search(segment) or (
        (_EVENT_COUNT.search(segment) or _MANY_EVENTS.search(segment)) and _TALLY_PERIOD.search(segment)))


#: An open span of years that sums up many events ("in recent years", "over the past decade", "for years");
#: a bounded one ("over the past two years, militants fired rockets ...") can still date one reported event.
_YEARS_OF = re.compile(
    r"\bin (?:recent|previous|past) (?:years|decades)\b|"
    # "have massed fighters there in the past" (not "in the past two days")
    r"\bin the past\b(?!\s+(?:[\w-]+\s+){0,2}(?:hours?|days?|nights?|weeks?|months?|years?|decades?)\b)|"
    r"\b(?:over|in|during) the (?:past|last) decades?\b|"
    r"\bfor (?:many )?(?:years|decades)\b|\bhas (?:long )?been (?:the )?scene of\b|"
    # "the province has seen heavy fighting since 2015": all that happened since a year
    r"\b(?:has|have) (?:\w+\s+){0,2}?(?:seen|witnessed|experienced)\b[^.;]*\bsince (?:(?:early|late|mid-?)\s*)?"
    r"(?:19|20)\d\d\b", re.IGNORECASE)
#: The same thing happening again and again ("several times the centre has been seized"), unless on a given day.
_REPEATED = re.compile(r"\b(?:several|many|multiple|numerous|countless) times\b|\brepeatedly\b|"
                       r"\bon (?:several|many|numerous) occasions\b|"
                       # a habit: "with regular militant raids on police posts"
                       r"\b(?:frequent|repeated|regular|daily|nightly|sporadic|occasional|constant|persistent)\s+"
                       r"(?:[\w-]+\s+){0,2}?(?:attacks|clashes|raids|skirmishes|shootouts|incursions|fighting|"
                       r"bombings|shelling|firefights)\b|"
                       # one toll for several events ("five were killed in two separate attacks")
                       r"\b(?:in|of|from|during) (?:two|three|four|five|several|multiple|a series of|\d+) "
                       r"(?:separate |different )?"
                       r"(?:attacks|incidents|clashes|explosions|bombings|blasts)\b", re.IGNORECASE)
#: A comparison with an earlier event ("the deadliest since 2015, when ..."): the clause after it.
_COMPARED_WITH = re.compile(r"\b(?:since|than in)\s+(?:(?:early|late|mid-?)\s*)?(?:\w+\s+)?(?:19|20)\d\d,?\s+when\b"
                            r"[^.;]*$", re.IGNORECASE)


def is_summary(segment: str, before_trigger: str, on_a_day: bool = False, own_date: bool = False) -> bool:
    """True for many events summed up over years ("has been the scene of heavy fighting in recent years"),
    repeated ones not tied to a day (``on_a_day``: the mention has a date of its own) or an earlier event
    recalled for comparison ("the deadliest since 2015, when militants stormed ..."). A clause of its own
    after the summary, dated to a day or month (``own_date``), is an event ("Badakhshan has been the scene
    of fighting over the past year, and militants killed 28 troops in Jurm last month")."""
    years = _YEARS_OF.search(before_trigger)
    own_clause = own_date and years is not None and CLAUSE_BREAK.search(before_trigger, years.end()) is not None
    return bool((_YEARS_OF.search(segment) and not own_clause) or (not on_a_day and _REPEATED.search(segment))
                or _COMPARED_WITH.search(before_trigger))


def tally_window(text: str, sentence: tuple[int, int], segment: tuple[int, int], specific: bool) -> str:
    """The text a tally is looked for in: a specific trigger's segment, a generic one's sentence from its
    start, in both cases up to a semicolon after the segment ("A guard was killed on Sunday; last year 16
    smugglers were killed in 30 clashes" is an event, then a tally)."""
    stop = text.find(";", segment[1], sentence[1])
    return text[segment[0] if specific else sentence[0]:sentence[1] if stop < 0 else stop]


def _news_start(drafts: Sequence[Draft]) -> int | None:
    """Where the article's news begins: the first incident dated to the day."""
    dated = [d.sentences[0][0] for d in drafts if d.kind == "incident" and on_a_day(d.date)]
    return min(dated) if dated else None


def recalled_in_passing(drafts: Sequence[Draft]) -> list[Draft]:
    """The drafts that are background: incidents told after the article's day-dated news with no day or
    month of their own, no toll and no place finer than a province. A recollection names the province
    and the year ("earlier this year", "last year"), a report of its own names the place or the dead."""
    news = _news_start(drafts)
    if news is None:
        return []
    return [d for d in drafts if d.kind == "incident" and d.sentences[0][0] > news
            and (d.date is None or d.date.precision == 3) and not ({"killed", "wounded"} & set(d.figures))
            and (d.place is None or is_coarse(d.place.place))]
