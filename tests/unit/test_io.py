"""Event files: GeoJSON/CSV/GeoPackage round trips, ACLED columns, every malformed-file case."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import geo.model.flat as flat_layout
from geo.exchange.files import read_event_file, read_events, to_feature_collection, write_events
from geo.model import FIELDS, Event, events_to_frame
from tests.conftest import REPO
from tests.unit.helpers import make_event

ACLED_FIXTURE = REPO / "tests" / "fixtures" / "acled_style.csv"


def varied_events() -> list[Event]:
    """Events exercising every awkward value a file must carry unchanged."""
    return [
        make_event(),
        make_event(event_id="T-2", geometry="LINESTRING (68.123456789 37.5, 69.000001 37.2)",
                   notes='Commas, "quotes", a newline\nand non-ASCII: Хорог, خاروغ.',
                   fatalities_low=None, fatalities_best=None, fatalities_high=None,
                   fatalities_text="dozens", actor1="Unit A", admin1="Gorno-Badakhshan"),
        make_event(event_id="T-3", kind="concentration", event_type="Strategic developments",
                   sub_event_type="Other", date_start="2021-01-01", date_end="2021-12-31",
                   time_precision=3, geo_precision=3, strength_low=100, strength_best=200,
                   geometry="POLYGON ((70.1 37.1, 71.2 37.1, 71.2 38.3, 70.1 37.1))"),
    ]


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def csv_with(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def exported_rows(events: list[Event], tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "export.csv"
    write_events(events_to_frame(events), "csv", path)
    return list(csv.DictReader(path.open(encoding="utf-8", newline="")))


# -- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
def test_write_then_read_gives_the_same_events(fmt: str, tmp_path: Path) -> None:
    events = varied_events()
    path = tmp_path / f"events.{fmt}"
    write_events(events_to_frame(events), fmt, path)
    assert read_events(path) == (events, [])


def test_feature_collection_properties_are_exactly_fields() -> None:
    collection = to_feature_collection(events_to_frame(varied_events()))
    feature = collection["features"][2]
    assert list(feature["properties"]) == list(FIELDS)
    assert feature["id"] == "T-3" and feature["geometry"]["type"] == "Polygon"
    assert (feature["properties"]["date_start"], feature["properties"]["date_end"]) == (
        "2021-01-01", "2021-12-31")
    assert feature["properties"]["sources"][0]["publisher"] == "Test Wire"
    json.dumps(collection)  # plain JSON types only


def test_csv_has_wkt_and_a_representative_point(tmp_path: Path) -> None:
    rows = exported_rows(varied_events(), tmp_path)
    assert list(rows[0]) == [*FIELDS, "geometry", "latitude", "longitude"]
    assert rows[0]["geometry"] == "POINT (69.78 37.91)"
    assert (rows[0]["latitude"], rows[0]["longitude"]) == ("37.91", "69.78")
    assert json.loads(rows[1]["sources"])[0]["source_id"] == "test-src"
    assert rows[1]["fatalities_best"] == "" and rows[2]["strength_best"] == "200"


def test_csv_with_latitude_longitude_instead_of_geometry(tmp_path: Path) -> None:
    rows = exported_rows([make_event()], tmp_path)
    del rows[0]["geometry"]
    events, errors = read_events(write_text(tmp_path / "points.csv", csv_with(rows)))
    assert errors == [] and events == [make_event()]


def test_csv_geometry_disagreeing_with_latitude_is_reported(tmp_path: Path) -> None:
    rows = exported_rows([make_event()], tmp_path)
    rows[0]["latitude"] = "38.5"
    _, errors = read_events(write_text(tmp_path / "edited.csv", csv_with(rows)))
    assert errors == ["row 2 (T-1), field latitude/longitude: (38.5, 69.78) does not match the "
                      "geometry column (37.910000, 69.780000); correct or clear one of them"]


# -- problems in rows -------------------------------------------------------------------


def test_csv_row_problems_name_the_spreadsheet_row_and_field(tmp_path: Path) -> None:
    rows = exported_rows([make_event(event_id=f"T-{i}") for i in range(1, 7)], tmp_path)
    rows[1]["date_start"] = "2020-13-45"
    rows[2]["sources"] = "[{not json"
    rows[3]["time_precision"] = "day"
    rows[4]["event_id"] = "T-1"
    rows[5]["kind"] = ""
    result = read_event_file(write_text(tmp_path / "bad.csv", csv_with(rows)))
    assert result.records == 6 and [e.event_id for e in result.events] == ["T-1"]
    assert result.errors[0].startswith("row 3 (T-2), field date_start: ")
    assert result.errors[1].startswith("row 4 (T-3), field sources: not valid JSON")
    assert result.errors[2] == "row 5 (T-4), field time_precision: Input should be 1, 2 or 3"
    assert result.errors[3] == "row 6 (T-1), field event_id: duplicate id 'T-1' (also row 2)"
    assert result.errors[4] == "row 7 (T-6), field kind: Field required"
    assert len(result.errors) == 5


def test_csv_ragged_row_and_blank_lines(tmp_path: Path) -> None:
    text = csv_with(exported_rows([make_event(), make_event(event_id="T-2")], tmp_path))
    lines = text.splitlines()
    ragged = "\n".join([lines[0], "", lines[1], lines[2] + ",extra"]) + "\n"
    result = read_event_file(write_text(tmp_path / "ragged.csv", ragged))
    assert [e.event_id for e in result.events] == ["T-1"]
    assert result.errors == ["row 4 (T-2): has 29 cells but the header has 28"]


def test_geojson_feature_problems_name_feature_and_field(tmp_path: Path) -> None:
    good, bad = make_event().to_feature(), make_event(event_id="T-2").to_feature()
    bad["geometry"]["coordinates"] = [69.0, 95.0]
    path = write_text(tmp_path / "f.geojson", json.dumps(
        {"type": "FeatureCollection", "features": [good, bad]}))
    events, errors = read_events(path)
    assert events == [make_event()]
    assert errors == ["feature 2 (T-2), field geometry: latitude 95.0 is outside -90..90"]


# -- malformed files: one clear line each -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.geojson", b"", "the file is empty"),
        ("blank.csv", b" \n\n  ", "the file is empty (only whitespace)"),
        ("broken.geojson", b'{"type": "FeatureCollection",\n "features": [}',
         "not valid JSON (line 2, column 15"),
        ("list.geojson", b"[1, 2]", "not a GeoJSON FeatureCollection (found 'list')"),
        ("one.json", b'{"type": "Feature", "properties": {}}', "wrap it in a FeatureCollection"),
        ("nofeatures.geojson", b'{"type": "FeatureCollection", "features": {}}',
         "'features' is not a list"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        ("binary.csv", b"PK\x03\x04\x00\x00binary", "looks like a binary file"),
        ("utf16.csv", "event_id,kind\n".encode("utf-16"), "UTF-16 text; re-save it as UTF-8"),
        ("latin1.csv", "event_id,kind\nx,caf\xe9\n".encode("latin-1"), "not UTF-8 text (byte 19"),
        ("columns.csv", b"event_id,kind,date_start\nx,incident,2020-01-01\n",
         "missing column(s): event_type, sub_event_type, date_end"),
        ("semicolons.csv", b"event_id;kind;date_start\n", "separated by semicolons"),
        ("twice.csv", b"event_id,kind,kind\n", "column(s) named twice: kind"),
        ("events.txt", b"hello", "unsupported file type .txt"),
        ("fake.gpkg", b"not a geopackage", "cannot be read as a GeoPackage"),
    ],
)
def test_malformed_file_gives_one_clear_line(
    name: str, content: bytes, phrase: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = read_event_file(path)
    assert result.events == [] and len(result.errors) == 1, result.errors
    assert phrase in result.errors[0] and str(path) in result.errors[0]


def test_unknown_columns_are_named(tmp_path: Path) -> None:
    rows = exported_rows([make_event()], tmp_path)
    rows[0]["fatalites_best"] = "3"  # a typo would otherwise be silently dropped
    (line,) = read_events(write_text(tmp_path / "typo.csv", csv_with(rows)))[1]
    assert "unknown column(s): fatalites_best" in line


def test_missing_file_directory_and_gpkg_without_events_layer(tmp_path: Path) -> None:
    assert "no such file" in read_events(tmp_path / "absent.csv")[1][0]
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "is a directory" in read_events(folder)[1][0]
    other = tmp_path / "other.gpkg"
    import pyogrio

    pyogrio.write_dataframe(events_to_frame([make_event()]).drop(columns="sources"), other,
                            layer="roads")
    assert read_events(other)[1] == [f"{other}: has no 'events' layer (layers: roads)"]


# -- ACLED-style CSV --------------------------------------------------------------------


def test_acled_columns_are_mapped_onto_our_fields() -> None:
    result = read_event_file(ACLED_FIXTURE)
    assert (result.errors, result.records) == ([], 3)
    clash, post, protest = result.events
    assert (clash.event_id, clash.kind, clash.event_type, clash.sub_event_type) == (
        "TST001", "incident", "Battles", "Armed clash")
    assert clash.date_start.isoformat() == clash.date_end.isoformat() == "2024-05-03"
    assert (clash.geometry.x, clash.geometry.y) == (70.5678, 37.1234)
    assert (clash.fatalities_best, clash.fatalities_low, clash.fatalities_high) == (2, None, None)
    assert (clash.actor1, clash.actor2, clash.admin1, clash.location, clash.country) == (
        "Test Border Unit", "Test Armed Group", "Test Province", "Test Village", "Afghanistan")
    assert clash.notes.startswith("FICTIONAL TEST ROW: a made-up clash, with a comma.")
    # "Test Wire; Example Daily; Test Wire": one unrated citation per distinct outlet
    assert [(s.source_id, s.publisher, s.reliability, s.credibility) for s in clash.sources] == [
        ("acled-TST001-1", "Test Wire", "F", 6), ("acled-TST001-2", "Example Daily", "F", 6)]
    assert post.kind == "posture" and post.date_start.isoformat() == "2024-05-03"  # "03 May 2024"
    assert (post.time_precision, post.geo_precision, post.fatalities_best) == (2, 2, 0)
    assert protest.kind == "context" and protest.fatalities_best is None
    assert [s.publisher for s in protest.sources] == ["ACLED"]


def test_acled_problems_use_acled_column_names(tmp_path: Path) -> None:
    rows = list(csv.DictReader(ACLED_FIXTURE.open(encoding="utf-8", newline="")))
    rows[0]["event_date"] = "sometime in May"
    rows[1]["latitude"] = "95"
    rows[2]["sub_event_type"] = "Armed clash"
    _, errors = read_events(write_text(tmp_path / "acled.csv", csv_with(rows)))
    assert errors[0].startswith("row 2 (TST001), field event_date: ")
    assert errors[1] == "row 3 (TST002), field latitude/longitude: latitude 95.0 is outside -90..90"
    assert errors[2].startswith("row 4 (TST003), field record: sub_event_type 'Armed clash'")
    assert len(errors) == 3


def test_acled_file_missing_required_columns(tmp_path: Path) -> None:
    path = write_text(tmp_path / "acled.csv", "event_id_cnty,event_date,notes\nTST9,2024-01-01,x\n")
    (line,) = read_events(path)[1]
    assert line.endswith("missing ACLED column(s): time_precision, event_type, sub_event_type, "
                         "location, latitude, longitude, geo_precision, country")


# -- writing ----------------------------------------------------------------------------


def test_write_events_refuses_bad_targets(tmp_path: Path) -> None:
    frame = events_to_frame([make_event()])
    with pytest.raises(ValueError, match="cannot be written to stdout"):
        write_events(frame, "gpkg", "-")
    with pytest.raises(ValueError, match="unknown format 'kml'"):
        write_events(frame, "kml", tmp_path / "x.kml")
    with pytest.raises(ValueError, match="is a directory"):
        write_events(frame, "csv", tmp_path)


def test_failed_export_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.gpkg"
    write_events(events_to_frame([make_event()]), "gpkg", target)
    before = target.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(flat_layout.pyogrio, "write_dataframe", crash)
    with pytest.raises(OSError, match="disk full"):
        write_events(events_to_frame([make_event(event_id="T-2")]), "gpkg", target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.gpkg"]
