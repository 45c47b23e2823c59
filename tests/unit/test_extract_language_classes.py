"""More classes of news language the extractor must read, one test each (issue 11, second round).

Every sentence here was written for this test (none is taken from an article).
"""

from __future__ import annotations

import datetime as dt

from geo.extraction import ArticleMeta, extract_events
from geo.places import load_gazetteer
from tests.unit.extraction_helpers import events, km_from, only, roles

# -- figures ------------------------------------------------------------------------------------------

def test_an_aside_between_a_group_and_its_verb_does_not_hide_the_verb() -> None:
    assert roles("Twelve villagers, including five women and three boys, were killed by the blast.") == [
        ("killed", 12), ("part", 5), ("part", 3)]
    assert roles("Seven guards (two of them officers) were wounded.")[0] == ("wounded", 7)


def test_martyred_and_lost_count_the_dead() -> None:
    assert roles("A district police chief was martyred by insurgents.") == [("killed", 1)]
    assert roles("The attack caused the martyring of 6 policemen and injuring of two others.") == [
        ("killed", 6), ("wounded", 2)]
    assert roles("The patrol shot a gunman and lost a sergeant.")[-1:] == [("killed", 1)]


def test_two_triggers_of_one_sentence_at_one_place_are_one_event_with_its_figures() -> None:
    event = only("Gunmen attacked a police post in Vahdat on Tuesday, killing four officers.")
    assert event["fatalities_best"] == 4


# -- territory changing hands ---------------------------------------------------------------------------

def test_a_district_collapsing_to_the_taliban_is_a_capture_of_territory() -> None:
    event = only("Darqad district collapsed to the Taliban on Wednesday after a week of fighting.")
    assert event["sub_event_type"] == "Non-state actor overtakes territory"


def test_a_district_cleared_of_insurgents_is_regained_territory() -> None:
    event = only("Government troops cleared Chah Ab district of Taliban insurgents on Monday.")
    assert event["sub_event_type"] == "Government regains territory"
    assert events("The court cleared the Chah Ab governor of all charges on Monday.") == []


def test_an_attempt_to_overrun_a_post_is_not_a_capture() -> None:
    found = events("Dozens of insurgents tried to overrun the police headquarters in Yangi Qala on Monday.")
    assert all(e["sub_event_type"] != "Non-state actor overtakes territory" for e in found)


# -- explosions ------------------------------------------------------------------------------------------

def test_a_vehicle_hitting_a_roadside_mine_is_an_explosion() -> None:
    event = only("An army truck hit a roadside mine in Kalafgan district on Friday, killing three soldiers.")
    assert event["sub_event_type"] == "Remote explosive/landmine/IED" and event["fatalities_best"] == 3


# -- where and when -------------------------------------------------------------------------------------

def test_a_town_in_a_dateline_with_an_agency_is_where_the_report_was_filed() -> None:
    event = only("Kulob (Test Agency) Two smugglers were killed in a shootout in Farkhor district on Friday.")
    assert event["location"] == "Farkhor"


def test_a_photo_caption_does_not_date_the_event() -> None:
    text = ("FILE: Border guards on patrol near Panj on March 3.\n\n"
            "A border guard was killed in a shootout near Panj on Thursday.")
    assert only(text)["date_start"] == dt.date(2021, 7, 8)


def test_the_day_something_was_told_does_not_narrow_the_events_own_date() -> None:
    text = ("A border guard was killed near Panj. A spokesman told reporters today that the shootout took "
            "place on the night of July 8-9.")
    event = only(text)
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 8), dt.date(2021, 7, 9))


def test_badakhshan_districts_on_the_panj_are_located_not_placed_at_the_province() -> None:
    event = only("Taliban fighters and Tajik border guards exchanged fire in Shahr-e Buzurg district on Sunday.")
    assert event["geo_precision"] == 2 and km_from(event, "Shamsiddin Shohin") < 60
    tagab = only("Gunmen killed a police commander in Tagab district of Badakhshan on Monday.")
    assert tagab["geo_precision"] == 2 and km_from(tagab, "Kishim") < 40


