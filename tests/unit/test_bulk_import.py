"""The streamed GeoPackage import (chunks checked whole-column, then appended to a copy of the
GeoPackage store or COPYed into the PostGIS store in one transaction) gives the same outcome,
counts and messages as the record-by-record import, into either store."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
from shapely.geometry import Point

from geo.exchange import import_file, write_events
from geo.exchange.bulk import STREAM_MIN_FEATURES
from geo.model import Event, decode_layer, flat_row_to_record, frame_to_events
from geo.model.columns import clean_rows
from geo.stores import EventStore, GeoPackageStore
from geo.stores.gpkg_rows import register_geometry_functions
from geo.stores.pg import PostGISStore
from scripts.gen_synthetic import make_synthetic_frame
from tests.unit.helpers import make_event

#: Small chunks, so every test crosses chunk boundaries.
CHUNK = 70


def synthetic(n: int, seed: int = 11) -> gpd.GeoDataFrame:
    frame = make_synthetic_frame(n, seed=seed)
    # a second report of row 1's incident (other id and source, 1 km away) and of row 2 in the next chunk
    for copy, of in (("DUP-A", 0), ("DUP-B", 1)):
        row = frame.iloc[[of]].copy()
        row["event_id"] = copy
        row["kind"], row["event_type"], row["sub_event_type"] = "incident", "Battles", "Armed clash"
        frame.loc[frame.index[of], ["kind", "event_type", "sub_event_type"]] = ["incident", "Battles", "Armed clash"]
        point = row.geometry.iloc[0].representative_point()
        row["geometry"] = [Point(point.x + 0.01, point.y)]
        row["sources"] = [[{"source_id": f"other-{copy}", "publisher": "Other Wire", "title": "Second report",
                            "published": None, "url": None, "reliability": "C", "credibility": 3}]]
        frame = gpd.GeoDataFrame(gpd.pd.concat([frame, row], ignore_index=True), crs=frame.crs)
    return frame


NewStore = Callable[[str], EventStore]


@pytest.fixture(params=["gpkg", "postgis"])
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> NewStore:
    """Makes an empty store by name: a GeoPackage file, or a fresh PostGIS database on the test server."""
    if request.param == "gpkg":
        return lambda name: GeoPackageStore(tmp_path / f"{name}.gpkg")
    server = request.getfixturevalue("pg_server")
    return lambda name: PostGISStore(server.fresh_database())


def seeded_store(store: EventStore, frame: gpd.GeoDataFrame) -> EventStore:
    """``store`` holding one event of its own and a copy of ``frame``'s 10th event under the same id."""
    stored = frame_to_events(frame.iloc[[9]])[0].model_copy(update={"notes": "stored before the import"})
    assert store.add([make_event(event_id="OWN-1"), stored]).ok
    return store


def both_ways(new_store: NewStore, source: Path, frame: gpd.GeoDataFrame, **options: object
              ) -> tuple[tuple[EventStore, object], tuple[EventStore, object], bool]:
    """The streamed and the record-by-record import into two equally seeded stores; last, whether the
    streamed import changed its store at all (events, audit log, version token)."""
    out = []
    for name, stream in (("streamed", True), ("by-record", False)):
        store = seeded_store(new_store(name), frame)
        if stream:
            before = whole_state(store)
        report = import_file(source, store, stream=stream, chunk_rows=CHUNK, **options)  # type: ignore[arg-type]
        out.append((store, report))
    return out[0], out[1], whole_state(out[0][0]) != before


def contents(store: EventStore) -> dict[str, str]:
    return {e.event_id: json.dumps(e.to_feature(), sort_keys=True) for e in frame_to_events(store.load())}


def whole_state(store: EventStore) -> tuple[object, ...]:
    return contents(store), store.audit_log(None), store.version(), sorted(e.event_id for e in store.deleted())


def counts(report: object) -> tuple[object, ...]:
    return tuple(getattr(report, name) for name in ("read", "added", "updated", "merged", "sources_added",
                                                     "rejected", "skipped", "written"))


def test_a_streamed_import_stores_what_the_record_by_record_import_stores(tmp_path: Path,
                                                                          new_store: NewStore) -> None:
    frame = synthetic(300)
    source = tmp_path / "big.gpkg"
    write_events(frame, "gpkg", source)
    (streamed, s_report), (by_record, r_report), changed = both_ways(new_store, source, frame)
    assert changed and counts(s_report) == counts(r_report)
    assert s_report.merged >= 3 and s_report.sources_added >= 2 and s_report.written  # type: ignore[attr-defined]
    assert contents(streamed) == contents(by_record)
    assert len(contents(streamed)) == 2 + s_report.added  # type: ignore[attr-defined]
    stored_id = str(frame["event_id"].iloc[9])
    assert streamed.get_versioned(stored_id)[1] == by_record.get_versioned(stored_id)[1] == 1  # type: ignore[index]
    # a new event's history says it came with the import; the store-wide entry names the file
    assert [e.action for e in streamed.history(str(frame["event_id"].iloc[5]))] == ["import"]
    assert any(e.event_id is None and (e.after or {}).get("file") == "big.gpkg" for e in streamed.audit_log(None))


