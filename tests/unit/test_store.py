"""The GeoPackage store: seeding, all-or-nothing writes, atomicity, versions."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pyogrio
import pytest

import geo.store as store_module
from geo.dataset import load_default_events
from geo.paths import store_path
from geo.schema import Citation, events_to_frame, frame_to_events
from geo.store import GeoPackageStore, StoreError, open_store
from tests.unit.helpers import make_event


@pytest.fixture
def store(tmp_path: Path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "s.gpkg")


def ids(store: GeoPackageStore) -> list[str]:
    return list(store.load()["event_id"])


def other_citation(**changes: object) -> Citation:
    data = {"source_id": "second", "publisher": "Other Wire", "reliability": "C",
            "credibility": 3, **changes}
    return Citation.model_validate(data)


# -- opening and seeding ----------------------------------------------------------------


def test_first_open_seeds_default_dataset_in_data_home(data_home: Path) -> None:
    store = open_store()
    assert isinstance(store, GeoPackageStore)
    assert store.path == data_home / "border_monitor.gpkg" == store_path()
    assert frame_to_events(store.load()) == load_default_events()
    version = store.version()
    assert open_store().version() == version  # opening again does not reseed


def test_border_monitor_data_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(elsewhere))
    store = open_store()
    assert isinstance(store, GeoPackageStore)
    assert store.path == elsewhere / "border_monitor.gpkg" and store.path.exists()


def test_explicit_path_starts_empty_and_urls_are_refused(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "fresh.gpkg"))
    assert store.load().empty and store.version() == "missing"
    assert not (tmp_path / "fresh.gpkg").exists()
    with pytest.raises(StoreError, match="unsupported store URL scheme 'postgresql'"):
        open_store("postgresql://localhost/events")


# -- reading ----------------------------------------------------------------------------


def test_load_gives_the_canonical_frame(store: GeoPackageStore) -> None:
    events = [make_event(), make_event(event_id="T-2", fatalities_low=None, actor1="Unit A",
                                       date_end="2020-05-09", time_precision=2)]
    assert store.add(events).ok
    frame = store.load()
    assert frame.crs.to_epsg() == 4326
    assert str(frame["date_start"].dtype) == str(frame["date_end"].dtype) == "datetime64[ns]"
    assert str(frame["fatalities_low"].dtype) == "Int64" and frame["fatalities_low"].isna()[1]
    assert frame["sources"].iloc[0] == [events[0].sources[0].model_dump(mode="json")]
    assert list(frame.columns[:3]) == ["event_id", "kind", "event_type"]
    assert frame_to_events(frame) == events


def test_get_returns_the_event_or_none(store: GeoPackageStore) -> None:
    assert store.get("T-1") is None  # no file yet
    store.add([make_event(), make_event(event_id="T-2")])
    assert store.get("T-2") == make_event(event_id="T-2")
    assert store.get("nope") is None
    assert store.get("x' OR '1'='1") is None  # quoted, not interpreted as SQL


def test_mixed_geometries_in_one_layer(store: GeoPackageStore) -> None:
    events = [
        make_event(),
        make_event(event_id="L", geometry="LINESTRING (68 37, 69 37.2)"),
        make_event(event_id="P", geometry="POLYGON ((68 37, 69 37, 69 38, 68 37))"),
        make_event(event_id="M", geometry="MULTIPOLYGON (((70 37, 71 37, 71 38, 70 37)))"),
    ]
    assert store.add(events).ok
    assert pyogrio.read_info(store.path, layer="events")["geometry_type"] == "Unknown"
    assert list(store.load().geometry.geom_type) == ["Point", "LineString", "Polygon",
                                                      "MultiPolygon"]
    assert frame_to_events(store.load()) == events


def test_moderate_size_loads_quickly(store: GeoPackageStore) -> None:
    events = [make_event(event_id=f"E-{i}", geometry=f"POINT ({67 + i % 800 / 100} 37)")
              for i in range(3000)]
    assert store.add(events).added == 3000
    started = time.perf_counter()
    frame = store.load()
    assert time.perf_counter() - started < 2.0
    assert len(frame) == 3000 and frame["event_id"].is_unique


# -- writing ----------------------------------------------------------------------------


def test_add_delete_and_version_changes_on_every_write(store: GeoPackageStore) -> None:
    v0 = store.version()
    report = store.add([make_event(), make_event(event_id="T-2")])
    assert (report.ok, report.read, report.added) == (True, 2, 2)
    v1 = store.version()
    assert v1 != v0
    # same file size, same second: the version must still change
    store.upsert([make_event(notes="a")])
    v2 = store.version()
    store.upsert([make_event(notes="b")])
    assert len({v1, v2, store.version()}) == 3
    assert store.delete("T-1") == 1  # a single id string, not its characters
    assert ids(store) == ["T-2"]
    v3 = store.version()
    assert store.delete(["unknown"]) == 0 and store.version() == v3  # no needless write


def test_add_rejects_duplicate_ids_in_store_and_batch(store: GeoPackageStore) -> None:
    store.add([make_event()])
    version = store.version()
    report = store.add([make_event(event_id="T-9"), make_event()])  # T-1 exists
    assert report.rejected == [
        "record 2 (T-1), field event_id: already in the store (update it instead)"
    ]
    report = store.add([make_event(event_id="T-9"), make_event(event_id="T-9")])
    assert report.rejected == ["record 2 (T-9), field event_id: listed twice in this batch"]
    assert (ids(store), store.version()) == (["T-1"], version)


def test_add_rejects_invalid_records_and_writes_nothing(store: GeoPackageStore) -> None:
    store.add([make_event()])
    version = store.version()
    bad_dict = make_event(event_id="T-3").model_dump() | {"date_end": "2019-01-01"}
    mutated = make_event(event_id="T-4")
    mutated.fatalities_high = 0  # assignment is not validated; the store re-validates
    report = store.add([make_event(event_id="T-2"), bad_dict, mutated])
    assert not report.ok and report.added == 0
    assert report.rejected[0].startswith("record 2 (T-3), field record: date_end 2019-01-01")
    assert report.rejected[1].startswith("record 3 (T-4), field record: fatalities estimates")
    assert (ids(store), store.version()) == (["T-1"], version)


def test_upsert_counts_added_updated_unchanged(store: GeoPackageStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    report = store.upsert([make_event(notes="changed"), make_event(event_id="T-2"),
                           make_event(event_id="T-3")])
    assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
    assert store.get("T-1").notes == "changed"  # type: ignore[union-attr]
    assert sorted(ids(store)) == ["T-1", "T-2", "T-3"]
    version = store.version()
    assert store.upsert([make_event(notes="changed")]).unchanged == 1
    assert store.version() == version


def test_add_source_merges_a_second_report_of_the_same_event(store: GeoPackageStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    updated = store.add_source("T-1", other_citation())
    assert [s.source_id for s in updated.sources] == ["test-src", "second"]
    assert store.get("T-1") == updated and len(store.load()) == 2
    version = store.version()
    assert store.add_source("T-1", other_citation()) == updated  # same citation again: no-op
    assert store.version() == version
    with pytest.raises(StoreError, match="already cited with different details"):
        store.add_source("T-1", other_citation(credibility=1))
    with pytest.raises(StoreError, match="no event with this id"):
        store.add_source("T-404", other_citation())


def test_add_sources_is_all_or_nothing(store: GeoPackageStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    version = store.version()
    bad_citation = {"source_id": "bad id!", "publisher": "P"}
    report = store.add_sources([("T-1", other_citation()), ("T-2", bad_citation)])
    assert report.rejected[0].startswith("citation 2 for T-2, field source_id:")
    report = store.add_sources([("T-1", other_citation()), ("T-404", other_citation())])
    assert report.rejected == ["citation 2 for T-404: no event with this id in the store"]
    assert report.merged == 0 and store.version() == version
    assert len(store.get("T-1").sources) == 1  # type: ignore[union-attr]
    report = store.add_sources([("T-1", other_citation()), ("T-2", other_citation())])
    assert report.ok and report.merged == 2


def test_writers_in_parallel_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.gpkg"

    def writer(n: int) -> None:
        own = GeoPackageStore(path)  # separate instances, as separate processes would have
        for k in range(3):
            assert own.add([make_event(event_id=f"W{n}-{k}")]).ok

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(GeoPackageStore(path).load()) == 12


# -- atomicity --------------------------------------------------------------------------


def test_crash_mid_write_leaves_old_store_and_no_temp_files(
    store: GeoPackageStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add([make_event()])
    before, version = store.path.read_bytes(), store.version()

    def crash(gdf: object, path: Path, **kwargs: object) -> None:
        with open(path, "ab") as fh:
            fh.write(b"half-written")
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "write_gpkg", crash)
    with pytest.raises(OSError, match="disk full"):
        store.add([make_event(event_id="T-2")])
    assert store.path.read_bytes() == before
    assert [p.name for p in store.path.parent.iterdir()] == ["s.gpkg"]
    assert ids(store) == ["T-1"] and store.version() == version


def test_crash_at_the_final_rename_leaves_old_store(
    store: GeoPackageStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add([make_event()])
    before = store.path.read_bytes()

    def no_replace(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", no_replace)
    with pytest.raises(OSError, match="power cut"):
        store.delete(["T-1"])
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert [p.name for p in store.path.parent.iterdir()] == ["s.gpkg"]


def test_read_back_check_refuses_a_bad_write(
    store: GeoPackageStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add([make_event()])
    before = store.path.read_bytes()
    real_write = store_module.write_gpkg

    def write_other_event(gdf: object, path: Path, **kwargs: bool) -> None:
        # writes a valid layer, but not what was asked for
        real_write(events_to_frame([make_event(event_id="T-2", notes="other")]), path, **kwargs)

    monkeypatch.setattr(store_module, "write_gpkg", write_other_event)
    with pytest.raises(StoreError, match="write check failed"):
        store.add([make_event(event_id="T-2")])
    assert store.path.read_bytes() == before


def test_unreadable_store_gives_a_clear_error(store: GeoPackageStore) -> None:
    store.path.write_bytes(b"this is not a GeoPackage")
    with pytest.raises(StoreError, match=r"cannot be read .*move it aside"):
        store.load()
    with pytest.raises(StoreError, match="cannot be read"):
        store.add([make_event()])
    assert store.path.read_bytes() == b"this is not a GeoPackage"
