"""The event store, run against both backends (GeoPackage file, real PostGIS server).

Same suite for both: validation, all-or-nothing writes, versions, stale-edit
refusal, soft delete/restore/purge, audit log, concurrent writers. Backend-only
checks (GeoPackage crash safety and seeding, PostGIS schema and URLs) follow.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
import pyogrio
import pytest
from shapely.geometry import Point

import geo.stores.gpkg as gpkg_module
import geo.stores.gpkg_sql as gpkg_sql
from geo.model import Citation, events_to_frame, frame_to_events
from geo.paths import store_path
from geo.stores import EventStore, GeoPackageStore, StaleVersion, StoreError, load_default_events, open_store, redact
from geo.stores.pg import PostGISStore
from tests.unit.helpers import make_event

Factory = Callable[[], EventStore]


@pytest.fixture(params=["gpkg", "postgis"])
def new_handle(request: pytest.FixtureRequest, tmp_path: Path) -> Factory:
    """Makes separate store objects on one fresh store (as separate processes would have)."""
    if request.param == "gpkg":
        return lambda: GeoPackageStore(tmp_path / "s.gpkg")
    url = request.getfixturevalue("pg_url")
    return lambda: PostGISStore(url)


@pytest.fixture
def store(new_handle: Factory) -> EventStore:
    return new_handle()


@pytest.fixture
def gpkg(tmp_path: Path) -> GeoPackageStore:
    return GeoPackageStore(tmp_path / "s.gpkg")


def ids(store: EventStore) -> list[str]:
    return list(store.load()["event_id"])


def other_citation(**changes: object) -> Citation:
    data = {"source_id": "second", "publisher": "Other Wire", "reliability": "C",
            "credibility": 3, **changes}
    return Citation.model_validate(data)


def run_together(*jobs: Callable[[], object]) -> None:
    """Start every job in its own thread at once and wait for all; re-raise the first failure."""
    failures: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def wrapped(job: Callable[[], object]) -> None:
        start.wait()
        try:
            job()
        except BaseException as exc:  # reported to the test below
            failures.append(exc)

    threads = [threading.Thread(target=wrapped, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


# -- reading ----------------------------------------------------------------------------


def test_load_gives_the_canonical_frame(store: EventStore) -> None:
    assert store.load().empty and store.get("T-1") is None
    events = [make_event(), make_event(event_id="T-2", fatalities_low=None, actor1="Unit A",
                                       date_end="2020-05-09", time_precision=2)]
    assert store.add(events).ok
    frame = store.load()
    assert frame.crs.to_epsg() == 4326
    assert str(frame["date_start"].dtype) == str(frame["date_end"].dtype) == "datetime64[ns]"
    assert str(frame["fatalities_low"].dtype) == "Int64" and frame["fatalities_low"].isna()[1]
    assert frame["sources"].iloc[0] == [events[0].sources[0].model_dump(mode="json")]
    assert list(frame.columns) == list(GeoPackageStore(Path("/nonexistent")).load().columns)
    assert frame_to_events(frame) == events


def test_get_returns_the_event_or_none(store: EventStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    assert store.get("T-2") == make_event(event_id="T-2")
    assert store.get("nope") is None
    assert store.get("x' OR '1'='1") is None  # quoted, not interpreted as SQL


def test_mixed_geometries_round_trip(store: EventStore) -> None:
    events = [
        make_event(),
        make_event(event_id="L", geometry="LINESTRING (68 37, 69 37.2)"),
        make_event(event_id="P", geometry="POLYGON ((68 37, 69 37, 69 38, 68 37))"),
        make_event(event_id="M", geometry="MULTIPOLYGON (((70 37, 71 37, 71 38, 70 37)))"),
        make_event(event_id="F", geometry="POINT (69.123456789012345 37.000000000000007)"),
    ]
    assert store.add(events).ok
    assert list(store.load().geometry.geom_type) == ["Point", "LineString", "Polygon", "MultiPolygon", "Point"]
    assert frame_to_events(store.load()) == events


def test_a_few_thousand_events_load_complete(store: EventStore) -> None:
    events = [make_event(event_id=f"E-{i}", geometry=f"POINT ({67 + i % 800 / 100} 37)") for i in range(3000)]
    assert store.add(events).added == 3000
    frame = store.load()
    assert len(frame) == 3000 and frame["event_id"].is_unique


# -- writing ----------------------------------------------------------------------------


def test_add_delete_and_version_changes_on_every_write(store: EventStore) -> None:
    v0 = store.version()
    report = store.add([make_event(), make_event(event_id="T-2")])
    assert (report.ok, report.read, report.added) == (True, 2, 2)
    v1 = store.version()
    assert v1 != v0
    store.upsert([make_event(notes="a")])
    v2 = store.version()
    store.upsert([make_event(notes="b")])
    assert len({v1, v2, store.version()}) == 3
    assert store.delete("T-1") == 1  # a single id string, not its characters
    assert ids(store) == ["T-2"]
    v3 = store.version()
    assert store.delete(["unknown"]) == 0 and store.version() == v3  # no needless write


def test_add_rejects_duplicate_ids_in_store_and_batch(store: EventStore) -> None:
    store.add([make_event()])
    version = store.version()
    report = store.add([make_event(event_id="T-9"), make_event()])  # T-1 exists
    assert report.rejected == ["record 2 (T-1), field event_id: already in the store (update it instead)"]
    report = store.add([make_event(event_id="T-9"), make_event(event_id="T-9")])
    assert report.rejected == ["record 2 (T-9), field event_id: listed twice in this batch"]
    assert (ids(store), store.version()) == (["T-1"], version)


def test_add_rejects_invalid_records_and_writes_nothing(store: EventStore) -> None:
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


def test_a_batch_with_a_count_beyond_64_bit_integers_writes_nothing(store: EventStore) -> None:
    store.add([make_event()])
    version, history = store.version(), store.audit_log()
    huge = 10**19  # beyond the backends' 64-bit integers; the store's re-validation (MAX_COUNT) refuses it
    unstorable = make_event(event_id="T-3").model_copy(
        update={"fatalities_low": huge, "fatalities_best": huge, "fatalities_high": huge})
    report = store.add([make_event(event_id="T-2"), unstorable])
    assert not report.ok and any("record 2 (T-3), field fatalities_best" in line for line in report.rejected)
    assert (ids(store), store.version(), store.audit_log()) == (["T-1"], version, history)


def test_upsert_counts_added_updated_unchanged(store: EventStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    report = store.upsert([make_event(notes="changed"), make_event(event_id="T-2"), make_event(event_id="T-3")])
    assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
    assert store.get("T-1").notes == "changed"  # type: ignore[union-attr]
    assert sorted(ids(store)) == ["T-1", "T-2", "T-3"]
    version = store.version()
    assert store.upsert([make_event(notes="changed")]).unchanged == 1
    assert store.version() == version


def test_add_source_merges_a_second_report_of_the_same_event(store: EventStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    updated = store.add_source("T-1", other_citation(), actor="ana")
    assert [s.source_id for s in updated.sources] == ["test-src", "second"]
    assert store.get("T-1") == updated and len(store.load()) == 2
    version = store.version()
    assert store.add_source("T-1", other_citation()) == updated  # same citation again: no-op
    assert store.version() == version
    with pytest.raises(StoreError, match="already cited with different details"):
        store.add_source("T-1", other_citation(credibility=1))
    with pytest.raises(StoreError, match="no event with this id"):
        store.add_source("T-404", other_citation())


def test_add_sources_is_all_or_nothing(store: EventStore) -> None:
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


# -- versions and stale edits -----------------------------------------------------------


def test_versions_start_at_one_and_grow_with_every_change(store: EventStore) -> None:
    assert store.get_versioned("T-1") is None
    store.add([make_event()])
    assert store.get_versioned("T-1") == (make_event(), 1)
    store.upsert([make_event(notes="upserted")])
    store.add_source("T-1", other_citation())
    assert store.update(make_event(notes="edited", sources=[*make_event().sources, other_citation()]),
                        expected_version=3, actor="ana") == 4
    store.delete(["T-1"])
    store.restore(["T-1"])
    found = store.get_versioned("T-1")
    assert found is not None and found[1] == 6 and found[0].notes == "edited"
    assert [(e.action, e.version) for e in store.history("T-1")] == [
        ("create", 1), ("update", 2), ("add_source", 3), ("update", 4), ("delete", 5), ("restore", 6)]


def test_an_edit_of_an_older_version_is_refused_and_shows_the_current_one(store: EventStore) -> None:
    store.add([make_event()], actor="ana")
    _, opened = store.get_versioned("T-1")  # type: ignore[misc]
    assert store.update(make_event(notes="bob's edit"), expected_version=opened, actor="bob") == 2
    version = store.version()
    with pytest.raises(StaleVersion) as refused:
        store.update(make_event(notes="carol's edit"), expected_version=opened, actor="carol")
    assert refused.value.current == make_event(notes="bob's edit") and refused.value.current_version == 2
    message = str(refused.value)
    assert message.startswith("event T-1 was changed by bob at ") and " UTC (version 2) after you opened it " \
        "(version 1): your edit was not saved; the current version is shown" in message
    assert store.get("T-1").notes == "bob's edit" and store.version() == version  # type: ignore[union-attr]
    assert store.update(make_event(notes="bob's edit"), expected_version=2) == 2  # unchanged: no new version
    assert store.version() == version


def test_update_refuses_invalid_unknown_and_deleted_events(store: EventStore) -> None:
    store.add([make_event()])
    with pytest.raises(StoreError, match="date_end 2019-01-01 is before"):
        store.update(make_event().model_dump() | {"date_end": "2019-01-01"}, expected_version=1)
    with pytest.raises(StoreError, match="T-404 is not in the store"):
        store.update(make_event(event_id="T-404"), expected_version=1)
    store.delete(["T-1"], actor="admin")
    with pytest.raises(StoreError, match=r"T-1 was deleted by admin at .*: your edit was not saved"):
        store.update(make_event(notes="late edit"), expected_version=1)


def test_two_analysts_saving_at_once_never_lose_a_change(new_handle: Factory) -> None:
    new_handle().add([make_event()])
    outcomes: list[str] = []

    def edit(name: str) -> None:
        own = new_handle()
        try:
            own.update(make_event(notes=f"edit by {name}"), expected_version=1, actor=name)
            outcomes.append(f"saved {name}")
        except StaleVersion as exc:
            outcomes.append(f"refused {name} (current: {exc.current.notes})")

    run_together(lambda: edit("ana"), lambda: edit("bob"))
    saved = [o for o in outcomes if o.startswith("saved")]
    assert len(saved) == 1 and len(outcomes) == 2
    winner = saved[0].removeprefix("saved ")
    assert f"(current: edit by {winner})" in next(o for o in outcomes if o.startswith("refused"))
    assert new_handle().get_versioned("T-1") == (make_event(notes=f"edit by {winner}"), 2)


def test_concurrent_writers_lose_nothing(new_handle: Factory) -> None:
    new_handle().add([make_event()])

    def writer(n: int) -> None:
        own = new_handle()
        for k in range(3):
            assert own.add([make_event(event_id=f"W{n}-{k}")], actor=f"w{n}").ok
        own.add_source("T-1", other_citation(source_id=f"src-{n}"), actor=f"w{n}")

    run_together(*(lambda n=n: writer(n) for n in range(4)))
    store = new_handle()
    assert len(store.load()) == 13
    found = store.get_versioned("T-1")
    assert found is not None and found[1] == 5
    assert sorted(s.source_id for s in found[0].sources) == ["src-0", "src-1", "src-2", "src-3", "test-src"]


# -- delete, restore, purge, merge ------------------------------------------------------


def test_delete_hides_restore_brings_back_purge_removes(store: EventStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    assert store.delete(["T-1", "T-404"], actor="ana") == 1
    assert ids(store) == ["T-2"] and store.get("T-1") is None and store.get_versioned("T-1") is None
    assert store.deleted() == [make_event()]
    assert store.delete(["T-1"]) == 0  # already deleted
    assert store.add([make_event()]).rejected == [
        "record 1 (T-1), field event_id: used by a deleted event (restore it, or purge it first)"]
    assert store.restore(["T-1", "T-2"], actor="ana") == 1  # T-2 is not deleted
    assert sorted(ids(store)) == ["T-1", "T-2"] and store.deleted() == []
    assert store.purge(["T-1"], actor="admin") == 1
    assert store.get("T-1") is None and store.deleted() == [] and ids(store) == ["T-2"]
    assert [(e.action, e.actor) for e in store.history("T-1")] == [
        ("create", "system"), ("delete", "ana"), ("restore", "ana"), ("purge", "admin")]
    purge = store.history("T-1")[-1]
    assert purge.before == make_event().model_dump(mode="json") and purge.after is None
    assert store.add([make_event()]).ok  # a purged id may be used again
    assert store.get_versioned("T-1") == (make_event(), 1)


def test_merge_folds_duplicates_into_one_event(store: EventStore) -> None:
    store.add([make_event(), make_event(event_id="T-2", sources=[other_citation()]),
               make_event(event_id="T-3")])
    merged = store.merge("T-1", ["T-2", "T-3"], actor="ana")
    assert [s.source_id for s in merged.sources] == ["test-src", "second"]
    assert ids(store) == ["T-1"] and store.get_versioned("T-1") == (merged, 2)
    assert sorted(e.event_id for e in store.deleted()) == ["T-2", "T-3"]
    assert store.history("T-2")[-1].after == {"merged_into": "T-1"}
    with pytest.raises(StoreError, match="T-2 not in the store"):
        store.merge("T-1", ["T-2"])


def test_replace_all_shows_exactly_the_given_events_and_deletes_softly(store: EventStore) -> None:
    store.add([make_event(), make_event(event_id="T-2")])
    report = store.replace_all([make_event(notes="new"), make_event(event_id="T-3")], actor="admin")
    assert (report.added, report.updated) == (1, 1)
    assert sorted(ids(store)) == ["T-1", "T-3"] and [e.event_id for e in store.deleted()] == ["T-2"]
    assert not store.replace_all([make_event(), make_event()]).ok and sorted(ids(store)) == ["T-1", "T-3"]


# -- audit log --------------------------------------------------------------------------


def test_audit_log_records_who_did_what_with_before_and_after(store: EventStore) -> None:
    store.add([make_event()], actor="ana")
    store.update(make_event(notes="rated"), expected_version=1, actor="bob")
    store.add([make_event(event_id="T-2")], actor="bob")
    newest = store.audit_log()
    assert [(e.action, e.event_id, e.actor) for e in newest] == [
        ("create", "T-2", "bob"), ("update", "T-1", "bob"), ("create", "T-1", "ana")]
    assert [e.event_id for e in store.audit_log(limit=1)] == ["T-2"]
    assert [e.action for e in store.audit_log(actor="ana")] == ["create"]
    update = newest[1]
    assert update.before is not None and update.after is not None
    assert (update.before["notes"], update.after["notes"]) == (make_event().notes, "rated")
    assert newest[2].before is None and newest[2].after == make_event().model_dump(mode="json")
    assert update.at.tzinfo is not None and update.at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert newest[0].at >= update.at >= newest[2].at
    assert store.history("T-1") == list(reversed(newest[1:]))
    assert store.history("T-404") == []


# -- GeoPackage only --------------------------------------------------------------------


def test_first_open_seeds_default_dataset_in_data_home(data_home: Path) -> None:
    store = open_store()
    assert isinstance(store, GeoPackageStore)
    assert store.path == data_home / "border_monitor.gpkg" == store_path()
    assert frame_to_events(store.load()) == load_default_events()
    assert {(e.action, e.actor, e.version) for e in store.audit_log(limit=None)} == {("import", "system", 1)}
    version = store.version()
    assert open_store().version() == version  # opening again does not reseed


def test_border_monitor_data_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(elsewhere))
    store = open_store()
    assert isinstance(store, GeoPackageStore)
    assert store.path == elsewhere / "border_monitor.gpkg" and store.path.exists()


def test_explicit_path_starts_empty_and_other_urls_are_refused(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "fresh.gpkg"))
    assert store.load().empty and store.version() == "missing"
    assert not (tmp_path / "fresh.gpkg").exists()
    with pytest.raises(StoreError, match="unsupported store URL scheme 'mysql'"):
        open_store("mysql://localhost/events")


def test_a_store_written_before_versions_existed_reads_as_version_one(gpkg: GeoPackageStore) -> None:
    gpkg_module.write_gpkg(events_to_frame([make_event()]), gpkg.path)  # the layer only, as old stores were
    assert gpkg.get_versioned("T-1") == (make_event(), 1) and gpkg.history("T-1") == []
    assert gpkg.update(make_event(notes="x"), expected_version=1) == 2
    assert pyogrio.read_info(gpkg.path, layer="events")["geometry_type"] == "Unknown"


def test_crash_mid_write_leaves_old_store_and_no_temp_files(
    gpkg: GeoPackageStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    gpkg.in_place_max_rows = 0  # the copy path that large writes take
    gpkg.add([make_event()])
    before, version = gpkg.path.read_bytes(), gpkg.version()

    def crash(gdf: object, path: Path, **kwargs: object) -> None:
        with open(path, "ab") as fh:
            fh.write(b"half-written")
        raise OSError("disk full")

    monkeypatch.setattr(gpkg_module, "write_gpkg", crash)
    with pytest.raises(OSError, match="disk full"):
        gpkg.add([make_event(event_id="T-2")])
    assert gpkg.path.read_bytes() == before
    assert [p.name for p in gpkg.path.parent.iterdir()] == ["s.gpkg"]
    assert ids(gpkg) == ["T-1"] and gpkg.version() == version


def test_crash_at_the_final_rename_leaves_old_store(gpkg: GeoPackageStore, monkeypatch: pytest.MonkeyPatch) -> None:
    gpkg.in_place_max_rows = 0  # the copy path that large writes take
    gpkg.add([make_event()])
    before = gpkg.path.read_bytes()

    def no_replace(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", no_replace)
    with pytest.raises(OSError, match="power cut"):
        gpkg.delete(["T-1"])
    monkeypatch.undo()
    assert gpkg.path.read_bytes() == before
    assert [p.name for p in gpkg.path.parent.iterdir()] == ["s.gpkg"]


def test_read_back_check_refuses_a_bad_write(gpkg: GeoPackageStore, monkeypatch: pytest.MonkeyPatch) -> None:
    gpkg.in_place_max_rows = 0  # the copy path that large writes take
    gpkg.add([make_event()])
    before = gpkg.path.read_bytes()
    real_write = gpkg_module.write_gpkg

    def write_other_event(gdf: object, path: Path, **kwargs: bool) -> None:
        # writes a valid layer, but not what was asked for
        real_write(events_to_frame([make_event(event_id="T-2", notes="other")]), path, **kwargs)

    monkeypatch.setattr(gpkg_module, "write_gpkg", write_other_event)
    with pytest.raises(StoreError, match="write check failed"):
        gpkg.add([make_event(event_id="T-2")])
    assert gpkg.path.read_bytes() == before


def test_unreadable_store_gives_a_clear_error(gpkg: GeoPackageStore) -> None:
    gpkg.path.write_bytes(b"this is not a GeoPackage")
    with pytest.raises(StoreError, match=r"cannot be read .*move it aside"):
        gpkg.load()
    with pytest.raises(StoreError, match="cannot be read"):
        gpkg.add([make_event()])
    assert gpkg.path.read_bytes() == b"this is not a GeoPackage"


# -- PostGIS only -----------------------------------------------------------------------


def test_database_url_selects_postgis_and_seeds_it_once(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                        data_home: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url.replace("postgresql://", "postgresql+psycopg://"))
    store = open_store()
    assert isinstance(store, PostGISStore)
    assert frame_to_events(store.load()) == load_default_events()
    version = store.version()
    store.delete([load_default_events()[0].event_id])
    assert len(open_store().load()) == len(load_default_events()) - 1  # not reseeded
    assert open_store().version() != version
    assert not store_path().exists()  # no GeoPackage was made
    explicit = open_store(pg_url)
    assert isinstance(explicit, PostGISStore) and len(explicit.load()) == len(load_default_events()) - 1


def test_explicit_postgis_url_starts_empty(pg_url: str) -> None:
    store = open_store(pg_url)
    assert isinstance(store, PostGISStore) and store.load().empty and store.audit_log() == []


def test_schema_is_versioned_with_a_spatial_index(pg_url: str) -> None:
    open_store(pg_url).version()
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM store_schema_version ORDER BY 1").fetchall() == [(1,), (2,)]
        indexes = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'"))
        geometry_type = conn.execute("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'events' "
                                     "AND f_geometry_column = 'geom'")
        assert geometry_type.fetchone() == ("GEOMETRY", 4326)
    assert "USING gist (geom)" in indexes["events_geom"]
    assert "USING gist (anchor)" in indexes["events_live_anchor"]


def test_spatial_queries_work_on_the_stored_geometry(pg_url: str) -> None:
    store = open_store(pg_url)
    store.add([make_event(), make_event(event_id="FAR", geometry="POINT (10 10)")])
    with psycopg.connect(pg_url) as conn:
        near = conn.execute("SELECT event_id FROM events WHERE ST_DWithin(geom::geography, "
                            "ST_SetSRID(ST_MakePoint(69.78, 37.91), 4326)::geography, 1000)").fetchall()
    assert near == [("T-1",)]


def test_an_unreachable_server_gives_a_clear_error_without_the_password() -> None:
    url = "postgresql://bm:s3cret@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError, match="cannot connect to the PostGIS store") as refused:
        open_store(url).load()
    assert "s3cret" not in str(refused.value)
    assert redact(url) == "postgresql://bm:***@127.0.0.1:1/nowhere"


def test_an_edit_changes_its_rows_in_place_and_gdal_reads_and_indexes_them(gpkg: GeoPackageStore) -> None:
    gpkg.add([make_event(), make_event(event_id="T-2", date_start="2021-01-01", date_end="2021-01-01")])
    inode = gpkg.path.stat().st_ino
    event, version = gpkg.get_versioned("T-1")  # type: ignore[misc]
    moved = event.model_copy(update={"notes": "moved", "geometry": Point(71.55, 37.49)})
    assert gpkg.update(moved, expected_version=version, actor="ana") == version + 1
    assert gpkg.path.stat().st_ino == inode, "a small write must not copy and swap the whole file"
    assert gpkg.get("T-1") == moved
    near_khorog = pyogrio.read_dataframe(gpkg.path, layer="events", bbox=(71.5, 37.4, 71.6, 37.6))
    assert list(near_khorog["event_id"]) == ["T-1"]  # the R-tree index follows the moved point
    assert pyogrio.read_info(gpkg.path, layer="events")["features"] == 2


def test_a_failure_inside_an_in_place_write_rolls_it_back(gpkg: GeoPackageStore,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    gpkg.add([make_event()])
    before, version = gpkg.path.read_bytes(), gpkg.version()

    def fail(con: object, events: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(gpkg_sql, "insert_events", fail)
    event, stored_version = gpkg.get_versioned("T-1")  # type: ignore[misc]
    with pytest.raises(StoreError, match="disk I/O error"):
        gpkg.update(event.model_copy(update={"notes": "lost?"}), expected_version=stored_version, actor="ana")
    assert gpkg.path.read_bytes() == before and gpkg.version() == version
    assert gpkg.get("T-1") == event


def test_loaded_events_with_the_same_sources_share_them_and_read_back_exactly(gpkg: GeoPackageStore) -> None:
    same = [make_event(event_id=f"S-{i}", date_start=f"2020-0{i + 1}-01", date_end=f"2020-0{i + 1}-01")
            for i in range(3)]
    other = make_event(event_id="O-1", sources=[other_citation().model_dump()])
    assert gpkg.add([*same, other]).ok
    frame = gpkg.load().set_index("event_id")
    lists = [frame.at[e.event_id, "sources"] for e in same]
    assert lists[0] is lists[1] is lists[2]  # one list for identical citations (memory at a million events)
    assert frame.at["O-1", "sources"] is not lists[0]
    assert frame_to_events(gpkg.load()) == [*same, other]
