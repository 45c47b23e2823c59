"""The python -m geo command line, run as real subprocesses with their own data directory."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli.core import SUBCOMMANDS
from geo.exchange import write_events
from geo.model import FIELDS, Event, events_to_frame
from geo.stores import GeoPackageStore, load_default_events
from tests.conftest import REPO
from tests.unit.helpers import make_event


def geo(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m geo ARGS`` (the venv's interpreter) with BORDER_MONITOR_DATA=data."""
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def events_file(path: Path, events: list[Event]) -> Path:
    write_events(events_to_frame(events), path.suffix.lstrip("."), path)
    return path


def test_export_geojson_to_stdout_has_every_seed_event(data_home: Path) -> None:
    out = geo("export", "--format", "geojson", "--out", "-", data=data_home)
    assert out.returncode == 0, out.stderr
    collection = json.loads(out.stdout)
    assert [f["id"] for f in collection["features"]] == [
        e.event_id for e in load_default_events()]
    props = collection["features"][0]["properties"]
    assert list(props) == list(FIELDS)
    assert isinstance(props["sources"], list) and props["sources"][0]["publisher"]


def test_round_trip_export_import_export_is_identical(data_home: Path, tmp_path: Path) -> None:
    original = geo("export", "--format", "geojson", "--out", "-", data=data_home).stdout
    for fmt in ("geojson", "csv", "gpkg"):
        exported = tmp_path / f"all.{fmt}"
        assert geo("export", "--format", fmt, "--out", str(exported), data=data_home).returncode == 0
        empty = str(tmp_path / f"empty-{fmt}.gpkg")
        imported = geo("--store", empty, "import", str(exported), data=data_home)
        assert imported.returncode == 0, imported.stderr
        count = len(load_default_events())
        assert imported.stdout.strip().endswith(
            f"read {count}, added {count}, merged 0 (0 new source(s)), rejected 0")
        again = geo("--store", empty, "export", "--format", "geojson", "--out", "-", data=data_home)
        assert again.stdout == original, fmt


def test_export_filters_use_interval_overlap_source_and_kind(data_home: Path,
                                                            tmp_path: Path) -> None:
    other = {"source_id": "wire-2", "publisher": "Second Wire", "reliability": "C",
             "credibility": 3}
    events = [
        make_event(event_id="JAN", date_start="2020-01-01", date_end="2020-01-31"),
        make_event(event_id="MAR", date_start="2020-03-01", date_end="2020-03-01"),
        make_event(event_id="SPAN", date_start="2019-12-01", date_end="2020-02-15",
                   kind="posture", event_type="Strategic developments", sub_event_type="Other",
                   sources=[other]),
    ]
    store = str(tmp_path / "s.gpkg")
    assert geo("--store", store, "import", str(events_file(tmp_path / "e.geojson", events)),
               data=data_home).returncode == 0

    def exported_ids(*filters: str) -> list[str]:
        out = geo("--store", store, "export", "--format", "csv", "--out", "-", *filters,
                  data=data_home)
        assert out.returncode == 0, out.stderr
        return [row["event_id"] for row in csv.DictReader(io.StringIO(out.stdout))]

    assert exported_ids("--from", "2020-02-01", "--to", "2020-02-28") == ["SPAN"]
    assert exported_ids("--from", "2020-01-31") == ["JAN", "MAR", "SPAN"]
    assert exported_ids("--source", "Second Wire") == ["SPAN"]
    assert exported_ids("--source", "test-src", "--source", "wire-2") == ["JAN", "MAR", "SPAN"]
    assert exported_ids("--kind", "incident") == ["JAN", "MAR"]


def test_validate_lists_every_problem_with_row_and_field(data_home: Path, tmp_path: Path) -> None:
    path = events_file(tmp_path / "rows.csv", [make_event(event_id=f"T-{i}") for i in (1, 2, 3)])
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[1]["date_end"] = "2019-01-01"
    rows[2]["geometry"], rows[2]["latitude"] = "POINT (69.78 95.5)", "95.5"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = geo("validate", str(path), data=data_home)
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "row 3 (T-2), field record: date_end 2019-01-01 is before date_start 2020-05-01",
        "row 4 (T-3), field geometry: latitude 95.5 is outside -90..90",
    ]
    assert one_error_line(out) == f"2 problem(s) in {path}; 1 of 3 record(s) valid"
    good = geo("validate", str(events_file(tmp_path / "ok.geojson", [make_event()])),
               data=data_home)
    assert (good.returncode, good.stdout) == (0, "OK: 1 events valid\n")


