"""Failure classes of issue 11, ninth round: an arrest is an incident, as docs/DATASET.md codes it (ACLED's
Arrests), and the people taken in a fight are part of that fight: "killed three and arrested 40" is one clash
with three dead, not a clash and a separate arrest, and the people held are no force of the fight.

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

import pytest

from geo.extraction import extract_events
from tests.unit.extraction_helpers import META, events, only


@pytest.mark.parametrize(("text", "held"), [
    ("Police arrested 12 people suspected of smuggling in Farkhor on Monday.", 12),
    ("Border guards detained three Afghan nationals near Panj on Friday.", 3),
])
def test_an_arrest_alone_is_an_incident_holding_its_people(text: str, held: int) -> None:
    found = only(text)
    assert (found["kind"], found["sub_event_type"], found["strength_best"]) == ("incident", "Arrests", held)
    assert found.get("fatalities_best") is None


@pytest.mark.parametrize(("text", "killed"), [
    ("They killed three soldiers and 40 militants were arrested in Kunduz on Friday.", 3),
    ("Police detained 17 militants and killed four in Kunduz on Friday.", 4),
    ("Security forces killed two gunmen and detained five in a raid in Khorog on Thursday.", 2),
])
def test_people_taken_in_a_fight_are_part_of_the_fight(text: str, killed: int) -> None:
    (found,) = events(text)
    assert (found["kind"], found["sub_event_type"], found["fatalities_best"]) == ("incident", "Armed clash", killed)
    assert found.get("strength_best") is None


def test_an_event_told_late_in_the_article_is_less_sure_than_the_same_event_in_its_lead() -> None:
    event = "Gunmen killed two border guards near Panj on Friday."
    background = "Officials said the area has long been used by smugglers. " * 6
    lead = extract_events(f"{event}\n\n{background}", META).candidates
    late = extract_events(f"{background}\n\n{event}", META).candidates
    assert len(lead) == len(late) == 1
    assert late[0].confidence < lead[0].confidence
    assert lead[0].event["location"] == late[0].event["location"]
