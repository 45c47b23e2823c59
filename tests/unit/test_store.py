"""The GeoPackage store: seeding, all-or-nothing writes, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo.store as store_module
from geo.dataset import load_default_events
from geo.paths import store_path
from geo.schema import Citation
from geo.store import GeoPackageStore, StoreError, open_store
from tests.unit.helpers import make_event


def test_first_open_seeds_default_dataset_in_data_home(data_home: Path) -> None:
    store = open_store()
    assert store.path == data_home / "border_monitor.gpkg" == store_path()
    assert len(store.load()) == len(load_default_events())


def test_add_get_delete_and_version(tmp_path: Path) -> None:
    store = GeoPackageStore(tmp_path / "s.gpkg")
    v0 = store.version()
    report = store.add([make_event(), make_event(event_id="T-2")])
    assert report.ok and report.added == 2
    v1 = store.version()
    assert v1 != v0
    assert store.get("T-2") == make_event(event_id="T-2")
    assert store.delete(["T-1"]) == 1
    assert list(store.load()["event_id"]) == ["T-2"]
    assert store.version() != v1


def test_add_is_all_or_nothing(tmp_path: Path) -> None:
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.add([make_event()])
    report = store.add([make_event(event_id="T-9"), make_event()])  # T-1 exists
    assert not report.ok and "T-1" in report.rejected[0]
    assert list(store.load()["event_id"]) == ["T-1"]


def test_mixed_geometries_in_one_layer(tmp_path: Path) -> None:
    store = GeoPackageStore(tmp_path / "s.gpkg")
    events = [
        make_event(),
        make_event(event_id="L", geometry="LINESTRING (68 37, 69 37.2)"),
        make_event(event_id="P", geometry="POLYGON ((68 37, 69 37, 69 38, 68 37))"),
    ]
    store.add(events)
    assert sorted(store.load().geometry.geom_type) == ["LineString", "Point", "Polygon"]
    assert sorted(store.load()["event_id"]) == ["L", "P", "T-1"]


def test_upsert_and_add_source(tmp_path: Path) -> None:
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.add([make_event()])
    report = store.upsert([make_event(notes="changed"), make_event(event_id="T-3")])
    assert (report.updated, report.added) == (1, 1)
    assert store.get("T-1").notes == "changed"
    cite = Citation(source_id="second", publisher="Other Wire", reliability="C", credibility=3)
    updated = store.add_source("T-1", cite)
    assert [s.source_id for s in updated.sources] == ["test-src", "second"]
    assert len(store.load()) == 2
    with pytest.raises(StoreError):
        store.add_source("T-1", cite)


def test_crash_mid_write_leaves_old_store_and_no_temp_files(tmp_path: Path, monkeypatch) -> None:
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.add([make_event()])
    before = store.path.read_bytes()

    def crash(gdf, path):
        Path(path).write_bytes(b"half-written")
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "write_gpkg", crash)
    with pytest.raises(OSError):
        store.add([make_event(event_id="T-2")])
    assert store.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.gpkg"]
    assert list(store.load()["event_id"]) == ["T-1"]
