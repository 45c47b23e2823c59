"""Dates in news text, explicit and relative to the publication date.

:func:`find_dates` returns every :class:`DateMention` in a piece of text with
its character span, a ``[date_start, date_end]`` range and ACLED's time
precision (1 day, 2 week or month, 3 longer). Explicit day forms ("on March
4", "April 18th", "4 March 2015") are parsed with ``dateparser`` anchored on
the publication date; months without a year are the most recent past
occurrence; weekdays the most recent such day on or before publication;
ranges ("between 1992 and 2005", "over the last five to six years") and parts
of months ("end of February", "in late March") are built here. Ranges never
end after publication. Dates are calendar dates (UTC).

Example
-------
>>> [m.date_start.isoformat() for m in find_dates("on March 4", dt.date(2015, 3, 19))]
['2015-03-04']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dateparser

from geo.extraction.calendar_days import (
    MONTH_NAME,
    VAGUE_REACH,
    Range,
    after_a_night,
    at_night,
    count_of,
    date_precision,
    month_number,
    month_range,
    night_before,
    past_hours,
    recent_month_year,
    shift_back,
    vague_ago,
    year_alone,
    year_span,
)
from geo.extraction.history import is_history

#: Span of "in recent days/weeks/months/years", days.
RECENT_DAYS = {"day": 7, "week": 30, "month": 180, "year": 730}
#: Words that make a following date the start of a range open until publication.
OPEN_RANGE_LEAD = re.compile(r"\b(?:since|following|after|in the wake of)\b[^.,;:]{0,40}$", re.IGNORECASE)
#: The end of a span still to come ("the drills, which will last until Friday"): no date of the event.
FUTURE_BOUND_LEAD = re.compile(r"\b(?:will|shall|are to|is to|due to)\b[^.,;:]{0,30}\b(?:until|till|through)\s+$",
                               re.IGNORECASE)
#: Words just before a date that make it the date something was said, not the date of the event
#: ("officials said on Friday", "told Asia-Plus today", "a statement on July 29").
REPORTED_LEAD = re.compile(
    r"\b(?:said|says|told\b[^.,;:]{0,40}?|reported|reports|announced|confirmed|stated|added|statement|"
    r"claimed|quoted|according to [^.,;:]{0,30}?)\s+(?:on\s+|earlier\s+|late\s+)?$", re.IGNORECASE)
#: A dateline before a date ("DUSHANBE, April 7, 2004 (Agency) -"): the day of the report.
DATELINE_LEAD = re.compile(r"(?:^|\n)\s*[A-Z][A-Z .’'-]{2,40},\s*(?:[A-Z][a-z]+,\s*)?$")
#: Days before a reported date that an event it reports may lie.
REPORTED_REACH_DAYS = 31
#: A day and month without a year this few days after publication is to come, not last year's.
FUTURE_DAYS = 45

_YEAR = r"(?<![\d,.])(?:19|20)\d{2}(?!\d|,\d)"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: A count of days, weeks... in words or digits ("three", "a few").
NUMBER_WORDS = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
                r"few|several)")
_UNIT = r"(?P<u>day|week|month|year|decade)s?"
_PART = r"(?P<part>(?i:early|mid-|mid|late|(?:the )?end of|(?:the )?beginning of|(?:the )?start of|(?:the )?middle of))"


@dataclass(frozen=True)
class DateMention:
    """A date or date range found in text; ``start``/``end`` are character offsets."""

    start: int
    end: int
    date_start: dt.date
    date_end: dt.date
    precision: int
    text: str
    kind: str  # explicit | relative | present | open | reported (the day something was said) | inherited | history


Handler = Callable[[dict[str, Any], dt.date], Range | None]


def _year_range(g: dict[str, Any], published: dt.date) -> Range:
    return dt.date(int(g["y1"]), 1, 1), dt.date(int(g["y2"]), 12, 31), 3


def _month_span(g: dict[str, Any], published: dt.date) -> Range:
    m1, m2 = month_number(g["m1"]), month_number(g["m2"])
    y2 = int(g["y2"]) if g.get("y2") else recent_month_year(m2, published)
    y1 = int(g["y1"]) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
    return month_range(y1, m1)[0], month_range(y2, m2)[1], 3


def _day(g: dict[str, Any], published: dt.date) -> Range | None:
    text = f"{g['m']} {g['d']}" + (f" {g['y']}" if g.get("y") else "")
    base = dt.datetime.combine(published, dt.time(12))
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]},
    )
    if parsed is None:
        return None
    day = parsed.date()
    if not g.get("y"):
        this_year = _same_day_in(day, published.year)
        if this_year is not None and 0 < (this_year - published).days <= FUTURE_DAYS:
            return None  # "the drills will end on September 27", said on the 24th: a day to come
        if day > published:
            day = day.replace(year=day.year - 1)  # "April 18th" said in March means last April
    return day, day, 1


def _same_day_in(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _iso(g: dict[str, Any], published: dt.date) -> Range | None:
    try:
        day = dt.date(int(g["y"]), int(g["mo"]), int(g["dd"]))
    except ValueError:
        return None
    return day, day, 1


def _month_year(g: dict[str, Any], published: dt.date) -> Range:
    m = month_number(g["m"])
    yword = g["y"].lower()
    y = published.year if yword == "this year" else published.year - 1 if yword == "last year" else int(yword)
    start, end = month_range(y, m, g.get("part"))
    return start, end, 2


def _month_alone(g: dict[str, Any], published: dt.date) -> Range | None:
    word = g["m"].strip(".")
    lead = (g.get("lead") or "").lower().strip()
    if word.lower() in ("may", "march", "mar", "jan") and not (lead or g.get("part")):
        return None  # the verb "may", a "march", a name ("Padsha Jan"): only with a preposition or a part of month
    m = month_number(word)
    y = recent_month_year(m, published)
    if lead == "last" and m == published.month:
        y -= 1
    start, end = month_range(y, m, g.get("part"))
    return start, end, 2


def _weekday(g: dict[str, Any], published: dt.date) -> Range:
    wanted = _WEEKDAYS.index(g["wd"].capitalize())
    back = (published.weekday() - wanted) % 7
    if (g.get("lead") or "").lower() == "last" and back == 0:
        back = 7
    day = published - dt.timedelta(days=back)
    if (g.get("tod") or "").lower() == "night":  # "Monday night" runs into Tuesday
        return day, min(day + dt.timedelta(days=1), published), 1
    return day, day, 1


def _weekday_of_last_week(g: dict[str, Any], published: dt.date) -> Range:
    """"Tuesday last week", "last week on Tuesday": that day of the week before publication's."""
    monday = published - dt.timedelta(days=published.weekday() + 7)
    day = monday + dt.timedelta(days=_WEEKDAYS.index((g.get("wd") or g["wd2"]).capitalize()))
    return day, day, 1


