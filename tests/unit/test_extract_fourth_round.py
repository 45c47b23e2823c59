"""Failure classes of issue 11, fourth round: dates against the day of the report, tolls of both sides told
in two sentences, a clause about the event that came before, and a fight that "spreads" (no posture).

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

import datetime as dt

from geo.extraction import find_dates
from geo.extraction.report_day import find_event_dates
from tests.unit.extraction_helpers import META, events, only

FRIDAY, THURSDAY = dt.date(2021, 7, 9), dt.date(2021, 7, 8)

# -- dates: the day the news was told, not the day it was printed ---


def _span(text: str, report_day: dt.date | None = None,
          previous_day: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    return [(d.date_start, d.date_end) for d in find_event_dates(text, META.published, 0, report_day, previous_day)
            if d.kind != "reported"]


def test_last_night_counts_from_the_day_the_officials_spoke() -> None:
    assert _span("Rebels raided two posts last night, the governor said on Friday.") == [(THURSDAY, FRIDAY)]
    assert _span("Officials said on Friday that a mine went off yesterday.") == [(THURSDAY, THURSDAY)]
    assert _span("Gunmen attacked a convoy overnight.", report_day=FRIDAY) == [(THURSDAY, FRIDAY)]
    # no day of the report: the day of publication, as before
    assert _span("Gunmen attacked a convoy overnight.") == [(FRIDAY, META.published)]


def test_a_day_of_the_report_long_before_publication_does_not_move_today() -> None:
    assert _span("A bomb went off today, a spokesman said on 1 June.") == [(META.published, META.published)]


def test_the_article_keeps_its_day_of_report_for_later_sentences() -> None:
    event = only("Police said on Friday that one officer died in a shootout in Kunduz city.\n\n"
                 "The shootout began late last night near a checkpoint.")
    assert (event["date_start"], event["date_end"]) == (THURSDAY, FRIDAY)


def test_a_range_of_days_written_day_first() -> None:
    for text in ("on the night of 5 to 6 July", "between 5 and 6 July", "5-6 July"):
        found = find_dates(text, META.published)
        assert [(d.date_start, d.date_end) for d in found] == [(dt.date(2021, 7, 5), dt.date(2021, 7, 6))], text


def test_since_a_weekday_runs_until_the_report() -> None:
    found = find_dates("Shelling has gone on since Tuesday.", META.published)
    assert [(d.date_start, d.date_end, d.precision) for d in found] == [(dt.date(2021, 7, 6), META.published, 2)]


# -- tolls: both sides of one fight, told in different sentences ---


def test_the_other_sides_dead_in_a_later_sentence_are_added() -> None:
    event = only("A border guard was killed in a clash near Panj on Thursday, officials said.\n\n"
                 "\"Three smugglers were killed in the clash and two others were wounded,\" a spokesman added.")
    assert (event["fatalities_best"], event["wounded"]) == (4, 2)
    event = only("A police commander was killed in a militant attack in Takhar province on Friday, a spokesman said. "
                 "The attack took place in the Kalafgan area after militants attacked militia posts, he said, adding "
                 "that \"one of his guards was also wounded in the clashes.\"\n\n"
                 "\"Three militants were killed in the clashes and four others were wounded,\" he added.")
    assert (event["fatalities_best"], event["wounded"]) == (4, 5)


def test_the_same_sides_count_from_a_second_source_is_not_added() -> None:
    event = only("Six policemen were killed in a clash in Khanabad on Thursday, officials said.\n\n"
                 "A council member said eight policemen were killed in the clash.")
    assert event["fatalities_best"] == 6


# -- a clause telling the event before: its dead are not this event's ---


def test_the_dead_of_the_fight_that_came_before_are_not_added() -> None:
    found = events("Artillery shells killed five fighters in Darqad on Friday, after a clash killed three guards.")
    shelling = [e for e in found if e["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert [e["fatalities_best"] for e in shelling] == [5]


def test_a_cause_clause_still_belongs_to_its_event() -> None:
    event = only("Two soldiers died in Kunduz on Friday after a roadside bomb hit their vehicle.")
    assert event["fatalities_best"] == 2


# -- a fight that spreads or grows is no reinforcement of forces ---


def test_a_fight_that_spreads_to_the_guards_is_no_posture() -> None:
    found = events("A firefight between two gangs near Shuroobod on Friday expanded to draw in border troops.")
    assert [e["kind"] for e in found] == ["incident"]
    found = events("Fighting intensified around the border posts of Khamyab on Friday.")
    assert "posture" not in [e["kind"] for e in found]


def test_a_reinforcement_of_forces_is_still_a_posture() -> None:
    found = events("Tajikistan reinforced its border troops in Darvoz on Friday.")
    assert [e["kind"] for e in found] == ["posture"]


def test_a_reinforcement_after_attacks_is_still_a_posture() -> None:
    found = events("As the attacks went on Tajikistan reinforced its border troops in Darvoz on Friday.")
    assert "posture" in [e["kind"] for e in found]


# -- "the attack" later in the sentence is the attack just told ---


def test_the_attack_named_again_in_its_sentence_keeps_the_toll() -> None:
    event = only("A spokesman said that rebels had stormed a police post in Kalafgan, killing four officers in the "
                 "latest attack on the district.")
    assert event["fatalities_best"] == 4
    event = only("Gunmen raided a checkpoint in Yawan, wounding three guards in the assault, police said.")
    assert event["wounded"] == 3


# -- an earlier event recalled in passing, after the news, is background ---


def test_an_earlier_event_recalled_after_the_news_is_background() -> None:
    for recalled in ("Earlier this year, militants seized a district centre in Kunduz province for a day.",
                     "In 2016 the Taliban seized a district centre in Takhar province.",
                     "Last year the Taliban captured a border district in Badakhshan province."):
        found = events("Two guards were killed in a clash near Panj on Thursday, officials said.\n\n" + recalled)
        assert [(e["kind"], e["fatalities_best"]) for e in found] == [("incident", 2)], recalled


def test_an_undated_coarse_event_alone_is_still_reported() -> None:
    assert only("Militants overran a district of Takhar province, officials said.")["kind"] == "incident"
    found = events("Earlier this year, militants seized a district centre in Kunduz province.\n\n"
                   "Two guards were killed in a clash near Panj on Thursday, officials said.")
    assert len(found) == 2  # told first, it is not a recollection after the news


# -- aircraft that bombed: an air strike, however the aircraft are named ---


def test_planes_that_bombed_make_an_air_strike() -> None:
    for text in ("Fighter planes from across the river bombed a village in Darqad on Friday, killing four smugglers.",
                 "Two helicopters of the air force struck militant positions in Yawan on Friday, killing six.",
                 "Unidentified airplanes from the neighbouring country bombed hideouts in Khamyab on Friday."):
        assert only(text)["sub_event_type"] == "Air/drone strike", text


# -- a place that holds a concentration can still place the clash told on the border just before ---


def test_the_border_clash_takes_the_district_of_a_concentration_told_next() -> None:
    found = events("A clash on the Afghan side of the border killed three smugglers on Friday.\n\n"
                   "Officials said the Taliban are active in Chah Ab district, in the forests along the river.")
    clash = [e for e in found if e["kind"] == "incident"]
    assert [e["location"] for e in clash] == ["Chah Ab"]


def test_the_dead_of_an_opening_after_clause_are_not_the_next_events() -> None:
    found = events("After three soldiers died in the fighting on Thursday, the army shelled militant positions in "
                   "Chah Ab on Friday.")
    shelling = [e for e in found if e["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert [e.get("fatalities_best") for e in shelling] == [None]


# -- two sources' counts of one group: the lower is the best estimate, the higher the high one ---


def test_a_claimed_toll_and_an_official_one_give_low_best_and_high() -> None:
    event = only("Rebels said they had killed 30 soldiers in Khwahan on Tuesday, but the ministry said four soldiers "
                 "died in the attack.")
    assert (event["fatalities_best"], event["fatalities_high"]) == (4, 30)


def test_two_groups_on_one_side_are_still_added() -> None:
    event = only("Five soldiers and three policemen were killed in Khwahan on Tuesday, the ministry said.")
    assert event["fatalities_best"] == 8


# -- days counted from another day of the text ("a day later", "the next day") ---


def test_a_day_later_counts_from_the_day_told_before() -> None:
    found = events("Two soldiers were killed in Darqad on Monday, and three more died in Shighnan a day later.")
    assert sorted((e["location"], e["date_start"]) for e in found) == [
        ("Darqad", dt.date(2021, 7, 5)), ("Shighnan (Afghanistan)", dt.date(2021, 7, 6))]
    assert _span("Guards were attacked the next day.", previous_day=THURSDAY) == [(FRIDAY, FRIDAY)]
    assert _span("A bomb went off two days earlier.", previous_day=FRIDAY) == [(dt.date(2021, 7, 7),) * 2]
    assert _span("A bomb went off the next day.") == []  # no day to count from


# -- background that is no event: habits, years summed up, groups described by whom they fight beside ---


def test_frequent_attacks_and_years_of_fighting_are_no_event() -> None:
    assert events("The situation in Takhar province has worsened lately, with regular militant raids on police "
                  "posts.") == []
    assert events("Takhar province has witnessed heavy clashes between the army and the militants since 2016.") == []


def test_fighters_described_by_whom_they_fight_beside_are_no_clash() -> None:
    assert events("Experts warn that Uzbek militants fighting alongside the Taliban might try to enter "
                  "Tajikistan.") == []
    assert events("Hundreds of foreign fighters fighting on the side of the Taliban are based in Kunduz "
                  "province.")[0]["kind"] == "concentration"


def test_a_part_of_last_or_this_month() -> None:
    found = find_dates("The post was attacked late last month.", META.published)
    assert [(d.date_start, d.date_end, d.precision) for d in found] == [(dt.date(2021, 6, 21), dt.date(2021, 6, 30), 2)]
    found = find_dates("Troops arrived early this month.", META.published)
    assert [(d.date_start, d.date_end) for d in found] == [(dt.date(2021, 7, 1), dt.date(2021, 7, 10))]


def test_a_weekday_of_last_week() -> None:
    for text in ("The post was attacked on Tuesday last week.", "The post was attacked last week on Tuesday.",
                 "The post was attacked on Tuesday of the previous week."):
        found = find_dates(text, META.published)
        assert [(d.date_start, d.date_end) for d in found] == [(dt.date(2021, 6, 29), dt.date(2021, 6, 29))], text


# -- a new trigger at another named place a district away is another event ---


def test_an_attack_at_another_named_place_is_another_event() -> None:
    found = events("Militants killed three border guards in Dasht-e Qala late on Thursday. The group also attacked a "
                   "police post in Chah Ab, wounding two officers.")
    assert sorted((e["location"], e.get("fatalities_best"), e.get("wounded")) for e in found) == [
        ("Chah Ab", None, 2), ("Dasht-e Qala", 3, None)]


# -- counts that count nobody's dead, and a few troops that are no posture ---


def test_members_of_one_family_count_the_members_only() -> None:
    event = only("Three members of one family died when a mortar round struck their home in Khwahan on Friday.")
    assert event["fatalities_best"] == 3


def test_a_handful_of_troops_named_in_passing_is_no_posture() -> None:
    found = events("The bodies of three soldiers were found near the river in Shuroobod on Friday.")
    assert all(e["kind"] != "posture" for e in found)
    found = events("Some 3,000 troops are now stationed along the river in Shuroobod, officials said on Friday.")
    assert [e["kind"] for e in found] == ["posture"]


def test_one_trespasser_shot_dead_is_one_fatality() -> None:
    event = only("Border guards shot dead an armed intruder near Shuroobod on Friday.")
    assert event["fatalities_best"] == 1


# -- a place that "fell", and a country's troops sent to "its border" ---


def test_a_district_that_fell_was_taken() -> None:
    event = only("The district centre of Khwahan fell after a night of heavy fighting on Friday, a local official "
                 "said.")
    assert (event["sub_event_type"], event["location"]) == ("Non-state actor overtakes territory", "Khwahan")
    assert events("Prices fell sharply in Khwahan on Friday.") == []
    found = events("Several rockets fell on a village in Khwahan on Friday.")
    assert "Non-state actor overtakes territory" not in [e["sub_event_type"] for e in found]


def test_reservists_sent_to_its_border_are_placed_on_that_border() -> None:
    event = only("Tajikistan said on Friday it had called up 15,000 reservists to guard its border with "
                 "Afghanistan.")
    assert event["kind"] == "posture" and event["strength_best"] == 15000
    found = [e for e in events("Fighting raged near the Afghan-Tajik frontier on Thursday.\n\nTajikistan said on "
                               "Friday it had mobilised 15,000 reservists to reinforce its southern border.")
             if e["kind"] == "posture"]
    assert [e["strength_best"] for e in found] == [15000]
