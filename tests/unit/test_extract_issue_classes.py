"""The failure classes of issue 11, third round: each class read broadly, in phrasings of our own.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
"""

from __future__ import annotations

import datetime as dt

from geo.extraction import find_figures
from tests.unit.extraction_helpers import events, km_from, only, roles

# -- casualty groups summed, the figure from the right clause ------------------------------------------------

def test_a_group_named_by_two_nouns_is_counted_with_the_others() -> None:
    assert roles("Five Taliban fighters and two Afghan soldiers died in the fighting.") == [
        ("killed", 5), ("killed", 2)]
    assert roles("Four police officers lost their lives.") == [("killed", 4)]
    event = only("Five Taliban fighters and two Afghan soldiers died in the fighting in Darqad on Sunday, "
                 "while another three soldiers were wounded.")
    assert (event["fatalities_best"], event["wounded"]) == (7, 3)


def test_a_bare_number_after_the_dead_counts_the_wounded() -> None:
    assert roles("A guard was killed and two more were wounded.") == [("killed", 1), ("wounded", 2)]
    assert roles("Three people died and 14 were hurt.") == [("killed", 3), ("wounded", 14)]
    assert roles("Four officers lost their lives and six sustained injuries.") == [("killed", 4), ("wounded", 6)]
    event = only("Three people died and 14 were hurt when a mortar round landed in a market in Kulob on Saturday.")
    assert (event["fatalities_best"], event["wounded"]) == (3, 14)


def test_a_death_toll_counts_the_dead_without_a_noun() -> None:
    assert roles("The death toll from the blast rose to 12, with 20 people wounded.") == [
        ("killed", 12), ("wounded", 20)]


def test_a_person_named_inside_a_total_is_not_added_to_the_next_group() -> None:
    assert roles("The bomb killed 11 people, including a provincial official, and injured 30 others.") == [
        ("killed", 11), ("wounded", 30)]
    assert roles("Three soldiers were killed, two of them officers, and five were injured.") == [
        ("killed", 3), ("part", 2), ("wounded", 5)]


def test_a_killed_elder_or_passenger_counts_one_and_makes_an_attack_on_civilians() -> None:
    event = only("Unknown gunmen killed a local elder in Chahab district on Monday.")
    assert event["fatalities_best"] == 1 and event["event_type"] == "Violence against civilians"


# -- events the lexicon missed --------------------------------------------------------------------------------

def test_a_wounding_alone_is_an_event() -> None:
    event = only("A Tajik soldier was wounded when Afghan gunmen fired across the river at the Nizhny Pyanj post "
                 "on Sunday.")
    assert event["wounded"] == 1 and km_from(event, "Panji Poyon") < 5
    assert events("He was wounded in the war in 1992 and now lives in Kulob.") == []


def test_shooting_breaking_out_with_a_day_is_a_clash_but_a_shooting_heard_of_is_not() -> None:
    event = only("Shooting broke out on the Afghan-Tajik border near Ishkashim on Friday.")
    assert event["sub_event_type"] == "Armed clash" and event["geo_precision"] == 1
    assert events("The governor said he had heard about a shooting but had no details.") == []
    assert events("Guards trained at a shooting range near Kulob on Friday.") == []


def test_storming_a_building_is_an_attack() -> None:
    event = only("Gunmen stormed the district police headquarters in Warsaj on Monday.")
    assert event["event_type"] == "Battles"


def test_people_of_a_nationality_detained_at_the_border_are_arrests() -> None:
    assert only("Tajik border guards detained three Afghan nationals near Panj on Friday.")["sub_event_type"] \
        == "Arrests"
    event = only("Two Afghan citizens were detained by Tajik border guards in Shamsiddin Shohin district on Sunday.")
    assert event["sub_event_type"] == "Arrests" and event["date_start"] == dt.date(2021, 7, 4)


# -- refugees and troops crossing, several events in one sentence -------------------------------------------

def test_refugees_crossing_the_border_are_a_crossing_but_smugglers_are_not() -> None:
    event = only("Hundreds of Afghan refugees crossed into Tajikistan near Ishkashim on Monday.")
    assert event["kind"] == "posture" and km_from(event, "Ishkashim") < 25
    assert events("Families fleeing the fighting crossed the border into Tajikistan near Panj on Sunday.")
    assert events("Armed smugglers crossed the border near Farkhor on Sunday.") == []


