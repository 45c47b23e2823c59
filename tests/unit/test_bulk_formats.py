"""The streamed GeoJSON, ACLED and UCDP imports give the same outcome, counts, notes and messages as the
record-by-record import, into either store, on clean, spoilt and hostile files."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from geo.exchange import import_file, write_events
from geo.exchange.bulk import stream_source, table_source
from geo.exchange.bulk.geojson import GeoJsonSource, geojson_source
from geo.exchange.bulk.tables import AcledSource, UcdpSource
from geo.exchange.tables import ACLED_EXPORT_COLUMNS, UCDP_EXPORT_COLUMNS, acled_export_rows, csv_text, ucdp_export_rows
from geo.model.columns import clean_rows
from geo.stores import GeoPackageStore
from scripts.gen_synthetic import make_synthetic_frame
from tests.fuzz.make_hostile import write_hostile_files
from tests.unit.test_bulk_csv import write_cells
from tests.unit.test_bulk_import import NewStore, both_ways, contents, counts, far_frame, new_store, seeded_store

__all__ = ["new_store"]  # the fixture, shared with the GeoPackage tests

OPTIONS = [{}, {"skip_invalid": True}, {"dry_run": True}, {"allow_far": True}]


def geojson_of(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "events.geojson") -> tuple[Path, dict]:
    path = tmp_path / name
    write_events(frame, "geojson", path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def table_of(tmp_path: Path, frame: gpd.GeoDataFrame, fmt: str) -> tuple[Path, list[list[str]]]:
    """``frame`` as an ACLED or UCDP CSV (UCDP ids made numbers, as GED's are), and its cells."""
    rows = acled_export_rows(frame) if fmt == "acled" else ucdp_export_rows(frame)
    if fmt == "ucdp":
        for n, row in enumerate(rows, start=1):
            row["id"] = str(n)
    path = tmp_path / f"events_{fmt}.csv"
    path.write_text(csv_text(ACLED_EXPORT_COLUMNS if fmt == "acled" else UCDP_EXPORT_COLUMNS, rows),
                    encoding="utf-8")
    with path.open(encoding="utf-8", newline="") as fh:
        return path, list(csv.reader(fh))


def put_cells(cells: list[list[str]], edits: dict[int, dict[str, str]]) -> None:
    """Change cells of CSV rows (row n is cells[n - 1]) by column name."""
    header = cells[0]
    for row, changes in edits.items():
        for name, value in changes.items():
            cells[row - 1][header.index(name)] = value


def spoil_features(data: dict) -> None:
    """Spoil features (feature n is features[n - 1]) with problems the regular reader words."""
    features = data["features"]

    def props(n: int) -> dict:
        return features[n - 1]["properties"]

    props(3)["fatalities_best"] = 3.5
    props(5)["event_id"] = props(4)["event_id"]
    props(7)["date_start"] = "2020-02-30"
    features[9 - 1]["geometry"] = {"type": "Point", "coordinates": [69.5, 37.5, 400.0]}  # Z: dropped, noted
    props(11)["kind"] = "incident "
    features[13 - 1]["geometry"] = {"type": "Point", "coordinates": "x"}
    props(15)["colour"] = "red"
    props(17)["wounded"] = -4
    props(19)["notes"] = None
    props(21).update(event_type="Battles", sub_event_type="Grenade")
    props(23)["time_precision"] = "1"
    props(25)["sources"] = [{"source_id": "short-form", "publisher": "Wire"}]
    features[27 - 1] = 42
    features[29 - 1]["type"] = "Feat"
    features[31 - 1]["properties"] = [1, 2]
    features[33 - 1]["geometry"] = {"type": "Polygon", "coordinates": [[[69, 37], [69.1, 37], [69.1, 37.1], [69, 37]]]}
    features[35 - 1]["geometry"] = None
    props(37)["event_id"] = " " + props(36)["event_id"]  # the same id once stripped, worded as given
    props(39)["fatalities_low"] = True
    props(41)["admin1"] = ""
    props(44)["sources"] = "text"
    props(46)["date_start"] = 20200101
    props(48)["geometry"] = "ignored: the feature's own geometry counts"
    props(90)["country"] = "Kyrgyzstan"
    props(100)["event_id"] = "has space"


def compare(new_store: NewStore, path: Path, frame: gpd.GeoDataFrame, **options: bool) -> list[str]:
    """Both imports of ``path`` agree (counts, notes, stored events; all or nothing); returns the problems."""
    (streamed, s_report), (by_record, r_report), changed = both_ways(new_store, path, frame, **options)
    assert counts(s_report) == counts(r_report)
    assert s_report.notes == r_report.notes  # type: ignore[attr-defined]
    assert s_report.fmt == r_report.fmt  # type: ignore[attr-defined]
    assert contents(streamed) == contents(by_record)
    if (s_report.rejected and not options.get("skip_invalid")) or options.get("dry_run"):  # type: ignore[attr-defined]
        assert not changed  # all or nothing
    return list(s_report.rejected or s_report.skipped)  # type: ignore[attr-defined]


@pytest.mark.parametrize("options", OPTIONS)
def test_a_spoilt_geojson_is_worded_and_handled_the_same_way_streamed(tmp_path: Path, options: dict[str, bool],
                                                                      new_store: NewStore) -> None:
    frame = far_frame(160)
    path, data = geojson_of(tmp_path, frame)
    spoil_features(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert isinstance(stream_source(path, stream=True), GeoJsonSource)
    problems = compare(new_store, path, frame, **options)
    assert len(problems) >= 15, problems
    assert any(line.startswith("feature 27: not a GeoJSON Feature") for line in problems)
    assert any(line.startswith("feature 37 ( SYN-") and "duplicate id" in line for line in problems), problems


def test_a_clean_geojson_streams_into_the_same_store_with_the_z_note(tmp_path: Path, new_store: NewStore) -> None:
    frame = far_frame(300)
    path, data = geojson_of(tmp_path, frame)
    data["features"][9]["geometry"] = {"type": "Point", "coordinates": [69.5, 37.5, 400]}
    path.write_text(json.dumps(data), encoding="utf-8")
    (streamed, s_report), (by_record, r_report), _ = both_ways(new_store, path, frame, allow_far=True)
    assert s_report.written and counts(s_report) == counts(r_report)  # type: ignore[attr-defined]
    assert s_report.notes == r_report.notes and s_report.notes[0].startswith("feature 10: ")  # type: ignore[attr-defined]
    assert s_report.merged >= 2  # type: ignore[attr-defined]
    assert contents(streamed) == contents(by_record)


def spoil_acled(cells: list[list[str]]) -> None:
    put_cells(cells, {
        3: {"fatalities": "3.5"}, 5: {"event_id_cnty": cells[3][0]}, 7: {"event_date": "2020-02-30"},
        9: {"event_date": "03 May 2019"}, 11: {"latitude": ""}, 13: {"longitude": "east"},
        15: {"time_precision": "2.0"}, 17: {"event_type": "Battles", "sub_event_type": "Grenade"},
        19: {"source": ""}, 21: {"fatalities": "-4"}, 23: {"geo_precision": "5"}, 25: {"notes": "bad\x01text"},
        29: {"location": ""}, 31: {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
        33: {"latitude": "1e1"}, 90: {"country": "Kyrgyzstan"}, 100: {"event_id_cnty": "has space"}})


def spoil_ucdp(cells: list[list[str]]) -> None:
    put_cells(cells, {
        3: {"type_of_violence": "4"}, 5: {"id": cells[3][0]}, 7: {"date_start": "2020-02-30"}, 9: {"where_prec": "6"},
        11: {"date_prec": "1.0"}, 13: {"id": "0013"}, 15: {"best": "lots"}, 17: {"latitude": ""},
        19: {"low": "5", "best": "2", "high": ""}, 21: {"id": ""}, 23: {"source_office": ""},
        25: {"date_start": "2020-05-01 00:00:00.000", "date_end": "2020-05-01"}, 29: {"id": "SYN-x"},
        31: {"where_coordinates": ""}, 33: {"longitude": "200"}, 35: {"date_end": "1990-01-01"},
        37: {"where_prec": "x"}, 39: {"side_b": "  "}, 41: {"id": "1e3"}})


#: format: (how its rows are spoilt, its reader, lines expected among the problems)
SPOILT = {
    "acled": (spoil_acled, AcledSource, ["row 5 (", "(also row 4)", "field event_date: ", "cells but the header has"]),
    "ucdp": (spoil_ucdp, UcdpSource, ["row 5, field event_id: duplicate id 'ucdp-3' (also row 4)",
                                      "row 21, field id: missing", "cells but the header has"]),
}


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("fmt", sorted(SPOILT))
def test_a_spoilt_table_is_worded_and_handled_the_same_way_streamed(
        tmp_path: Path, fmt: str, options: dict[str, bool], new_store: NewStore) -> None:
    spoil, reader, expected = SPOILT[fmt]
    frame = far_frame(300)
    path, cells = table_of(tmp_path, frame, fmt)
    spoil(cells)
    cells[27 - 1] = cells[27 - 1][:-2]
    write_cells(path, cells, blank_after=40)
    assert isinstance(table_source(path), reader)
    problems = compare(new_store, path, frame, **options)
    assert len(problems) >= 10, problems
    for text in expected:
        assert any(text in line for line in problems), (text, problems)


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_clean_tables_stream_into_the_same_store(tmp_path: Path, fmt: str, new_store: NewStore) -> None:
    frame = far_frame(300)
    path, _ = table_of(tmp_path, frame, fmt)
    assert compare(new_store, path, frame, allow_far=True) == []


@pytest.mark.parametrize("fmt", ["geojson", "acled", "ucdp"])
def test_hostile_files_give_the_same_report_streamed(tmp_path: Path, fmt: str) -> None:
    hostile = write_hostile_files(tmp_path / "hostile")[fmt]
    store = seeded_store(GeoPackageStore(tmp_path / "store.gpkg"), far_frame(100))
    before = contents(store)
    streamed = 0
    option = {"geojson": "auto"}.get(fmt, fmt)
    for path in hostile:
        regular = import_file(path, store, fmt=option, stream=False)
        forced = import_file(path, store, fmt=option, stream=True, chunk_rows=3)
        assert counts(forced) == counts(regular) and forced.notes == regular.notes, path.name
        streamed += stream_source(path, option, stream=True) is not None
    assert contents(store) == before
    assert streamed >= len(hostile) // 2, streamed  # the files the chunked readers took


def test_geojson_the_regular_reader_must_word_is_not_streamed(tmp_path: Path) -> None:
    frame = make_synthetic_frame(20, seed=5)
    _, data = geojson_of(tmp_path, frame)
    text = json.dumps(data)
    cases = {
        "nan.geojson": text.replace('"wounded": null', '"wounded": NaN', 1),
        "twice.geojson": text[:-1] + ', "features": []}',
        "type-last.geojson": '{"features": [], "type": "Feature"}',
        "object.geojson": '{"type": "FeatureCollection", "features": {"item": {}}}',
        "bom.geojson": "\ufeff" + text,
        "broken.geojson": text[:-10],
        "dotted.geojson": text[:-1] + ', "features.item": {"type": "Feature"}}',
        "surrogate.geojson": text.replace('"wounded": null', '"notes": "\\ud800x", "wounded": null', 1),
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert geojson_source(path) is None, name
        report = import_file(path, GeoPackageStore(tmp_path / f"{name}.gpkg"), stream=True)
        regular = import_file(path, GeoPackageStore(tmp_path / f"{name}-r.gpkg"), stream=False)
        assert counts(report) == counts(regular)
    ok = tmp_path / "ok.geojson"
    ok.write_text(text.replace('"type": "FeatureCollection"', '"type": "FeatureCollection", "name": "x"'))
    source = geojson_source(ok)
    assert source is not None and source.total() == 20


def test_formats_given_are_respected(tmp_path: Path) -> None:
    frame = make_synthetic_frame(20, seed=5)
    acled, _ = table_of(tmp_path, frame, "acled")
    ucdp, _ = table_of(tmp_path, frame, "ucdp")
    assert stream_source(acled, "csv", stream=True) is None and stream_source(acled, "ucdp", stream=True) is None
    assert isinstance(stream_source(acled, "acled", stream=True), AcledSource)
    assert stream_source(ucdp, "acled", stream=True) is None
    assert isinstance(stream_source(ucdp, "ucdp", stream=True), UcdpSource)
    assert stream_source(acled, stream=False) is None and stream_source(acled) is None  # small: record by record


Maker = Callable[[Path, gpd.GeoDataFrame], Path]


def _geojson_file(tmp_path: Path, frame: gpd.GeoDataFrame) -> Path:
    return geojson_of(tmp_path, frame)[0]


@pytest.mark.parametrize("make", [_geojson_file, lambda p, f: table_of(p, f, "acled")[0],
                                  lambda p, f: table_of(p, f, "ucdp")[0]], ids=["geojson", "acled", "ucdp"])
def test_synthetic_files_stream_clean_rows_without_the_record_model(tmp_path: Path, make: Maker) -> None:
    frame = make_synthetic_frame(3_000, seed=9)
    source = stream_source(make(tmp_path, frame), stream=True)
    assert source is not None
    chunks = list(source.chunks(1_000))
    assert len(chunks) >= 2 and len(chunks[0].numbers) == 1_000
    rows = sum(len(c.numbers) for c in chunks)
    clean = sum(int((clean_rows(c.frame)[0] & ~c.unclean).sum()) for c in chunks)  # type: ignore[operator]
    assert clean == rows


def test_a_big_geojson_streams_by_default_with_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.exchange.bulk.sources as sources

    path, _ = geojson_of(tmp_path, far_frame(200))
    seen: list[int] = []
    assert import_file(path, GeoPackageStore(tmp_path / "a.gpkg"), allow_far=True, progress=seen.append).written
    assert seen == []  # small: read whole
    monkeypatch.setattr(sources, "STREAM_MIN_BYTES", path.stat().st_size)
    report = import_file(path, GeoPackageStore(tmp_path / "b.gpkg"), allow_far=True, progress=seen.append,
                         chunk_rows=64)
    assert report.written and sum(seen) == 202 and len(seen) == 4


def test_a_geojson_chunk_keeps_nested_sources_and_types(tmp_path: Path) -> None:
    frame = make_synthetic_frame(5, seed=2)
    path, data = geojson_of(tmp_path, frame)
    source = geojson_source(path)
    assert source is not None
    chunk = next(iter(source.chunks(10)))
    assert list(chunk.frame["sources"]) == [json.dumps(f["properties"]["sources"], ensure_ascii=False)
                                            for f in data["features"]]
    assert not chunk.unclean.any() and np.isfinite(chunk.frame["time_precision"]).all()  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["big.geojson", "big.json", "big_acled.csv", "big.kml"])
def test_the_cli_shows_a_bar_for_every_streamed_format_on_a_terminal(tmp_path: Path, name: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import geo.cli.core as core

    path = tmp_path / name
    path.write_text("x" * 100, encoding="utf-8")
    monkeypatch.setattr(core, "STREAM_MIN_BYTES", 50)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with core._progress_bar(str(path)) as progress:
        assert (progress is not None) == (not name.endswith(".kml"))  # KML is read record by record
