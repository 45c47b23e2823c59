"""Generate malformed and hostile event files: GeoJSON, our CSV, KML, ACLED and UCDP GED CSV.

Every file is built from one valid record with one thing broken (a field set to a bad
value, a structural fault, an encoding fault, a hostile payload next to a fault), so
each must be refused. The set is deterministic: the same call writes the same files.

Usage: ``.venv/bin/python tests/fuzz/make_hostile.py OUT_DIR`` (prints how many of each).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: Text payloads an attacker would try; each is paired with a fault so the record is refused.
PAYLOADS = ('=HYPERLINK("http://example.invalid/x","click")', "<script>alert(1)</script>",
            "@SUM(1+1)*cmd|' /C calc'!A0", "'; DROP TABLE events; --", "\u202eevil\u202c", "{{7*7}}${7*7}",
            "../../etc/passwd")

SOURCE = {"source_id": "fz-src", "publisher": "Fuzz Wire", "title": "Fuzz", "published": "2020-05-02",
          "url": "https://example.invalid/a", "reliability": "B", "credibility": 2}
BASE: dict[str, Any] = {
    "event_id": "FZ-1", "kind": "incident", "event_type": "Battles", "sub_event_type": "Armed clash",
    "date_start": "2020-05-01", "date_end": "2020-05-01", "time_precision": 1, "location": "Kulob",
    "country": "Tajikistan", "geo_precision": 1, "fatalities_low": 2, "fatalities_best": 2,
    "notes": "fuzz base record", "sources": [SOURCE],
}
POINT = {"type": "Point", "coordinates": [69.78, 37.91]}

#: (field, bad value, what is wrong) applied to the base record.
BAD_FIELDS: list[tuple[str, Any]] = [
    ("event_id", ""), ("event_id", None), ("event_id", "x" * 5000), ("event_id", "a\x00b"), ("event_id", 12),
    ("kind", "massacre"), ("kind", ""), ("kind", None), ("kind", ["incident"]),
    ("event_type", "Battle"), ("event_type", "Riots"), ("event_type", None),
    ("sub_event_type", "Armed clashes"), ("sub_event_type", "Peaceful protest"), ("sub_event_type", ""),
    ("date_start", "2020-13-01"), ("date_start", "2020-02-30"), ("date_start", "yesterday"), ("date_start", ""),
    ("date_start", "01/05/2020"), ("date_start", "2999-01-01"),
    ("date_start", 20200501), ("date_end", "2020-04-30"), ("date_end", "2020-05-01T25:00"),
    ("date_end", None), ("time_precision", 0), ("time_precision", 4), ("time_precision", "day"),
    ("time_precision", 1.5), ("location", ""), ("location", None), ("location", "a\x00b"),
    ("country", ""), ("country", None), ("geo_precision", 9), ("geo_precision", -1), ("geo_precision", "exact"),
    ("fatalities_best", -3), ("fatalities_best", "many"), ("fatalities_best", 2**70),
    ("fatalities_low", 5), ("fatalities_high", 1), ("wounded", -1), ("wounded", "some"),
    ("strength_best", -10), ("notes", "bad\x00nul"), ("actor1", "a\x00b"),
    ("sources", []), ("sources", "Fuzz Wire"), ("sources", [{"publisher": "x"}]),
    ("sources", [{**SOURCE, "reliability": "Z"}]), ("sources", [{**SOURCE, "credibility": 9}]),
    ("sources", [{**SOURCE, "published": "someday"}]), ("sources", [{**SOURCE, "url": "javascript:alert(1)"}]),
    ("sources", [{**SOURCE, "source_id": ""}]), ("sources", [{**SOURCE, "publisher": ""}]),
]
#: Geometries that must be refused (GeoJSON objects unless text).
BAD_GEOMETRIES: list[Any] = [
    "POINT (69.78 37.91)", '{"type": "Point", "coordinates": [69.78, 37.91]}', None, 5, [69.78, 37.91],
    {"type": "Point"}, {"type": "Point", "coordinates": []}, {"type": "Point", "coordinates": [69.78]},
    {"type": "Point", "coordinates": ["a", "b"]}, {"type": "Point", "coordinates": [69.78, 95.0]},
    {"type": "Point", "coordinates": [200.0, 37.9]}, {"type": "Point", "coordinates": [-120.0, 37.0]},
    {"type": "Point", "coordinates": [1.0, 2.0]}, {"type": "Point", "coordinates": [37.91, 69.78]},
    {"type": "Circle", "coordinates": [69.78, 37.91]}, {"type": "point", "coordinates": [69.78, 37.91]},
    {"type": "Polygon", "coordinates": [[[69, 37], [70, 38], [70, 37], [69, 38], [69, 37]]]},
    {"type": "Polygon", "coordinates": [[[69, 37], [70, 37]]]}, {"type": "LineString", "coordinates": [[69, 37]]},
    {"type": "MultiPoint", "coordinates": "69 37"}, {"type": "GeometryCollection"},
    {"type": "Point", "coordinates": [float("nan"), 37.0]},
]


def _feature(record: dict[str, Any], geometry: Any = POINT) -> dict[str, Any]:
    return {"type": "Feature", "properties": record, "geometry": geometry}


def _collection(*features: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, allow_nan=True).encode()


def geojson_files() -> Iterator[tuple[str, bytes]]:
    for i, (name, value) in enumerate(BAD_FIELDS):
        yield f"field-{i:02d}-{name}.geojson", _collection(_feature({**BASE, name: value}))
        payload = PAYLOADS[i % len(PAYLOADS)]
        yield f"payload-{i:02d}-{name}.geojson", _collection(_feature({**BASE, "notes": payload, name: value}))
    for i, geometry in enumerate(BAD_GEOMETRIES):
        yield f"geometry-{i:02d}.geojson", _collection(_feature(dict(BASE), geometry))
    missing = [name for name in ("event_id", "kind", "event_type", "date_start", "location", "sources")]
    for name in missing:
        yield f"missing-{name}.geojson", _collection(_feature({k: v for k, v in BASE.items() if k != name}))
    structural = {
        "empty.geojson": b"", "blank.geojson": b"   \n\t", "not-json.geojson": b"{features: [}",
        "truncated.geojson": _collection(_feature(BASE))[:-7], "array.geojson": b"[1, 2, 3]",
        "string.geojson": b'"FeatureCollection"', "null.geojson": b"null",
        "single-feature.geojson": json.dumps(_feature(BASE)).encode(),
        "features-object.geojson": b'{"type": "FeatureCollection", "features": {}}',
        "feature-not-object.geojson": b'{"type": "FeatureCollection", "features": [42]}',
        "feature-wrong-type.geojson": json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Geometry", "properties": BASE, "geometry": POINT}]}).encode(),
        "properties-list.geojson": json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": [1], "geometry": POINT}]}).encode(),
        "deep-nesting.geojson": b"[" * 100_000 + b"]" * 100_000,
        "binary.geojson": bytes(range(256)) * 4, "utf16.geojson": _collection(_feature(BASE)).decode().encode("utf-16"),
        "latin1.geojson": json.dumps({"type": "FeatureCollection",
                                      "features": [_feature({**BASE, "notes": "caf\u00e9"})]},
                                     ensure_ascii=False).encode("latin-1"),
        "duplicate-ids.geojson": _collection(_feature(BASE), _feature(BASE)),
        "nan-literal.geojson": _collection(_feature(dict(BASE))).replace(b"69.78", b"NaN"),
        "infinity-literal.geojson": _collection(_feature(dict(BASE))).replace(b"37.91", b"Infinity"),
    }
    yield from structural.items()


def _csv(header: list[str], rows: list[list[Any]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _our_row(record: dict[str, Any], lat: Any = 37.91, lon: Any = 69.78) -> dict[str, Any]:
    row = {k: (json.dumps(v) if k == "sources" else v) for k, v in record.items()}
    return {**row, "latitude": lat, "longitude": lon}


def csv_files() -> Iterator[tuple[str, bytes]]:
    def table(row: dict[str, Any]) -> bytes:
        header = list(row)
        return _csv(header, [[row[h] if row[h] is not None else "" for h in header]])

    for i, (name, value) in enumerate(BAD_FIELDS):
        if isinstance(value, list | dict | int) and name in ("event_id", "kind"):
            continue  # in a text format 12 is the text "12": a valid id
        yield f"field-{i:02d}-{name}.csv", table(_our_row({**BASE, name: value}))
    for i, (lat, lon) in enumerate([("abc", 69.78), (95, 69.78), (37.9, 200), ("", ""), (2.0, 1.0), (37.0, -120.0),
                                    ("37,91", "69,78"), ("1e400", 69.78), ("nan", "nan")]):
        yield f"position-{i}.csv", table(_our_row(dict(BASE), lat, lon))
    good = _our_row(dict(BASE))
    header = list(good)
    values = [good[h] for h in header]
    structural = {
        "empty.csv": b"", "header-only-wrong.csv": b"a,b,c\n1,2,3\n", "semicolons.csv": _csv(header, [values], ";"),
        "missing-kind.csv": _csv([h for h in header if h != "kind"], [[good[h] for h in header if h != "kind"]]),
        "duplicate-column.csv": _csv([*header, "kind"], [[*values, "incident"]]),
        "unknown-column.csv": _csv([*header, "=cmd"], [[*values, "x"]]),
        "no-geometry.csv": _csv([h for h in header if h not in ("latitude", "longitude")],
                                [[good[h] for h in header if h not in ("latitude", "longitude")]]),
        "extra-cells.csv": _csv(header, [[*values, "extra", "cells"]]),
        "unterminated-quote.csv": _csv(header, [values]) + b'"FZ-2,incident,"unterminated\n',
        "binary.csv": b"\x00\x01\x02PK\x03\x04" * 50, "latin1.csv": "event_id,kind\nx,caf\xe9\n".encode("latin-1"),
        "bad-wkt.csv": _csv(["geometry", *header[:-2]], [["POINT(1)", *values[:-2]]]),
        "wkt-injection.csv": _csv(["geometry", *header[:-2]], [['=IMPORTXML("x")', *values[:-2]]]),
        "duplicate-ids.csv": _csv(header, [values, values]),
    }
    yield from structural.items()


def kml_files() -> Iterator[tuple[str, bytes]]:
    def placemark(data: dict[str, Any], coordinates: str = "69.78,37.91") -> str:
        extended = "".join(f'<Data name="{k}"><value>{json.dumps(v) if k == "sources" else v}</value></Data>'
                           for k, v in data.items() if v is not None)
        return (f"<Placemark><name>x</name><ExtendedData>{extended}</ExtendedData>"
                f"<Point><coordinates>{coordinates}</coordinates></Point></Placemark>")

    def doc(*marks: str) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                + "".join(marks) + "</Document></kml>").encode()

    for i, (name, value) in enumerate(BAD_FIELDS):
        if ((isinstance(value, list | dict) and name != "sources") or (isinstance(value, str) and "\x00" in value)
                or (isinstance(value, int) and name in ("event_id", "kind"))):
            continue
        yield f"field-{i:02d}-{name}.kml", doc(placemark({**BASE, name: value}))
    for i, coordinates in enumerate(["", "abc", "69.78", "200,37.9", "69.78,95", "1,2", "-120,37", "69.78;37.91"]):
        yield f"coordinates-{i}.kml", doc(placemark(dict(BASE), coordinates))
    structural = {
        "empty.kml": b"", "not-xml.kml": b"<kml><Document>", "html.kml": b"<html><body>hi</body></html>",
        "no-placemark.kml": doc(), "no-data.kml": doc("<Placemark><Point><coordinates>69,37</coordinates></Point>"
                                                      "</Placemark>"),
        "billion-laughs.kml": (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">'
                               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                               b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
                               b']><kml><Document><name>&c;</name></Document></kml>'),
        "external-entity.kml": (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                b'<kml><Document><Placemark><name>&x;</name></Placemark></Document></kml>'),
        "binary.kml": bytes(range(256)) * 4,
    }
    yield from structural.items()


ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                "geo_precision", "source", "notes", "fatalities", "tags"]
ACLED_ROW = {"event_id_cnty": "FZA1", "event_date": "2020-05-01", "year": "2020", "time_precision": "1",
             "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
             "actor1": "Fuzz Unit", "actor2": "", "country": "Tajikistan", "admin1": "Khatlon", "location": "Kulob",
             "latitude": "37.91", "longitude": "69.78", "geo_precision": "1", "source": "Fuzz Wire",
             "notes": "fuzz", "fatalities": "2", "tags": ""}
ACLED_BAD = [("event_date", "2020-13-01"), ("event_date", ""), ("event_date", "soon"), ("time_precision", "7"),
             ("event_type", "Battle"), ("sub_event_type", "Riot"), ("latitude", "95"), ("latitude", "x"),
             ("longitude", "181"), ("geo_precision", "0"), ("fatalities", "-1"), ("fatalities", "many"),
             ("location", ""), ("event_id_cnty", ""), ("country", ""), ("latitude", "2"), ("longitude", "1"),
             ("sub_event_type", ""), ("event_date", "2020-02-30"), ("time_precision", "")]
UCDP_HEADER = ["id", "type_of_violence", "side_a", "side_b", "source_office", "source_headline", "source_date",
               "where_prec", "where_coordinates", "adm_1", "latitude", "longitude", "country", "date_prec",
               "date_start", "date_end", "best", "low", "high"]
UCDP_ROW = {"id": "990001", "type_of_violence": "1", "side_a": "Government of Tajikistan", "side_b": "Fuzz Group",
            "source_office": "Fuzz Wire", "source_headline": "fuzz", "source_date": "2020-05-02", "where_prec": "1",
            "where_coordinates": "Kulob", "adm_1": "Khatlon", "latitude": "37.91", "longitude": "69.78",
            "country": "Tajikistan", "date_prec": "1", "date_start": "2020-05-01", "date_end": "2020-05-01",
            "best": "2", "low": "2", "high": "3"}
UCDP_BAD = [("type_of_violence", "4"), ("type_of_violence", "x"), ("where_prec", "9"), ("where_prec", ""),
            ("date_prec", "0"), ("date_prec", "6"), ("date_start", "2020-99-01"), ("date_end", "2019-01-01"),
            ("latitude", "-95"), ("longitude", "east"), ("best", "-2"), ("best", "lots"), ("low", "5"),
            ("high", "1"), ("id", ""), ("country", ""), ("latitude", "2"), ("longitude", "1"), ("date_start", "")]


def table_files(prefix: str, header: list[str], row: dict[str, str], bad: list[tuple[str, str]],
                required: list[str]) -> Iterator[tuple[str, bytes]]:
    for i, (name, value) in enumerate(bad):
        yield f"{prefix}-{i:02d}-{name}.csv", _csv(header, [[{**row, name: value}[h] for h in header]])
        payload = PAYLOADS[i % len(PAYLOADS)]
        hostile = {**row, name: value, "notes" if "notes" in row else "side_b": payload}
        yield f"{prefix}-payload-{i:02d}-{name}.csv", _csv(header, [[hostile[h] for h in header]])
    for name in required:
        kept = [h for h in header if h != name]
        yield f"{prefix}-missing-{name}.csv", _csv(kept, [[row[h] for h in kept]])


GENERATORS: dict[str, Callable[[], Iterator[tuple[str, bytes]]]] = {
    "geojson": geojson_files,
    "csv": csv_files,
    "kml": kml_files,
    "acled": lambda: table_files("acled", ACLED_HEADER, ACLED_ROW, ACLED_BAD,
                                 ["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "country"]),
    "ucdp": lambda: table_files("ucdp", UCDP_HEADER, UCDP_ROW, UCDP_BAD,
                                ["id", "type_of_violence", "date_start", "latitude", "where_prec", "best"]),
}


def write_hostile_files(folder: Path) -> dict[str, list[Path]]:
    """Write every hostile file under ``folder/<format>/``; returns the paths by format."""
    written: dict[str, list[Path]] = {}
    for fmt, generate in GENERATORS.items():
        target = folder / fmt
        target.mkdir(parents=True, exist_ok=True)
        written[fmt] = []
        for name, content in generate():
            path = target / name
            path.write_bytes(content)
            written[fmt].append(path)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    files = write_hostile_files(out)
    for fmt, paths in files.items():
        print(f"{fmt}: {len(paths)}")
    print(f"total: {sum(len(p) for p in files.values())} files in {out}")