def _part_of_month(g: dict[str, Any], published: dt.date) -> Range:
    """"late last month", "early this month": a part of the month before publication's, or of its own."""
    anchor = shift_back(published, "month", 0 if g["which"].lower() == "this" else 1)
    start, end = month_range(anchor.year, anchor.month, g["part"])
    return start, min(end, published), 2


def _day_pair(g: dict[str, Any], published: dt.date) -> Range | None:
    """"April 10-11", "the night of April 10 to 11": the two days of one month."""
    first = _day({"m": g["m"], "d": g["d1"], "y": g.get("y")}, published)
    if first is None or not 1 <= int(g["d2"]) <= calendar.monthrange(first[0].year, first[0].month)[1]:
        return None
    last = first[0].replace(day=int(g["d2"]))
    return (first[0], last, 1) if last > first[0] else None


def _two_days(g: dict[str, Any], published: dt.date) -> Range | None:
    """"June 30 and July 1", "30 June to 1 July": from the first day to the second (months may differ)."""
    last = _day({"m": g["m2"], "d": g["d2"], "y": g.get("y")}, published)
    first = _day({"m": g["m1"], "d": g["d1"], "y": g.get("y") or (last[0].year if last else None)}, published)
    if first is None or last is None:
        return None
    start = first[0] if first[0] <= last[0] else first[0].replace(year=first[0].year - 1)  # "December 31 and January 1"
    return (start, last[0], 1) if (last[0] - start).days <= 62 else None


