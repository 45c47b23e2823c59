"""The python -m geo command line, run as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from geo.io import write_events
from geo.schema import events_to_frame
from tests.conftest import REPO
from tests.unit.helpers import make_event


def geo(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_export_geojson_to_stdout_has_every_seed_event(tmp_path: Path) -> None:
    out = geo("export", "--format", "geojson", "--out", "-", data=tmp_path)
    assert out.returncode == 0, out.stderr
    collection = json.loads(out.stdout)
    assert len(collection["features"]) >= 30
    props = collection["features"][0]["properties"]
    assert isinstance(props["sources"], list) and props["sources"][0]["publisher"]


def test_round_trip_export_import_export_is_identical(tmp_path: Path) -> None:
    full, empty = tmp_path / "full", tmp_path / "empty"
    for fmt in ("geojson", "csv", "gpkg"):
        path = tmp_path / f"all.{fmt}"
        assert geo("export", "--format", fmt, "--out", str(path), data=full).returncode == 0
        target = empty / fmt
        target.mkdir(parents=True)
        write_events(events_to_frame([]), "gpkg", target / "border_monitor.gpkg")  # empty store
        imported = geo("import", str(path), data=target)
        assert imported.returncode == 0, imported.stderr
        again = geo("export", "--format", "geojson", "--out", "-", data=target)
        first = geo("export", "--format", "geojson", "--out", "-", data=full)
        assert again.stdout == first.stdout, fmt


def test_filters_on_export(tmp_path: Path) -> None:
    out = geo("export", "--format", "geojson", "--out", "-", "--from", "2023-01-01",
              "--kind", "incident", data=tmp_path)
    feats = json.loads(out.stdout)["features"]
    assert feats and all(f["properties"]["kind"] == "incident" for f in feats)
    assert all(f["properties"]["date_end"] >= "2023-01-01" for f in feats)
    by_source = geo("export", "--format", "csv", "--out", "-", "--source", "Khaama Press", data=tmp_path)
    assert by_source.returncode == 0 and "Khaama Press" in by_source.stdout


def test_validate_lists_row_and_field(tmp_path: Path) -> None:
    bad = make_event(event_id="BAD-1").model_dump(mode="json")
    good = make_event(event_id="OK-1").to_feature()
    feature = {"type": "Feature", "geometry": bad.pop("geometry"),
               "properties": {**bad, "date_end": "2019-01-01"}}
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [good, feature]}))
    out = geo("validate", str(path), data=tmp_path)
    assert out.returncode == 1
    assert "feature 2 (BAD-1)" in out.stdout and "date_end 2019-01-01 is before" in out.stdout


def test_import_with_one_bad_row_writes_nothing(tmp_path: Path) -> None:
    good = make_event(event_id="NEW-1").to_feature()
    bad = make_event(event_id="NEW-2").to_feature()
    bad["geometry"]["coordinates"] = [69.0, 95.0]
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [good, bad]}))
    before = geo("export", "--format", "csv", "--out", "-", data=tmp_path).stdout
    out = geo("import", str(path), data=tmp_path)
    assert out.returncode == 1
    assert "latitude 95.0 is outside -90..90" in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("error: nothing imported")
    assert geo("export", "--format", "csv", "--out", "-", data=tmp_path).stdout == before


def test_malformed_files_get_one_clear_line(tmp_path: Path) -> None:
    cases = {
        "empty.geojson": b"",
        "broken.geojson": b"{not json",
        "binary.csv": b"\x00\x01\x02PK",
        "latin1.csv": "event_id,kind\nx,caf\xe9\n".encode("latin-1"),
        "list.geojson": b"[1, 2]",
    }
    expected = ["is empty", "not valid JSON", "binary", "not UTF-8", "not a GeoJSON FeatureCollection"]
    for (name, content), phrase in zip(cases.items(), expected, strict=True):
        path = tmp_path / name
        path.write_bytes(content)
        out = geo("validate", str(path), data=tmp_path)
        assert out.returncode == 1 and phrase in out.stdout, (name, out.stdout)
        assert "Traceback" not in out.stderr


def test_help_and_usage_errors(tmp_path: Path) -> None:
    for cmd in ("export", "validate", "import"):
        assert geo(cmd, "--help", data=tmp_path).returncode == 0
    bad = geo("export", "--format", "geojson", "--out", "-", "--from", "2020-13-01", data=tmp_path)
    assert bad.returncode == 2 and "not a date" in bad.stderr
    flipped = geo("export", "--format", "geojson", "--out", "-", "--from", "2021-01-01",
                  "--to", "2020-01-01", data=tmp_path)
    assert flipped.returncode == 1 and "is after" in flipped.stderr
    gpkg = geo("export", "--format", "gpkg", "--out", "-", data=tmp_path)
    assert gpkg.returncode == 1 and "stdout" in gpkg.stderr
