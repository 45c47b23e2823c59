"""Dates counted from the day a report was given, not the day it was printed, or from another day of the text.

An agency story printed on Saturday says "militants attacked two posts overnight, officials said on
Friday": "overnight", "last night", "yesterday" and "today" count from the Friday the officials spoke.
:func:`find_event_dates` finds the dates of a sentence (:func:`geo.extraction.dates.find_dates`) and
counts those words from the sentence's own day of report, else from ``report_day`` (the article's
day of report so far), when that day is at most :data:`REPORT_REACH_DAYS` before publication. "A day
later", "the next day" or "two days earlier" count from the last day told before them (in the sentence,
else ``previous_day``). :func:`choose_date` picks, among a sentence's dates, the one of a trigger.

Example
-------
>>> [d.date_start.isoformat() for d in find_event_dates("a post was hit overnight, officials said on Friday",
...                                                     dt.date(2021, 7, 10)) if d.kind == "relative"]
['2021-07-08']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from geo.extraction.calendar_days import count_of
from geo.extraction.dates import DateMention, find_dates
from geo.extraction.mentions import Mention

#: Where one clause with a subject of its own gives way to another (", and the militants killed").
CLAUSE_BREAK = re.compile(r"(?:,\s*|\s+)(?:and|but|while|whereas)\s+(?:the|its|their|an?|[A-Z][\w’'-]+)\s|;")
#: A clause that tells what happened on the day just named ("since May 21, when a shootout ...").
WHEN_CLAUSE = re.compile(r"\s*,?\s*when\b[^.;]*$", re.IGNORECASE)
_UNION_END = re.compile(r"\b(?:completed|ended|finished|concluded|lasted|until|through|till)\b[^.;]{0,20}$",
                        re.IGNORECASE)

#: Words that count a day or a night back from the day they are said.
SAID_DAY_WORDS = re.compile(r"(?:last night|overnight|the previous night|yesterday|today|tonight|this morning|"
                            r"this evening|the day before yesterday|(?:past|last|previous)\s+\S+\s+hours)$",
                            re.IGNORECASE)
#: Days counted from another day of the text: "a day later", "two days earlier", "the next day".
DAYS_FROM_ANOTHER = re.compile(r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+(?P<dir>later|earlier)|"
                               r"the\s+(?P<word>next|following|previous)\s+day|"
                               # "it comes two days after the Taliban took a base": that came before
                               r"(?:comes?|came|follows?|followed)\s+(?:just\s+|only\s+)?(?P<back>a|an|one|two|three|"
                               r"four|five|six|seven|\d+)\s+(?P<unit>days?|weeks?)\s+after)\b", re.IGNORECASE)
#: What may stand around a date that is a sentence of its own (a dateline's day).
_BARE = re.compile(r"[\s.,:;–—-]+")
#: From the last day told before to the day of publication.
SINCE_THEN = re.compile(r"\b(?:since then|ever since)\b", re.IGNORECASE)
#: Furthest a day of report may lie before publication and still count as the day the words were said, days.
REPORT_REACH_DAYS = 3


def report_day_of(dates: list[DateMention], published: dt.date) -> dt.date | None:
    """The day of report told by one of ``dates`` ("officials said on Friday"), if shortly before publication."""
    days = [d.date_start for d in dates if d.kind == "reported" and d.precision == 1
            and 0 < (published - d.date_start).days <= REPORT_REACH_DAYS]
    return days[0] if days else None


def find_event_dates(text: str, published: dt.date, offset: int = 0, report_day: dt.date | None = None,
                     previous_day: dt.date | None = None) -> list[DateMention]:
    """:func:`find_dates`, with day words counted from the sentence's (or else ``report_day``'s) day of report
    and "a day later" from the day told before it (``previous_day`` when the sentence names none)."""
    dates = find_dates(text, published, offset)
    if len(dates) == 1 and dates[0].kind == "explicit" and not _BARE.sub("", text.replace(dates[0].text, "")):
        dates = [replace(dates[0], kind="reported")]  # "Baku. 22 December. REPORT.AZ/ ...": a dateline's day
    anchor = report_day_of(dates, published) or report_day
    if anchor is not None and anchor < published:
        recounted = {(d.start, d.end): d for d in find_dates(text, anchor, offset)}
        dates = [recounted.get((d.start, d.end), d) if d.kind == "relative" and SAID_DAY_WORDS.search(d.text)
                 else d for d in dates]
    for match in DAYS_FROM_ANOTHER.finditer(text):
        before = [d.date_start for d in dates if d.precision == 1 and d.end - offset <= match.start()
                  and d.kind != "reported"]
        start = before[-1] if before else previous_day
        if start is None:
            continue
        back = -1 if match["back"] or (match["dir"] or match["word"] or "").lower() in ("earlier", "previous") else 1
        days = count_of(match["n"] or match["back"]) * (7 if (match["unit"] or "").startswith("week") else 1)
        day = start + dt.timedelta(days=back * days)
        if day <= published:
            dates.append(DateMention(match.start() + offset, match.end() + offset, day, day, 1, match.group(),
                                     "relative"))
    for match in SINCE_THEN.finditer(text):  # "captured two years ago and since then a stronghold"
        told = [d for d in dates if d.end - offset <= match.start() and d.kind not in ("reported", "open")]
        since = told[-1].date_start if told else previous_day
        if since is not None and since <= published:
            dates.append(DateMention(match.start() + offset, match.end() + offset, since, published, 3,
                                     match.group(), "open"))
    return sorted(dates, key=lambda d: d.start)



def choose_date(dates: Sequence[DateMention], mention: Mention, text: str) -> DateMention | None:
    """The sentence date nearest the trigger (its own segment first, "at the moment" last).

    "... in 1998, a process completed in 2005" gives the range from the first
    to the second date.
    """
    def rank(d: DateMention) -> tuple[int, int, int, int, int]:
        inside = mention.seg_start <= d.start < mention.seg_end
        distance = d.start - mention.end if d.start >= mention.end else mention.start - d.end
        between = text[d.end:mention.start] if d.end <= mention.start else text[mention.end:d.start]
        # "... over the past year, and the militants killed 28 troops in Jurm last month": the trigger's own clause
        other_clause = bool(CLAUSE_BREAK.search(between))
        return (d.kind == "present", d.kind == "reported", not inside, other_clause, abs(distance))

    if not dates:
        return None
    chosen = min(dates, key=rank)
    if chosen.kind == "open" and chosen.end <= mention.start and WHEN_CLAUSE.match(text[chosen.end:mention.start]):
        # "on the square since May 21, when a shootout left two dead": the shootout was on May 21
        return replace(chosen, date_end=chosen.date_start, precision=1, kind="explicit")
    later = [d for d in dates if d.start > chosen.end and d.kind in ("explicit", "relative")
             and _UNION_END.search(text[max(chosen.end, d.start - 40):d.start])]
    if later and chosen.kind in ("explicit", "relative"):
        end = later[0]
        last = max(end.date_end, chosen.date_end)
        days = (last - chosen.date_start).days  # "began late on Sunday and went on until Monday": two days
        return DateMention(chosen.start, end.end, chosen.date_start, last, 1 if days <= 1 else 2 if days <= 31 else 3,
                           text[chosen.start:end.end], "explicit")
    return chosen


__all__ = ["CLAUSE_BREAK", "REPORT_REACH_DAYS", "choose_date", "find_event_dates", "report_day_of"]
