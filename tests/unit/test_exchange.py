"""Data exchange: round trips through every export format, ACLED/UCDP imports, merging, KML escaping."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import geo.cli.exports  # noqa: F401  (registers the exchange commands)
from geo.cli import main
from geo.exchange import EXPORT_FORMATS, export_events, import_file, sidecar_paths
from geo.exchange.kml import events_to_kml, read_kml
from geo.exchange.tables import ACLED_EXPORT_COLUMNS
from geo.model import Event, events_to_frame, frame_to_events
from geo.stores import GeoPackageStore, load_default_events, open_store
from tests.conftest import REPO
from tests.unit.helpers import make_event

FIXTURES = REPO / "tests" / "fixtures" / "exchange"
ACLED_OK = FIXTURES / "TEST_DATA_acled_export.csv"
ACLED_BAD = FIXTURES / "TEST_DATA_acled_bad_rows.csv"
UCDP_OK = FIXTURES / "TEST_DATA_ucdp_ged.csv"
UCDP_BAD = FIXTURES / "TEST_DATA_ucdp_ged_bad_rows.csv"
HOSTILE = '<script>alert("x")</script> & <b>bold</b> ]]> <font color=red>'
SUFFIX = {"geojson": "geojson", "csv": "csv", "gpkg": "gpkg", "kml": "kml", "acled": "csv", "ucdp": "csv"}


@pytest.fixture(scope="module")
def curated() -> list[Event]:
    """The default dataset: points, lines and polygons, ranges, estimates, many sources."""
    return load_default_events()


def empty_store(tmp_path: Path, name: str = "store.gpkg") -> GeoPackageStore:
    store = open_store(str(tmp_path / name))
    assert isinstance(store, GeoPackageStore)
    return store


def by_id(events: list[Event]) -> dict[str, Event]:
    return {e.event_id: e for e in events}


def acled_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["event_id_cnty"]: row for row in csv.DictReader(fh)}


# -- round trips ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg", "kml"])
def test_full_formats_round_trip_every_field(fmt: str, curated: list[Event], tmp_path: Path) -> None:
    first = tmp_path / f"first.{SUFFIX[fmt]}"
    export_events(events_to_frame(curated), fmt, first)
    store = empty_store(tmp_path)
    report = import_file(first, store)
    assert report.ok and report.written, report.rejected
    assert (report.read, report.added, report.merged) == (len(curated), len(curated), 0)
    assert by_id(frame_to_events(store.load())) == by_id(curated)
    second = tmp_path / f"second.{SUFFIX[fmt]}"
    export_events(store.load(), fmt, second)
    if fmt != "gpkg":  # binary container; its events were compared above
        assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_acled_round_trip_keeps_the_fields_acled_carries(curated: list[Event], tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    export_events(events_to_frame(curated), "acled", first)
    store = empty_store(tmp_path)
    report = import_file(first, store)
    assert report.ok and report.fmt == "acled" and report.added == len(curated)
    second = tmp_path / "second.csv"
    export_events(store.load(), "acled", second)
    before, after = acled_rows(first), acled_rows(second)
    assert list(before) == [e.event_id for e in curated]
    for event_id, row in before.items():
        again = {k: v for k, v in after[event_id].items() if k != "tags"}
        assert again == {k: v for k, v in row.items() if k != "tags"}, event_id
    imported = by_id(frame_to_events(store.load()))
    for event in curated:
        back = imported[event.event_id]
        assert back.date_start == back.date_end == event.date_start
        assert back.time_precision == event.time_precision
        assert back.fatalities_best == (event.fatalities_best if event.fatalities_best is not None
                                        else event.fatalities_low)
        assert (back.event_type, back.sub_event_type, back.geo_precision) == (
            event.event_type, event.sub_event_type, event.geo_precision)
        assert {s.publisher for s in back.sources} == {s.publisher.replace(";", ",") for s in event.sources}


def test_acled_export_columns_and_range_tags(tmp_path: Path) -> None:
    ranged = make_event(event_id="R-1", date_start="2023-09-01", date_end="2023-09-30", time_precision=2,
                        fatalities_low=1, fatalities_best=None, fatalities_high=4, fatalities_text="a few",
                        claimed_by="Test ministry; a spokesman")
    out = tmp_path / "acled.csv"
    export_events(events_to_frame([ranged]), "acled", out)
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ACLED_EXPORT_COLUMNS
        row = next(reader)
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2023-09-01", "2023", "2")
    assert row["fatalities"] == "1"  # no best estimate: the conservative low one
    assert row["disorder_type"] == "Political violence"
    tags = dict(item.split("=", 1) for item in row["tags"].split("; "))
    assert tags["date_range"] == "2023-09-01/2023-09-30"
    assert (tags["fatalities_low"], tags["fatalities_high"], tags["fatalities_text"]) == ("1", "4", "a few")
    assert tags["claimed_by"] == "Test ministry, a spokesman"  # ';' is ACLED's separator


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_writes_a_sources_and_licence_sidecar(fmt: str, tmp_path: Path) -> None:
    ucdp_event = make_event(event_id="ucdp-1", sources=[
        {"source_id": "ucdp-1", "publisher": "Test Wire (via UCDP GED)", "reliability": "F", "credibility": 6}])
    frame = events_to_frame([make_event(), ucdp_event])
    out = tmp_path / f"export.{SUFFIX[fmt]}"
    assert export_events(frame, fmt, out) == [out] and not sidecar_paths(out)[0].exists()
    paths = export_events(frame, fmt, out, sidecars=True)
    sources_csv, readme = sidecar_paths(out)
    assert paths == [out, sources_csv, readme] and all(p.stat().st_size for p in paths)
    with sources_csv.open(encoding="utf-8", newline="") as fh:
        rows = {r["source_id"]: r for r in csv.DictReader(fh)}
    assert rows["test-src"]["publisher"] == "Test Wire" and rows["test-src"]["reliability"] == "B"
    assert "copyright" in rows["test-src"]["licence"]
    assert "CC BY 4.0" in rows["ucdp-1"]["licence"]
    text = readme.read_text(encoding="utf-8")
    assert "Events: 2" in text and "CC BY 4.0" in text and "MIT" in text


# -- ACLED and UCDP imports -------------------------------------------------------------


def test_acled_fixture_import_counts_and_merges_the_second_report(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    report = import_file(ACLED_OK, store)
    assert report.ok and report.fmt == "acled"
    assert (report.read, report.added, report.merged, report.sources_added) == (4, 3, 1, 1)
    events = by_id(frame_to_events(store.load()))
    assert sorted(events) == ["TSTX001", "TSTX002", "TSTX003"]
    assert [s.publisher for s in events["TSTX001"].sources] == ["Test Wire", "Example Daily"]
    assert events["TSTX001"].fatalities_best == 2  # the stored record keeps its own fields
    assert str(events["TSTX002"].date_start) == "2024-05-10"  # ACLED's "10 May 2024"
    assert events["TSTX003"].kind == "posture"
    assert "<b>markup</b>" in events["TSTX002"].notes  # kept as text, escaped where shown


def test_reimporting_the_same_file_merges_everything_and_writes_nothing(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    import_file(UCDP_OK, store)
    version = store.version()
    again = import_file(UCDP_OK, store)
    assert (again.read, again.added, again.merged, again.sources_added) == (4, 0, 4, 0)
    assert again.ok and not again.written and store.version() == version


@pytest.mark.parametrize(("path", "expected"), [
    (ACLED_BAD, ["row 3 (TSTX002), field record: event_type 'Fighting' is not an ACLED type",
                 "row 4 (TSTX003), field latitude/longitude: latitude 95.5 is outside -90..90"]),
    (UCDP_BAD, ["row 3, field date_prec: '9' is not a UCDP code 1-5",
                "row 4, field record: fatalities estimates must satisfy low <= best <= high",
                "row 5, field latitude: missing"]),
])
def test_bad_rows_are_rejected_with_reasons_and_nothing_is_written(path: Path, expected: list[str],
                                                                     tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    store.add([make_event()])
    version = store.version()
    report = import_file(path, store)
    assert not report.ok and not report.written
    assert report.read == 4 and report.added == report.merged == 0
    assert len(report.rejected) == len(expected)
    for line, start in zip(report.rejected, expected, strict=True):
        assert line.startswith(start), line
    assert store.version() == version and list(store.load()["event_id"]) == ["T-1"]


def test_skip_invalid_imports_the_valid_rows_and_lists_the_others(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    report = import_file(UCDP_BAD, store, skip_invalid=True)
    assert report.ok and report.written and report.added == 1 and len(report.skipped) == 3
    assert "skipped 3 invalid record(s)" in report.summary()
    assert list(store.load()["event_id"]) == ["ucdp-900001"]


def test_ucdp_fixture_maps_precision_codes_estimates_and_sources(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    report = import_file(UCDP_OK, store)
    assert report.ok and report.fmt == "ucdp" and (report.read, report.added) == (4, 4)
    events = by_id(frame_to_events(store.load()))
    exact, ranged, country, unsourced = (events[f"ucdp-90000{n}"] for n in range(1, 5))
    assert (exact.time_precision, exact.geo_precision, str(exact.date_start)) == (1, 1, "2024-05-03")
    assert (exact.actor1, exact.actor2, exact.claimed_by) == (
        "Government of Test Country", "Test Armed Group", "Test border service")
    assert (ranged.event_type, ranged.sub_event_type) == ("Violence against civilians", "Attack")
    assert (ranged.time_precision, ranged.geo_precision) == (2, 3)  # date_prec 2, where_prec 4
    assert (ranged.fatalities_low, ranged.fatalities_best, ranged.fatalities_high) == (4, 5, 8)
    assert [(s.publisher, str(s.published), s.title) for s in ranged.sources] == [
        ("Example Daily (via UCDP GED)", "2024-06-05", "TEST DATA: first made-up headline"),
        ("Test Wire (via UCDP GED)", "2024-06-06", "TEST DATA: second made-up headline")]
    assert (country.time_precision, country.geo_precision) == (3, 3)  # date_prec 5, where_prec 6
    assert "only the country is known" in country.notes
    assert [s.publisher for s in unsourced.sources] == ["UCDP Georeferenced Event Dataset"]
    assert all((s.reliability, s.credibility) == ("F", 6) for e in events.values() for s in e.sources)


def test_ucdp_report_of_a_stored_acled_event_adds_a_source_not_an_event(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    import_file(ACLED_OK, store)
    report = import_file(UCDP_OK, store)
    assert (report.added, report.merged, report.sources_added) == (3, 1, 1)
    clash = store.get("TSTX001")
    assert clash is not None and store.get("ucdp-900001") is None
    assert [s.source_id for s in clash.sources] == ["acled-TSTX001", "acled-TSTX004", "ucdp-900001"]


def test_only_incidents_merge_by_place_and_date(tmp_path: Path) -> None:
    statement = {"kind": "context", "event_type": "Strategic developments", "sub_event_type": "Other"}
    stored = [make_event(event_id="A", **statement), make_event(event_id="K1")]
    path = tmp_path / "new.geojson"
    near = {"geometry": {"type": "Point", "coordinates": [69.79, 37.91]}}  # ~0.9 km from the stored ones
    export_events(events_to_frame([make_event(event_id="B", **statement, **near),
                                   make_event(event_id="K2", **near)]), "geojson", path)
    store = empty_store(tmp_path)
    store.add(stored)
    report = import_file(path, store)
    assert (report.added, report.merged) == (1, 1)
    assert sorted(store.load()["event_id"]) == ["A", "B", "K1"]
    far = {"geometry": {"type": "Point", "coordinates": [69.9, 37.91]}}  # ~10.5 km: a different clash
    export_events(events_to_frame([make_event(event_id="K3", **far)]), "geojson", path)
    assert import_file(path, store).added == 1


def test_dry_run_counts_without_writing(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    report = import_file(ACLED_OK, store, dry_run=True)
    assert (report.added, report.merged) == (3, 1) and not report.written
    assert not store.path.exists()


def test_unreadable_and_mislabelled_files_give_one_clear_line(tmp_path: Path) -> None:
    store = empty_store(tmp_path)
    missing = import_file(tmp_path / "nope.csv", store)
    assert missing.rejected == [f"{tmp_path / 'nope.csv'}: no such file"]
    wrong = import_file(ACLED_OK, store, fmt="kml")
    assert wrong.rejected == [f"{ACLED_OK}: --format kml was given but the file looks like acled"]
    assert not store.path.exists()


# -- KML --------------------------------------------------------------------------------


def test_kml_escapes_untrusted_text_and_still_round_trips(tmp_path: Path) -> None:
    event = make_event(event_id="X-1", notes=HOSTILE, location=f"Village {HOSTILE}", actor1=HOSTILE,
                       sources=[{"source_id": "s1", "publisher": HOSTILE, "title": HOSTILE,
                                 "url": "https://example.org/a?b=1&c=2", "reliability": "C", "credibility": 3}])
    text = events_to_kml(events_to_frame([event]))
    root = ET.fromstring(text)  # well-formed despite the markup in the data
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemark = root.find(".//k:Placemark", ns)
    assert placemark is not None
    assert placemark.findtext("k:name", namespaces=ns) == f"Armed clash — Village {HOSTILE} (2020-05-01)"
    card = placemark.findtext("k:description", namespaces=ns) or ""
    assert "<script" not in card and "<font" not in card and "&lt;script&gt;" in card
    data = {d.get("name"): d.findtext("k:value", namespaces=ns) for d in placemark.iter(f"{{{ns['k']}}}Data")}
    assert data["notes"] == HOSTILE and data["event_id"] == "X-1"
    path = tmp_path / "x.kml"
    path.write_text(text, encoding="utf-8")
    result = read_kml(path)
    assert result.errors == [] and result.events == [event]


@pytest.mark.parametrize(("text", "message"), [
    ("<kml><Document>", "not well-formed XML"),
    ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml/>', "DOCTYPE or ENTITY"),
    ("<gpx/>", "not a KML document (root element <gpx>)"),
])
def test_broken_kml_files_give_one_line(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.kml"
    path.write_text(text, encoding="utf-8")
    result = read_kml(path)
    assert result.records == 0 and len(result.errors) == 1 and message in result.errors[0]


def test_kml_placemark_problems_name_the_placemark(tmp_path: Path) -> None:
    good = events_to_kml(events_to_frame([make_event()]))
    broken = good.replace("<Point>", "<Nothing>").replace("</Point>", "</Nothing>")
    path = tmp_path / "bad.kml"
    path.write_text(broken, encoding="utf-8")
    result = read_kml(path)
    assert result.errors == ["placemark 1 (T-1): has no Point, LineString, Polygon or MultiGeometry"]


# -- command line -------------------------------------------------------------------------


def test_cli_exports_filtered_kml_and_imports_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "incidents.kml"
    assert main(["export", "--format", "kml", "--out", str(out), "--kind", "incident", "--sidecars"]) == 0
    shown = read_kml(out)
    assert shown.errors == [] and shown.events and {e.kind for e in shown.events} == {"incident"}
    assert sidecar_paths(out)[0].exists()
    target = tmp_path / "other.gpkg"
    assert main(["--store", str(target), "import", str(out)]) == 0
    assert f"added {len(shown.events)}" in capsys.readouterr().out


def test_cli_import_of_bad_rows_fails_listing_each_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "s.gpkg"
    assert main(["--store", str(target), "import", str(UCDP_BAD)]) == 1
    err = capsys.readouterr().err
    assert "row 3, field date_prec" in err and "row 5, field latitude" in err
    assert "nothing written" in err and "--skip-invalid" in err and not target.exists()
