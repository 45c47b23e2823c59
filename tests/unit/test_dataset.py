"""The curated default dataset built from the seed articles."""

from __future__ import annotations

import csv
import re

import pytest

from geo.dataset import load_default_events, load_sources
from geo.paths import DEFAULT_SOURCES
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def events():
    return {e.event_id: e for e in load_default_events()}


def test_every_event_is_valid_and_sourced(events) -> None:
    assert len(events) >= 30
    for event in events.values():
        assert event.sources and all(s.publisher for s in event.sources)


def test_every_source_is_used_and_maps_to_a_seed(events) -> None:
    used = {s.source_id for e in events.values() for s in e.sources}
    assert used == set(load_sources())
    with DEFAULT_SOURCES.open(encoding="utf-8") as fh:
        seed_files = {row["seed_file"] for row in csv.DictReader(fh)}
    if SEEDS.exists():
        assert seed_files == {p.name for p in SEEDS.glob("*.txt")}


def by_text(events, needle: str):
    hits = [e for e in events.values() if needle.lower() in e.notes.lower()]
    assert hits, f"no event mentions {needle!r}"
    return hits[0]


def test_key_seed_facts_are_present(events) -> None:
    bomb = by_text(events, "bomb went off near an Afghan army base")
    assert (bomb.fatalities_best, bomb.wounded, bomb.claimed_by) == (3, 5, "Afghan army statement")
    riot = by_text(events, "prison riot")
    assert riot.fatalities_low == 31 and riot.fatalities_text == "more than 30 people"
    assert riot.date_start.isoformat().startswith("2019-05")
    mass = by_text(events, "about 10,000")
    assert mass.kind == "concentration" and mass.strength_best == 10000
    guards = by_text(events, "161 Russian guards")
    assert guards.wounded == 362 and guards.fatalities_low == 161
    assert (guards.date_start.year, guards.date_end.year, guards.time_precision) == (1992, 2005, 3)
    jamaat = by_text(events, "Jamaat Ansarullah")
    assert jamaat.fatalities_best == 3
    assert (jamaat.date_start.isoformat(), jamaat.date_end.isoformat()) == ("2023-09-01", "2023-09-30")
    embassy = by_text(events, "embassy in Kabul")
    assert embassy.fatalities_best == 2 and embassy.sub_event_type == "Suicide bomb"
    amnesty = by_text(events, "amnesty for 175")
    assert amnesty.location.endswith("St. Petersburg")
    war = by_text(events, "civil war")
    assert (war.fatalities_low, war.fatalities_best, war.fatalities_high) == (20000, 50000, 60000)
    assert by_text(events, "1,344 km").kind == "context"


def test_one_real_world_posture_has_several_sources(events) -> None:
    assert max(len(e.sources) for e in events.values()) >= 3


def test_area_events_are_areas_not_pins(events) -> None:
    for event in events.values():
        if event.geo_precision == 3 and event.country in ("Afghanistan", "Tajikistan"):
            assert event.geometry.geom_type != "Point", event.event_id


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
def test_notes_are_not_copied_from_the_seeds(events) -> None:
    seed_words = [re.findall(r"[\w']+", p.read_text(encoding="utf-8").lower()) for p in SEEDS.glob("*.txt")]
    grams = {tuple(ws[i:i + 12]) for ws in seed_words for i in range(len(ws) - 11)}
    for event in events.values():
        words = re.findall(r"[\w']+", event.notes.lower())
        for i in range(len(words) - 11):
            assert tuple(words[i:i + 12]) not in grams, f"{event.event_id} copies a seed sentence"