# -- references back to what the article named before ------------------------------------------------

def test_the_district_means_the_district_named_last_and_a_distance_from_a_town_is_no_place() -> None:
    text = ("Government forces lost control of Yangi Qala district on Monday, officials said. "
            "Insurgents captured the district, which lies 40 km north of Taloqan, after a night of fighting.")
    found = events(text)
    assert found and all(e["location"] == "Yangi Qala" for e in found), [e["location"] for e in found]


def test_a_killing_during_the_operation_belongs_to_the_operation() -> None:
    text = ("Army units recaptured Chah Ab district from the Taliban on Friday, officials said. "
            "The governor thanked the elders. A police spokesman praised the units. "
            "Eighteen militants were killed and seven others wounded during the clearing operation, which "
            "began on Wednesday night.")
    event = only(text)
    assert event["sub_event_type"] == "Government regains territory"
    assert (event["fatalities_best"], event["wounded"]) == (18, 7)


def test_another_attack_is_a_new_event_and_an_also_killed_group_is_added() -> None:
    text = ("Militants attacked a police post in Chahar Dara on Monday, killing two policemen. "
            "Four attackers were also killed. "
            "Another attack in Khanabad on Monday killed three civilians.")
    found = sorted(events(text), key=lambda e: e["location"])
    assert [(e["location"], e["fatalities_best"]) for e in found] == [("Chahar Dara", 6), ("Khanabad", 3)]


def test_a_total_for_two_places_gives_way_to_each_places_own_count() -> None:
    text = ("Nine policemen were killed in attacks on posts in Chahar Dara and Khanabad on Monday. "
            "In Chahar Dara, four policemen were killed when militants attacked a checkpoint.")
    by_place = {e["location"]: e["fatalities_best"] for e in events(text)}
    assert by_place["Chahar Dara"] == 4


def test_a_district_followed_by_its_province_is_one_place_not_two_events() -> None:
    found = events("Gunmen attacked the headquarters of Tagab district, Badakhshan province, on Monday.")
    assert [e["location"] for e in found] == ["Tagab District (Badakhshan)"]


# -- what is not an event ------------------------------------------------------------------------------

def test_bombs_found_or_defused_and_a_clearance_still_to_come_are_not_events() -> None:
    assert events("Sappers found and defused three roadside bombs near Khanabad on Monday.") == []
    assert events("Operations will continue in Darqad district until the area is cleared of the militants.") == []


def test_a_rocket_striking_a_home_is_shelling() -> None:
    event = only("A rocket fired by militants struck a home in Khanabad on Monday, killing a woman.")
    assert event["sub_event_type"] == "Shelling/artillery/missile attack" and event["fatalities_best"] == 1


# -- the place and day given in the next sentence ----------------------------------------------------------

def test_a_dated_clash_with_no_place_takes_the_place_named_in_the_next_sentence() -> None:
    text = ("A two-hour clash between militants and border guards took place on Thursday night. "
            "The shooting was reported in the area of the Kokul crossing.")
    assert km_from(only(text), "Kokul crossing") < 5


def test_a_post_and_a_day_given_in_the_next_paragraph_place_and_date_a_lead_on_a_country() -> None:
    text = ("Two smugglers were killed while trying to carry drugs into Tajikistan, officials said.\n\n"
            "Guards met the group in the area patrolled by the Sayod frontier post on Wednesday, a spokesman "
            "said.")
    event = only(text)
    assert km_from(event, "Sayod frontier post") < 5 and event["date_start"] == dt.date(2021, 7, 7)


def test_the_night_from_one_weekday_to_the_next_covers_both_days() -> None:
    event = only("Militants attacked a border post near Panj in the night from Tuesday to Wednesday.")
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 6), dt.date(2021, 7, 7))


# -- more figures and what is not one event -------------------------------------------------------------------