def test_citations_merged_into_a_stored_event_make_a_logged_new_version(tmp_path: Path,
                                                                        new_store: NewStore) -> None:
    frame = synthetic(120)
    stored_id = str(frame["event_id"].iloc[9])
    in_file = frame.copy()
    sources = list(in_file["sources"])
    sources[9] = [{"source_id": "late-report", "publisher": "Late Wire", "title": "", "published": None,
                   "url": None, "reliability": "B", "credibility": 2}]
    in_file["sources"] = sources
    source = tmp_path / "more.gpkg"
    write_events(in_file, "gpkg", source)
    (streamed, s_report), (by_record, r_report), _ = both_ways(new_store, source, frame)
    assert counts(s_report) == counts(r_report)
    for store in (streamed, by_record):
        event, version = store.get_versioned(stored_id)  # type: ignore[misc]
        assert version == 2 and "late-report" in {s.source_id for s in event.sources}
        assert event.notes == "stored before the import"
        assert [e.action for e in store.history(stored_id)] == ["create", "update"]


def hostile(source: Path, frame: gpd.GeoDataFrame) -> None:
    """Spoil rows of an exported GeoPackage the way hand-edited files are spoilt."""
    ids = list(frame["event_id"])
    edits = [
        (3, "date_end = '1990-01-01'"),
        (5, f"event_id = '{ids[3]}'"),
        (7, "sources = 'not json'"),
        (9, "fatalities_low = 10, fatalities_best = 5, fatalities_high = 20"),
        (11, "latitude = latitude + 1"),
        (13, "notes = 'bad' || char(1) || 'text'"),
        (15, "admin1 = '   '"),
        (17, "kind = 'incident '"),
        (19, """sources = '[{"source_id": "short-form", "publisher": "Wire"}]'"""),
        (23, "time_precision = 5"),
        (25, "event_type = 'Battles', sub_event_type = 'Grenade'"),
        (80, "country = 'Kyrgyzstan', location = 'Far away'"),
        (90, "wounded = -4"),
        (100, "event_id = 'has space'"),
    ]
    with contextlib.closing(sqlite3.connect(source)) as con, con:
        register_geometry_functions(con)  # the R-tree triggers call GDAL's ST_* functions
        for row, change in edits:
            con.execute(f"UPDATE events SET {change} WHERE fid = ?", (row,))


def far_frame(n: int) -> gpd.GeoDataFrame:
    frame = synthetic(n)
    frame.at[frame.index[80 - 1], "geometry"] = Point(-120.0, 37.0)  # California, coded to its country
    return frame


@pytest.mark.parametrize("options", [{}, {"skip_invalid": True}, {"dry_run": True}, {"allow_far": True},
                                     {"skip_invalid": True, "dry_run": True}])
def test_problems_are_worded_and_handled_the_same_way(tmp_path: Path, options: dict[str, bool],
                                                      new_store: NewStore) -> None:
    frame = far_frame(160)
    source = tmp_path / "hostile.gpkg"
    write_events(frame, "gpkg", source)
    hostile(source, frame)
    before = seeded_store(new_store("before"), frame)
    (streamed, s_report), (by_record, r_report), changed = both_ways(new_store, source, frame, **options)
    assert counts(s_report) == counts(r_report)
    problems = s_report.rejected or s_report.skipped  # type: ignore[attr-defined]
    assert len(problems) >= 10, problems
    assert any(line.startswith("feature 5 ") and "(also feature 4)" in line for line in problems)
    assert any("lies" in line and "outside" in line for line in problems) != bool(options.get("allow_far"))
    assert contents(streamed) == contents(by_record)
    if not options.get("skip_invalid") or options.get("dry_run"):
        assert contents(streamed) == contents(before) and not changed  # all or nothing


def test_clean_rows_are_exactly_those_the_model_keeps_unchanged(tmp_path: Path) -> None:
    frame = far_frame(160)
    source = tmp_path / "hostile.gpkg"
    write_events(frame, "gpkg", source)
    hostile(source, frame)
    chunk = pyogrio.read_dataframe(source)
    mask, flat = clean_rows(chunk)
    # every spoilt row but the repeated id, the far one and the short citation (all the model's to judge or
    # the import's: the model fills the citation's defaults, which the check does too)
    assert {int(i) + 1 for i in np.flatnonzero(~mask)} == {3, 7, 9, 11, 13, 15, 17, 23, 25, 90, 100}
    rows = [{k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in record.items()}
            for record in chunk[mask].to_dict("records")]
    assert frame_to_events(decode_layer(flat.copy())) == [Event.model_validate(flat_row_to_record(r)) for r in rows]


def test_big_geopackages_stream_by_default_and_small_ones_do_not(tmp_path: Path, new_store: NewStore) -> None:
    frame = make_synthetic_frame(STREAM_MIN_FEATURES, seed=4)
    source = tmp_path / "big.gpkg"
    write_events(frame, "gpkg", source)
    seen: list[int] = []
    report = import_file(source, new_store("a"), progress=seen.append)
    assert report.written and sum(seen) == STREAM_MIN_FEATURES and len(seen) >= 1
    small = tmp_path / "small.gpkg"
    write_events(frame.iloc[:50], "gpkg", small)
    seen.clear()
    assert import_file(small, new_store("b"), progress=seen.append).written
    assert seen == []  # read whole, record by record
