"""Places for events: gazetteer names, area phrases, actors that are not places, and the choice for a trigger."""

from __future__ import annotations

import re

import pytest

from geo.extraction.locate import choose_place, coordinated_places, refines
from geo.extraction.places import PlaceMemory, find_places
from geo.places import geocode


def places(text: str, memory: PlaceMemory | None = None):
    return find_places(text, 0, len(text), memory or PlaceMemory())


def chosen(text: str, trigger: str, memory: PlaceMemory | None = None) -> str | None:
    found = places(text, memory)
    start = text.index(trigger)
    pick = choose_place(text, found, (start, start + len(trigger)), (0, len(text)))
    return pick.place.name if pick else None


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("dozens of militants were killed in southern Afghanistan on March 4", "killed", "Southern Afghanistan"),
        ("ISIS members concentrated in the border areas between Afghanistan and Tajikistan", "concentrated",
         "Afghan–Tajik border area"),
        ("thousands of ISIS members in northern Afghanistan", "members", "Northern Afghanistan"),
        ("three terrorists were killed near the border with Afghanistan", "killed", "Tajik side of the Afghan border"),
        ("a conference of security leaders hosted in Tajikistan's capital Dushanbe", "conference", "Dushanbe"),
        ("a conference which on April 18th took place in St. Petersburg, Russia", "conference", "Saint Petersburg"),
        ("a suicide attack in front of the Russian Embassy in Kabul", "suicide attack", "Russian Embassy in Kabul"),
        ("Russia modernized its military base in Tajikistan", "modernized", "201st Military Base (Dushanbe)"),
        ("rocket attacks from Afghan territory into Tajikistan", "rocket attacks", "Tajikistan"),
        ("clashes near Kulyab on Monday", "clashes", "Kulob"),
        ("the Taliban seized the district of Khwahan in Badakhshan province", "seized", "Khwahan"),
    ],
)
def test_place_for_trigger(text, trigger, expected):
    assert chosen(text, trigger) == expected


def test_area_places_have_area_geometry_and_precision_three():
    (mention,) = places("fighting along the Afghan-Tajik border")
    assert mention.place.geo_precision == 3
    assert mention.place.geometry.geom_type in ("LineString", "MultiLineString")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Moscow signed an agreement with Dushanbe", "Moscow"),
        ("Moscow signed an agreement with Dushanbe", "Dushanbe"),
        ("the official representative of Dushanbe announced", "Dushanbe"),
        ("MOSCOW (TASS) - The ministry is concerned", "Moscow"),
        ("Dushanbe Says Moscow Can Prevent It", "Dushanbe"),
        ("the Presidents of Russia and Tajikistan engaged in talks", "Tajikistan"),
    ],
)
def test_names_used_as_actors_are_never_event_places(text, name):
    mention = next(m for m in places(text) if m.place.name == name)
    assert mention.actor
    assert choose_place(text, [mention], (0, 1), (0, len(text))) is None


def test_nationality_adjectives_are_not_places():
    assert places("Afghan officials and Tajik citizens") == []


def test_two_countries_and_the_border_resolve_from_earlier_sentences():
    memory = PlaceMemory()
    first = "militants are deployed in the border areas between Afghanistan and Tajikistan."
    memory.remember(places(first, memory))
    text = "a bomb exploded near a base located on the border between the two countries"
    assert chosen(text, "exploded", memory) == "Afghan–Tajik border"
    memory2 = PlaceMemory()
    memory2.remember(places("the defense of the Tajik-Afghan border collapsed", memory2))
    (bare,) = places("Moscow agreed to take over control of the border", memory2)[1:]
    assert bare.inferred and bare.place.name == "Afghan–Tajik border"


def test_coordinated_places_are_separate_event_places():
    text = "measures to reinforce Russian military bases in Tajikistan and Kyrgyzstan"
    found = places(text)
    first = found[0]
    assert first.place.name == "201st Military Base (Dushanbe)"
    assert [m.place.name for m in coordinated_places(text, first, found)] == ["Kyrgyzstan"]
    city = places("in St. Petersburg, Russia")
    assert coordinated_places("in St. Petersburg, Russia", city[0], city) == []


def test_spans_are_exact():
    text = "Clashes erupted near Khorog and in Badakhshan province."
    for mention in places(text):
        assert text[mention.start:mention.end] == mention.text
        assert re.search(r"\w", mention.text)


def test_a_district_placed_at_its_province_does_not_contain_the_other_districts():
    yawan, warduj, badakhshan = geocode("Yawan"), geocode("Warduj"), geocode("Badakhshan")
    assert yawan.geo_precision == 3 and warduj.geo_precision == 2  # Yawan's seat is not located
    assert not refines(warduj, yawan) and not refines(yawan, warduj)
    assert refines(warduj, badakhshan)  # a located district still lies in its province