def test_a_hundred_and_other_wounded_are_counts() -> None:
    assert roles("The blast left 30 dead and more than a hundred injured.") == [("killed", 30), ("wounded", 101)]
    assert roles("Four guards were killed and five other wounded.") == [("killed", 4), ("wounded", 5)]


def test_a_countrywide_toll_for_months_is_a_statistic_not_an_event() -> None:
    assert events("Over 1,200 civilians were killed in attacks in Afghanistan in the first six months of "
                  "this year, a report said.") == []


def test_killed_after_a_bomb_struck_is_that_explosion_and_a_district_detail_joins_the_provincial_lead() -> None:
    text = ("Seven civilians were killed after a roadside bomb struck their minibus in Kunduz province on "
            "Thursday. The minibus was travelling through Khanabad district when the bomb went off on Thursday.")
    event = only(text)
    assert event["sub_event_type"] == "Remote explosive/landmine/IED" and event["fatalities_best"] == 7
    assert event["location"] == "Khanabad"


def test_a_denied_air_strike_is_not_an_event() -> None:
    assert events("The ministry denied reports that its jets carried out airstrikes near Khanabad on Monday.") == []


# -- dates: the year before, the event's own day, how long it lasted ------------------------------------------

def test_an_undated_event_covers_the_year_back_to_the_same_calendar_day() -> None:
    leap = ArticleMeta(published=dt.date(2016, 8, 20), publisher="Test Wire")
    event = extract_events("Two soldiers were killed in a clash in Darqad district.", leap).candidates[0].event
    assert (event["date_start"], event["date_end"]) == (dt.date(2015, 8, 20), dt.date(2016, 8, 20))


def test_a_sentence_without_a_date_does_not_narrow_the_night_given_before() -> None:
    text = ("A spokesman told reporters today that a border guard was killed near Panj on the night of July 7-8. "
            "The guard was shot twice and killed, the spokesman said.")
    event = only(text)
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 7), dt.date(2021, 7, 8))


def test_how_long_an_event_lasted_widens_the_day_it_ended() -> None:
    event = only("After two days of heavy fighting, the Taliban overran Warsaj district on Friday.")
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 8), dt.date(2021, 7, 9))
    drill = only("A military exercise held over four days near the Tajik-Afghan border ended on Friday.")
    assert (drill["date_start"], drill["date_end"]) == (dt.date(2021, 7, 6), dt.date(2021, 7, 9))


# -- figures: a lone casualty without an article, the other side's dead -----------------------------------------

def test_a_lone_casualty_without_an_article_at_the_head_of_a_report_counts_one() -> None:
    assert roles("KULOB, July 9 (Test Wire) -- Tajik border guard has been killed near Panj.")[-1] == ("killed", 1)
    assert roles("The border guard has been killed.") == []


def test_the_other_sides_dead_of_one_incident_are_added() -> None:
    text = ("Gunmen attacked a police post in Vahdat on Monday, killing five policemen. "
            "During the attack, seven of the gunmen were killed.")
    assert only(text)["fatalities_best"] == 12


# -- militants massed, rockets fired, habits, spellings -----------------------------------------------------

def test_fighters_scattered_along_the_border_are_a_concentration_with_their_strength() -> None:
    event = only("Officials warned this week that some 3,000 Taliban fighters are scattered along the "
                 "Tajik-Afghan border.")
    assert (event["kind"], event["strength_best"]) == ("concentration", 3000)


def test_what_insurgents_usually_do_is_not_an_event() -> None:
    assert events("Militants in Warduj district usually take ground by launching night attacks.") == []


def test_rockets_fired_with_a_count_are_shelling() -> None:
    event = only("The group said it fired six rockets from Khwaja Ghar district towards Tajikistan on Friday.")
    assert event["sub_event_type"] == "Shelling/artillery/missile attack"


def test_khaw_before_a_vowel_is_the_persian_khw() -> None:
    assert load_gazetteer().lookup("Khawaja Ghar") == load_gazetteer().lookup("Khwaja Ghar")