def _night_between_weekdays(g: dict[str, Any], published: dt.date) -> Range:
    """"the night from Saturday to Sunday": the most recent such pair of days."""
    last = _weekday({"wd": g["wd2"]}, published)[0]
    gap = (_WEEKDAYS.index(g["wd2"].capitalize()) - _WEEKDAYS.index(g["wd1"].capitalize())) % 7 or 7
    return last - dt.timedelta(days=gap), last, 1 if gap == 1 else 2


def _weekend(g: dict[str, Any], published: dt.date) -> Range:
    """"at/over the weekend", "last weekend": the Saturday and Sunday at or before publication
    (the previous week's for "last weekend" on a weekend day)."""
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if g.get("last") and published.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return saturday, min(saturday + dt.timedelta(days=1), published), 1


def _end_of_last_week(g: dict[str, Any], published: dt.date) -> Range:
    """"(at) the end of last week": Thursday to Sunday of the previous week; "early last week": Monday to Wednesday."""
    monday = published - dt.timedelta(days=published.weekday() + 7)
    if "end" in (g.get("part") or "").lower():
        return monday + dt.timedelta(days=3), monday + dt.timedelta(days=6), 2
    return monday, monday + dt.timedelta(days=2), 2


def _days_back(g: dict[str, Any], published: dt.date) -> Range:
    """"since three days" (for the last three days), "two days back" (two days ago)."""
    n = count_of(g.get("n") or g.get("n2"))
    day = published - dt.timedelta(days=n)
    return (day, published, date_precision(day, published)) if g.get("since") else (day, day, 1)


def _ago(g: dict[str, Any], published: dt.date) -> Range:
    n, unit = count_of(g.get("n")), g["u"].lower()
    if (g.get("n") or "").lower() in ("few", "several") and unit in VAGUE_REACH:
        return vague_ago(unit, published)  # "several months ago": some time in the past year
    if unit == "day":
        day = published - dt.timedelta(days=n)
        return day, day, 1
    anchor = shift_back(published, unit, n)
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return monday, monday + dt.timedelta(days=6), 2
    if unit == "month":
        start, end = month_range(anchor.year, anchor.month)
        return start, end, 2
    return dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31), 3


def _period(g: dict[str, Any], published: dt.date) -> Range:
    n = max(count_of(g.get("n1")), count_of(g.get("n2")))
    start = shift_back(published, g["u"].lower(), n)
    return start, published, date_precision(start, published)


def _recent(g: dict[str, Any], published: dt.date) -> Range:
    start = published - dt.timedelta(days=RECENT_DAYS[g["u"].lower()])
    return start, published, date_precision(start, published)


def _last_unit(g: dict[str, Any], published: dt.date) -> Range:
    unit = g["u"].lower()
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6), 2
    if unit == "month":
        anchor = shift_back(published, "month", 1)
        start, end = month_range(anchor.year, anchor.month)
        return start, end, 2
    return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), 3


def _this_unit(g: dict[str, Any], published: dt.date) -> Range:
    unit = g["u"].lower()
    if unit == "year":
        return dt.date(published.year, 1, 1), published, 3
    if unit == "month":
        return published.replace(day=1), published, 2
    return published - dt.timedelta(days=published.weekday()), published, 2


def _fixed(days_back: int) -> Handler:
    def handler(g: dict[str, Any], published: dt.date) -> Range:
        day = published - dt.timedelta(days=days_back)
        return day, day, 1

    return handler


