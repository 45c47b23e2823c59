"""Reading and writing event files: GeoJSON, CSV (ours or ACLED-style) and GeoPackage.

Readers return ``(events, errors)``: every problem is one line naming the row
or feature and the field. Writers to a path are atomic (temporary file in the
same directory, then ``os.replace``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pydantic import ValidationError

from geo.schema import (
    CRS,
    DATE_FIELDS,
    FIELDS,
    INT_FIELDS,
    Event,
    format_errors,
    frame_records,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
FORMATS = ("geojson", "csv", "gpkg")
#: ACLED export column -> our field.
ACLED_COLUMNS = {
    "event_id_cnty": "event_id",
    "event_date": "date_start",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",
    "actor2": "actor2",
    "admin1": "admin1",
    "location": "location",
    "country": "country",
    "notes": "notes",
    "time_precision": "time_precision",
    "geo_precision": "geo_precision",
}


class FileProblem(ValueError):
    """A whole file cannot be read (empty, binary, bad JSON, wrong shape...)."""


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file or raise :class:`FileProblem` saying why not."""
    if not path.exists():
        raise FileProblem(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"{path}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise FileProblem(f"{path}: {size:,} bytes is over the {MAX_FILE_BYTES:,} byte limit")
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise FileProblem(f"{path}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded); re-save it as UTF-8"
        ) from None


def read_events(path: str | Path) -> tuple[list[Event], list[str]]:
    """Validate a .geojson/.json or .csv file; return good events and problems."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".geojson", ".json"):
            return _read_geojson(path)
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".gpkg":
            return _read_gpkg(path)
    except FileProblem as exc:
        return [], [str(exc)]
    return [], [f"{path}: unsupported file type {suffix or '(none)'}; use .geojson, .csv or .gpkg"]


def _read_geojson(path: Path) -> tuple[list[Event], list[str]]:
    from geo.schema import validate_features

    try:
        data = json.loads(read_text_file(path))
    except json.JSONDecodeError as exc:
        raise FileProblem(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FileProblem(f"{path}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list):
        raise FileProblem(f"{path}: 'features' is not a list")
    return validate_features(features)


def _read_csv(path: Path) -> tuple[list[Event], list[str]]:
    text = read_text_file(path)
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or [])
    if "event_id_cnty" in columns:
        return _validate_rows(reader, _acled_row)
    has_geometry = "geometry" in columns or {"latitude", "longitude"} <= columns
    missing = [c for c in ("event_id", "kind", "date_start") if c not in columns]
    if missing or not has_geometry:
        need = missing + ([] if has_geometry else ["geometry (WKT) or latitude+longitude"])
        raise FileProblem(f"{path}: missing column(s): {', '.join(need)}")
    return _validate_rows(reader, _our_row)


def _read_gpkg(path: Path) -> tuple[list[Event], list[str]]:
    try:
        gdf = gpd.read_file(path, layer="events")
    except Exception as exc:  # pyogrio raises several error types for broken files
        raise FileProblem(f"{path}: cannot read GeoPackage layer 'events': {exc}") from None
    return validate_records(frame_records(from_flat_frame(gdf)), "feature")


def _validate_rows(rows: Any, convert: Any) -> tuple[list[Event], list[str]]:
    records = []
    for row in rows:
        record = convert({k: (v if v != "" else None) for k, v in row.items() if k})
        for name in INT_FIELDS:
            record[name] = _int_text(record.get(name))
        records.append(record)
    return validate_records(records, "row", first=2)


def _int_text(value: Any) -> Any:
    """CSV text "3" or "3.0" to 3; anything else is left for the schema to report."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else value
    return value


def validate_records(
    records: list[dict[str, Any]], noun: str, first: int = 1
) -> tuple[list[Event], list[str]]:
    """Validate dict records; problems read ``row 14 (id), field x: ...``."""
    events: list[Event] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=first):
        where = f"{noun} {number}" + (f" ({record['event_id']})" if record.get("event_id") else "")
        if "_error" in record:
            errors.append(f"{where}, {record['_error']}")
            continue
        try:
            event = Event.model_validate(record)
        except ValidationError as exc:
            errors.extend(format_errors(exc, where))
            continue
        if event.event_id in seen:
            errors.append(f"{where}, field event_id: duplicate id {event.event_id!r}")
            continue
        seen.add(event.event_id)
        events.append(event)
    return events, errors


