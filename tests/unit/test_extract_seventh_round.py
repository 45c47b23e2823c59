"""Failure classes of issue 11, seventh round: a night that may run into the next day ("late on June 4", "late
Friday", "on the night of 4 June"), one person named by an office with "the" ("the district police chief was
killed") and people named by kinship or service to a victim ("along with his driver", "and his son"), the town a
report was filed from as the place of a lead event placed on no more than its country, a one-word name written as
two words ("Dowlat Abad" for Dawlatabad) and the province that tells two such districts apart, a bomb that "rocked"
or "tore through" a place, people left "with injuries", a minister shot dead with someone's driver, and a province
named only as the owner of its officials killed ("Samangan's intelligence chief"), a people named by adjective
("Turkmen border guards"), one civilian killed, two capitals joined by a hyphen, an aircraft that crashed, a span
of years ("the 1992-1997 civil war"), a siege told with the fight it was part of, and one bombing told twice on its
day at its town (unless told as another one), "the same building", shooting shown in exercises, two sources' tolls
of one attack (or a toll that rose), "the district of Kohistan", the people an arrest holds, killers who are not
among the dead, a count with two asides before its verb, fighting told by how long it lasted ("after days of heavy
clashes"), people crossing counted as the crossing's strength, troops put on high alert, a day of a month that is
no count ("on 2 July border guards ..."), one civilian named by a trade, a toll
told of "the attack" in an article's first sentence, extra security deployed, and a toll told in the
present tense ("seven insurgents are killed") as news of the last days.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction import find_dates
from geo.places import load_gazetteer
from tests.unit.extraction_helpers import META, events, km_from


@pytest.mark.parametrize(("sentence", "first", "last"), [
    ("The raid began late on July 4 when gunmen fired at the post.", "2021-07-04", "2021-07-05"),
    ("The raid began late Thursday when gunmen fired at the post.", "2021-07-08", "2021-07-09"),
    ("Gunmen fired at the post on the night of 6 July.", "2021-07-06", "2021-07-07"),
    ("Gunmen fired at the post on July 6 at night.", "2021-07-06", "2021-07-07"),
    ("Gunmen fired at the post on July 6.", "2021-07-06", "2021-07-06"),
    ("Gunmen fired at the post on July 6 in the late afternoon.", "2021-07-06", "2021-07-06"),
])
def test_a_night_runs_into_the_next_day(sentence: str, first: str, last: str) -> None:
    (found,) = find_dates(sentence, META.published)
    assert (found.date_start.isoformat(), found.date_end.isoformat()) == (first, last)


def test_a_night_never_runs_past_publication() -> None:
    (found,) = find_dates("The post came under fire late on Saturday.", dt.date(2021, 7, 10))
    assert (found.date_start, found.date_end) == (dt.date(2021, 7, 10), dt.date(2021, 7, 10))


def test_an_attack_started_late_on_a_day_spans_that_night() -> None:
    (found,) = events("Militants attacked a border post in Khamyab district late on July 4, killing two guards, "
                      "the district chief said.")
    assert (found["date_start"], found["date_end"]) == (dt.date(2021, 7, 4), dt.date(2021, 7, 5))


@pytest.mark.parametrize(("sentence", "killed", "sub_type"), [
    ("The district police chief was killed by a roadside bomb in Khanabad on Friday.", 1,
     "Remote explosive/landmine/IED"),
    ("The district police chief was killed by a roadside bomb in Khanabad on Friday along with his driver.", 2,
     "Remote explosive/landmine/IED"),
    ("A roadside bomb in Khanabad killed the deputy governor alongside his two bodyguards on Friday.", 3,
     "Remote explosive/landmine/IED"),
    ("Gunmen killed a tribal elder and his son in Khanabad on Friday.", 2, "Attack"),
])
def test_an_office_holder_and_the_people_with_him_are_counted(sentence: str, killed: int, sub_type: str) -> None:
    (found,) = events(sentence)
    assert (found["fatalities_best"], found["sub_event_type"]) == (killed, sub_type)


@pytest.mark.parametrize("sentence", [
    "Gunmen killed a tribal elder in Khanabad on Friday, his son said.",
    "Gunmen killed a tribal elder in Khanabad on Friday while his son was away.",
    "A roadside bomb killed a tribal elder in Khanabad on Friday, the district police chief told reporters.",
    "A roadside bomb killed a tribal elder in Khanabad on Friday, the governor of the province said.",
])
def test_a_speaker_or_a_bystander_is_no_casualty(sentence: str) -> None:
    (found,) = events(sentence)
    assert found["fatalities_best"] == 1


@pytest.mark.parametrize(("text", "place"), [
    ("KUNDUZ, Afghanistan (AP) — Gunmen shot dead three policemen at a checkpoint in Afghanistan on Friday, "
     "officials said.", "Kunduz"),
    ("FAIZABAD (Wire) - Two soldiers were killed on Friday when militants fired on their post, police said.",
     "Faizabad"),
])
def test_a_lead_event_placed_on_its_country_is_at_the_town_of_the_dateline(text: str, place: str) -> None:
    (found,) = events(text)
    assert found["location"] == place


@pytest.mark.parametrize("text", [
    # a capital files what happens anywhere in the country
    "KABUL, Afghanistan (AP) — Gunmen shot dead three policemen at a checkpoint in Afghanistan on Friday.",
    # a town outside the event's country is where the news was heard, not where it happened
    "TERMEZ (Wire) - Gunmen shot dead three policemen at a checkpoint in Afghanistan on Friday.",
    # only the lead paragraph is told from the dateline
    "KUNDUZ (Wire) - Officials met on Friday.\n\nLater, gunmen shot dead three policemen at a checkpoint in "
    "Afghanistan on Friday.",
])
def test_the_dateline_does_not_place_events_it_does_not_report(text: str) -> None:
    assert [e["location"] for e in events(text) if e["kind"] == "incident"] == ["Afghanistan"]


def test_a_one_word_name_is_found_written_as_two_words() -> None:
    spans = load_gazetteer().find_in_text("Fighting broke out in Dowlat Abad district of Balkh.")
    assert [(p.name, p.admin1) for _, _, p in spans][:1] == [("Dawlatabad (Balkh)", "Balkh")]


def test_the_province_named_tells_two_districts_of_one_name_apart() -> None:
    found = events("Taliban fighters stormed a police checkpoint in Dowlat Abad district of Faryab province on Friday, "
                   "killing seven policemen.")
    assert len(found) == 1
    assert (found[0]["location"], found[0]["admin1"], found[0]["geo_precision"]) == ("Dawlatabad (Faryab)", "Faryab", 2)
    assert km_from(found[0], "Maimana") < 70


@pytest.mark.parametrize("verb", ["rocked", "tore through", "ripped through", "shook"])
def test_a_bomb_that_rocked_a_place_is_an_explosion(verb: str) -> None:
    (found,) = events(f"A powerful bomb {verb} a market in Khorog on Friday.")
    assert (found["sub_event_type"], found["location"]) == ("Remote explosive/landmine/IED", "Khorog")
    assert found["date_start"] == dt.date(2021, 7, 9)


def test_people_left_with_injuries_are_wounded_not_dead() -> None:
    (found,) = events("A bomb went off at a market in Khorog on Friday, leaving four people with light injuries.")
    assert (found.get("fatalities_best"), found["wounded"]) == (None, 4)


def test_a_minister_shot_dead_is_an_attack_and_the_people_with_him_count() -> None:
    (found,) = events("Gunmen shot dead the deputy minister in Khorog on Friday. Nazarov’s driver and two "
                      "bodyguards were also killed.")
    assert (found["sub_event_type"], found["fatalities_best"]) == ("Attack", 4)


def test_a_minister_who_speaks_is_no_casualty() -> None:
    (found,) = events("The deputy minister of defence said gunmen shot dead two policemen in Khorog on Friday.")
    assert found["fatalities_best"] == 2


def test_officials_of_a_province_killed_in_clashes_place_them_in_that_province() -> None:
    (found,) = events("Samangan’s intelligence chief and twelve soldiers were killed in clashes with the Taliban, "
                      "officials said on Friday.")
    assert (found["location"], found["geo_precision"], found["fatalities_best"]) == ("Samangan", 3, 13)


def test_a_province_whose_governor_reports_a_toll_places_it() -> None:
    (found,) = events("Samangan’s governor said twelve soldiers were killed in clashes with the Taliban on Friday.")
    assert (found["location"], found["geo_precision"]) == ("Samangan", 3)


def test_a_possessive_country_places_nothing() -> None:
    assert [e["location"] for e in events("Russia’s defence ministry said twelve soldiers were killed in clashes "
                                          "with the Taliban on Friday.")] in ([], ["Afghanistan"])


@pytest.mark.parametrize(("text", "place"), [
    ("Turkmen border guards killed an Afghan civilian on Friday.", "Afghan–Turkmen border"),
    ("Kyrgyz border guards killed two Tajik shepherds on Friday.", "Kyrgyz–Tajik border"),
])
def test_a_people_named_by_adjective_is_not_their_country(text: str, place: str) -> None:
    (found,) = events(text)
    assert (found["location"], found["sub_event_type"]) == (place, "Attack")


def test_one_civilian_killed_makes_an_attack() -> None:
    (found,) = events("Gunmen killed a civilian in Khorog on Friday.")
    assert (found["sub_event_type"], found["fatalities_best"]) == ("Attack", 1)


def test_two_capitals_joined_by_a_hyphen_are_the_governments() -> None:
    found = events("Ten people were killed in clashes in Vorukh on Friday.\n\n"
                   "The minister discussed the Bishkek-Dushanbe border clashes with his Russian counterpart on Friday.")
    assert [e["location"] for e in found if e["kind"] == "incident"] == ["Vorukh"]


def test_troops_killed_when_a_helicopter_crashed_is_no_clash_but_keeps_its_toll() -> None:
    (found,) = events("Twelve soldiers were killed when a military helicopter crashed near Khorog on Friday.")
    assert (found["kind"], found["sub_event_type"], found["fatalities_best"]) == ("context", "Other", 12)


def test_a_helicopter_shot_down_is_still_a_fight() -> None:
    (found,) = events("Militants shot down a military helicopter near Khorog on Friday, killing twelve soldiers.")
    assert (found["kind"], found["fatalities_best"]) == ("incident", 12)


@pytest.mark.parametrize(("text", "first", "last"), [
    ("fighters of the opposition that fought during the 1992-1997 civil war", "1992-01-01", "1997-12-31"),
    ("in the 2010–11 offensive", "2010-01-01", "2011-12-31"),
    ("in the 2021-22 season", "2021-01-01", "2021-07-10"),
])
def test_a_span_of_years_is_one_range(text: str, first: str, last: str) -> None:
    (found,) = find_dates(text, META.published)
    assert (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) == (first, last, 3)


def test_a_war_of_several_years_recalled_is_no_event() -> None:
    found = events("Two soldiers were killed in clashes in the Rasht valley on Friday.\n\n"
                   "The valley is a haven for former fighters of the opposition that fought government forces "
                   "during the 1992-1997 civil war.")
    assert [(e["location"], e["date_start"].year) for e in found] == [("Rasht valley", 2021)]


def test_a_siege_told_with_its_assault_is_part_of_the_fight() -> None:
    found = events("The Taliban besieged the district centre of Warduj and launched assaults on its police posts on "
                   "Friday, killing four policemen.")
    assert [(e["kind"], e["fatalities_best"]) for e in found] == [("incident", 4)]


def test_a_siege_alone_is_a_concentration() -> None:
    (found,) = events("The army base in Warduj has been surrounded by the Taliban for weeks, officials said on Friday.")
    assert found["kind"] == "concentration"


def test_one_bombing_told_twice_on_its_day_at_its_town_is_one_event() -> None:
    found = events("A bomb exploded outside a bank in Khanabad on Friday, killing eight people.\n\n"
                   "On Friday, a suicide bomber attacked the front of the bank in Khanabad, police said.")
    assert [(e["sub_event_type"], e["fatalities_best"]) for e in found] == [("Suicide bomb", 8)]


@pytest.mark.parametrize("second", ["In a separate attack, another bomb went off at a market in Khanabad on Friday.",
                                    "A second bomb went off at a market in Khanabad on Friday, wounding three."])
def test_another_bombing_the_same_day_stays_apart(second: str) -> None:
    found = events("A bomb exploded outside a bank in Khanabad on Friday, killing eight people.\n\n" + second)
    assert len(found) == 2


def test_the_same_building_is_the_place_named_before() -> None:
    found = events("A grenade exploded outside the tax office in Khorog on Friday, wounding two guards.\n\n"
                   "In March, a car bomb shook the same building, killing one man.")
    assert [(e["location"], e["date_start"].month, e.get("fatalities_best")) for e in found] == [
        ("Khorog", 7, None), ("Khorog", 3, 1)]


def test_shooting_shown_in_exercises_is_the_drill_not_a_clash() -> None:
    found = events("The delegation visited a mountain training centre near Khorog, where exercises with shooting "
                   "were demonstrated on Friday.")
    assert [(e["kind"], e["sub_event_type"]) for e in found] == [("posture", "Other")]


@pytest.mark.parametrize(("second", "low", "best", "high"), [
    ("While the Taliban said only three were killed, hospital officials put the death toll at 20.", 3, 3, 20),
    ("Officials said three people were killed, but the death toll later rose to 20.", 3, 20, 20),
])
def test_two_tolls_of_one_attack_are_one_estimate_not_a_sum(second: str, low: int, best: int, high: int) -> None:
    (found,) = events("A suicide bomber attacked a bank in Khanabad on Friday. " + second)
    assert (found["fatalities_low"], found["fatalities_best"], found["fatalities_high"]) == (low, best, high)


def test_two_groups_killed_are_still_added_up() -> None:
    (found,) = events("A suicide bomber attacked a bank in Khanabad on Friday, killing three soldiers and two "
                      "civilians.")
    assert found["fatalities_best"] == 5


def test_the_district_of_a_name_is_that_district() -> None:
    (found,) = events("Afghan forces recaptured the district of Kohistan on Friday after a two-day battle.")
    assert (found["sub_event_type"], found["location"]) == ("Government regains territory",
                                                            "Kohistan District (Badakhshan)")


@pytest.mark.parametrize(("text", "held"), [
    ("Tajik border guards detained three Afghan nationals trying to cross the border near Farkhor on Friday.", 3),
    ("Police arrested 12 suspects in Kunduz on Friday.", 12),
])
def test_the_people_an_arrest_holds_are_its_strength(text: str, held: int) -> None:
    (found,) = events(text)
    assert (found["sub_event_type"], found["strength_best"]) == ("Arrests", held)


@pytest.mark.parametrize(("text", "killed", "wounded"), [
    ("Three gunmen killed two policemen in Khorog on Friday.", 2, None),
    ("An unknown gunman shot dead a local imam in Khorog on Friday.", 1, None),
    ("Two gunmen wounded three policemen in Khorog on Friday.", None, 3),
    ("Police killed three gunmen who wounded two guards in Khorog on Friday.", 3, 2),
    ("A gunman was killed in Khorog on Friday.", 1, None),
])
def test_the_killers_are_not_counted_among_the_dead(text: str, killed: int | None, wounded: int | None) -> None:
    (found,) = events(text)
    assert (found.get("fatalities_best"), found.get("wounded")) == (killed, wounded)


def test_a_count_with_two_asides_before_its_verb_is_the_dead() -> None:
    (found,) = events("Three members of a family, including two children, were killed when a mortar round hit their "
                      "home in Kunduz city on Friday.")
    assert found["fatalities_best"] == 3


def test_fighting_told_by_how_long_it_lasted_is_a_clash() -> None:
    found = events("Security forces reopened the main road in Khanabad district on Saturday after days of heavy "
                   "clashes with the Taliban.\n\nThe clashes along the road claimed the lives of 10 soldiers and "
                   "55 militants.")
    assert [(e["sub_event_type"], e["location"], e["fatalities_best"]) for e in found] == [
        ("Armed clash", "Khanabad", 65)]
    assert found[0]["date_end"] == dt.date(2021, 7, 10) and found[0]["date_start"] < dt.date(2021, 7, 10)


def test_the_fighting_before_a_fall_is_the_fall() -> None:
    found = events("The district of Khanabad fell to the Taliban on Friday after two days of heavy clashes with "
                   "security forces.")
    assert [e["sub_event_type"] for e in found] == ["Non-state actor overtakes territory"]


def test_what_came_after_an_attack_told_before_is_not_that_attack() -> None:
    found = events("Security forces were deployed to Khanabad on Friday after the attack on the police station.")
    assert [e["kind"] for e in found] == ["posture"]


def test_the_people_crossing_are_the_crossings_strength() -> None:
    (found,) = events("Some 1,500 refugees fled across the Panj river into Tajikistan on Friday.")
    assert (found["kind"], found["strength_best"]) == ("posture", 1500)


def test_troops_put_on_high_alert_are_a_posture() -> None:
    (found,) = events("Russian troops at the 201st base were put on high alert on Friday.")
    assert (found["kind"], found["date_start"]) == ("posture", dt.date(2021, 7, 9))


@pytest.mark.parametrize(("text", "held"), [
    ("According to the ministry, on 2 July border guards detained two smugglers near Panj.", 2),
    ("On July 2 border guards detained two smugglers near Panj.", 2),
])
def test_a_day_of_a_month_is_no_count(text: str, held: int) -> None:
    (found,) = events(text)
    assert found["strength_best"] == held


def test_a_date_before_a_count_keeps_the_count() -> None:
    (found,) = events("On July 2, 12 soldiers were killed in a clash near Panj.")
    assert found["fatalities_best"] == 12


@pytest.mark.parametrize("victim", ["a shopkeeper", "a man", "a mourner"])
def test_one_civilian_named_by_a_trade_or_as_a_man_is_an_attack(victim: str) -> None:
    (found,) = events(f"Gunmen killed {victim} in Kunduz on Friday.")
    assert (found["sub_event_type"], found["fatalities_best"]) == ("Attack", 1)


def test_a_toll_told_of_the_attack_in_the_first_sentence_is_kept() -> None:
    (found,) = events("The attack killed five soldiers and injured 12 in Kunduz on Friday.")
    assert (found["fatalities_best"], found["wounded"]) == (5, 12)


@pytest.mark.parametrize("text", ["Authorities deployed extra security at the governor's office in Kunduz on Friday.",
                                  "Police deployed additional officers around the mosque in Kunduz on Friday."])
def test_extra_security_deployed_is_a_posture(text: str) -> None:
    (found,) = events(text)
    assert (found["kind"], found["location"]) == ("posture", "Kunduz")


def test_a_toll_told_in_the_present_is_news_of_the_last_days() -> None:
    (found,) = events("At least seven Taliban insurgents are killed during an attack on a police post in Khanabad, "
                      "officials said.")
    assert (found["date_start"], found["date_end"]) == (dt.date(2021, 7, 8), dt.date(2021, 7, 10))