def test_a_second_clause_with_its_own_day_and_place_is_a_second_event() -> None:
    found = events("On Monday, border guards killed two smugglers near Panj, and on Tuesday another clash near "
                   "Farkhor left one guard dead.")
    assert sorted((e["location"], e["fatalities_best"], e["date_start"].day) for e in found) == [
        ("Farkhor", 1, 6), ("Panj", 2, 5)]


def test_three_districts_in_a_list_are_three_events_even_one_placed_only_roughly() -> None:
    found = events("Fighting was reported in Imam Sahib, Dasht-e Archi and Qala-i-Zal districts on Sunday.")
    assert len(found) == 3
    assert [e["location"] for e in events("Fighting was reported in Tagab district, Badakhshan, on Sunday.")] == [
        "Tagab District (Badakhshan)"]


# -- what is not an event: years of fighting, comparisons, attacks in general ---------------------------------

def test_fighting_summed_up_over_open_years_is_not_an_event() -> None:
    assert events("Badakhshan has been the scene of heavy fighting between Taliban and government forces in "
                  "recent years.") == []
    assert events("For years, smugglers and guards have traded fire along this stretch of the Panj.") == []
    assert events("In previous years, dozens of border guards were killed in clashes with smugglers.") == []
    # a bounded period can still date one reported event
    assert events("Over the past two years, militants have fired rockets from Afghanistan into Tajikistan.")


def test_an_earlier_event_named_for_comparison_is_not_an_event() -> None:
    text = ("Militants killed nine policemen in Khanabad on Monday. The attack was the deadliest in the province "
            "since 2015, when militants stormed Kunduz city.")
    assert [e["location"] for e in events(text)] == ["Khanabad"]


def test_attacks_in_general_as_the_object_of_a_noun_are_not_an_event() -> None:
    assert events("Officials say the militants have been using the valley as a base for attacks on Kunduz.") == []
    assert events("The governor warned of a new wave of raids in Warsaj.") == []
    assert events("Militants carried out attacks on two posts in Warsaj on Monday.")


# -- one article read as a whole ------------------------------------------------------------------------------

def test_drugs_seized_are_no_capture_and_the_smugglers_killed_add_to_the_guards() -> None:
    text = ("A Tajik border guard was killed and another wounded in a clash with smugglers on Thursday, officials "
            "said. The shootout took place near Panj. Three smugglers were killed and 40 kilograms of hashish "
            "were seized.")
    event = only(text)
    assert (event["sub_event_type"], event["fatalities_best"], event["wounded"]) == ("Armed clash", 4, 1)
    assert events("Guards seized 25 kilograms of heroin near Farkhor on Monday.") == []


def test_a_woman_and_a_counted_group_share_the_verb() -> None:
    assert roles("A woman and 13 militants have been killed.") == [("killed", 1), ("killed", 13)]
    assert roles("He met a woman and two men.") == [("people", 2)]


# -- postures: planned ones are not events; more ways to say exercise and reinforcement ----------------------

def test_a_posture_still_to_come_is_not_an_event() -> None:
    assert events("The CSTO will hold exercises in Tajikistan in October.") == []
    assert events("Russia plans to deploy more troops to its base in Tajikistan.") == []


def test_a_large_scale_exercise_and_a_readiness_check_are_postures() -> None:
    event = only("The army held a large-scale exercise near Kulob on Thursday.")
    assert event["kind"] == "posture" and event["date_start"] == dt.date(2021, 7, 8)
    assert only("A snap combat readiness check began in Khatlon on Monday.")["kind"] == "posture"


def test_attack_jets_are_no_attack_and_a_border_reinforced_with_units_is_a_posture() -> None:
    assert [e["kind"] for e in events("Russia has deployed attack jets to its air base in Kant.")] == ["posture"]
    event = only("Uzbekistan has reinforced its border with Afghanistan near Termez with additional units.")
    assert event["kind"] == "posture" and km_from(event, "Termez") < 5


def test_an_operation_launched_against_militants_is_a_clash() -> None:
    event = only("Afghan security forces launched an operation to clear the Taliban from Qala-i-Zal district on "
                 "Monday.")
    assert (event["sub_event_type"], event["location"]) == ("Armed clash", "Qala-i-Zal")


