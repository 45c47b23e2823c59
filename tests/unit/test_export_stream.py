"""Streamed export: a store of more events than a page, read and written a page at a time (straight
from the GeoPackage, or through its query as PostGIS is), gives the same output as the whole filtered
frame written at once (byte for byte; a GeoPackage reads back the same), to files, pipes and stdout,
with the same sidecars; a failure leaves the old file."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

import geo.exchange.export as export_module
import geo.exchange.pages as pages_module
from geo.cli import main
from geo.exchange import EXPORT_FORMATS, EventPages, export_pages, sidecar_paths, write_events
from geo.exchange.kml import events_to_kml
from geo.exchange.tables import ACLED_EXPORT_COLUMNS, UCDP_EXPORT_COLUMNS, acled_export_rows, csv_text, ucdp_export_rows
from geo.filters import Filters, apply_filters
from geo.model import events_to_frame, frame_to_events
from geo.query import EventQuery, open_query
from geo.stores import GeoPackageStore, StoreError, load_default_events, open_store
from scripts.gen_synthetic import make_synthetic_frame
from tests.unit.test_outputs import PipeReader

PAGE = 50
SUFFIX = {"geojson": "geojson", "csv": "csv", "gpkg": "gpkg", "kml": "kml", "acled": "csv", "ucdp": "csv"}
#: Filters that keep part of the events of every page (and a source filter, matched by id or publisher).
SOME = Filters(date_from=dt.date(2015, 1, 1), kinds=("incident", "posture"))
NONE_PASS = Filters(date_from=dt.date(2099, 1, 1))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of ~300 events: the curated dataset (every geometry type, many sources) and synthetic ones."""
    path = tmp_path_factory.mktemp("stream") / "store.gpkg"
    curated = load_default_events()
    GeoPackageStore(path).add([*curated, *frame_to_events(make_synthetic_frame(300 - len(curated), seed=7))])
    return path


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_module, "PAGE_ROWS", PAGE)


class CountingQuery:
    """A query that counts the pages read from it (as SqlQuery's are: by ``page``)."""

    def __init__(self, query: EventQuery) -> None:
        self.query, self.pages = query, 0

    def count(self, filters: Filters) -> int:
        return self.query.count(filters)

    def page(self, filters: Filters, offset: int, limit: int) -> gpd.GeoDataFrame:
        self.pages += 1
        return self.query.page(filters, offset, limit)


def failing(pages: Iterable[gpd.GeoDataFrame], on: int) -> Iterator[gpd.GeoDataFrame]:
    """``pages``, until Ctrl-C is pressed while reading page number ``on``."""
    for number, page in enumerate(pages, start=1):
        if number == on:
            raise KeyboardInterrupt
        yield page


def whole_export(frame: gpd.GeoDataFrame, fmt: str, out: Path) -> None:
    """The export as it was before streaming: the whole filtered frame written at once."""
    if fmt in ("geojson", "csv", "gpkg"):
        write_events(frame, fmt, out)
    elif fmt == "kml":
        out.write_text(events_to_kml(frame), encoding="utf-8")
    elif fmt == "acled":
        out.write_text(csv_text(ACLED_EXPORT_COLUMNS, acled_export_rows(frame)), encoding="utf-8")
    else:
        out.write_text(csv_text(UCDP_EXPORT_COLUMNS, ucdp_export_rows(frame)), encoding="utf-8")


def assert_same_export(fmt: str, streamed: Path, whole: Path) -> None:
    if fmt != "gpkg":
        assert streamed.read_bytes() == whole.read_bytes()
        return
    got, want = pyogrio.read_dataframe(streamed), pyogrio.read_dataframe(whole)
    assert len(got) == len(want)
    assert_geodataframe_equal(got, want, check_dtype=True)