def _our_row(row: dict[str, Any]) -> dict[str, Any]:
    record = {k: row.get(k) for k in FIELDS}
    if row.get("sources"):
        try:
            record["sources"] = json.loads(row["sources"])
        except json.JSONDecodeError:
            return {"event_id": row.get("event_id"), "_error": "field sources: not a JSON list"}
    record["geometry"] = row.get("geometry") or _point_wkt(row)
    return record


def _point_wkt(row: dict[str, Any]) -> str | None:
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        return f"POINT ({float(lon)} {float(lat)})"
    except ValueError:
        return f"POINT ({lon} {lat})"  # let the schema report the bad number


def _acled_row(row: dict[str, Any]) -> dict[str, Any]:
    """Map an ACLED export row onto our fields (single day, one source)."""
    record: dict[str, Any] = {ours: row.get(theirs) for theirs, ours in ACLED_COLUMNS.items()}
    record["date_end"] = record["date_start"]
    record["kind"] = "context" if row.get("event_type") == "Strategic developments" else "incident"
    record["fatalities_best"] = record["fatalities_low"] = row.get("fatalities")
    record["notes"] = record.get("notes") or ""
    record["geometry"] = _point_wkt(row)
    publisher = row.get("source") or "ACLED"
    record["sources"] = [{
        "source_id": f"acled-{row.get('event_id_cnty') or 'unknown'}",
        "publisher": publisher[:200],
        "title": f"ACLED event {row.get('event_id_cnty')}",
        "reliability": "B",
        "credibility": 2,
    }]
    return record


def from_flat_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A frame read from CSV/GPKG (JSON text sources, text dates) to canonical dtypes."""
    from geo.schema import normalise_frame

    return normalise_frame(gdf)


def to_flat_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Canonical frame to flat columns: ISO date text, JSON text sources."""
    flat = gdf[[*FIELDS, "geometry"]].copy()
    for name in DATE_FIELDS:
        flat[name] = flat[name].dt.strftime("%Y-%m-%d")
    flat["sources"] = flat["sources"].map(lambda s: json.dumps(s, ensure_ascii=False))
    return gpd.GeoDataFrame(flat, geometry="geometry", crs=CRS)


def to_feature_collection(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """The frame as a GeoJSON FeatureCollection with exactly FIELDS as properties."""
    features = []
    for record in frame_records(gdf):
        geom = record.pop("geometry")
        props = {k: record[k] for k in FIELDS}
        for name in DATE_FIELDS:
            props[name] = props[name].isoformat()
        features.append({
            "type": "Feature",
            "id": props["event_id"],
            "geometry": geom.__geo_interface__,
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features}


def _csv_text(gdf: gpd.GeoDataFrame) -> str:
    flat = to_flat_frame(gdf)
    points = flat.geometry.representative_point()
    table = pd.DataFrame(flat.drop(columns="geometry"))
    for name in INT_FIELDS:
        table[name] = table[name].astype("Int64")
    table["geometry"] = flat.geometry.to_wkt(rounding_precision=6)
    table["latitude"] = points.y.round(6)
    table["longitude"] = points.x.round(6)
    return table.to_csv(index=False, lineterminator="\n")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path beside ``target``; move it over ``target`` on success only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # GDAL wants to create the file itself
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write the events layer of a GeoPackage (mixed geometry types allowed)."""
    flat = to_flat_frame(gdf)
    flat.to_file(path, layer="events", driver="GPKG", engine="pyogrio", geometry_type="Unknown")


def write_events(gdf: gpd.GeoDataFrame, fmt: str, out: str | Path) -> None:
    """Write the frame as geojson, csv or gpkg to a path, or to stdout when out is '-'."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "gpkg" and str(out) == "-":
        raise ValueError("a GeoPackage cannot be written to stdout; give --out FILE.gpkg")
    if fmt == "geojson":
        text = json.dumps(to_feature_collection(gdf), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        text = _csv_text(gdf)
    if str(out) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_path(Path(out)) as tmp:
        if fmt == "gpkg":
            write_gpkg(gdf, tmp)
        else:
            tmp.write_text(text, encoding="utf-8")
