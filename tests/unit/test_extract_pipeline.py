"""The whole extractor: the candidate contract, messages, coreference, and the gold benchmark."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from geo.extraction import ArticleMeta, extract_events
from geo.model import FIELDS, Event
from tests.conftest import REPO, SEEDS

GOLD = REPO / "tests" / "gold"
FIXTURES = REPO / "tests" / "fixtures" / "articles"
META = ArticleMeta(published=dt.date(2024, 5, 3), publisher="Invented Wire", title="Test",
                   url="https://example.org/story")

RIOT = (
    "A riot broke out at a prison in Khujand last month, killing 12 inmates, the justice ministry said.\n"
    "Officials blamed Islamic State supporters for the unrest.\n"
    "Guards regained control of the prison the next day.\n"
    "The prison incident in April was the deadliest in years.\n"
)


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_extract", REPO / "scripts" / "bench_extract.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_candidate_contract():
    result = extract_events(RIOT, META)
    (candidate,) = result.candidates
    event = candidate.to_event()
    assert isinstance(event, Event)
    assert (event.kind, event.event_type, event.sub_event_type) == ("incident", "Riots", "Mob violence")
    assert (event.date_start, event.date_end, event.time_precision) == (dt.date(2024, 4, 1), dt.date(2024, 4, 30), 2)
    assert (event.location, event.fatalities_best, event.fatalities_text) == ("Khujand", 12, "12 inmates")
    assert event.claimed_by == "justice ministry"
    citation = event.sources[0]
    assert (citation.publisher, citation.reliability, citation.credibility, citation.url) == (
        "Invented Wire", "F", 6, "https://example.org/story")
    assert event.event_id.startswith("ING-")
    assert extract_events(RIOT, META).candidates[0].event["event_id"] == event.event_id  # stable
    feature = candidate.to_feature()
    assert set(feature["properties"]) == {*FIELDS, "evidence"}
    assert 0 < candidate.confidence < 1


def test_coreferent_mentions_merge_with_evidence_from_each_sentence():
    (candidate,) = extract_events(RIOT, META).candidates
    sentences = [(e["start"], e["end"]) for e in candidate.evidence if e["field"] == "event"]
    texts = [RIOT[s:e] for s, e in sentences]
    assert texts[0].startswith("A riot broke out") and texts[-1].startswith("The prison incident in April")
    for item in candidate.evidence:
        assert 0 <= item["start"] < item["end"] <= len(RIOT)
    fields = {e["field"] for e in candidate.evidence}
    assert {"event", "event_type", "date", "location", "fatalities", "claimed_by"} <= fields


def test_notes_are_neutral_words_not_copied_sentences():
    for candidate in extract_events(RIOT, META).candidates:
        notes = candidate.event["notes"]
        assert notes.startswith("Extracted: riot at Khujand; 12 killed")
        words = RIOT.split()
        for i in range(len(words) - 5):
            assert " ".join(words[i:i + 6]) not in notes


def test_no_events_and_empty_text_messages():
    result = extract_events((FIXTURES / "invented_no_events.txt").read_text(encoding="utf-8"), META)
    assert result.candidates == []
    assert any(m.startswith("no events found") for m in result.messages)
    assert extract_events("   ", META).messages == ["the article text is empty: no events found"]


def test_future_publication_date_is_reported():
    future = ArticleMeta(published=dt.date.today() + dt.timedelta(days=30), publisher="Wire")
    result = extract_events(RIOT, future)
    assert "is in the future" in result.messages[0]


def test_undated_event_falls_back_to_the_year_before_publication_with_low_confidence():
    result = extract_events("Clashes broke out near Khorog, officials said.", META)
    (candidate,) = result.candidates
    # the same calendar day a year before publication (2024 is a leap year: not 365 days back)
    assert (candidate.event["date_start"], candidate.event["date_end"]) == (dt.date(2023, 5, 3), META.published)
    assert candidate.event["time_precision"] == 3
    assert candidate.confidence < extract_events("Clashes broke out near Khorog on Monday.", META).candidates[
        0].confidence
    assert any("no date stated" in m for m in result.messages)


def test_event_without_a_place_in_its_sentence_is_not_placed_elsewhere():
    text = "Officials met in Khorog on Monday.\nBorder troops clash with smugglers almost daily, he said.\n"
    result = extract_events(text, META)
    assert [c.event["location"] for c in result.candidates] == ["Khorog"]
    assert any("no place is tied to it" in m for m in result.messages)


def test_article_meta_validation():
    assert ArticleMeta(published="2024-05-03").published == dt.date(2024, 5, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a date"):
        ArticleMeta(published="May 3rd")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="published is required"):
        ArticleMeta(published=None)  # type: ignore[arg-type]
    assert ArticleMeta(published=dt.date(2024, 5, 3)).citation().publisher == "Unknown publisher"


def _gold(name: str, key: str) -> list[dict]:
    return json.loads((GOLD / name).read_text(encoding="utf-8"))[key]


@pytest.mark.parametrize(("name", "key", "folder"), [("seeds_gold.json", "articles", SEEDS),
                                                     ("fixtures_gold.json", "fixtures", FIXTURES)])
def test_gold_offsets_point_at_the_annotated_text(name, key, folder):
    for article in _gold(name, key):
        path = Path(folder) / article["file"]
        if not path.is_file():
            pytest.skip(f"{path} is not available")
        text = path.read_text(encoding="utf-8")
        for event in article["events"]:
            assert event["evidence"], event["id"]
            for span in event["evidence"]:
                digest = hashlib.sha1(text[span["start"]:span["end"]].encode("utf-8")).hexdigest()[:12]
                assert digest == span["sha1"], (article["file"], event["id"], span)
            assert dt.date.fromisoformat(event["date_start"]) <= dt.date.fromisoformat(event["date_end"])


@pytest.mark.parametrize(("name", "key", "folder"), [("seeds_gold.json", "articles", SEEDS),
                                                     ("fixtures_gold.json", "fixtures", FIXTURES)])
def test_benchmark_meets_the_targets(name, key, folder, capsys):
    if not Path(folder).is_dir():
        pytest.skip(f"{folder} is not available")
    bench = bench_module()
    score = bench.run(bench.gold_file(GOLD / name, key), Path(folder), "test", verbose=False)
    rates = score.rates()
    for metric, value in rates.items():
        assert value >= bench.SEED_TARGET, (metric, rates)
    assert re.search(r"ALL\s+\d+", capsys.readouterr().out)


@pytest.mark.parametrize(("name", "key", "folder"), [("seeds_gold.json", "articles", SEEDS),
                                                     ("fixtures_gold.json", "fixtures", FIXTURES)])
def test_candidate_ids_are_unique_within_an_article(name, key, folder):
    """The store refuses a batch listing an id twice, so one article must never yield a repeated id."""
    for article in _gold(name, key):
        path = Path(folder) / article["file"]
        if not path.is_file():
            pytest.skip(f"{path} is not available")
        meta = ArticleMeta(published=dt.date.fromisoformat(article["published"]),
                           publisher=article.get("publisher", ""))
        ids = [c.event["event_id"] for c in extract_events(path.read_text(encoding="utf-8"), meta).candidates]
        assert len(ids) == len(set(ids)), (article["file"], ids)
        assert bool(ids) == bool(article["events"]), article["file"]


def test_unplaced_event_message_reads_as_english() -> None:
    """The warning for an event with no place names it with the right article ("an explosion")."""
    meta = ArticleMeta(published=dt.date(2023, 6, 8))
    result = extract_events("An explosion killed two people yesterday, officials said.", meta)
    assert any("mentions an explosion but no place" in m for m in result.messages), result.messages
