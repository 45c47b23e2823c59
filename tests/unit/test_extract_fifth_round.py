"""Failure classes of issue 11, fifth round: the one who tells a toll is not in it, tallies counted from a
year, habits "in the past", people crossing into a named place, fighting that people flee from, armed men
arriving in an area, and one move of forces told with two verbs.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

from geo.extraction import find_dates
from tests.unit.extraction_helpers import META, events, km_from, only, roles


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


def test_a_group_named_by_its_unit_before_the_verb_is_counted() -> None:
    assert roles("Three officers of the Ishkashim border detachment died on Friday.") == [("killed", 3)]
    assert roles("Two soldiers of the 201st base were killed.") == [("killed", 2)]


def test_a_group_also_killed_past_an_aside_adds_to_the_toll() -> None:
    event = only("An air strike killed nine Taliban fighters in Imam Sahib district on Friday. Villagers said "
                 "five civilians, among them a child, were also killed in the strike.")
    assert event["fatalities_best"] == 14


def test_dead_and_wounded_of_one_clause_with_fire_from_across_the_river_are_one_event() -> None:
    event = only("Three guards of the Panj border detachment died and another was wounded on Friday when their "
                 "post came under fire from the Afghan side of the Panj River.")
    assert (event["fatalities_best"], event["wounded"]) == (3, 1)
    assert km_from(event, "Panj") < 30


def test_a_toll_shared_out_among_the_places_of_one_sentence() -> None:
    found = events("Militant attacks on police posts in Takhar's Chah Ab, Rustaq and Yangi Qala districts killed 9 "
                   "policemen on Friday. Two of the dead were in Chah Ab, three in Rustaq and four in Yangi Qala.")
    by_place = {e["location"]: e["fatalities_best"] for e in found}
    assert by_place == {"Chah Ab": 2, "Rustaq": 3, "Yangi Qala": 4}, by_place
    # a share of the dead with no places to share among is not a new toll
    event = only("Ten policemen were killed in Rustaq on Friday. Four of the dead were officers.")
    assert event["fatalities_best"] == 10


def test_a_district_placed_only_roughly_is_a_sibling_in_a_list_not_its_container() -> None:
    found = events("Militants overran police posts in the Kalafgan, Namak Ab and Yangi Qala districts on Friday.")
    assert [e["location"] for e in found] == ["Kalafgan", "Namak Ab", "Yangi Qala"]


def test_dates_written_day_dot_month_and_two_days_across_a_month_end() -> None:
    def spans(text: str) -> list[tuple[str, str]]:
        return [(d.date_start.isoformat(), d.date_end.isoformat()) for d in find_dates(text, META.published)]

    assert spans("The shooting happened on 08.07.2021 near the post.") == [("2021-07-08", "2021-07-08")]
    assert spans("on 31.02.2020") == []  # no such day
    assert spans("Clashes went on from June 30 to July 2.") == [("2021-06-30", "2021-07-02")]
    assert spans("on 31 December and 1 January") == [("2020-12-31", "2021-01-01")]


def test_a_name_joined_to_its_obod_ending_by_a_hyphen_is_found() -> None:
    event = only("Two guards were killed in a clash in Shuro-obod district on Friday.")
    assert km_from(event, "Shuroobod") < 30


def test_a_ranked_person_killed_along_with_his_men_counts_them_all() -> None:
    assert roles("Troops killed Colonel Rahimov along with seven of his men on Friday.") == [
        ("killed", 1), ("killed", 7)]
    assert roles("A bomb killed the Kunduz police chief General Karimi.") == [("killed", 1)]
    assert roles("General Karimi said seven of his men were ready.") == [("people", 7)]


def test_a_dated_toll_no_sentence_places_lies_in_the_one_country_of_the_article() -> None:
    found = events("Gunmen attacked a police post in Vahdat, Tajikistan, on Monday, killing four officers. On "
                   "Thursday, security forces killed Commander Saidov along with six of his fighters.")
    last = found[-1]
    assert (last["location"], last["geo_precision"], last["fatalities_best"]) == ("Tajikistan", 3, 7)
    # an article about two countries gives no such fallback
    found = events("Officials flew from Dushanbe to Kunduz for talks on Monday. On Thursday, security forces killed "
                   "Commander Saidov along with six of his fighters.")
    assert all(e.get("fatalities_best") != 7 for e in found)


def test_a_name_both_countries_have_lies_in_the_country_of_the_article() -> None:
    found = events("Fighting raged in Jurm and Baharak on Thursday. The Taliban took control of the Ishkashim "
                   "district on Friday.")
    assert found[-1]["country"] == "Afghanistan" and found[-1]["location"].startswith("Ishkashim")
    found = events("Tajik guards in Khorog and Vanj were put on alert. Gunmen attacked a post in Ishkashim on Friday.")
    assert found[-1]["country"] == "Tajikistan"
    # "the Tajik border in Badakhshan": the border's country is not the province's
    event = only("Some 3,000 Taliban fighters are massing near the Tajik border in Badakhshan, officials said Friday.")
    assert (event["location"], event["country"]) == ("Badakhshan", "Afghanistan")


def test_a_new_day_and_a_new_place_make_a_new_event_even_after_the_taliban() -> None:
    found = events("Clashes broke out in Jurm on Thursday. The Taliban took control of the Kishim district on Friday.")
    assert [e["sub_event_type"] for e in found] == ["Armed clash", "Non-state actor overtakes territory"]


def test_protesters_who_fight_make_a_violent_demonstration_with_its_dead() -> None:
    event = only("Protesters clashed with Taliban forces in Jurm district on Friday, leaving two dead.")
    assert (event["event_type"], event["sub_event_type"], event["fatalities_best"]) == (
        "Riots", "Violent demonstration", 2)


def test_a_lead_summing_up_two_separate_attacks_is_not_a_third_event() -> None:
    found = events("Three policemen were killed as a result of two separate attacks in Takhar province. Gunmen killed "
                   "a police officer in Rustaq on Friday. On Saturday, a roadside bomb killed two policemen in "
                   "Chah Ab district.")
    assert sorted(e["location"] for e in found) == ["Chah Ab", "Rustaq"]


def test_an_official_named_by_office_and_a_total_including_him_are_counted() -> None:
    assert roles("The police chief of Kunduz was killed on Friday.") == [("killed", 1)]
    assert roles('"Two people, including Ahmad Karimi, the governor of Balkh, have been killed," he said.') == [
        ("killed", 2)]


def test_a_suicide_attack_told_later_as_the_explosion_is_one_event_with_the_whole_toll() -> None:
    event = only("The governor of Balkh province was killed in a suicide attack on Friday. Two people, including "
                 "the governor, were killed in the explosion at his office in Mazar-i-Sharif, police said.")
    assert (event["sub_event_type"], event["fatalities_best"], event["location"]) == (
        "Suicide bomb", 2, "Mazar-i-Sharif")


def test_the_takeover_of_a_whole_country_is_history_not_a_mappable_event() -> None:
    assert events("The Taliban seized control of Afghanistan in August 2021.") == []
    # a country-wide attack with its dead is still kept
    assert len(events("Rockets fired from Afghanistan killed two people in Tajikistan on Friday.")) == 1


def test_a_state_force_that_simply_is_stationed_somewhere_is_no_move() -> None:
    assert events("Currently, the Russian military base is stationed in Dushanbe.") == []
    assert len(events("Russia stationed 500 more troops in Dushanbe on Friday.")) == 1
    # militants "deployed" somewhere are still a concentration
    assert [e["kind"] for e in events("At the moment, 200 militants are deployed near Khwahan.")] == ["concentration"]


def test_a_possible_deployment_and_talks_about_the_border_are_not_events() -> None:
    assert events("Tajikistan began talks with Russia on the possibility of deploying Russian troops to patrol the "
                  "border with Afghanistan.") == []
    # talks held at a place are a meeting
    assert [e["kind"] for e in events("Tajik and Afghan officials held talks in Khorog on Friday.")] == ["context"]


def test_forces_that_wrest_back_a_district_regain_territory() -> None:
    event = only("Afghan forces wrested back control of Zebak district on Friday.")
    assert event["sub_event_type"] == "Government regains territory"


def test_one_of_two_killed_is_two_not_three() -> None:
    event = only("A Taliban commander was killed in Aliabad on Friday. He was one of two insurgents killed in the "
                 "strike.")
    assert event["fatalities_best"] == 2


def test_the_government_sending_reinforcements_is_a_posture_even_after_militants_are_named() -> None:
    found = events("Clashes went on between police and Taliban militants, and the government was sending "
                   "reinforcements to Kishim district on Friday.")
    assert "posture" in [e["kind"] for e in found]


def test_militants_captured_by_police_are_an_arrest_soldiers_captured_are_not_territory() -> None:
    event = only("Some 40 suspected Taliban have been captured in Darqad district, police said on Friday.")
    assert (event["kind"], event["sub_event_type"], event["strength_best"]) == ("incident", "Arrests", 40)
    assert all(e["sub_event_type"] != "Non-state actor overtakes territory"
               for e in events("Taliban captured eight soldiers in Darqad district on Friday."))


def test_a_besieged_base_and_a_stronghold_are_concentrations_and_a_stronghold_since_a_year_lasts() -> None:
    event = only("The army base in Ghormach district had been surrounded by Taliban fighters for months.")
    assert event["kind"] == "concentration"
    event = only("Kishim district has been a Taliban stronghold since 2019.")
    assert (event["kind"], str(event["date_start"]), str(event["date_end"])) == (
        "concentration", "2019-01-01", "2021-07-10")
    assert events("Police surrounded a house in Kulob on Friday.") == []


def test_a_dateline_place_with_a_colon_is_where_the_report_was_filed() -> None:
    event = only("Kabul: Afghan forces killed 16 militants in Imam Sahib district on Friday, police said.")
    assert event["location"] == "Imam Sahib"


def test_the_dead_and_wounded_of_an_operation_retaking_villages_are_one_event() -> None:
    event = only("Afghan forces killed 16 militants and injured 19 others while recapturing villages in Imam Sahib "
                 "district on Friday.")
    assert (event["sub_event_type"], event["fatalities_best"], event["wounded"]) == (
        "Government regains territory", 16, 19)


def test_an_operation_that_will_begin_is_still_to_come() -> None:
    assert events("A retaking operation will begin soon in Kishim district, the ministry said on Friday.") == []
    assert len(events("The attack, which will be investigated, killed five guards in Panj on Friday.")) == 1


def test_a_year_before_the_taliban_is_a_year_not_two_thousand_taliban() -> None:
    assert roles("In 2016 the Taliban seized a district centre in Takhar province.") == []


def test_a_name_two_provinces_have_lies_in_the_province_the_article_names() -> None:
    found = events("Fighting was reported in Taloqan and Rustaq in Takhar on Thursday. Militants fired rockets at "
                   "the Baharak district building on Friday, killing four.")
    assert found[-1]["admin1"] == "Takhar"


def test_what_an_exercise_plays_out_is_no_fight_and_its_place_is_the_range() -> None:
    found = events("Units of Russia's 201st military base started drills at the Lyaur range in Tajikistan on "
                   "Friday. During the drills, tank crews will practise ambushes against a notional enemy.")
    assert [(e["kind"], e["location"]) for e in found] == [("posture", "Lyaur training ground")]


def test_a_base_stationed_somewhere_with_no_date_is_a_standing_fact() -> None:
    assert events("The 201st military base stationed in Tajikistan is Russia's largest facility abroad.") == []


def test_a_day_just_after_publication_is_to_come_not_last_year() -> None:
    assert find_dates("The drills will end on July 14.", META.published) == []
    (date,) = find_dates("The attack on April 18 was the worst.", META.published)
    assert date.date_start.isoformat() == "2021-04-18"
    (date,) = find_dates("The attack on September 18 was the worst.", META.published)
    assert date.date_start.isoformat() == "2020-09-18"


def test_the_afghan_side_in_a_report_on_the_uzbek_border_is_that_border() -> None:
    event = only("Uzbekistan said on Friday that 84 Afghan soldiers had crossed the border from the Afghan side.")
    assert event["location"] == "Afghan–Uzbek border"
    # a city called a stronghold is no concentration; a Taliban stronghold is
    assert [e["kind"] for e in events("The Taliban seized the northern stronghold Mazar-i-Sharif on Friday.")] == [
        "incident"]


def test_a_name_whose_final_vowel_the_russian_form_drops_is_found() -> None:
    event = only("Gunmen attacked a checkpoint near the Tavildar regional centre on Friday, killing three.")
    assert km_from(event, "Tavildara") < 20


def test_a_place_given_as_so_many_km_from_another_is_a_reference_not_the_place() -> None:
    event = only("Militants killed 23 soldiers in an ambush near the border with Afghanistan on Friday. The ambush "
                 "occurred in the Rasht valley, 50 km from Tajikistan's border with Afghanistan.")
    assert event["location"] == "Rasht valley"


def test_an_event_in_a_village_the_gazetteer_lacks_lies_at_the_place_named_before() -> None:
    found = events("Gunmen attacked a checkpoint near Tavildara on Wednesday, killing three. On Saturday night "
                   "officers were attacked in the village of Akhba. As a result, Karimov was killed.")
    last = found[-1]
    assert km_from(last, "Tavildara") < 20 and last["fatalities_best"] == 1
    assert roles("Mirzo Karimov was killed by his own men.") == [("killed", 1)]


def test_gunmen_from_a_country_come_from_it_and_kidnapped_two_and_wounded_another_is_one_wounded() -> None:
    event = only("Gunmen from Afghanistan kidnapped two Tajik road workers and wounded another one on Friday in the "
                 "Shuro-obod district.")
    assert km_from(event, "Shuroobod") < 30 and event["wounded"] == 1
    assert roles("They killed two soldiers and wounded another.") == [("killed", 2), ("wounded", 1)]


def test_a_large_number_of_militants_concentrated_is_a_concentration_and_the_same_area_is_the_last_place() -> None:
    event = only("A large number of militants have concentrated near Khwahan, officials said on Friday.")
    assert event["kind"] == "concentration"
    found = events("Four soldiers were killed in Darvoz on Thursday. Meanwhile, another six soldiers were killed in "
                   "a landmine explosion in the same area.")
    assert all(km_from(e, "Darvoz") < 30 for e in found) and len(found) == 2
