"""GeoJSON FeatureCollections read feature by feature with ijson, in chunks, for the streaming import.

The record-by-record reader ``json.loads`` the whole file (a 1 GB file needs tens of GB of memory).
Here the file is parsed incrementally by ijson's C backend (yajl): one pass, before anything is
imported, checks that it is a FeatureCollection the regular reader would read (well-formed JSON, a
top-level object with ``type`` and one ``features`` array, no ``NaN`` or other literals yajl does not
take) and counts the features; :func:`geojson_source` returns None otherwise, and the regular reader
words the problem. Then ``features.item`` are built a chunk at a time (nested ``sources`` lists
intact, numbers as ``json`` gives them) and laid out as flat columns for
:func:`geo.model.columns.clean_rows`: points straight into coordinate arrays, other geometry through
shapely's ``shape`` as the model does. A feature that is not plainly in the model's form (not a
Feature, a property the model does not know, a ``null`` where the model wants a value, a count that is
no number, a geometry that is not a 2-D point or does not read) is *unclean* and goes through
:func:`geo.model.validate_features` with its number, so every message, and the note on a dropped Z,
is the regular one.

GDAL's GeoJSON driver (pyogrio) was measured too (see docs/BENCHMARKS.md, issue 12): it turns
``sources`` into text and types each property by what the whole file holds, so a bad value's message
would not be the regular one.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import ijson
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from geo.exchange.bulk.stream import Chunk, RecordCheck
from geo.exchange.files import EventFile, NumberedRow, extra_dimensions_note
from geo.model import (
    CRS,
    FIELDS,
    INT_FIELDS,
    Event,
    duplicate_id_line,
    feature_label,
    geojson_geometry_problem,
    has_extra_dimensions,
    validate_features,
)

try:  # the C backend (yajl, in ijson's wheels); without it the file is read record by record
    _IJSON: Any = ijson.get_backend("yajl2_c")
except ImportError:
    _IJSON = None
#: Property names a feature may have (``geometry`` among them is overridden by the feature's own).
_KEYS = frozenset({*FIELDS, "geometry"})
#: Fields that take no ``null``: the model refuses one (the column check would read it as blank).
_NOT_NULL = frozenset(name for name in FIELDS if type(None) not in typing.get_args(Event.model_fields[name].annotation))
_NUMBER = (int, float)
_LONE_HIGH = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")
_BLOCK = 16 << 20
#: Whole numbers beyond this are left to the model (a float cannot hold them exactly).
_BIG = 2**53


def geojson_source(path: Path) -> GeoJsonSource | None:
    """A chunked reader of a GeoJSON FeatureCollection, or None when the regular reader must word it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
        byte_order_mark = head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        if _IJSON is None or not head.strip() or byte_order_mark or b"\x00" in head:
            return None
        count = None if _lone_surrogate(path) else _feature_count(path)
    except (OSError, StopIteration, ijson.JSONError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return None if count is None else GeoJsonSource(path, count)


def _lone_surrogate(path: Path) -> bool:
    """Whether the file escapes a high surrogate with no low one after it (``json`` keeps it and the model
    refuses the text; yajl would replace it)."""
    tail = b""
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            if _LONE_HIGH.search(tail + block):
                return True
            tail = block[-12:]
    return False


def _feature_count(path: Path) -> int | None:
    """Features of the file's one top-level ``features`` array if the file is a FeatureCollection as
    ``json.loads`` would read it, else None (raises ijson's error for a file that is not JSON)."""
    keys: list[str] = []
    kind = features = None
    count = 0
    with path.open("rb") as fh:
        events = _IJSON.parse(fh, use_float=True)
        _, event, _ = next(events)
        if event != "start_map":
            return None
        for prefix, event, value in events:
            if prefix == "features.item":
                count += event in ("start_map", "start_array", "string", "number", "boolean", "null")
            elif prefix == "":
                if event == "map_key":
                    keys.append(value)
            elif prefix == "type":
                kind = value if event == "string" else None
            elif prefix == "features" and features is None:
                features = event
    # a key given twice (json.loads keeps the last) or with a dot (ijson's prefixes would mistake "features.item"
    # for the features), not a FeatureCollection, or features not a list
    if len(keys) != len(set(keys)) or any("." in key for key in keys) or kind != "FeatureCollection" or (
            features != "start_array"):
        return None
    return count


class FeatureCheck(RecordCheck):
    """GeoJSON features checked and worded as :func:`geo.model.validate_features` does."""

    def __init__(self) -> None:
        super().__init__("feature")

    def validate(self, row: NumberedRow) -> EventFile:
        events, errors = validate_features([row[1]["feature"]], start=row[0])
        return EventFile(events, errors, 1)

    def label(self, row: NumberedRow) -> str:
        return feature_label(row[0], row[1]["feature"]["properties"])

    def duplicate(self, label: str, event_id: str, first: int) -> str:
        return duplicate_id_line(label, event_id)


class GeoJsonSource:
    """The features of a FeatureCollection (checked by :func:`geojson_source`), a chunk at a time."""

    noun, fmt = "feature", "geojson"
    check: RecordCheck = FeatureCheck()

    def __init__(self, path: Path, count: int) -> None:
        self.path, self.name, self.count = path, path.name, count

    def total(self) -> int | None:
        return self.count

    def chunks(self, chunk_rows: int) -> Iterator[Chunk]:
        batch: list[Any] = []
        start = 1
        with self.path.open("rb") as fh:
            for feature in _IJSON.items(fh, "features.item", use_float=True):
                batch.append(feature)
                if len(batch) == chunk_rows:
                    yield feature_chunk(batch, start)
                    start += len(batch)
                    batch = []
        if batch:
            yield feature_chunk(batch, start)


def feature_chunk(features: list[Any], start: int) -> Chunk:
    """Features ``start``, ``start + 1``... in our flat layout; those not plainly in the model's form unclean."""
    n = len(features)
    unclean = np.zeros(n, dtype=bool)
    columns: dict[str, list[Any]] = {name: [None] * n for name in FIELDS}
    geometry = np.full(n, None, dtype=object)
    xy = np.full((n, 2), np.nan)
    notes = []
    for i, feature in enumerate(features):
        shape_of = _point(feature, xy, i)
        if shape_of is None and isinstance(feature, dict) and has_extra_dimensions(feature.get("geometry")):
            notes.append(extra_dimensions_note(start + i))
        props = feature.get("properties") if isinstance(feature, dict) else None
        if (shape_of is None or not isinstance(props, dict) or feature.get("type") != "Feature"
                or not props.keys() <= _KEYS or any(props.get(name, 0) is None for name in _NOT_NULL)):
            unclean[i] = True
            continue
        if isinstance(shape_of, dict):
            try:
                geometry[i] = shape(shape_of)
            except Exception:  # shapely raises several types; the model words it
                unclean[i] = True
                continue
        for name, value in props.items():
            if name != "geometry":
                columns[name][i] = value
    points = ~np.isnan(xy[:, 0])
    geometry[points] = shapely.points(xy[points])
    cells: dict[str, Any] = {name: pd.Series(values, dtype=object).to_numpy() for name, values in columns.items()}
    for name in INT_FIELDS:
        cells[name], bad = _counts(cells[name])
        unclean |= bad
    cells["sources"], bad = _sources(cells["sources"])
    unclean |= bad | np.array([g is None for g in geometry], dtype=bool)
    frame = gpd.GeoDataFrame(pd.DataFrame(cells), geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)
    numbers = np.arange(start, start + n, dtype=np.int64)
    return Chunk(frame, numbers, lambda position: (start + position, {"feature": features[position]}, None),
                 unclean, notes)


def _point(feature: Any, xy: np.ndarray, i: int) -> dict[str, Any] | bool | None:
    """True after putting a plain 2-D point's coordinates in ``xy[i]``; the geometry object when it is
    another geometry that may be read; None when the model must word it."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if geometry is None or geojson_geometry_problem(geometry) is not None:
        return None
    coordinates = geometry.get("coordinates")
    if (geometry["type"] == "Point" and len(coordinates) == 2
            and all(type(c) in _NUMBER and abs(c) < _BIG for c in coordinates)):
        xy[i] = coordinates
        return True
    return None if has_extra_dimensions(geometry) else geometry


def _counts(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Count cells as floats (NaN for null), and which are not plainly numbers (text, true/false...)."""
    out = np.full(len(cells), np.nan)
    bad = np.zeros(len(cells), dtype=bool)
    for i, value in enumerate(cells.tolist()):
        if type(value) in _NUMBER and abs(value) < _BIG:
            out[i] = value
        elif value is not None:
            bad[i] = True
    return out, bad


def _sources(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Citation lists as the JSON text of the flat layout, and which cells are not lists."""
    bad = np.array([type(value) is not list for value in cells.tolist()], dtype=bool)
    text = np.array([None if b else json.dumps(value, ensure_ascii=False) for value, b in zip(cells, bad,
                                                                                          strict=True)], dtype=object)
    return text, bad
