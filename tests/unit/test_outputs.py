"""Where exports go: regular files replaced atomically, pipes written through, formula cells guarded.

Output paths that are not regular files are exercised with named pipes in a temp
directory read by a thread, never with /dev/null or /dev/stdout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import Point

import geo.exchange.files as files_module
from geo.cli import main
from geo.exchange import EXPORT_FORMATS, export_events, import_file
from geo.model import atomic_path, events_to_frame, spreadsheet_restore, spreadsheet_safe
from geo.places import location_problem, location_problems
from geo.stores import GeoPackageStore, load_default_events
from tests.unit.helpers import make_event

FORMULAS = ['=HYPERLINK("http://example.invalid/x","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tTAB", "\r=1",
            "'=already quoted", "''+twice"]


class PipeReader:
    """A named pipe in ``folder`` and a thread that reads everything written to it."""

    def __init__(self, folder: Path, name: str = "out.pipe") -> None:
        self.path = folder / name
        os.mkfifo(self.path)
        self.data = b""
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with self.path.open("rb") as fh:
            self.data = fh.read()

    def result(self) -> bytes:
        self._thread.join(timeout=60)
        assert not self._thread.is_alive(), "the writer never closed the pipe"
        return self.data


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "gpkg"])
def test_an_export_to_a_named_pipe_is_written_through_and_the_pipe_stays_a_pipe(fmt: str, tmp_path: Path) -> None:
    reader = PipeReader(tmp_path)
    frame = events_to_frame([make_event()])
    assert export_events(frame, fmt, reader.path) == [reader.path]
    data = reader.result()
    assert data and (b"T-1" in data)
    assert reader.path.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pipe"], "no temp or sidecar file is left behind"


def test_a_geopackage_to_a_named_pipe_streams_the_finished_file(tmp_path: Path) -> None:
    reader = PipeReader(tmp_path)
    export_events(events_to_frame([make_event()]), "gpkg", reader.path)
    assert reader.result()[:16] == b"SQLite format 3\x00" and reader.path.is_fifo()


def test_the_cli_writes_through_a_pipe_and_refuses_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(tmp_path / "data"))
    reader = PipeReader(tmp_path)
    assert main(["export", "--format", "geojson", "--out", str(reader.path)]) == 0
    assert json.loads(reader.result())["type"] == "FeatureCollection" and reader.path.is_fifo()
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["export", "--format", "csv", "--out", str(folder)]) == 1
    assert capsys.readouterr().err.strip().endswith("is a directory; give a file name")
    assert list(folder.iterdir()) == []


def test_sidecars_need_a_regular_file(tmp_path: Path) -> None:
    reader = PipeReader(tmp_path)
    with pytest.raises(ValueError, match="sidecar"):
        export_events(events_to_frame([make_event()]), "csv", reader.path, sidecars=True)
    with reader.path.open("wb"):
        pass  # release the reader thread
    reader.result()


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["events.csv"]


# -- spreadsheet formula injection -----------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_are_guarded_and_restored_exactly(text: str) -> None:
    guarded = spreadsheet_safe(text)
    assert guarded[0] not in "=+-@\t\r"
    assert spreadsheet_restore(guarded) == text


def test_plain_text_and_numbers_are_left_alone() -> None:
    for text in ("Kulob", "12", "2020-05-01", "O'Neil", "'quoted'", ""):
        assert spreadsheet_safe(text) == text and spreadsheet_restore(text) == text


@pytest.mark.parametrize("fmt", ["csv", "acled", "ucdp"])
def test_csv_exports_neutralise_formulas_in_text_cells_only(fmt: str, tmp_path: Path) -> None:
    event = make_event(notes=FORMULAS[0], actor1="=cmd|' /C calc'!A0", location="@Kulob", claimed_by="+Spokesman",
                       fatalities_best=3, fatalities_low=3)
    out = tmp_path / f"e.{fmt}.csv"
    export_events(events_to_frame([event]), fmt, out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], cells
    assert [c for c in cells if c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit()] == []
    assert any(c.startswith("'=") for c in cells)


def test_our_csv_round_trips_formula_like_text_exactly(tmp_path: Path) -> None:
    events = [make_event(event_id=f"T-{i}", notes=text, date_start=f"2020-0{1 + i % 9}-01",
                         date_end=f"2020-0{1 + i % 9}-01") for i, text in enumerate(FORMULAS)]
    out = tmp_path / "e.csv"
    export_events(events_to_frame(events), "csv", out)
    store = GeoPackageStore(tmp_path / "s.gpkg")
    report = import_file(out, store)
    assert report.ok, report.rejected
    assert {e.event_id: e.notes for e in events} == {
        str(r["event_id"]): r["notes"] for _, r in store.load().iterrows()}


def test_geojson_keeps_formula_like_text_exact(tmp_path: Path) -> None:
    out = tmp_path / "e.geojson"
    export_events(events_to_frame([make_event(notes=FORMULAS[0])]), "geojson", out)
    assert json.loads(out.read_text())["features"][0]["properties"]["notes"] == FORMULAS[0]


def test_a_geopackage_export_has_typed_fields(tmp_path: Path) -> None:
    out = tmp_path / "e.gpkg"
    export_events(events_to_frame([make_event(fatalities_best=3, fatalities_low=3)]), "gpkg", out)
    info = pyogrio.read_info(out, layer="events")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["date_start"] == types["date_end"] == "datetime64[D]"  # GDAL OFTDate
    assert types["fatalities_best"] == types["time_precision"] == "int64"  # OFTInteger(64)
    assert types["latitude"] == types["longitude"] == "float64"  # OFTReal
    assert types["notes"] == "object"
    if shutil.which("ogrinfo"):
        report = subprocess.run(["ogrinfo", "-so", str(out), "events"], capture_output=True, text=True,
                                check=True).stdout
        assert "date_start: Date" in report and "fatalities_best: Integer" in report
        assert "latitude: Real" in report


# -- geometry at the boundary -------------------------------------------------------------


def _geojson_file(tmp_path: Path, geometry: object, **props: object) -> Path:
    feature = make_event(**props).to_feature()
    feature["geometry"] = geometry
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def test_a_third_coordinate_is_dropped_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _geojson_file(tmp_path, {"type": "Point", "coordinates": [69.78, 37.91, 612.0]})
    store = tmp_path / "s.gpkg"
    assert main(["--store", str(store), "import", str(path)]) == 0
    assert "note: feature 1: geometry has more than two coordinates" in capsys.readouterr().err
    stored = GeoPackageStore(store).get("T-1")
    assert stored is not None and not stored.geometry.has_z and (stored.geometry.x, stored.geometry.y) == (69.78, 37.91)


def test_a_wkt_string_as_geojson_geometry_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _geojson_file(tmp_path, "POINT (69.78 37.91)")
    assert main(["--store", str(tmp_path / "s.gpkg"), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "feature 1 (T-1), field geometry: must be a GeoJSON geometry object (RFC 7946), not text" in err


def test_validate_lists_a_point_outside_its_country_and_import_needs_allow_far(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _geojson_file(tmp_path, {"type": "Point", "coordinates": [-120.0, 37.0]}, country="Afghanistan")
    assert main(["validate", str(path)]) == 1
    assert "field geometry: geometry at lat/lon (37.0000, -120.0000) lies" in capsys.readouterr().out
    store = tmp_path / "s.gpkg"
    assert main(["--store", str(store), "import", str(path)]) == 1
    assert not store.exists()
    assert main(["--store", str(store), "import", "--allow-far", str(path)]) == 0
    assert GeoPackageStore(store).get("T-1") is not None


def test_a_file_is_limited_by_free_memory_not_a_fixed_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _geojson_file(tmp_path, {"type": "Point", "coordinates": [69.78, 37.91]})
    size = path.stat().st_size
    monkeypatch.setattr(files_module, "available_memory", lambda: size * files_module.MEMORY_PER_FILE_BYTE - 1)
    assert main(["validate", str(path)]) == 1
    assert "needs about" in capsys.readouterr().out
    monkeypatch.setattr(files_module, "available_memory", lambda: size * files_module.MEMORY_PER_FILE_BYTE)
    assert main(["validate", str(path)]) == 0


def test_the_bulk_location_check_agrees_with_the_single_one() -> None:
    events = load_default_events()
    countries = [e.country for e in events] + ["Afghanistan", "Atlantis", "Afghanistan", "Tajikistan"]
    geometries = [e.geometry for e in events] + [Point(-120, 37), Point(1, 2), Point(69.2, 38.5), Point(69.2, 37.3)]
    bulk = location_problems(countries, geometries)
    assert bulk == [location_problem(c, g) for c, g in zip(countries, geometries, strict=True)]
    assert bulk[:len(events)] == [None] * len(events) and all(bulk[len(events):len(events) + 3])