def expected(store_path: Path, filters: Filters, fmt: str, folder: Path) -> Path:
    whole = folder / f"whole.{SUFFIX[fmt]}"
    whole_export(apply_filters(GeoPackageStore(store_path).load(), filters), fmt, whole)
    return whole


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("filters", [Filters(), SOME, NONE_PASS], ids=["all", "some", "none"])
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_a_streamed_export_equals_the_whole_frame_written_at_once(fmt: str, filters: Filters, store_path: Path,
                                                                   tmp_path: Path) -> None:
    whole = expected(store_path, filters, fmt, tmp_path)
    store = GeoPackageStore(store_path)
    query = CountingQuery(open_query(store))
    passing = query.count(filters)
    for source in (store, query):  # straight from the file; through a query, as from PostGIS
        pages = EventPages(source, filters)
        out = tmp_path / f"streamed-{type(source).__name__}.{SUFFIX[fmt]}"
        done: list[int] = []
        exported = export_pages(pages.read(done.append), fmt, out, filters)
        assert exported.paths == [out] and exported.events == passing
        assert sum(done) == pages.total == (300 if source is store else passing)
        assert len(done) == -(-pages.total // PAGE) and max(done, default=0) <= PAGE  # pages of PAGE events
        assert_same_export(fmt, out, whole)
    assert query.pages == -(-passing // PAGE)


def test_the_filters_keep_what_they_should(store_path: Path) -> None:
    query = open_query(GeoPackageStore(store_path))
    assert 0 < query.count(SOME) < query.count(Filters()) and query.count(NONE_PASS) == 0


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("fmt", ["geojson", "csv", "kml", "gpkg"])
def test_a_streamed_export_to_a_named_pipe_is_written_through(fmt: str, store_path: Path, tmp_path: Path) -> None:
    pipe = PipeReader(tmp_path, f"out.{SUFFIX[fmt]}")
    export_pages(EventPages(GeoPackageStore(store_path), SOME), fmt, pipe.path, SOME)
    data = pipe.result()
    assert pipe.path.is_fifo()
    whole = expected(store_path, SOME, fmt, tmp_path)
    if fmt == "gpkg":
        copy = tmp_path / "from-pipe.gpkg"
        copy.write_bytes(data)
        assert_same_export(fmt, copy, whole)
    else:
        assert data == whole.read_bytes()


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("fmt", ["geojson", "csv", "acled"])
def test_the_command_line_streams_to_stdout(fmt: str, store_path: Path, tmp_path: Path,
                                            capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["--store", str(store_path), "export", "--format", fmt, "--out", "-", "--kind", "incident",
                 "--kind", "posture", "--from", "2015-01-01"]) == 0
    assert capsysbinary.readouterr().out == expected(store_path, SOME, fmt, tmp_path).read_bytes()


@pytest.mark.usefixtures("small_pages")
def test_the_command_line_says_how_many_events_it_wrote(store_path: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.geojson"
    assert main(["--store", str(store_path), "export", "--format", "geojson", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote 300 events to {out}\n"
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 300


@pytest.mark.parametrize("fmt", ["csv", "ucdp", "kml"])
def test_sidecars_gathered_over_pages_equal_those_of_one_page(fmt: str, store_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "generated_at", lambda: "2026-12-04 12:00 UTC")
    store = GeoPackageStore(store_path)
    written = {}
    for rows in (PAGE, 10_000):
        out = tmp_path / f"pages-{rows}.{SUFFIX[fmt]}"
        paths = export_pages(EventPages(store, SOME, rows), fmt, out, SOME, sidecars=True).paths
        assert paths == [out, *sidecar_paths(out)]
        sources, readme = sidecar_paths(out)
        written[rows] = sources.read_bytes(), readme.read_text(encoding="utf-8").replace(out.name, "OUT")
    assert written[PAGE] == written[10_000]
    listed = set(pd.read_csv(sidecar_paths(out)[0])["source_id"])
    cited = {s["source_id"] for sources in apply_filters(GeoPackageStore(store_path).load(), SOME)["sources"]
             for s in sources}
    assert listed == cited
    assert {s.startswith("syn-src-") for s in listed} == {True, False}  # the synthetic sources and curated ones
    readme_text = written[PAGE][1]
    assert f"Events: {open_query(store).count(SOME)}\n" in readme_text and "Time window: 2015-01-01 – " in readme_text


@pytest.mark.parametrize("fmt", ["csv", "gpkg", "kml"])
def test_an_interrupted_export_leaves_the_old_file_and_no_temporary_one(fmt: str, store_path: Path,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / f"keep.{SUFFIX[fmt]}"
    out.write_bytes(b"the previous export")
    with pytest.raises(KeyboardInterrupt):
        export_pages(failing(EventPages(GeoPackageStore(store_path), Filters(), PAGE), on=3), fmt, out,
                     sidecars=True)
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_wrong_targets_are_refused_before_anything_is_read(store_path: Path, tmp_path: Path) -> None:
    query = CountingQuery(open_query(GeoPackageStore(store_path)))
    pages = EventPages(query, Filters())
    refused: dict[tuple[str, Any], str] = {
        ("gpkg", "-"): "cannot be written to stdout",
        ("xml", tmp_path / "x.xml"): "unknown format",
        ("csv", tmp_path): "is a directory",
    }
    for (fmt, out), message in refused.items():
        with pytest.raises(ValueError, match=message):
            export_pages(pages, fmt, out)
    with pytest.raises(ValueError, match="sidecar files"):
        export_pages(pages, "csv", "-", sidecars=True)
    assert query.pages == 0


def test_an_in_memory_frame_is_exported_by_the_same_writers(tmp_path: Path) -> None:
    frame = events_to_frame(load_default_events())
    for fmt in EXPORT_FORMATS:
        out, whole = tmp_path / f"paged.{SUFFIX[fmt]}", tmp_path / f"whole.{SUFFIX[fmt]}"
        assert export_module.export_events(frame, fmt, out) == [out]
        whole_export(frame, fmt, whole)
        assert_same_export(fmt, out, whole)


def test_a_store_is_read_in_pages_of_feature_ids_in_load_order(store_path: Path, tmp_path: Path) -> None:
    store = GeoPackageStore(tmp_path / "copy.gpkg")
    store.add(frame_to_events(GeoPackageStore(store_path).load()))
    store.delete(["SYN-0000004"])  # a gap in the feature ids
    pages = list(store.load_pages(PAGE))
    assert [len(p) for p in pages] == [49, 50, 50, 50, 50, 50] and store.count() == 299
    assert_geodataframe_equal(gpd.GeoDataFrame(pd.concat(pages, ignore_index=True), crs=pages[0].crs), store.load())
    assert list(GeoPackageStore(tmp_path / "none.gpkg").load_pages(PAGE)) == []


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.usefixtures("small_pages")
def test_a_big_export_shows_a_progress_bar_on_a_terminal(store_path: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.cli.core as cli_core

    out = tmp_path / "all.csv"
    for page_rows, shown in ((PAGE, True), (10_000, False)):  # a bar only for more than one page
        monkeypatch.setattr(cli_core, "PAGE_ROWS", page_rows)
        monkeypatch.setattr(pages_module, "PAGE_ROWS", page_rows)
        monkeypatch.setattr(sys, "stderr", Terminal())
        assert main(["--store", str(store_path), "export", "--format", "csv", "--out", str(out)]) == 0
        text = sys.stderr.getvalue()
        assert ("exporting: 100%" in text and "300/300" in text) is shown, text
        assert text.endswith(f"wrote 300 events to {out}\n")


def test_a_write_to_the_store_between_two_pages_stops_the_export(tmp_path: Path) -> None:
    store = GeoPackageStore(tmp_path / "store.gpkg")
    store.add(frame_to_events(make_synthetic_frame(120, seed=1)))
    out = tmp_path / "out.csv"
    out.write_text("old", encoding="utf-8")

    def edited_after_the_first(pages: Iterable[gpd.GeoDataFrame]) -> Iterator[gpd.GeoDataFrame]:
        for number, page in enumerate(pages):
            yield page
            if number == 0:
                store.delete(["SYN-0000100"])

    with pytest.raises(StoreError, match="the store changed during the export"):
        export_pages(edited_after_the_first(EventPages(store, Filters(), PAGE)), "csv", out)
    assert out.read_text(encoding="utf-8") == "old"


@pytest.mark.usefixtures("small_pages")
def test_a_postgis_store_is_exported_through_its_sql_pages(pg_url: str, store_path: Path, tmp_path: Path) -> None:
    postgis = open_store(pg_url)  # one database for every format: each holds a pool of connections
    postgis.add(frame_to_events(GeoPackageStore(store_path).load()))
    for fmt in ("geojson", "csv", "kml"):
        query = CountingQuery(open_query(postgis))  # SqlQuery: each page one SQL query
        pages = EventPages(query, SOME)
        out = tmp_path / f"pg.{SUFFIX[fmt]}"
        assert export_pages(pages.read(), fmt, out, SOME).events == pages.total
        assert query.pages == -(-pages.total // PAGE) > 1
        assert_same_export(fmt, out, expected(store_path, SOME, fmt, tmp_path))