#: (kind, pattern, handler) in priority order: earlier rows win overlaps of equal length.
DATE_PATTERNS: tuple[tuple[str, str, Handler], ...] = (
    ("explicit", rf"\b(?i:between|from|during the period(?: of)?|in the period(?: of)?|over the period(?: of)?)\s+"
                 rf"(?P<y1>{_YEAR})\s*(?:and|to|until|till|-|–)\s*(?P<y2>{_YEAR})", _year_range),
    ("explicit", rf"(?P<y1>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR})", _year_range),
    ("explicit", rf"\b(?i:between|from)\s+(?P<m1>{MONTH_NAME})(?:\s+(?P<y1>{_YEAR}))?\s+(?:and|to|until)\s+"
                 rf"(?P<m2>{MONTH_NAME})(?:,?\s+(?P<y2>{_YEAR}))?", _month_span),
    ("explicit", rf"\b(?P<m1>{MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and|until)\s*"
                 rf"(?P<m2>{MONTH_NAME})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>{_YEAR}))?", _two_days),
    ("explicit", rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{MONTH_NAME})\s*(?:-|–|to|and|until)\s*"
                 rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH_NAME})(?:,?\s+(?P<y>{_YEAR}))?",
     _two_days),  # "30 June to 1 July"
    ("explicit", rf"\b(?P<m>{MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}})"
                 rf"(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>{_YEAR}))?", _day_pair),
    ("explicit", rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                 rf"(?:of\s+)?(?P<m>{MONTH_NAME})(?:,?\s+(?P<y>{_YEAR}))?", _day_pair),  # "5 to 6 July"
    ("explicit", rf"(?:\b(?:{'|'.join(_WEEKDAYS)}),?\s+)?\b(?P<m>{MONTH_NAME})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
                 rf"(?:,?\s+(?P<y>{_YEAR}))?", _day),
    ("explicit", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH_NAME})(?:,?\s+(?P<y>{_YEAR}))?", _day),
    ("explicit", r"\b(?P<y>(?:19|20)\d{2})-(?P<mo>\d{2})-(?P<dd>\d{2})\b", _iso),
    ("explicit", r"\b(?P<y1>(?:19|20)\d{2})\s?[-–]\s?(?P<y2>(?:19|20)\d{2}|\d{2})\b(?![-–.]\d)", year_span),
    # "08.07.2021" as Central Asian and Russian outlets write it: day, month, year
    ("explicit", r"(?<![\d.])(?P<dd>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?![\d])", _iso),
    ("explicit", rf"(?:\b{_PART}\s+)?\b(?P<m>{MONTH_NAME})(?:\s+of)?\s+(?P<y>{_YEAR}|this year|last year)",
                 _month_year),
    ("explicit", rf"(?:\b(?P<lead>(?i:in|since|until|by|during|at|from|of|last|this))\s+)?(?:the\s+)?(?:{_PART}\s*)?"
                 rf"\b(?P<m>{MONTH_NAME})(?![\s,]*\d)\b", _month_alone),
    ("explicit", r"\b(?i:in|since|until|by|during|of|from|through|before|the year)\s+(?:the\s+)?"
                 r"(?:(?P<part>(?i:early|mid-|mid|late))\s*)?(?P<y>(?:19|20)\d{2})(?P<s>(?<=0)s)?"
                 r"(?!\d|,\d|\s?[-–]\s?\d)(?!\s*(?:percent|%|km|kilomet|tons?|tonnes?|people|troops|militants))",
     year_alone),
    ("relative", rf"\b(?:(?P<lead>on|last|this|since|by)\s+)?\b(?P<wd>{'|'.join(_WEEKDAYS)})"
                 r"(?:\s+(?P<tod>morning|afternoon|evening|night))?\b(?!,?\s+" + MONTH_NAME + ")", _weekday),
    ("relative", r"\b(?:(?:at|by)\s+)?(?:the\s+)?(?P<part>end|beginning|start|early part)\s+of\s+(?:the\s+)?"
                 r"(?:last|past|previous)\s+week\b|\b(?P<early>early)\s+last\s+week\b",
     _end_of_last_week),
    ("relative", rf"\b(?:(?P<since>since|for)\s+(?P<n>{NUMBER_WORDS})\s+days?\b(?!\s+ago)"
                 rf"|(?P<n2>{NUMBER_WORDS})\s+days?\s+back\b)",
     _days_back),
    ("relative", rf"\bnight (?:from|of|between) (?P<wd1>{'|'.join(_WEEKDAYS)}) (?:to|and|into|through) "
                 rf"(?P<wd2>{'|'.join(_WEEKDAYS)})\b(?:,?\s+{MONTH_NAME}\s+\d{{1,2}}(?:,?\s+{_YEAR})?)?",
     _night_between_weekdays),
    ("relative", r"\b(?:late\s+)?(?:last night|(?<!day\s)overnight(?!\s+(?:(?:on|into|to)\s+)?(?:[A-Z][a-z]+day|"
                 + MONTH_NAME + r"))|the previous night)\b", night_before),
    ("relative", rf"\b(?P<n>{NUMBER_WORDS})\s+{_UNIT}\s+ago\b", _ago),
    ("relative", rf"\b(?:over|in|during|for|within|throughout)\s+the\s+(?:past|last|previous)\s+"
                 rf"(?:(?P<n1>{NUMBER_WORDS})\s*(?:to|-|–|or)\s*)?(?:(?P<n2>{NUMBER_WORDS})\s+)?{_UNIT}\b", _period),
    ("relative", rf"\bin recent {_UNIT}\b", _recent),
    ("relative", r"\b(?:over|in|during|within)\s+the\s+(?:past|last|previous)\s+(?P<h>\d+|twenty-four|forty-eight|"
                 r"seventy-two)\s+hours\b", past_hours),
    ("relative", r"\b(?:(?:at|over|during|on)\s+the|(?P<last>last|this|past))\s+weekend\b", _weekend),
    ("relative", rf"\b(?:on\s+)?(?P<wd>{'|'.join(_WEEKDAYS)})\s+(?:of\s+)?(?:last|the previous|the past)\s+week\b|"
                 rf"\b(?:last|the previous)\s+week\s+on\s+(?P<wd2>{'|'.join(_WEEKDAYS)})\b", _weekday_of_last_week),
    ("relative", rf"\b{_PART}\s*(?P<which>last|this|the previous|the past)\s+month\b", _part_of_month),
    ("relative", r"\b(?:last|the previous)\s+(?P<u>week|month|year)\b", _last_unit),
    ("relative", r"\b(?:earlier |later )?this (?P<u>year|month|week)\b", _this_unit),
    ("relative", r"\bthe day before yesterday\b", _fixed(2)),
    ("relative", r"\byesterday\b", _fixed(1)),
    ("relative", r"\b(?:today|this morning|tonight|this evening)\b", _fixed(0)),
    ("present", r"\b(?:at the moment|at present|currently|right now|these days)\b", _fixed(0)),
)
_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE if kind != "explicit" else 0), h) for kind, p, h in DATE_PATTERNS)