# -- hostages, and a frontier unit's stretch of the border --------------------------------------------------------

def test_holding_someone_hostage_is_an_abduction_but_freeing_captives_is_not() -> None:
    event = only("Armed men took a farmer from his field near Farkhor on Tuesday and are holding him hostage.")
    assert event["sub_event_type"] == "Abduction/forced disappearance"
    assert events("Police freed three shepherds from captivity near Farkhor in May.") == []


def test_militants_roaming_the_border_area_are_a_concentration() -> None:
    event = only("Officials said this year that 2,000 militants are roaming the border area near Khorog.")
    assert event["kind"] == "concentration"


def test_a_frontier_units_section_of_the_border_is_where_the_unit_is() -> None:
    text = ("A smuggler was killed on the Tajik-Afghan border on Monday, the border service said. "
            "The shootout happened in the Moscow frontier detachment's section of the border.")
    assert km_from(only(text), "Hamadoni") < 30


# -- background in an aside, ranges of days, ongoing fighting, the fall of a district ------------------------------

def test_a_takeover_recalled_in_an_aside_years_before_is_background() -> None:
    text = ("A border guard was killed near Panj on Thursday. Tajikistan calls the Taliban, who seized power "
            "in Kabul in 2017, a terrorist group.")
    assert [e["sub_event_type"] for e in events(text)] == ["Armed clash"]


def test_an_attack_that_began_one_day_and_went_on_until_the_next_covers_both() -> None:
    event = only("Militants attacked a police post in Khanabad late on Wednesday and fought until dawn on Thursday.")
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 7), dt.date(2021, 7, 8))


def test_fighting_still_going_on_when_reported_runs_to_the_report() -> None:
    event = only("Militants attacked two villages of Darzab district on Tuesday and the fighting is still ongoing.")
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 6), dt.date(2021, 7, 10))


def test_the_dead_counted_during_the_fall_of_the_district_belong_to_the_capture() -> None:
    text = ("Yamgan district collapsed to the Taliban on Thursday. "
            "The group said it killed 14 soldiers during the collapse of the district.")
    event = only(text)
    assert event["sub_event_type"] == "Non-state actor overtakes territory" and event["fatalities_best"] == 14


# -- withdrawals, "after that", and "the border" between the article's two countries ---------------------------

def test_troops_retreating_from_a_post_are_a_withdrawal_of_forces() -> None:
    event = only("Afghan troops who had retreated from Hairatan on Monday have returned to their bases.")
    assert event["kind"] == "posture" and km_from(event, "Hairatan") < 10


def test_after_that_is_a_sequence_not_a_time_reference_or_a_relative_clause() -> None:
    text = ("Tajik guards and the Taliban exchanged fire near Panj on Friday. The fighting stopped, but the "
            "Taliban after that sent additional forces to the border.")
    assert sorted(e["kind"] for e in events(text)) == ["incident", "posture"]


def test_the_border_is_the_border_between_the_two_countries_the_article_named() -> None:
    text = "Tajikistan accused Afghanistan of shelling on Friday. Dushanbe moved 2,000 troops to the border on Friday."
    postures = [e for e in events(text) if e["kind"] == "posture"]
    assert postures and postures[0]["location"] == "Afghan–Tajik border"


def test_a_local_name_the_gazetteer_lacks_is_found_where_the_text_first_put_it() -> None:
    text = ("Guards exchanged fire in the Tolmarak area of Darqad district on Sunday. "
            "On Tuesday, officers of both sides met in Tolmarak to discuss the shooting.")
    meeting = next(e for e in events(text) if e["kind"] == "context")
    assert km_from(meeting, "Darqad") < 5


def test_talks_still_to_come_are_not_an_event() -> None:
    assert events("The shooting came two days before Dushanbe hosts border talks with Kabul.") == []
    assert events("Officials of both countries will hold talks in Khorog next week.") == []
