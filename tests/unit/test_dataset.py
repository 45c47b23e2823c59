"""The curated default dataset (data/events.geojson + data/sources.csv) built from the seeds."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pytest

from geo.model import FIELDS, METRIC_CRS, Event
from geo.paths import DEFAULT_EVENTS, DEFAULT_SOURCES, REPO_ROOT
from geo.places import countries
from geo.stores.dataset import DatasetError, load_default_events, load_sources
from tests.conftest import SEEDS

SOURCES_HEADER = "source_id,publisher,title,published,url,reliability,seed_file,note\n"
GOOD_SOURCE = "src-a,Wire A,Title A,2020-01-02,,B,a.txt,note\n"
DATASET_DOC = REPO_ROOT / "docs" / "DATASET.md"


@pytest.fixture(scope="module")
def events() -> dict[str, Event]:
    return {e.event_id: e for e in load_default_events()}


@pytest.fixture(scope="module")
def raw_features() -> list[dict]:
    return json.loads(DEFAULT_EVENTS.read_text(encoding="utf-8"))["features"]


def seed_words() -> list[list[str]]:
    return [re.findall(r"[\w']+", p.read_text(encoding="utf-8").lower()) for p in sorted(SEEDS.glob("*.txt"))]


# --- structure -----------------------------------------------------------------------------


def test_every_feature_validates_with_unique_ids(raw_features, events) -> None:
    ids = [f["properties"]["event_id"] for f in raw_features]
    assert len(ids) == len(set(ids)) == len(events)
    assert 25 <= len(events) <= 60
    assert all(f["id"] == f["properties"]["event_id"] for f in raw_features)


def test_properties_are_exactly_the_schema_fields(raw_features) -> None:
    for feature in raw_features:
        assert list(feature["properties"]) == list(FIELDS), feature["id"]
        for ref in feature["properties"]["sources"]:
            assert set(ref) == {"source_id", "credibility"}, feature["id"]


def test_every_event_cites_a_listed_source_and_every_source_is_used(events) -> None:
    listed = {s["source_id"] for s in load_sources()}
    used = Counter(c.source_id for e in events.values() for c in e.sources)
    assert all(e.sources for e in events.values())
    assert set(used) == listed
    # citations are joined with the table: publisher and reliability come from sources.csv
    table = {s["source_id"]: s for s in load_sources()}
    for event in events.values():
        for citation in event.sources:
            assert (citation.publisher, citation.reliability) == (
                table[citation.source_id]["publisher"], table[citation.source_id]["reliability"])


def test_sources_table_has_one_rated_row_per_seed() -> None:
    sources = {s["seed_file"]: s for s in load_sources()}
    if SEEDS.exists():
        assert set(sources) == {p.name for p in SEEDS.glob("*.txt")}
    assert len(sources) == 5
    for seed, source in sources.items():
        assert source["reliability"] in "ABCDEF" and len(source["note"]) > 80, seed
        # only the Khaama piece prints its address; the others are left empty, not invented
        assert (source["url"] is not None) == seed.startswith("004_"), seed
    assert sources["001_553ed75f100d1ea2.txt"]["publisher"] == "SouthFront"
    assert sources["001_553ed75f100d1ea2.txt"]["reliability"] in "DE"
    assert sources["003_0373da40c75e1bdd.txt"]["reliability"] == "F"
    assert "TASS" in sources["000_f01b04277a40782e.txt"]["publisher"]
    assert "RFE/RL" in sources["000_f01b04277a40782e.txt"]["publisher"]
    assert sources["004_192757e8cdab22f9.txt"]["published"] == "2023-10-13"
    assert sources["002_6d6cd9d4f90bb54f.txt"]["published"] == "2018-11-29"


# --- key facts from the seeds --------------------------------------------------------------


def test_bomb_near_afghan_border_base(events) -> None:
    bomb = events["BM-2019-bomb-near-afghan-border-base"]
    assert (bomb.fatalities_best, bomb.wounded, bomb.claimed_by) == (3, 5, "Afghan army statement")
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"
    # "two days ago" in an undated June 2019 article: a range, never an invented day
    assert dt.date(2019, 5, 30) <= bomb.date_start < bomb.date_end <= dt.date(2019, 6, 30)
    assert bomb.time_precision == 2


def test_vahdat_prison_riot(events) -> None:
    riot = events["BM-2019-vahdat-prison-riot"]
    assert (riot.event_type, riot.sub_event_type) == ("Riots", "Mob violence")
    assert (riot.fatalities_low, riot.fatalities_best, riot.fatalities_high) == (31, 31, None)
    assert "more than 30" in riot.fatalities_text
    assert riot.date_start == riot.date_end == dt.date(2019, 5, 19)
    assert riot.claimed_by.startswith("IS media outlet") and "Vahdat" in riot.notes


def test_militant_concentrations(events) -> None:
    manilov = events["BM-2019-manilov-10000-militants"]
    assert manilov.kind == "concentration" and manilov.strength_best == 10000
    assert manilov.date_start == dt.date(2019, 4, 18) and "Manilov" in manilov.claimed_by
    bortnikov = events["BM-2019-bortnikov-is-northern-afghanistan"]
    assert (bortnikov.strength_best, bortnikov.claimed_by) == (1000, "FSB director Alexander Bortnikov")
    assert bortnikov.strength_text == "thousands of ISIS members"


def test_russian_border_guard_record(events) -> None:
    record = events["BM-1992-russian-border-guard-record"]
    assert (record.fatalities_low, record.wounded) == (161, 362)
    assert record.fatalities_best == 161 + 3000
    assert (record.date_start, record.date_end, record.time_precision) == (
        dt.date(1992, 1, 1), dt.date(2005, 12, 31), 3)
    assert "530" in record.notes and "1,600" in record.notes
    troops = events["BM-1992-russian-border-troops-deployment"]
    assert troops.strength_low == troops.strength_best == 10001 and troops.strength_high is None
    handover = events["BM-1998-border-handover-to-tajikistan"]
    assert (handover.date_start.year, handover.date_end.year) == (1998, 2005)


def test_agreements_and_historical_toll(events) -> None:
    aug92 = events["BM-1992-russia-tajikistan-border-agreement"]
    may93 = events["BM-1993-russia-tajikistan-border-accord"]
    assert (aug92.date_start, aug92.date_end) == (dt.date(1992, 8, 1), dt.date(1992, 8, 31))
    assert (may93.date_start, may93.date_end) == (dt.date(1993, 5, 1), dt.date(1993, 5, 31))
    assert aug92.sub_event_type == may93.sub_event_type == "Agreement"
    war = events["BM-1992-tajik-civil-war-toll"]
    assert (war.fatalities_low, war.fatalities_best, war.fatalities_high) == (20000, 50000, 60000)
    displaced = events["BM-1992-civil-war-displacement"]
    assert "600,000" in displaced.notes and "80,000" in displaced.notes
    needs = events["BM-2018-tajik-officials-border-needs"]
    assert "1,344 km" in needs.notes and "US$1.3 billion" in needs.notes
    peace = events["BM-1997-general-agreement-peace"]
    assert peace.date_start == dt.date(1997, 6, 27) and peace.location.startswith("Moscow")


def test_statements_amnesty_and_2023_events(events) -> None:
    amnesty = events["BM-2019-tajikistan-amnesty-175"]
    assert "175" in amnesty.notes and "St. Petersburg" in amnesty.location
    killed = events["BM-2023-jamaat-ansarullah-three-killed"]
    assert killed.fatalities_best == 3 and killed.actor2 == "Jamaat Ansarullah"
    assert (killed.date_start.year, killed.date_start.month) == (2023, 9)
    assert killed.claimed_by == "Tajik State Committee for National Security"
    embassy = events["BM-2022-russian-embassy-kabul-bombing"]
    assert (embassy.fatalities_best, embassy.sub_event_type) == (2, "Suicide bomb")
    assert embassy.date_start == dt.date(2022, 9, 5) and embassy.admin1 == "Kabul"
    summit = events["BM-2023-putin-cis-summit-bishkek"]
    assert summit.date_start == dt.date(2023, 10, 13) and summit.country == "Kyrgyzstan"
    rockets = events["BM-2023-is-rocket-attacks-into-tajikistan"]
    assert (rockets.date_start, rockets.date_end, rockets.time_precision) == (
        dt.date(2021, 10, 13), dt.date(2023, 10, 13), 3)


def test_one_base_posture_is_reported_by_three_seeds(events) -> None:
    base = events["BM-2015-russian-201st-base-presence"]
    assert {c.source_id for c in base.sources} == {
        "src-tass-2015-antonov", "src-goble-2018-fergana", "src-khaama-2023-putin"}
    # reinforcement (2015) and modernisation (2021-23) are different events in time
    assert events["BM-2015-russian-bases-tajikistan-reinforced"].date_end < dt.date(2016, 1, 1)
    assert events["BM-2021-russian-base-modernised"].date_start == dt.date(2021, 8, 15)


# --- coding rules --------------------------------------------------------------------------


def test_time_precision_matches_the_date_range(events) -> None:
    for event in events.values():
        days = (event.date_end - event.date_start).days
        expected = 1 if days == 0 else 2 if days <= 31 else 3
        assert event.time_precision == expected, (event.event_id, days)


def test_figures_keep_their_original_wording(events) -> None:
    for event in events.values():
        if any(v is not None for v in (event.fatalities_low, event.fatalities_best, event.wounded)):
            assert event.fatalities_text, event.event_id
        if any(v is not None for v in (event.strength_low, event.strength_best, event.strength_high)):
            assert event.strength_text, event.event_id


def test_regions_are_areas_and_places_are_points(events) -> None:
    for event in events.values():
        kind = event.geometry.geom_type
        assert (kind == "Point") == (event.geo_precision < 3), event.event_id


def test_geometry_lies_in_or_on_its_country(events) -> None:
    """Catches swapped or mistyped coordinates: every event touches its coded country."""
    shapes = countries().set_index("name").geometry.to_crs(METRIC_CRS)
    checked = 0
    for event in events.values():
        if event.country not in shapes.index:
            continue  # Russia lies outside the regional basemap
        geom = gpd.GeoSeries([event.geometry], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
        assert geom.distance(shapes[event.country]) < 2_000, event.event_id  # metres
        checked += 1
    assert checked >= 35


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
def test_notes_are_not_copied_from_the_seeds(events) -> None:
    grams = {tuple(ws[i:i + 12]) for ws in seed_words() for i in range(len(ws) - 11)}
    assert grams
    texts = {event_id: e.notes for event_id, e in events.items()}
    texts.update({s["source_id"]: s["note"] for s in load_sources()})
    texts["docs/DATASET.md"] = DATASET_DOC.read_text(encoding="utf-8")
    for name, text in texts.items():
        words = re.findall(r"[\w']+", text.lower())
        for i in range(len(words) - 11):
            assert tuple(words[i:i + 12]) not in grams, f"{name} copies: {' '.join(words[i:i + 12])}"


def test_dataset_doc_lists_every_event(events) -> None:
    doc = DATASET_DOC.read_text(encoding="utf-8")
    missing = [event_id for event_id in events if f"| `{event_id}` |" not in doc]
    assert not missing, f"docs/DATASET.md has no table row for {missing}"


def test_events_file_matches_its_builder() -> None:
    """Geometry is derived from each feature's place: the committed file must be what
    ``scripts/build_dataset.py`` writes (if this fails, run that script and review the diff)."""
    spec = importlib.util.spec_from_file_location("build_dataset", REPO_ROOT / "scripts" / "build_dataset.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.build(DEFAULT_EVENTS) == DEFAULT_EVENTS.read_text(encoding="utf-8")


# --- loader errors -------------------------------------------------------------------------


def write_dataset(tmp: Path, features: list[dict], sources: str = SOURCES_HEADER + GOOD_SOURCE) -> tuple[Path, Path]:
    events_path, sources_path = tmp / "events.geojson", tmp / "sources.csv"
    events_path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    sources_path.write_text(sources, encoding="utf-8")
    return events_path, sources_path


def a_feature(event_id: str = "E-1", **props: object) -> dict:
    base = {
        "event_id": event_id, "kind": "incident", "event_type": "Battles", "sub_event_type": "Armed clash",
        "date_start": "2020-01-01", "date_end": "2020-01-01", "time_precision": 1, "location": "Kulob",
        "country": "Tajikistan", "geo_precision": 1, "notes": "",
        "sources": [{"source_id": "src-a", "credibility": 2}],
    }
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": {"type": "Point", "coordinates": [69.78, 37.91]}}


def test_loader_joins_a_small_dataset(tmp_path: Path) -> None:
    events = load_default_events(*write_dataset(tmp_path, [a_feature()]))
    assert events[0].sources[0].publisher == "Wire A" and events[0].sources[0].credibility == 2
    assert events[0].sources[0].published == dt.date(2020, 1, 2)


def test_loader_lists_every_problem_with_feature_and_field(tmp_path: Path) -> None:
    features = [
        a_feature("E-1", sources=[{"source_id": "src-missing", "credibility": 2}]),
        a_feature("E-2", sources=[{"source_id": "src-a", "credibility": 9}]),
        a_feature("E-3", date_end="2019-01-01"),
        a_feature("E-1"),
    ]
    with pytest.raises(ValueError) as info:
        load_default_events(*write_dataset(tmp_path, features))
    message = str(info.value)
    assert "feature 1 (E-1), field sources.0: unknown source_id 'src-missing'" in message
    assert "feature 2 (E-2), field sources.0.credibility" in message
    assert "feature 3 (E-3)" in message and "before date_start" in message
    assert "feature 4 (E-1), field event_id: duplicate id 'E-1'" in message
    assert {re.match(r"feature (\d)", p).group(1) for p in info.value.problems} == {"1", "2", "3", "4"}


def test_loader_reports_bad_sources_rows_by_line(tmp_path: Path) -> None:
    bad = SOURCES_HEADER + GOOD_SOURCE + "src b,Wire B,T,2020-13-01,ftp://x,Z,b.txt,n\n" + GOOD_SOURCE
    with pytest.raises(DatasetError) as info:
        load_default_events(*write_dataset(tmp_path, [a_feature()], bad))
    message = str(info.value)
    assert message.startswith("sources.csv is invalid")
    for field in ("source_id", "published", "url", "reliability"):
        assert f"line 3, field {field}" in message
    assert "line 4, field source_id: duplicate id 'src-a'" in message


def test_loader_rejects_unreadable_files_clearly(tmp_path: Path) -> None:
    events_path, sources_path = write_dataset(tmp_path, [a_feature()])
    events_path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(ValueError, match=r"events.geojson is invalid:\nline 1, column \d+: not valid JSON"):
        load_default_events(events_path, sources_path)
    events_path.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a GeoJSON FeatureCollection"):
        load_default_events(events_path, sources_path)
    with pytest.raises(ValueError, match="cannot be read"):
        load_default_events(tmp_path / "missing.geojson", sources_path)
    sources_path.write_text("source_id,publisher\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_sources(sources_path)


def test_default_paths_are_the_committed_files() -> None:
    assert DEFAULT_EVENTS.name == "events.geojson" and DEFAULT_SOURCES.name == "sources.csv"
    assert load_default_events() == load_default_events(DEFAULT_EVENTS, DEFAULT_SOURCES)
