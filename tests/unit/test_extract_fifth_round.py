"""Failure classes of issue 11, fifth round: the one who tells a toll is not in it, tallies counted from a
year, habits "in the past", people crossing into a named place, fighting that people flee from, armed men
arriving in an area, and one move of forces told with two verbs.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

from tests.unit.extraction_helpers import events, km_from, only, roles


def test_a_speaker_named_after_the_toll_is_not_one_more_casualty() -> None:
    assert roles("At least 10 civilians were killed and 30 wounded, a hospital official said.") == [
        ("killed", 10), ("wounded", 30)]
    event = only("Gunmen killed four policemen and wounded 12 in Khanabad on Friday, a police spokesman told us.")
    assert (event["fatalities_best"], event["wounded"]) == (4, 12)
    # a person who is a casualty still counts
    assert roles("A policeman was killed and another wounded.") == [("killed", 1), ("wounded", 1)]


def test_a_toll_counted_since_a_year_is_a_statistic_not_an_event() -> None:
    assert events("Since 2015, more than 300 people have been killed in fighting in Kunduz province.") == []
    # one attack in a year named as a date is still an event
    assert len(events("In 2015, militants killed three guards in an attack in Kunduz province.")) == 1


def test_what_happened_in_the_past_without_a_date_is_a_summary() -> None:
    assert events("The Taliban have massed fighters in Badakhshan in the past, analysts say.") == []
    # "in the past two days" is a date, not a habit
    assert len(events("The Taliban have massed 500 fighters in Badakhshan in the past two days, officials say.")) == 1


def test_people_crossing_into_a_named_district_or_across_a_river_is_a_posture() -> None:
    event = only("Some 300 Afghan soldiers crossed into the Jaloliddin Balkhi district of Khatlon on Friday.")
    assert event["kind"] == "posture" and km_from(event, "Jaloliddin Balkhi") < 5
    assert only("Afghan families fled across the Panj River on Friday.")["kind"] == "posture"


def test_fighting_people_flee_from_is_not_a_new_event() -> None:
    found = events("Hundreds of families fled across the Panj River into Tajikistan on Friday to escape the fighting.")
    assert [e["kind"] for e in found] == ["posture"]


def test_armed_men_arriving_in_an_area_are_a_concentration() -> None:
    event = only("About 80 fighters loyal to the warlord have returned to the Rasht valley, officials said on Friday.")
    assert (event["kind"], event["strength_best"]) == ("concentration", 80)
    assert km_from(event, "Rasht valley") < 5
    assert events("The soldiers returned to their barracks in Khorog.") == []


def test_one_move_of_forces_told_with_two_verbs_is_one_posture() -> None:
    event = only("Tajikistan mobilised 20,000 reservists to strengthen its border with Afghanistan on Friday.")
    assert (event["kind"], event["strength_best"]) == ("posture", 20000)
    assert "border" in event["location"].lower()
    # two places with two counts stay two events
    assert len(events("Russia sent 300 troops to Khorog and 200 to Ishkashim on Friday.")) == 2
