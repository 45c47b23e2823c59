"""Trigger rules: classification, requirements, hypothetical and time-reference filters, joining."""

from __future__ import annotations

import pytest

from geo.extraction.claims import find_actors
from geo.extraction.dates import find_dates
from geo.extraction.numbers import find_figures
from geo.extraction.triggers import TRIGGER_RULES, find_mentions
from geo.model import ACLED_TAXONOMY, KINDS


def mentions(text: str):
    dates = [(d.start, d.end) for d in find_dates(text, __import__("datetime").date(2024, 5, 3))]
    return find_mentions(text, 0, len(text), find_figures(text), find_actors(text), dates)


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.event_type, m.sub_event_type) for m in mentions(text)]


def test_every_rule_uses_the_acled_taxonomy_and_our_kinds():
    for rule in TRIGGER_RULES:
        assert rule.kind in KINDS
        assert rule.sub_event_type in ACLED_TAXONOMY[rule.event_type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a bomb exploded near a military base, killing three soldiers",
         ("incident", "Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("ISIS carried out a suicide attack in front of the embassy",
         ("incident", "Explosions/Remote violence", "Suicide bomb")),
        ("militants launched multiple rocket attacks into Tajikistan",
         ("incident", "Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("drones struck a compound, killing five militants", ("incident", "Explosions/Remote violence",
                                                             "Air/drone strike")),
        ("more than 30 people were killed at a prison riot", ("incident", "Riots", "Mob violence")),
        ("border guards exchanged fire with smugglers", ("incident", "Battles", "Armed clash")),
        ("dozens of militants were killed in the south", ("incident", "Battles", "Armed clash")),
        ("many unarmed civilians were murdered in the villages",
         ("incident", "Violence against civilians", "Attack")),
        ("thousands of people protested in the city", ("incident", "Protests", "Peaceful protest")),
        ("Russia modernized its military base in Tajikistan", ("posture", "Strategic developments", "Other")),
        ("border defense has been significantly strengthened", ("posture", "Strategic developments", "Other")),
        ("approximately 10,000 militants were concentrated on the borders",
         ("concentration", "Strategic developments", "Other")),
        ("elements of the ISIS organization are deployed in the border areas",
         ("concentration", "Strategic developments", "Other")),
        ("a special regional meeting was held in the capital", ("context", "Strategic developments", "Other")),
        ("Moscow signed an agreement with Dushanbe", ("context", "Strategic developments", "Agreement")),
        ("175 militants were pardoned in Tajikistan", ("context", "Strategic developments", "Other")),
        ("Russia began to transfer portions of the border to Tajik control",
         ("context", "Strategic developments", "Non-violent transfer of territory")),
        ("police arrested 14 members of a banned group", ("incident", "Strategic developments", "Arrests")),
    ],
)
def test_classification(text, expected):
    assert kinds(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "to raise the level of security in order to prevent any attacks",
        "militants would potentially carry out attacks around the world",
        "the members were planning terrorist attacks in the country",
        "Following the Taliban takeover, the border was quiet",
        "the deputy minister told a news conference in Moscow",
        "the Collective Security Treaty Organization met rarely",
        "moved to reinforce security cooperation in the region",
        "the active presence of terrorists along the borders",  # no named group or figure
    ],
)
def test_no_event(text):
    assert [m for m in mentions(text) if m.qualified and not m.definite] == []


def test_reinforce_needs_a_military_object():
    assert [m.kind for m in mentions("an agreement signed in 1992 and reinforced by a later accord")] == ["context"]


def test_generic_trigger_joins_the_specific_one():
    found = mentions("the bloody event that killed more than 30 people at a prison riot last month")
    assert len(found) == 1 and found[0].rule.name == "riot" and found[0].joined


def test_two_specific_events_in_one_sentence_get_their_own_segments():
    text = ("ISIS has launched rocket attacks from Afghan territory into Tajikistan and carried out a suicide "
            "attack in front of the Russian Embassy in Kabul")
    rockets, suicide = mentions(text)
    assert rockets.rule.name == "shelling" and suicide.rule.name == "suicide"
    assert "into Tajikistan" in text[rockets.seg_start:rockets.seg_end]
    assert "Kabul" in text[suicide.seg_start:suicide.seg_end]
    assert "Tajikistan" not in text[suicide.seg_start:suicide.seg_end]


def test_same_type_triggers_split_only_when_each_has_its_own_date():
    text = "In August 1992, Moscow signed an agreement, an agreement reinforced by a May 1993 accord."
    found = mentions(text)
    assert [m.rule.name for m in found] == ["agreement", "agreement"]
    assert "May 1993" in text[found[1].seg_start:found[1].seg_end]


def test_definite_references_are_marked_with_their_cue_words():
    (mention,) = mentions("the perpetrators of the prison incident were soldiers")
    assert mention.definite and "prison" in mention.cue_words


def test_a_troop_count_alone_is_a_posture_mention():
    (mention,) = mentions("More than 10,000 troops were involved, of which 99 percent were draftees")
    assert mention.kind == "posture" and mention.rule.name == "force_strength"
