"""Numbers in news text as counts with low/best/high: digits, words, ranges, modifiers, vague words.

:func:`word_number` reads "161", "3,000", "twenty-five" or "two hundred"; :data:`QUANTITY` finds a
quantity ("more than 30", "between 20,000 and 60,000", "two to three", "dozens") and
:func:`estimate` turns it into (low, best, high) by ACLED's conservative rule ("dozens" = 12,
"more than N" = N + 1, "about N" best N). Who or what is counted is :mod:`geo.extraction.numbers`.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: Vague counts and the conservative number coded for them.
VAGUE_COUNTS = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "several thousand": 1000,
    "thousands": 1000, "several hundred": 100, "hundreds": 100, "scores": 20, "several dozen": 12,
    "dozens": 12, "a dozen": 12, "dozen": 12, "several": 3, "a few": 3, "a couple of": 2, "a couple": 2,
}
#: Modifier words and how they turn a number N into (low, best, high).
MODIFIERS = {
    "more than": "more", "over": "more", "upwards of": "more", "just over": "more",
    "at least": "least", "no fewer than": "least", "no less than": "least", "not less than": "least",
    # strictly fewer ("nearly 70" is at most 69, as "more than 20" is at least 21); "up to 70" may be 70
    "almost": "below", "nearly": "below", "fewer than": "below", "less than": "below", "just under": "below",
    "under": "below", "up to": "under", "as many as": "under", "close to": "under",
    "about": "about", "around": "about", "approximately": "about", "some": "about", "roughly": "about",
    "an estimated": "about", "estimated": "about", "reportedly": "about", "approx.": "about",
}
_NUMBER_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_WORD_NUM = (rf"(?:(?:{_NUMBER_WORD})(?:[- ](?:{_NUMBER_WORD}))?(?:\s+(?:hundred|thousand|million))?"
             r"|a (?:hundred|thousand))")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:thousand|million))?"
_ONE = rf"(?:{_DIGITS}|{_WORD_NUM})"
_MOD = "|".join(re.escape(m) for m in sorted(MODIFIERS, key=len, reverse=True))
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE_COUNTS, key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\w.,-])(?:(?P<between>between|from)\s+(?P<a>{_ONE})\s+(?:and|to)\s+(?P<b>{_ONE})"
    rf"|(?P<ra>{_DIGITS})\s*[-–]\s*(?P<rb>{_DIGITS})"
    rf"|(?P<oa>{_ONE})\s+(?:to|or)\s+(?P<ob>{_ONE})(?=\s+[a-z])"
    rf"|(?:(?P<mod>{_MOD})\s+)?(?P<n>{_ONE})"
    rf"|(?P<vague>{_VAGUE}))(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
#: Words right after a number that make it a measure, never a count of people.
UNIT_WORDS = re.compile(
    r"\s*(?:%|per ?cent|percent|km|kilomet|kilometres|miles?|meters?|metres?|tons?|tonnes?|tones|kg|kilograms?|"
    r"dollars?|usd|euros?|rubles?|roubles?|somoni|afghanis?|billion|years?|months?|weeks?|days?|hours?|minutes?|"
    r"times|hectares?|square)\b", re.IGNORECASE)

def word_number(text: str) -> int | None:
    """An integer written in digits or English words ("161", "3,000", "twenty-five", "two hundred")."""
    text = text.strip().lower().replace(",", "")
    scale = 1
    for word, value in SCALES.items():
        if text.endswith(" " + word) and text != word:
            text, scale = text[: -len(word) - 1].strip(), value
    try:
        return round(float(text) * scale)
    except ValueError:
        pass
    total = 0
    for part in re.split(r"[\s-]+", text):
        if part in UNITS:
            total += UNITS[part]
        elif part in TENS:
            total += TENS[part]
        elif part in SCALES and total:
            total *= SCALES[part]
        elif part in ("a", "an"):
            total += 1
        else:
            return None
    return total * scale


def estimate(match: re.Match[str]) -> tuple[int | None, int | None, int | None] | None:
    g = match.groupdict()
    if g["vague"]:
        value = VAGUE_COUNTS[g["vague"].lower()]
        return value, value, None
    if g["a"] or g["ra"] or g["oa"]:  # "between 20 and 30", "20-30", "two to three", "two or three"
        a, b = word_number(g["a"] or g["ra"] or g["oa"]), word_number(g["b"] or g["rb"] or g["ob"])
        if a is None or b is None or b < a or (1900 <= a <= 2100 and 1900 <= b <= 2100):
            return None  # (a span of years, "from 1992 to 1997", counts nobody)
        return a, a, b
    n = word_number(g["n"])
    if n is None:
        return None
    mode = MODIFIERS.get((g["mod"] or "").lower())
    if mode == "more":
        return n + 1, n + 1, None
    if mode == "least":
        return n, n, None
    if mode == "under":
        return None, n, n
    if mode == "below":
        return None, max(n - 1, 0), max(n - 1, 0)
    if mode == "about":
        return None, n, None
    return n, n, n


def parse_quantity(text: str) -> tuple[int | None, int | None, int | None] | None:
    """``(low, best, high)`` for a quantity phrase that is the whole of ``text``, else None."""
    match = QUANTITY.fullmatch(text.strip())
    return estimate(match) if match else None
