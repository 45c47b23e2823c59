"""Failure classes of issue 11, sixth round: a lead that repeats an attack's toll in general words, a
participle naming the people of an event told before ("the abducted guards"), a fight with a mock enemy,
troops said to stand somewhere, "increasingly", a dated clause after a summary of years, a death
"after" aircraft struck, "the province of Kunduz", the
cities a plot targeted, two-part names written as one word, armed men sent somewhere, the Taliban in
power, forces airlifted, defence lines set up and security measures taken, and a border clash in an
article that names the other country only by its people, a toll set where the article opens, and
"several clashes this year", "several months ago", a range "at the border" for troops "located near" their
home, where "the accident took place", the Turkmen-Afghan border, and
members of an armed group among the dead, what came "after this incident", "the same area" as a valley, and
the day of the sentence before, a dateline's day standing alone, "since May 21, when ...",
years of fighting or an earlier attack kept apart from the day's attack, people who "suffered
injuries", and civilians named by their trade.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

import datetime as dt

from geo.extraction import ArticleMeta, extract_events, find_dates
from geo.extraction.report_day import find_event_dates
from geo.places import load_gazetteer
from tests.unit.extraction_helpers import META, events, km_from, only, roles


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


def test_a_battle_with_a_mock_enemy_is_exercise_play() -> None:
    found = events("Russian and Tajik troops began joint drills at the Lyaur range on Friday.\n\n"
                   "A motor rifle company clashed with the mock enemy's advance guard near Panj, officials said.")
    assert [e["kind"] for e in found] == ["posture"]
    # a real enemy near drills is still an incident
    assert "incident" in [e["kind"] for e in events(
        "Militants attacked a border post near Panj on Friday, killing two guards.")]


def test_troops_said_to_stand_somewhere_are_not_a_move_of_forces() -> None:
    assert events("About 3,000 Italian soldiers are stationed in Herat as part of 90,000 foreign troops "
                  "deployed from 40 nations.") == []
    # a count of troops sent on a day is a move
    assert only("About 3,000 soldiers were deployed to Herat on Friday.")["strength_best"] == 3000


def test_increasingly_is_not_a_reinforcement() -> None:
    assert events("The presence of foreign forces in Kunduz is becoming increasingly unpopular.") == []


def test_a_dated_clause_after_a_summary_is_an_event_of_its_own() -> None:
    event = only("Takhar has been the scene of unrest in recent years, and the Taliban killed 14 policemen "
                 "in Darqad district last month.")
    assert (event["fatalities_best"], event["date_start"].isoformat(), event["date_end"].isoformat()) == (
        14, "2021-06-01", "2021-06-30")
    # the summary alone is still no event
    assert events("Takhar has been the scene of unrest and killings in recent years.") == []


def test_killed_after_aircraft_struck_is_an_air_strike() -> None:
    event = only("A militant commander was killed on Friday after an air weapons team targeted his car near "
                 "Khanabad, the coalition said.")
    assert (event["sub_event_type"], event["fatalities_best"]) == ("Air/drone strike", 1)
    event = only("Three fighters were killed on Friday after warplanes bombed their hideout in Darqad district.")
    assert event["sub_event_type"] == "Air/drone strike"


def test_the_province_of_a_name_is_the_province_not_its_capital() -> None:
    event = only("Nine insurgents were killed in fighting with police in the northern Afghan province of Kunduz "
                 "on Friday.")
    assert (event["location"], event["geo_precision"]) == ("Kunduz Province", 3)
    # the city itself is still the city
    assert only("Nine insurgents were killed in fighting with police in Kunduz city on Friday.")["geo_precision"] == 1


def test_the_places_a_plot_targeted_are_not_where_the_arrest_was() -> None:
    found = events("Police arrested two men on Friday on suspicion of planning attacks in Dushanbe and Kulob.")
    assert not any(e["location"] in ("Dushanbe", "Kulob") for e in found)
    event = only("Police arrested two men in Kulob on Friday on suspicion of planning attacks in Dushanbe.")
    assert (event["location"], event["sub_event_type"]) == ("Kulob", "Arrests")


def test_a_two_part_name_written_as_one_word_is_found() -> None:
    # Russian-style spellings of Shahr-e Buzurg and Dasht-e Qala
    assert km_from(only("Militants attacked a police post in Shakhribuzurg district on Friday, killing two."),
                   "Shahr-e Buzurg") < 5
    assert km_from(only("Two policemen were killed in an ambush near Dashtikala on Friday."), "Dasht-e Qala") < 5
    # the joining vowel is only added where the name has one: "Imamisahib" is no spelling of Imam Sahib
    assert load_gazetteer().lookup("Imamisahib") is None


def test_armed_men_sent_somewhere_by_a_militant_group_are_a_concentration() -> None:
    event = only("The Taliban sent 130 fighters to Shahr-e Buzurg district on Friday.")
    assert (event["kind"], event["strength_best"]) == ("concentration", 130)


def test_the_taliban_in_power_move_forces_as_a_state() -> None:
    later = ArticleMeta(published=dt.date(2021, 10, 20), publisher="Test Wire")
    sent = extract_events("The Taliban sent 130 fighters to Shahr-e Buzurg district on Tuesday.", later).candidates
    assert [(c.event["kind"], c.event["strength_best"]) for c in sent] == [("posture", 130)]
    # a capture told with its day before the fall of Kabul is still an insurgent's
    taken = extract_events("The Taliban captured Taloqan on August 8, 2021, officials said.", later).candidates
    assert [c.event["sub_event_type"] for c in taken] == ["Non-state actor overtakes territory"]


def test_forces_airlifted_a_defence_line_set_up_and_security_measures_taken_are_postures() -> None:
    for sentence in ("Units of the rapid reaction force have been airlifted to Khorog, officials said on Friday.",
                     "A second line of defence of army units has been set up near Panj, officials said on Friday.",
                     "Unprecedented security measures were taken in Kulob on Friday after the attack."):
        event = only(sentence)
        assert event["kind"] == "posture", sentence
    # "taken" alone moves no forces
    assert events("The Taliban have taken control of the road, officials said on Friday.") == []


def test_a_border_clash_in_an_article_naming_one_country_and_the_others_people_is_on_their_border() -> None:
    event = only("Tajikistan says five Afghan smugglers have been killed in a clash with border troops.")
    assert event["location"] == "Afghan–Tajik border"
    # told in the present perfect: news of the last days, not of the whole year
    assert (META.published - event["date_start"]).days <= 2


def test_a_clash_with_no_place_and_no_border_is_not_placed_on_a_border() -> None:
    assert events("Five Afghan smugglers were killed in a clash with police, Tajikistan says.") == []


def test_a_dated_toll_with_no_place_of_its_own_is_set_where_the_article_opens() -> None:
    event = only("The organisers of an escape from a prison in Kulob have been named, officials said.\n\n"
                 "Acting together, the inmates killed two guards on Thursday night.\n\n"
                 "Two of the inmates came from Khatlon and one from Dagestan in Russia.")
    assert (event["location"], event["fatalities_best"]) == ("Kulob", 2)


def test_several_clashes_this_year_are_a_tally() -> None:
    assert events("This year has seen several clashes between guards and smugglers near Panj. Three smugglers "
                  "have been killed.") == []
    # one clash on a day that year is an event
    assert len(events("On Friday guards clashed with smugglers near Panj, killing three.")) == 1


def test_several_months_ago_is_some_time_in_the_past_year() -> None:
    [mention] = find_dates("Several months ago, officials secured the release of two hostages.", META.published)
    assert (mention.date_start.isoformat(), mention.date_end.isoformat(), mention.precision) == (
        "2020-07-10", "2021-07-10", 3)
    # a counted number of months is still one month
    [mention] = find_dates("Two months ago, officials secured the release of two hostages.", META.published)
    assert (mention.date_start.isoformat(), mention.date_end.isoformat()) == ("2021-05-01", "2021-05-31")


def test_a_range_at_the_border_is_the_place_not_the_units_home_or_the_border() -> None:
    event = only("Russian troops, located near Dushanbe, began marching to the Harbmaidon range at the "
                 "Tajik-Afghan border for drills on Tuesday, a spokesman said.")
    assert (event["kind"], km_from(event, "Harbmaidon")) == ("posture", 0.0)


def test_where_the_accident_took_place_places_the_event_told_before() -> None:
    found = events("Three tourists were killed and two injured in southern Tajikistan on Friday after being hit by "
                   "a truck, police said.\n\n"
                   "The driver was detained later that day.\n\n"
                   "The accident took place in the district of Danghara, south of the capital.")
    assert len(found) == 1 and km_from(found[0], "Danghara") < 5


def test_the_turkmen_afghan_border_is_a_place_of_its_own() -> None:
    event = only("Turkmenistan sent 3,000 soldiers and armour to the Turkmen-Afghan border on Friday.")
    assert (event["kind"], event["location"], event["strength_best"]) == ("posture", "Afghan–Turkmen border", 3000)


def test_members_of_an_armed_group_killed_are_added_to_the_forces_dead() -> None:
    event = only("Gunmen attacked a border post near Panj on Friday. A guard and a policeman were killed in the "
                 "attack. Eleven members of the armed group were killed during the operation that followed, "
                 "officials said.")
    assert event["fatalities_best"] == 13
    # members of the security forces fight for the forces
    assert roles("Two members of the security forces were killed.") == [("killed", 2)]


def test_what_came_after_this_incident_does_not_move_the_incident() -> None:
    found = events("Gunmen attacked a border post in Khatlon province on Friday, killing two guards.\n\n"
                   "The governor visited the wounded. Local people brought food.\n\n"
                   "The border post was rebuilt by Sunday.\n\n"
                   "After this incident, unprecedented security measures were taken in Kulob.")
    assert [(e["kind"], e["location"]) for e in found] == [("incident", "Khatlon"), ("posture", "Kulob")]
    # what followed dates from the incident's day to the report, not from the whole year before
    assert (found[1]["date_start"].isoformat(), found[1]["date_end"].isoformat()) == ("2021-07-09", "2021-07-10")


def test_the_same_area_may_be_a_valley_named_before() -> None:
    found = events("Nine soldiers were killed in an ambush in the Rasht valley on Friday, officials said.\n\n"
                   "Meanwhile, three more soldiers were killed in a landmine blast in the same area.")
    assert len(found) == 2 and all(km_from(e, "Rasht valley") < 5 for e in found)


def test_an_event_that_takes_the_day_of_the_sentence_before_may_be_a_day_later() -> None:
    found = events("Militants attacked a border post near Panj on Thursday, killing a guard. A landmine blast wounded "
                   "two soldiers near Farkhor.")
    blast = next(e for e in found if e["sub_event_type"] == "Remote explosive/landmine/IED")
    assert (blast["date_start"].isoformat(), blast["date_end"].isoformat()) == ("2021-07-08", "2021-07-09")
    # the event dated by its own sentence keeps its day
    attack = next(e for e in found if e["sub_event_type"] != "Remote explosive/landmine/IED")
    assert attack["date_start"] == attack["date_end"]


def test_a_date_standing_alone_as_a_sentence_is_a_datelines_day() -> None:
    [day] = find_event_dates("22 December.", dt.date(2014, 12, 22))
    assert (day.kind, day.date_start.isoformat()) == ("reported", "2014-12-22")
    # a date inside a sentence stays the event's own
    [day] = find_event_dates("Militants attacked a post on 22 December.", dt.date(2014, 12, 22))
    assert day.kind == "explicit"


def test_since_a_day_when_something_happened_dates_that_event_to_the_day() -> None:
    found = events("At least one person was killed when a crowd attacked a police building in Khorog overnight, "
                   "officials said.\n\n"
                   "The protesters have been on the central square of Khorog since July 5, when a shootout between "
                   "traffickers and police left two people dead and one wounded.")
    shootout = [e for e in found if e["date_start"].isoformat() == "2021-07-05" and e["kind"] == "incident"
                and e["sub_event_type"] == "Armed clash"]
    assert len(shootout) == 1 and shootout[0]["date_end"].isoformat() == "2021-07-05"
    assert shootout[0]["fatalities_best"] == 2


def test_fighting_over_years_and_an_earlier_attack_do_not_join_todays_attack() -> None:
    text = ("Resistance fighters attacked a police post in Warsaj district, killing two policemen, a spokesman "
            "said.\n\n"
            "The front is one of two armed groups fighting the Taliban in the past two years.\n\n"
            "Earlier, the front said its fighters had attacked Taliban forces in the Pol valley.")
    [attack] = extract_events(text, META).candidates
    assert (attack.event["date_start"].isoformat(), attack.event["date_end"].isoformat()) == (
        "2020-07-10", "2021-07-10")  # undated: the year before publication, not the group's two years
    assert len([e for e in attack.evidence if e["field"] == "event"]) == 1  # nor the earlier attack


def test_people_who_suffered_injuries_are_wounded() -> None:
    assert roles("Six people were killed and another 14 suffered injuries in the blast.") == [
        ("killed", 6), ("wounded", 14)]
    assert roles("Two soldiers were killed and three received wounds.") == [("killed", 2), ("wounded", 3)]


def test_civilians_named_by_their_trade_are_victims_of_an_attack() -> None:
    for sentence, count in (("Three hikers were killed in an attack near Khorog on Friday.", 3),
                            ("Militants killed four herders near Panj on Friday.", 4),
                            ("Gunmen shot dead two traders in Kulob on Friday.", 2)):
        event = only(sentence)
        assert (event["sub_event_type"], event["fatalities_best"]) == ("Attack", count), sentence