def test_import_with_one_bad_row_writes_nothing(data_home: Path, tmp_path: Path) -> None:
    good = make_event(event_id="NEW-1").to_feature()
    bad = make_event(event_id="NEW-2").to_feature()
    bad["geometry"]["coordinates"] = [69.0, 95.0]
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [good, bad]}))
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.add([make_event()])
    version = store.version()
    out = geo("--store", str(store.path), "import", str(path), data=data_home)
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "feature 2 (NEW-2), field geometry: latitude 95.0 is outside -90..90",
        f"error: nothing imported: {path} (geojson): read 2, added 0, merged 0 (0 new source(s)), rejected 1; "
        "nothing written (fix them, or use --skip-invalid to import the valid records)",
    ]
    assert store.version() == version and list(store.load()["event_id"]) == ["T-1"]


def test_import_reports_counts_merges_existing_ids_and_updates_on_request(data_home: Path, tmp_path: Path) -> None:
    second = make_event(event_id="T-2", date_start="2020-06-01", date_end="2020-06-01")
    path = events_file(tmp_path / "two.csv", [make_event(), second])
    store = str(tmp_path / "s.gpkg")
    first = geo("import", str(path), "--store", store, data=data_home)  # either side of COMMAND
    assert (first.returncode, first.stdout) == (
        0, f"imported {path} (csv): read 2, added 2, merged 0 (0 new source(s)), rejected 0\n")
    version = GeoPackageStore(Path(store)).version()
    again = geo("--store", store, "import", str(path), data=data_home)
    assert (again.returncode, again.stdout) == (
        0, f"imported {path} (csv): read 2, added 0, merged 2 (0 new source(s)), rejected 0; nothing written\n")
    assert GeoPackageStore(Path(store)).version() == version
    changed = make_event(notes="Re-read: the figure was revised.")
    path = events_file(tmp_path / "two.csv", [changed, second])
    update = geo("--store", store, "import", "--update", str(path), data=data_home)
    assert update.stdout == (
        f"imported {path} (csv): read 2, added 0, updated 2, merged 0 (0 new source(s)), rejected 0\n")
    assert GeoPackageStore(Path(store)).get("T-1").notes == "Re-read: the figure was revised."  # type: ignore[union-attr]


def test_malformed_files_give_one_clear_line(data_home: Path, tmp_path: Path) -> None:
    cases = {"empty.geojson": (b"", "is empty"), "broken.geojson": (b"{not json", "not valid JSON"),
             "binary.csv": (b"\x00\x01\x02PK", "binary"),
             "latin1.csv": ("event_id,kind\nx,caf\xe9\n".encode("latin-1"), "not UTF-8")}
    for name, (content, phrase) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        out = geo("validate", str(path), data=data_home)
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert len(out.stdout.splitlines()) == 1 and phrase in out.stdout, (name, out.stdout)
    imported = geo("import", str(tmp_path / "binary.csv"), data=data_home)
    assert imported.returncode == 1
    assert one_error_line(imported) == f"error: {tmp_path / 'binary.csv'}: looks like a binary " \
        "file, not text"


def test_help_works_for_every_subcommand(data_home: Path) -> None:
    top = geo("--help", data=data_home)
    assert top.returncode == 0
    for name in SUBCOMMANDS:
        assert name in top.stdout
        sub = geo(name, "--help", data=data_home)
        assert sub.returncode == 0 and sub.stdout.startswith(f"usage: python -m geo {name}")
    assert {"export", "validate", "import"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize(
    ("args", "status", "phrase"),
    [
        (["export", "--format", "geojson", "--out", "-", "--from", "2020-13-01"], 2, "not a date"),
        (["export", "--out", "-"], 2, "the following arguments are required: --format"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["export", "--format", "geojson", "--out", "-", "--from", "2021-01-01",
          "--to", "2020-01-01"], 1, "--from 2021-01-01 is after --to 2020-01-01"),
        (["export", "--format", "gpkg", "--out", "-"], 1, "cannot be written to stdout"),
        (["validate", "/no/such/file.csv"], 1, "no such file"),
    ],
)
def test_failures_exit_non_zero_with_one_line(args: list[str], status: int, phrase: str,
                                              data_home: Path) -> None:
    out = geo(*args, data=data_home)
    assert out.returncode == status
    line = out.stdout.strip() if args[0] == "validate" else one_error_line(out)
    assert phrase in line


def test_unreadable_store_is_one_line_not_a_traceback(data_home: Path) -> None:
    (data_home / "border_monitor.gpkg").write_bytes(b"garbage")
    out = geo("export", "--format", "csv", "--out", "-", data=data_home)
    assert out.returncode == 1
    assert one_error_line(out).startswith("error: the store ")


def test_reader_closing_the_pipe_early_is_a_quiet_failure(data_home: Path) -> None:
    # the seed export (~240 kB) is larger than a pipe buffer, so the writer hits the closed pipe
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data_home)}
    proc = subprocess.Popen([sys.executable, "-m", "geo", "export", "--format", "geojson",
                             "--out", "-"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10).startswith(b"{")
    proc.stdout.close()
    assert proc.wait(timeout=120) == 1  # not 0: the output was cut off
    assert proc.stderr.read() == b""
    proc.stderr.close()
