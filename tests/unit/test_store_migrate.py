"""Copying a store between backends (GeoPackage <-> PostGIS) and the store commands of the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geopandas.testing import assert_geodataframe_equal

from geo.stores import copy_store, load_default_events
from geo.stores.factory import GeoPackageStore, StoreError, checksum, open_store
from tests.unit.helpers import make_event
from tests.unit.test_cli import events_file, geo, one_error_line


def edited_default_store() -> GeoPackageStore:
    """The seeded default GeoPackage after an edit, a deletion and a new event."""
    store = open_store()
    assert isinstance(store, GeoPackageStore)
    first, second = load_default_events()[:2]
    store.update(first.model_copy(update={"notes": "checked by ana"}), expected_version=1, actor="ana")
    store.delete([second.event_id], actor="bob")
    store.add([make_event(event_id="NEW-1")], actor="ana")
    return store


def test_round_trip_gpkg_to_postgis_and_back_is_identical(pg_url: str, tmp_path: Path) -> None:
    source = edited_default_store()
    postgis = open_store(pg_url)
    to_pg = copy_store(source, postgis, source_name="default", actor="admin")
    back = open_store(str(tmp_path / "back.gpkg"))
    from_pg = copy_store(postgis, back, source_name="pg", actor="admin")

    digest = checksum(source.all_rows())
    assert to_pg.checksum == from_pg.checksum == digest == checksum(back.all_rows())
    assert (to_pg.events, to_pg.deleted) == (len(load_default_events()), 1)
    assert to_pg.summary().startswith(f"copied {to_pg.events} events (1 deleted) and ")
    assert_geodataframe_equal(back.load(), source.load())
    assert_geodataframe_equal(postgis.load(), source.load())
    assert back.deleted() == postgis.deleted() == source.deleted()
    first = load_default_events()[0].event_id
    assert back.history(first) == postgis.history(first) == source.history(first)
    assert back.get_versioned(first) == source.get_versioned(first)
    imports = back.audit_log(limit=2)
    assert [(e.action, e.event_id, e.actor) for e in imports] == [("import", None, "admin")] * 2
    assert imports[0].after is not None and imports[0].after["checksum"] == digest


def test_copy_only_into_an_empty_store(pg_url: str) -> None:
    source = edited_default_store()
    target = open_store(pg_url)
    target.add([make_event()])
    with pytest.raises(StoreError, match="the target store is not empty"):
        copy_store(source, target, source_name="default")
    assert [e.event_id for e in target.load().itertuples()] == ["T-1"]


def test_cli_works_against_postgis_and_migrates_both_ways(pg_url: str, data_home: Path, tmp_path: Path) -> None:
    out = geo("migrate", "--to", pg_url, "--actor", "admin", data=data_home)  # from the seeded default store
    assert out.returncode == 0, out.stderr
    count = len(load_default_events())
    assert out.stdout.startswith(f"copied {count} events (0 deleted) and {count} audit entries; checksum ")
    assert out.stdout.rstrip().endswith(f"-> {pg_url} (counts and checksum verified)")

    local = geo("export", "--format", "geojson", "--out", "-", data=data_home).stdout
    shared = geo("--store", pg_url, "export", "--format", "geojson", "--out", "-", data=data_home)
    assert shared.returncode == 0 and shared.stdout == local

    added = geo("--store", pg_url, "import", str(events_file(tmp_path / "e.geojson", [make_event()])),
                data=data_home)
    assert added.returncode == 0, added.stderr
    history = geo("history", "T-1", "--store", pg_url, data=data_home)
    assert history.returncode == 0 and history.stdout.count("\n") == 1
    assert " v1  create      by system" in history.stdout
    as_json = json.loads(geo("--store", pg_url, "history", "T-1", "--json", data=data_home).stdout)
    assert as_json["after"]["event_id"] == "T-1" and as_json["before"] is None
    audit = geo("--store", pg_url, "audit", "--limit", "2", data=data_home).stdout.splitlines()
    assert len(audit) == 2 and "create      T-1  by system" in audit[0]
    assert "import      (store)  by admin: " in audit[1]

    again = geo("migrate", "--to", pg_url, data=data_home)
    assert again.returncode == 1 and "the target store is not empty" in one_error_line(again)
    back = tmp_path / "back.gpkg"
    home = geo("migrate", "--from", pg_url, "--to", str(back), data=data_home)
    assert home.returncode == 0, home.stderr
    exports = [geo("--store", store, "export", "--format", "geojson", "--out", "-", data=data_home).stdout
               for store in (pg_url, str(back))]
    assert exports[0] == exports[1] and len(GeoPackageStore(back).load()) == count + 1
    missing = geo("--store", pg_url, "history", "NOPE", data=data_home)
    assert missing.returncode == 1 and one_error_line(missing) == "error: no logged change for event 'NOPE'"
