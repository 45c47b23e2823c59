"""Failure classes of issue 11, sixth round: a lead that repeats an attack's toll in general words, and a
participle naming the people of an event told before ("the abducted guards").

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

from tests.unit.extraction_helpers import events, only


def test_a_lead_that_repeats_the_toll_in_general_words_is_the_same_attack() -> None:
    found = events("Nine people were killed in the attack in the town of Khanabad.\n\n"
                   "A suicide bomber blew himself up at a market in Khanabad on Friday, killing nine people, "
                   "police said.")
    assert len(found) == 1
    assert (found[0]["sub_event_type"], found[0]["fatalities_best"]) == ("Suicide bomb", 9)
    assert found[0]["date_end"].isoformat() == "2021-07-09"


def test_two_attacks_with_one_death_each_stay_two_events() -> None:
    found = events("A commander was killed when gunmen stormed a police post in Khanabad on Friday.\n\n"
                   "A woman was also killed when a rocket hit her home on the edge of Khanabad.")
    assert len(found) == 2


def test_the_abducted_people_refer_to_the_abduction_told_before() -> None:
    found = events("Dushanbe. 9 July. Militants abducted four Tajik border guards in Kunduz province, on the "
                   "Tajik-Afghan border.\n\n"
                   "Officials in Kunduz say they know where the abducted guards are held, and an operation to free "
                   "them has begun.\n\n"
                   "The guards had crossed the river to collect firewood in a forest in Imam Sahib district.\n\n"
                   "Militants want to swap the abducted Tajik border guards for their supporters jailed in "
                   "Tajikistan, police say.")
    assert [(e["sub_event_type"], e["date_end"].isoformat()) for e in found] == [
        ("Abduction/forced disappearance", "2021-07-09")]


def test_a_participle_that_is_a_verb_still_reports_an_event() -> None:
    # "the ... abducted by" is a passive clause, "the injured were" counts people: neither is a reference
    event = only("On Friday, the men abducted by gunmen near Imam Sahib were three Tajik border guards.")
    assert event["sub_event_type"] == "Abduction/forced disappearance"