# -- people captured, things that happened again and again, a casualty named with his unit ------------------

def test_soldiers_captured_are_no_capture_of_territory() -> None:
    event = only("Three soldiers were killed and six others were captured by the Taliban after an attack on a post "
                 "in Chahar Dara on Monday.")
    assert event["sub_event_type"] != "Non-state actor overtakes territory" and event["fatalities_best"] == 3
    assert only("The Taliban captured Chahar Dara district on Monday.")["sub_event_type"] \
        == "Non-state actor overtakes territory"


def test_something_that_happened_several_times_is_no_event_unless_on_a_given_day() -> None:
    assert events("Several times the centre of Warsaj district has been seized by the Taliban.") == []
    assert events("Militants repeatedly attacked the police post in Warsaj on Monday, killing two policemen.")


def test_a_casualty_named_with_his_unit_is_counted() -> None:
    assert roles("A commander of the uprising forces was killed and two more were wounded.") == [
        ("killed", 1), ("wounded", 2)]
    assert roles("Two members of the district police were killed.") == [("killed", 2)]


# -- protests met with force, riots, executions, suicide bombers ------------------------------------------------

def test_a_protest_met_with_fire_is_one_event_of_excessive_force_with_its_dead() -> None:
    event = only("Hundreds of residents protested in Taloqan on Friday against a night raid, and police opened fire, "
                 "killing four protesters.")
    assert (event["sub_event_type"], event["fatalities_best"]) == ("Excessive force against protesters", 4)
    fired_on = only("Hundreds protested in Khorog on Monday and police opened fire on the crowd.")
    assert fired_on["sub_event_type"] == "Excessive force against protesters"
    dispersed = only("Police dispersed a rally in Khorog on Monday with tear gas.")
    assert dispersed["sub_event_type"] == "Protest with intervention"


def test_inmates_rioting_a_suicide_car_bomber_and_men_beheaded_are_typed_by_what_happened() -> None:
    assert only("Inmates rioted at a prison in Vahdat on Monday, killing three guards.")["event_type"] == "Riots"
    bomber = only("A suicide car bomber struck a police compound in Faizabad on Tuesday, killing six officers.")
    assert (bomber["sub_event_type"], bomber["fatalities_best"]) == ("Suicide bomb", 6)
    beheaded = only("Gunmen beheaded two men in Warduj district on Wednesday, local officials said.")
    assert (beheaded["event_type"], beheaded["fatalities_best"]) == ("Violence against civilians", 2)


def test_the_subject_of_an_active_attack_is_the_attacker_not_the_victim() -> None:
    event = only("Armed men crossed from Afghanistan and attacked a Tajik border post near Kokul on Tuesday.")
    assert event["event_type"] == "Battles"
    civilians = only("Gunmen attacked a wedding party in Khanabad on Tuesday, killing five civilians.")
    assert civilians["event_type"] == "Violence against civilians"


# -- a figure from the wrong clause ------------------------------------------------------------------------------

def test_a_clause_about_an_event_weeks_before_gives_no_figures_or_place() -> None:
    event = only("Two soldiers were killed in Khanabad on Monday, a week after 14 policemen died in a similar attack "
                 "in the same district.")
    assert event["fatalities_best"] == 2
    event = only("The Taliban attacked a post in Darqad on Monday, killing three soldiers, a month after they killed "
                 "20 police officers in neighbouring Yangi Qala.")
    assert (event["location"], event["fatalities_best"]) == ("Darqad", 3)


def test_an_event_before_a_semicolon_survives_a_tally_after_it() -> None:
    event = only("A border guard was killed near Panj on Sunday; last year 16 smugglers were killed in 30 clashes on "
                 "the border.")
    assert event["fatalities_best"] == 1


def test_arrests_carry_no_dead_and_an_object_list_shares_the_killing() -> None:
    (found,) = events("Police arrested 12 people suspected of smuggling in Farkhor on Monday.")
    assert (found["kind"], found["sub_event_type"], found["strength_best"]) == ("incident", "Arrests", 12)
    assert found.get("fatalities_best") is None
    assert roles("Militants killed a police commander and his three bodyguards in Rustaq.") == [
        ("killed", 1), ("killed", 3)]
    assert roles("They killed three soldiers and 40 militants were arrested.") == [("killed", 3), ("strength", 40)]


