"""Dates in news text: explicit forms, ranges and dates relative to the publication day."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction.calendar_days import month_range, recent_month_year, undated_range
from geo.extraction.dates import find_dates

D = dt.date
PUB = D(2019, 4, 19)  # a Friday


def only(text: str, published: dt.date = PUB):
    found = find_dates(text, published)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "precision"),
    [
        ("militants were killed on March 4.", D(2015, 3, 19), D(2015, 3, 4), D(2015, 3, 4), 1),
        ("On April 18th, the general said", PUB, D(2019, 4, 18), D(2019, 4, 18), 1),
        ("the attack on 4 March 2015 near Kunduz", PUB, D(2015, 3, 4), D(2015, 3, 4), 1),
        ("Staunton, November 28 - sources say", D(2018, 11, 29), D(2018, 11, 28), D(2018, 11, 28), 1),
        ("the accord signed in August 1992 gave", PUB, D(1992, 8, 1), D(1992, 8, 31), 2),
        ("the June 1997 General Agreement", PUB, D(1997, 6, 1), D(1997, 6, 30), 2),
        ("clashes between 1992 and 2005", PUB, D(1992, 1, 1), D(2005, 12, 31), 3),
        ("During the period 1992 to 2005, there were", PUB, D(1992, 1, 1), D(2005, 12, 31), 3),
        ("lives were lost between May and December 1992", PUB, D(1992, 5, 1), D(1992, 12, 31), 3),
        ("the groups were active in the early 1990s", PUB, D(1990, 1, 1), D(1993, 12, 31), 3),
        ("the transfer began in 1998, and", PUB, D(1998, 1, 1), D(1998, 12, 31), 3),
    ],
)
def test_explicit_dates(text, published, start, end, precision):
    mention = only(text, published)
    assert (mention.date_start, mention.date_end, mention.precision) == (start, end, precision)
    assert mention.kind in ("explicit", "open")
    assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("at the end of February a meeting was held", D(2019, 2, 20), D(2019, 2, 28)),
        ("In late March, the ministry claimed", D(2019, 3, 21), D(2019, 3, 31)),
        ("In March, the acting secretary said", D(2019, 3, 1), D(2019, 3, 31)),
        ("talks in early April were", D(2019, 4, 1), D(2019, 4, 10)),
        # a month after the publication month is last year's
        ("the offensive in September stalled", D(2018, 9, 1), D(2018, 9, 30)),
    ],
)
def test_months_without_year_are_the_most_recent_past_occurrence(text, start, end):
    mention = only(text)
    assert (mention.date_start, mention.date_end, mention.precision) == (start, end, 2)


def test_may_and_march_as_ordinary_words_are_not_dates():
    assert find_dates("militants may be interested in the march through the valley", PUB) == []
    assert [m.text for m in find_dates("the prison incident in May was", PUB)] == ["in May"]


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "precision"),
    [
        ("a bomb exploded two days ago", D(2019, 6, 15), D(2019, 6, 13), D(2019, 6, 13), 1),
        ("a prison riot last month", D(2019, 6, 15), D(2019, 5, 1), D(2019, 5, 31), 2),
        ("told a news conference on Thursday", D(2015, 3, 19), D(2015, 3, 19), D(2015, 3, 19), 1),
        ("On Friday, the president warned", D(2023, 10, 13), D(2023, 10, 13), D(2023, 10, 13), 1),
        ("on Friday morning the presidents met", D(2023, 10, 16), D(2023, 10, 13), D(2023, 10, 13), 1),
        ("In September of this year, the committee", D(2023, 10, 13), D(2023, 9, 1), D(2023, 9, 30), 2),
        ("over the past two years, rockets", D(2023, 10, 13), D(2021, 10, 13), D(2023, 10, 13), 3),
        ("Reports emerged earlier this year", D(2015, 3, 19), D(2015, 1, 1), D(2015, 3, 19), 3),
        ("over the last five to six years", D(2018, 11, 29), D(2012, 11, 29), D(2018, 11, 29), 3),
        ("Almost 6,000 arrived in 2019 alone", PUB, D(2019, 1, 1), PUB, 3),
        ("clashes broke out yesterday", PUB, D(2019, 4, 18), D(2019, 4, 18), 1),
        ("the drills last week", PUB, D(2019, 4, 8), D(2019, 4, 14), 2),
    ],
)
def test_relative_dates_anchor_on_publication(text, published, start, end, precision):
    mention = only(text, published)
    assert (mention.date_start, mention.date_end, mention.precision) == (start, end, precision)


def test_weekday_on_publication_day_is_that_day_and_last_weekday_is_a_week_before():
    friday = D(2023, 10, 13)
    assert only("on Friday", friday).date_start == friday
    assert only("last Friday", friday).date_start == D(2023, 10, 6)


def test_following_a_date_opens_a_range_until_publication():
    mention = only("Following the takeover in August 2021, Russia modernized", D(2023, 10, 13))
    assert (mention.date_start, mention.date_end, mention.precision, mention.kind) == (
        D(2021, 8, 1), D(2023, 10, 13), 3, "open")


def test_present_tense_marker_is_publication_day_with_its_own_kind():
    mention = only("At the moment, fighters are deployed", D(2019, 6, 15))
    assert (mention.date_start, mention.kind) == (D(2019, 6, 15), "present")


def test_future_dates_are_dropped_and_ranges_end_at_publication():
    assert find_dates("a summit planned for 2030", PUB) == []
    assert only("in 2019", PUB).date_end == PUB


def test_numbers_that_are_not_years_are_not_dates():
    assert find_dates("recruited 1,000-1,400 Tajiks and 1600 attempts", PUB) == []


def test_offset_shifts_spans():
    mention = find_dates("on March 4", D(2015, 3, 19), offset=100)[0]
    assert (mention.start, mention.end) == (103, 110)


def test_helpers():
    assert month_range(2019, 2, "end of") == (D(2019, 2, 20), D(2019, 2, 28))
    assert month_range(2020, 2) == (D(2020, 2, 1), D(2020, 2, 29))
    assert recent_month_year(5, D(2019, 4, 19)) == 2018
    assert undated_range(PUB) == (D(2018, 4, 19), PUB)
