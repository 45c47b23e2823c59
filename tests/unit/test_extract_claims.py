"""Who says so and who did it: attributions, title-and-name sources, pronouns and actors."""

from __future__ import annotations

import pytest

from geo.extraction.claims import SpeakerMemory, find_actors, find_attributions, source_before


def sources(text: str) -> list[tuple[str, str]]:
    return [(a.how, a.source) for a in find_attributions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three soldiers were killed, according to a statement issued by the Afghan army.",
         [("according_to", "the Afghan army")]),
        ("According to Kurbonov, 161 border guards were killed.", [("according_to", "Kurbonov")]),
        ("Deputy Defence Minister Anatoly Antonov told a news conference on Thursday.",
         [("said", "Deputy Defence Minister Anatoly Antonov")]),
        ("Alexander Bortnikov, director of the Federal Security Service (FSB), warned of the danger.",
         [("said", "Alexander Bortnikov, director of the Federal Security Service (FSB)")]),
        ("On April 18th, Colonel-General Alexander Manilov, chairman of the Coordinating Service, said that",
         [("said", "Colonel-General Alexander Manilov, chairman of the Coordinating Service")]),
        ("In September, the National Security Committee of Tajikistan announced that",
         [("said", "National Security Committee of Tajikistan")]),
        ("\u201cThe situation is complex,\u201d Bortnikov said at a conference.", [("said", "Bortnikov")]),
        ("the operations for which ISIS claimed responsibility", [("responsibility", "ISIS")]),
        ("a military journalist quoted the general as having said so", [("quoted", "the general")]),
    ],
)
def test_attributions(text, expected):
    assert sources(text) == expected


def test_negated_responsibility_is_not_a_claim():
    assert sources("No group has claimed responsibility for the blast.") == []


def test_vague_sources_are_skipped():
    assert sources("According to reports, militants were freed.") == []


def test_source_phrase_stops_at_a_clause_before_the_name():
    text = "militants in Afghanistan, Russian Deputy Defence Minister Anatoly Antonov told"
    assert source_before(text, text.index("told")) == "Russian Deputy Defence Minister Anatoly Antonov"


def test_memory_resolves_pronouns_titles_and_the_organization():
    memory = SpeakerMemory()
    memory.add("Colonel-General Alexander Manilov, chairman of the Coordinating Service")
    assert memory.add("he") == "Colonel-General Alexander Manilov, chairman of the Coordinating Service"
    assert memory.resolve("the general").startswith("Colonel-General Alexander Manilov")
    for actor in find_actors("ISIS claimed the attack"):
        memory.remember_actor(actor)
    assert memory.resolve("the organization") == "Islamic State"
    assert memory.resolve("the Afghan army") == "the Afghan army"  # nothing earlier: kept as written


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("ISIS fighters", "Islamic State", "militant"),
        ("the Islamic State group", "Islamic State", "militant"),
        ("the IS group has gained a toehold", "Islamic State", "militant"),
        ("ISKP militants", "Islamic State Khorasan Province", "militant"),
        ("members of the Jamiat Ansarullah group", "Jamaat Ansarullah", "militant"),
        ("the Taliban's takeover", "Taliban", "militant"),
        ("161 Russian border guards", "Russian Border Troops", "state"),
        ("a statement issued by the Afghan army", "Afghan army", "state"),
        ("Tajik security forces", "Tajik security forces", "state"),
        ("the National Security Committee announced", "Tajik State Committee for National Security", "state"),
    ],
)
def test_actors(text, name, kind):
    actor = find_actors(text)[0]
    assert (actor.name, actor.kind) == (name, kind)
    assert text[actor.start:actor.end]


def test_the_verb_is_is_not_islamic_state():
    assert find_actors("The situation is complex and it is normal") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Two soldiers were killed near Khorog on Monday, a local official said.", "a local official said"),
        ("The post was shelled, an army spokesman told reporters.", "an army spokesman told"),
        ("The Border Troops of Tajikistan said two guards were wounded.", "Border Troops of Tajikistan said"),
    ],
)
def test_said_evidence_span_covers_the_whole_source_phrase(text, phrase):
    (attribution,) = find_attributions(text)
    assert text[attribution.start:attribution.end] == phrase