def find_dates(text: str, published: dt.date, offset: int = 0) -> list[DateMention]:
    """Every date mention in ``text``, in text order, anchored on ``published``.

    ``offset`` is added to the spans (the position of ``text`` in the article).
    Longer matches win over shorter overlapping ones; ranges are cut at
    ``published``; a date after a lead such as "following" or "since" becomes
    a range open until publication (precision 3).
    """
    found: list[tuple[int, int, int, str, Range]] = []
    for rank, (kind, pattern, handler) in enumerate(_COMPILED):
        for match in pattern.finditer(text):
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            result = handler(groups, published)
            if result is not None:
                found.append((match.start(), match.end(), rank, kind, result))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2]))
    chosen: list[tuple[int, int, int, str, Range]] = []
    for item in found:
        if all(item[1] <= c[0] or item[0] >= c[1] for c in chosen):
            chosen.append(item)
    mentions = []
    for start, end, _, kind, (d0, d1, precision) in sorted(chosen):
        if is_history(text, start, end, precision):
            kind = "history"  # "the Taliban, ousted in 2001", "last October's polls": told in passing
        lead = OPEN_RANGE_LEAD.search(text[max(0, start - 45):start]) or re.match(r"since\s", text[start:end], re.I)
        if lead and kind == "explicit" and d0 <= published:  # "since 2016", "after the 2015 attack"
            d1, precision, kind = published, 3, "open"
        elif kind == "relative" and re.match(r"since\s", text[start:end], re.IGNORECASE):  # "since Tuesday"
            d1, precision, kind = published, date_precision(d0, published), "open"
        if d0 > published or FUTURE_BOUND_LEAD.search(text[max(0, start - 45):start]):
            continue  # a future date (or the end of a span still to come) is a plan or a typo, not an event date
        before = text[max(0, start - 60):start]
        if kind in ("relative", "explicit") and (REPORTED_LEAD.search(before) or DATELINE_LEAD.search(before)):
            kind = "reported"
        if precision == 1 and d0 == d1 and at_night(before, text[end:end + 20]):
            d1 = d0 + dt.timedelta(days=1)  # "the attack started late on June 4": that night and the day after
        elif precision == 1 and d0 == d1 and after_a_night(before):
            d0 = d0 - dt.timedelta(days=1)  # "a gunbattle into the early hours of June 5": the night before it
        d1 = min(d1, published)
        mentions.append(DateMention(start + offset, end + offset, d0, d1, precision, text[start:end], kind))
    return mentions
