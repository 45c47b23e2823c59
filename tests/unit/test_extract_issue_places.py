"""The failure classes of issue 11, third round, about places and dates: read broadly, in phrasings of our own.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
"""

from __future__ import annotations

import datetime as dt

from geo.extraction import ArticleMeta, extract_events
from geo.places import load_gazetteer
from tests.unit.extraction_helpers import events, km_from, only

# -- the most specific place named wins ------------------------------------------------------------------------

def test_a_district_named_before_a_town_called_like_its_province_is_the_place() -> None:
    event = only("A clash took place in the Gulistan village of Qalay-i-Zal district in Kunduz on Sunday.")
    assert event["location"] == "Qala-i-Zal"
    assert only("Gunmen attacked a post in Imam Sahib district in Kunduz on Sunday.")["location"] == "Imam Sahib"


def test_a_frontier_post_with_a_possessive_count_and_a_dropped_final_letter_is_found() -> None:
    event = only("Tajikistan said on Friday that one of its guards was shot dead at the border post of Kalaikhum.")
    assert event["fatalities_best"] == 1 and km_from(event, "Qalai Khumb") < 5


def test_a_mine_going_off_is_an_explosion_at_the_district_not_the_country() -> None:
    event = only("Three Tajik soldiers were wounded in Tajikistan on Saturday when a mine went off near the Afghan "
                 "border in the Darvoz district.")
    assert event["sub_event_type"] == "Remote explosive/landmine/IED" and event["location"] == "Darvoz"


# -- spellings: Russian adjective forms, districts behind the border, bare district names ----------------------

def test_russian_adjective_forms_of_district_names_are_the_district() -> None:
    gaz = load_gazetteer()
    for written, name in (("Farkhorsky district", "Farkhor"), ("Pyandzhsky rayon", "Panj"),
                          ("Kumsangirsky district", "Jayhun"), ("Moskovsky district", "Hamadoni"),
                          ("Khatlonskaya oblast", "Khatlon")):
        assert gaz.lookup(written).name == name, written  # type: ignore[union-attr]
        assert [p.name for _, _, p in gaz.find_in_text(f"Guards clashed in the {written} on Monday.")] == [name]
    assert km_from(only("Two smugglers were killed in the Pyandzhsky district on Monday."), "Panj") < 5


def test_khatlon_districts_behind_the_border_are_found_in_their_usual_spellings() -> None:
    gaz = load_gazetteer()
    for written, name in (("Dangara", "Danghara"), ("Nurek", "Norak"), ("Sovetsky district", "Temurmalik"),
                          ("Sarband", "Levakant"), ("Baldzhuvon", "Baljuvon"), ("Gozimalik", "Khuroson")):
        found = gaz.find_in_text(f"Police raided a house in {written} on Monday.")
        assert [p.name for _, _, p in found] == [name], written
    event = only("Four people were killed in a shootout in Dangara on Monday.")
    assert km_from(event, "Danghara") < 5 and event["geo_precision"] == 2


def test_afghan_districts_are_found_by_their_bare_names() -> None:
    gaz = load_gazetteer()
    for written, name in (("Argo", "Argo District"), ("Bangi", "Bangi District"), ("Yaftal", "Yaftal-e Sufla"),
                          ("Qush Tepe", "Qush Tepa"), ("Wardoj", "Warduj")):
        assert [p.name for _, _, p in gaz.find_in_text(f"The Taliban attacked {written} on Monday.")] == [name]


# -- dates: hours, weekends and the present perfect --------------------------------------------------------------

def test_the_past_hours_and_the_weekend_are_dates() -> None:
    event = only("In the past 24 hours, militants attacked two border posts near Panj.")
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 9), dt.date(2021, 7, 10))
    monday = ArticleMeta(published=dt.date(2021, 7, 12), publisher="Test Wire")
    weekend = extract_events("Gunmen attacked a police post in Khanabad over the weekend.", monday).candidates[0]
    assert (weekend.event["date_start"], weekend.event["date_end"]) == (dt.date(2021, 7, 10), dt.date(2021, 7, 11))


def test_an_undated_event_told_in_the_present_perfect_just_happened() -> None:
    event = only("Taliban fighters have seized the centre of Warsaj district, officials said.")
    assert (event["date_start"], event["date_end"]) == (dt.date(2021, 7, 8), dt.date(2021, 7, 10))
    past = only("Taliban fighters seized the centre of Warsaj district, officials said.")
    assert past["date_start"] == dt.date(2020, 7, 10)


def test_places_listed_before_and_after_the_chosen_one_are_each_an_event() -> None:
    found = events("Afghan soldiers crossed into Tajikistan on Monday night in the Darvoz and Ishkoshim districts.")
    assert sorted(e["location"] for e in found) == ["Darvoz", "Ishkoshim"]
    found = events("The Taliban captured Yawan, Warduj and Yamgan districts on Monday.")
    assert sorted(e["location"] for e in found) == ["Warduj", "Yamgan", "Yawan"]
    assert [e["location"] for e in events("Tajikistan and Afghanistan reported a clash in Farkhor on Monday.")] \
        == ["Farkhor"]


