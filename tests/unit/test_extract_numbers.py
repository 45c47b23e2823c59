"""Figures: quantities in digits and words, ACLED's conservative rule, roles and non-casualty numbers."""

from __future__ import annotations

import pytest

from geo.extraction.numbers import Figure, combine_figures, find_figures
from geo.extraction.quantities import parse_quantity, word_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("161", (161, 161, 161)),
        ("three", (3, 3, 3)),
        ("twenty-five", (25, 25, 25)),
        ("two hundred", (200, 200, 200)),
        ("more than 30", (31, 31, None)),
        ("More than 10,000", (10001, 10001, None)),
        ("at least four", (4, 4, None)),
        ("about 3,000", (None, 3000, None)),
        ("approximately 10,000", (None, 10000, None)),
        ("Almost 6,000", (None, 5999, 5999)),
        ("between 20,000 and 60,000", (20000, 20000, 60000)),
        ("1,000-1,400", (1000, 1000, 1400)),
        ("dozens", (12, 12, None)),
        ("hundreds", (100, 100, None)),
        ("thousands", (1000, 1000, None)),
        ("tens of thousands", (10000, 10000, None)),
    ],
)
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def test_word_number_rejects_non_numbers():
    assert word_number("1.5 million") == 1_500_000
    assert word_number("several") is None


def roles(text: str) -> list[tuple[str, int | None, str]]:
    return [(f.role, f.best, f.text) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which resulted in three soldiers being killed and five others wounded",
         [("killed", 3, "three soldiers"), ("wounded", 5, "five others")]),
        ("among dozens of militants killed in southern Afghanistan", [("killed", 12, "dozens of militants")]),
        ("the bloody event that killed more than 30 people", [("killed", 31, "more than 30 people")]),
        ("161 Russian border guards were killed and 362 were wounded",
         [("killed", 161, "161 Russian border guards"), ("wounded", 362, "362")]),
        ("resulting in the deaths of two Russian diplomats", [("killed", 2, "two Russian diplomats")]),
        ("three terrorists had been targeted and killed", [("killed", 3, "three terrorists")]),
        ("claimed to have destroyed about 3,000 militants", [("killed", 3000, "about 3,000 militants")]),
        ("about 50,000 lives were lost", [("killed", 50000, "about 50,000 lives")]),
        ("approximately 10,000 militants were concentrated", [("strength", 10000, "approximately 10,000 militants")]),
        ("More than 10,000 troops were involved", [("strength", 10001, "More than 10,000 troops")]),
        ("the presence of thousands of ISIS members", [("strength", 1000, "thousands of ISIS members")]),
        ("175 militants that fought in armed conflicts abroad were pardoned", [("strength", 175, "175 militants")]),
        ("600,000 people were internally displaced", [("people", 600000, "600,000 people")]),
    ],
)
def test_figure_roles(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "its 1344-kilometer-long external border",
        "more than 1.3 billion US dollars",
        "including 11.4 tones of heroine and 30 tons of narcotics",
        "of which 99 percent were draftees",
        "there were 530 armed clashes and 1600 attempts to cross",
        "in 2019 the border was closed",
        "two days ago a bomb exploded",
    ],
)
def test_non_casualty_numbers_are_not_figures(text):
    assert find_figures(text) == []


def test_offsets_point_at_the_figure():
    text = "Officials said three soldiers were killed."
    figure = find_figures(text, offset=10)[0]
    assert text[figure.start - 10:figure.end - 10] == "three soldiers"


def fig(role: str, low, best, high, text: str = "x") -> Figure:
    return Figure(0, 1, role, low, best, high, text)


def test_point_estimate_inside_a_range_refines_best():
    combined = combine_figures([fig("killed", 20000, 20000, 60000, "a"), fig("killed", None, 50000, None, "b")])
    assert combined is not None
    assert (combined.low, combined.best, combined.high, combined.text) == (20000, 50000, 60000, "a; b")


def test_separate_groups_are_added_up():
    combined = combine_figures([fig("killed", 3, 3, 3), fig("killed", 2, 2, 2)])
    assert combined is not None
    assert (combined.low, combined.best, combined.high) == (5, 5, 5)
    assert combine_figures([]) is None
