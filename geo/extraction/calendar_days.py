"""Calendar arithmetic for dates in news text: months and their parts, counts of days, ACLED time precision.

Shared by :mod:`geo.extraction.dates` (which finds dates in text) and the modules that count days
from them. Dates are calendar dates (UTC).

Example
-------
>>> month_range(2024, 2, "late")
(datetime.date(2024, 2, 21), datetime.date(2024, 2, 29))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from geo.extraction.quantities import word_number

#: Days covered by "early", "mid" and "late" parts of a month (first day, last day; 31 = month end).
MONTH_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10), "beginning of": (1, 10), "start of": (1, 10),
    "mid": (11, 20), "mid-": (11, 20), "middle of": (11, 20),
    "late": (21, 31), "end of": (20, 31),
}
#: An English month name or its abbreviation, as a regular expression ("Jan.", "Sept", "December").
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_number(word: str) -> int:
    """1-12 for an English month name or abbreviation."""
    return _MONTHS.index(word.strip(".").lower()[:3]) + 1


def month_range(year: int, month: int, part: str | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a month, or of its early/mid/late part."""
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = MONTH_PARTS.get(re.sub(r"^the ", "", (part or "").lower()), (1, 31))
    return dt.date(year, month, first_day), dt.date(year, month, min(last_day, last))


def recent_month_year(month: int, published: dt.date) -> int:
    """Year of the most recent ``month`` on or before the publication month."""
    return published.year if month <= published.month else published.year - 1


def undated_range(published: dt.date) -> tuple[dt.date, dt.date]:
    """The fallback range for an event the text does not date: the year before publication, from the
    same calendar day a year earlier (29 February gives 28 February)."""
    day = min(published.day, calendar.monthrange(published.year - 1, published.month)[1])
    return published.replace(year=published.year - 1, day=day), published


def count_of(word: str | None, default: int = 1) -> int:
    """A count written in words or digits ("three", "a few" = 3), ``default`` when there is none."""
    if not word:
        return default
    if word.lower() in ("few", "several"):
        return 3
    value = word_number(word)
    return value if value is not None else default


def shift_back(published: dt.date, unit: str, n: int) -> dt.date:
    """The day ``n`` days, weeks, months, years or decades before ``published`` (month ends kept in range)."""
    if unit == "day":
        return published - dt.timedelta(days=n)
    if unit == "week":
        return published - dt.timedelta(weeks=n)
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    y, m = divmod(published.year * 12 + published.month - 1 - months, 12)
    return dt.date(y, m + 1, min(published.day, calendar.monthrange(y, m + 1)[1]))


#: How far back "several weeks (months, years) ago" may reach: the unit and count.
VAGUE_REACH = {"week": ("month", 2), "month": ("year", 1), "year": ("year", 10)}


def vague_ago(unit: str, published: dt.date) -> tuple[dt.date, dt.date, int]:
    """"Several months ago": some time in the past year (not one month); weeks within two months, years
    within ten, each ending a unit before publication (months at publication, as the year window)."""
    start = shift_back(published, *VAGUE_REACH[unit])
    end = published if unit == "month" else shift_back(published, unit, 1)
    return start, end, date_precision(start, end)


def date_precision(start: dt.date, end: dt.date) -> int:
    """ACLED time precision of a range: 1 a day, 2 up to a month, 3 longer."""
    days = (end - start).days
    return 1 if days == 0 else 2 if days <= 31 else 3


#: "late on June 4", "late Friday", "on the night of 4 June", "June 4 at night": a night that may run into the next day.
NIGHT_LEAD = re.compile(r"(?:\blate\s+(?:on\s+)?|\bthe\s+night\s+of\s+|\bovernight\s+(?:on\s+)?|"
                        # "at 11 pm Sunday", "around midnight on Sunday"
                        r"\b(?:9|10|11|1[01]:\d\d|9:\d\d)\s*p\.?\s?m\.?\s+(?:on\s+)?|\bmidnight\s+(?:on\s+)?)$",
                        re.IGNORECASE)
NIGHT_TAIL = re.compile(r"^,?\s+(?:late\s+)?at\s+night\b|^\s+(?:night|overnight)\b", re.IGNORECASE)
#: Words before a day that make it the morning a night ran into ("into the early hours of July 8", "overnight into
#: Thursday"): the day before and that day.
EARLY_HOURS_LEAD = re.compile(r"(?:\binto\s+the\s+(?:early|small|wee)\s+hours\s+of\s+|\bovernight\s+(?:into|to)\s+)$",
                              re.IGNORECASE)


def at_night(before: str, after: str) -> bool:
    """Whether the day written between ``before`` and ``after`` is told as a night ("late on June 4")."""
    return bool(NIGHT_LEAD.search(before) or NIGHT_TAIL.match(after))


def after_a_night(before: str) -> bool:
    """Whether the day written after ``before`` is the morning a night ran into ("into the early hours of May 3")."""
    return bool(EARLY_HOURS_LEAD.search(before))


#: Years covered by parts of a decade ("the early 1990s").
DECADE_PARTS: dict[str, tuple[int, int]] = {"early": (0, 3), "mid": (4, 6), "mid-": (4, 6), "late": (7, 9)}
#: A date range and its precision (1 day, 2 month, 3 year or longer).
Range = tuple[dt.date, dt.date, int]


def night_before(g: dict[str, Any], published: dt.date) -> Range:
    """"last night", "overnight": the night before publication (two calendar days)."""
    return published - dt.timedelta(days=1), published, 1


def past_hours(g: dict[str, Any], published: dt.date) -> Range:
    """"in the past 24 hours", "over the last 48 hours": the calendar days those hours touch."""
    days = max(1, -(-count_of(g.get("h")) // 24))
    return published - dt.timedelta(days=days), published, 1 if days == 1 else 2


def year_span(g: dict[str, Any], published: dt.date) -> Range | None:
    """"the 1992-1997 civil war", "in 2014–15": from the first year's start to the last year's end."""
    first, last = int(g["y1"]), int(g["y2"]) + (int(g["y1"]) // 100 * 100 if len(g["y2"]) == 2 else 0)
    return (dt.date(first, 1, 1), dt.date(last, 12, 31), 3) if first < last else None


def year_alone(g: dict[str, Any], published: dt.date) -> Range:
    """"in 2015", "the early 1990s": the year, or the part of the decade."""
    y = int(g["y"])
    if g.get("s"):  # a decade: "the early 1990s"
        first, last = DECADE_PARTS.get((g.get("part") or "").lower(), (0, 9))
        return dt.date(y + first, 1, 1), dt.date(y + last, 12, 31), 3
    return dt.date(y, 1, 1), dt.date(y, 12, 31), 3


__all__ = [
    "DECADE_PARTS",
    "MONTH_PARTS",
    "VAGUE_REACH",
    "Range",
    "after_a_night",
    "at_night",
    "count_of",
    "date_precision",
    "month_number",
    "month_range",
    "night_before",
    "past_hours",
    "recent_month_year",
    "shift_back",
    "undated_range",
    "vague_ago",
    "year_alone",
    "year_span",
]