def test_the_end_of_a_span_still_to_come_does_not_date_the_event() -> None:
    text = ("Russian and Tajik troops began joint exercises at the Momirak training ground on Monday. "
            "The drills, which will last until Friday, involve 2,500 servicemen.")
    event = only(text)
    assert event["date_start"] == dt.date(2021, 7, 5) and event["strength_best"] == 2500


def test_a_first_line_without_a_stop_is_the_headline_even_in_sentence_case() -> None:
    text = ("Russia, Tajikistan hold drills near Afghan border\n\n"
            "Russian and Tajik troops began joint exercises at the Momirak training ground on Monday.")
    assert [e["location"] for e in events(text)] == ["Momirak training ground"]


# -- places of one name told apart by the province or country the text names ----------------------------------

def test_a_name_of_two_places_is_the_one_in_the_province_or_country_named() -> None:
    cases = (("Seven insurgents were killed in Baharak district of Takhar province on Tuesday.", "Baharak (Takhar)"),
             ("Seven insurgents were killed in Baharak district of Badakhshan on Tuesday.", "Baharak"),
             ("Fighting broke out in Faizabad district of Jowzjan on Monday.", "Fayzabad (Jowzjan)"),
             ("Fighting broke out in the Afghan district of Ishkashim on Monday.", "Ishkashim (Afghanistan)"),
             ("Two guards were killed in Ishkashim district of Gorno-Badakhshan on Monday.", "Ishkoshim"),
             ("Fighting broke out in Afghanistan's Darwaz district on Monday.", "Nusay"))
    for text, name in cases:
        assert only(text)["location"] == name, text


def test_separately_reported_news_without_a_day_is_news_of_the_last_days() -> None:
    text = ("Two soldiers were killed in Darzab on Thursday, officials said. The governor asked for more troops. "
            "Many families have left the district.\n\nSeparately, a Taliban commander was killed when his men "
            "stormed a security post in Qush Tepa district.")
    separate = next(e for e in events(text) if e["location"] == "Qush Tepa")
    assert (separate["date_start"], separate["date_end"]) == (dt.date(2021, 7, 8), dt.date(2021, 7, 10))


# -- a province named as an institution, an event in the course of another ----------------------------------

def test_a_province_naming_an_institution_is_no_place() -> None:
    found = events("A roadside mine killed four soldiers on Monday and injured the secretary of Takhar police "
                   "directorate.")
    assert all(e["location"] != "Takhar" for e in found)
    assert only("Gunmen killed two soldiers in Takhar on Monday.")["location"] == "Takhar"


def test_an_event_during_an_operation_told_before_is_at_the_operations_place() -> None:
    text = ("Security forces cleared Darqad district of the Taliban on Monday. During the operation a tank hit a "
            "roadside mine, killing four soldiers and injuring three others of the provincial police directorate.")
    mine = next(e for e in events(text) if e["sub_event_type"] == "Remote explosive/landmine/IED")
    assert mine["location"] == "Darqad" and mine["fatalities_best"] == 4


def test_there_is_the_place_named_before_and_finer_than_the_border_line() -> None:
    text = ("The Khirmanjo frontier post guards a remote stretch of the Panj. A guard was killed on the Tajik-Afghan "
            "border there on Monday.")
    assert km_from(only(text), "Khirmanjo") < 5
    text = ("Tajik border guards patrol near the village of Chubek in Hamadoni district. On Monday, smugglers "
            "opened fire on a patrol on the Afghan border there, killing a guard.")
    assert next(e for e in events(text) if e["kind"] == "incident")["location"] == "Chubek"
    assert events("There were no reports of casualties in Panj.") == []


def test_a_border_clash_with_a_toll_is_on_the_border_of_the_articles_two_countries() -> None:
    text = ("Afghanistan's government said it is working with Tajikistan to investigate a deadly border clash that "
            "killed five people, including two Tajik border guards.")
    event = only(text)
    assert (event["location"], event["fatalities_best"]) == ("Afghan–Tajik border", 5)
    assert events("Kabul said it is working with Tajikistan on border trade.") == []


def test_a_district_named_earlier_in_the_paragraph_refines_a_border_line_place() -> None:
    text = ("In Farkhor district, residents said armed men crossed the river at night. A Tajik border guard was "
            "killed on the Tajik-Afghan border on Sunday, officials said.")
    assert only(text)["location"] == "Farkhor"


def test_an_apposition_naming_the_country_tells_a_name_of_two_places_apart() -> None:
    event = only("A clash occurred on Monday in Ishkashim, a district on the Afghan side of the Panj river.")
    assert event["location"] == "Ishkashim (Afghanistan)"