def test_the_first_case_of_a_clash_since_something_is_a_remark_on_the_clash_told() -> None:
    text = ("Tajik border guards and Taliban fighters exchanged fire near Panj on Friday night.\n\n"
            "Both sides used heavy weapons.\n\nNeither side has commented.\n\n"
            "It is the first case of skirmish in the area of Panj after the Taliban came to power in Afghanistan in "
            "August last year.")
    assert [e["date_start"] for e in events(text)] == [dt.date(2021, 7, 9)]


def test_patrols_stepped_up_and_weaponry_moved_are_postures() -> None:
    assert only("Tajikistan has stepped up patrols along its border with Afghanistan near Panj.")["kind"] == "posture"
    assert km_from(only("Uzbekistan moved heavy weaponry to the Termez area on Sunday."), "Termez") < 5


def test_taking_districts_in_a_second_clause_is_a_capture_of_each() -> None:
    found = events("In Takhar, the Taliban captured Yangi Qala on Friday, while in Badakhshan they took Khwahan and "
                   "Zebak on Saturday.")
    assert sorted(e["location"] for e in found) == ["Khwahan", "Yangi Qala", "Zebak"]


def test_a_posture_called_for_promised_or_envisaged_is_not_an_event() -> None:
    assert events("Officials called for strengthening border security along the Panj river.") == []
    assert events("Moscow has promised to help Dushanbe modernise its border troops.") == []
    assert [e["kind"] for e in events("The agreement signed on Monday envisages strengthening the border guard "
                                      "units in Gorno-Badakhshan.")] == ["context"]
    assert events("Experts say the Taliban cannot control militants gathering in Badakhshan.") == []
    assert only("Tajikistan has been taking measures to strengthen its border troops in Khatlon.")["kind"] == "posture"


def test_tolls_over_the_year_so_far_or_a_month_of_fighting_are_statistics() -> None:
    assert events("Since the beginning of the year, 47 security personnel have been killed in Takhar.") == []
    assert events("More than 100 civilians were killed in fighting in Kunduz province last month, the UN said.") == []
    assert only("Two soldiers were killed in clashes in Darqad last week.")["fatalities_best"] == 2


def test_one_toll_for_several_attacks_is_no_single_event() -> None:
    assert events("In late November, five Chinese nationals were killed in two separate attacks along the "
                  "Afghan-Tajik border.") == []


# -- more ways to write a toll --------------------------------------------------------------------------------

def test_killed_or_wounded_together_and_casualties_are_no_fatality_figure() -> None:
    assert roles("At least 11 security forces were killed or wounded in the clash.") == [("people", 11)]
    assert roles("The clash left 20 casualties among the militants.") == [("people", 20)]


def test_a_range_in_words_and_bare_counts_after_the_verbs_are_figures() -> None:
    assert [(f.role, f.low, f.best, f.high) for f in find_figures("Two to three soldiers were killed.")] == [
        ("killed", 2, 2, 3)]
    assert roles("The attack killed 3 and wounded 5.") == [("killed", 3), ("wounded", 5)]
    assert roles("Four killed, six injured in Kunduz blast") == [("killed", 4), ("wounded", 6)]
    assert find_figures("From 1992 to 1997 troops guarded the border.") == []


def test_a_statistic_adds_no_figures_to_the_event_told_before() -> None:
    text = ("A Tajik border guard was killed in a clash with smugglers near Panj on Monday. Last year border forces "
            "skirmished with smugglers at least 30 times, killing 16.")
    assert only(text)["fatalities_best"] == 1


def test_people_who_died_are_an_event_and_a_toll_after_a_semicolon_tells_the_incident_before() -> None:
    text = "Two soldiers died in Afghanistan on Monday. The clash took place in Khanabad district, police said."
    event = only(text)
    assert (event["location"], event["fatalities_best"]) == ("Khanabad", 2)
    event = only("A shootout broke out near Panj late on Monday; four people died.")
    assert (event["sub_event_type"], event["fatalities_best"]) == ("Armed clash", 4)
