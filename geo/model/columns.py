"""Whole-column checks of flat event rows: which rows the record model accepts unchanged.

A big import validates a chunk of rows at once with pandas/numpy/shapely
instead of building one :class:`~geo.model.schema.Event` per row. The check is
deliberately strict: a row is *clean* only when every value is already in the
form the model would keep as is (exact enum values, text without surrounding
blanks or control characters and within its length, whole numbers in range,
ordered estimates, ISO days, a valid 2-D geometry within -180..180/-90..90, and
a sources list the model accepts). Every other row goes through the model
itself, which either normalises it or words the problem, so a big import gives
the same field messages as a small one and the model stays the one authority.

:func:`clean_rows` returns the mask and the clean rows in the store's flat
layout (:func:`geo.model.flat.to_flat_frame`): ISO date text, ``Int64``
counts, ``str`` text and normalised JSON ``sources``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.model.schema import (
    _CONTROL_CHARS,
    _ID_RE,
    ACLED_TAXONOMY,
    CRS,
    DATE_FIELDS,
    FIELDS,
    INT_FIELDS,
    KINDS,
    MAX_COUNT,
    Citation,
)

#: Longest text per field (the model's ``max_length``); ``None`` marks fields that may be blank.
_TEXT_LIMITS: dict[str, tuple[int, bool]] = {  # field: (max length, required)
    "location": (300, True), "country": (100, True), "admin1": (200, False),
    "fatalities_text": (300, False), "strength_text": (300, False), "actor1": (300, False),
    "actor2": (300, False), "claimed_by": (300, False), "notes": (5000, False),
}
_PAIRS = {f"{kind}\x00{sub}" for kind, subs in ACLED_TAXONOMY.items() for sub in subs}
#: Tolerance between a row's latitude/longitude and its geometry's representative point (as the row reader).
_POSITION_TOLERANCE = 1e-5


def clean_rows(chunk: gpd.GeoDataFrame) -> tuple[np.ndarray, gpd.GeoDataFrame]:
    """``(mask, flat)``: which rows of ``chunk`` (flat layout as read from a file) are clean,
    and those rows in the store's flat layout (same index as ``chunk[mask]``)."""
    n = len(chunk)
    ok = np.ones(n, dtype=bool)
    if any(name not in chunk.columns for name in ("event_id", "kind", "event_type", "sub_event_type", "geometry")):
        return np.zeros(n, dtype=bool), gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=CRS))
    out: dict[str, Any] = {}
    texts = {name: _as_text(_column(chunk, name)) for name in ("event_id", "kind", "event_type", "sub_event_type")}
    ok &= texts["event_id"][1] & texts["event_id"][0].str.fullmatch(_ID_RE.pattern).fillna(False).to_numpy(bool)
    ok &= texts["kind"][1] & texts["kind"][0].isin(KINDS).to_numpy(bool)
    pair = texts["event_type"][0] + "\x00" + texts["sub_event_type"][0]
    ok &= texts["event_type"][1] & texts["sub_event_type"][1] & pair.isin(_PAIRS).to_numpy(bool)
    for name in ("event_id", "kind", "event_type", "sub_event_type"):
        out[name] = texts[name][0]
    for name, (limit, required) in _TEXT_LIMITS.items():
        good, values = _text_ok(_column(chunk, name), limit, required, blank_default="" if name == "notes" else None)
        ok &= good
        out[name] = values
    days = {}
    for name in DATE_FIELDS:
        good, days[name] = _days(_column(chunk, name))
        ok &= good
    ok &= days["date_end"] >= days["date_start"]
    for name in DATE_FIELDS:
        out[name] = pd.Series(days[name].astype("datetime64[D]").astype(str), dtype="str")
    counts = {}
    for name in INT_FIELDS:
        good, counts[name] = _whole(_column(chunk, name))
        ok &= good
        out[name] = pd.array(np.where(good, counts[name], np.nan), dtype="Float64").astype("Int64")
    for name in ("time_precision", "geo_precision"):
        ok &= np.isin(counts[name], (1.0, 2.0, 3.0))
    for prefix in ("fatalities", "strength"):
        ok &= _ordered(*(counts[f"{prefix}_{x}"] for x in ("low", "best", "high")))
    good, out["sources"] = _sources(_column(chunk, "sources"))
    ok &= good
    geometry = np.asarray(chunk.geometry.array, dtype=object)
    ok &= _geometry_ok(geometry, chunk)
    flat = pd.DataFrame({name: _reindexed(out[name]) for name in FIELDS})
    flat.index = chunk.index
    frame = gpd.GeoDataFrame(flat, geometry=gpd.GeoSeries(geometry, index=chunk.index, crs=CRS), crs=CRS)
    return ok, frame[ok]


def _column(chunk: pd.DataFrame, name: str) -> pd.Series:
    if name in chunk.columns:
        return chunk[name].reset_index(drop=True)
    return pd.Series([None] * len(chunk), dtype=object)


def _reindexed(values: Any) -> Any:
    return values.reset_index(drop=True) if isinstance(values, pd.Series) else values


def _as_text(column: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The column as ``str`` (non-text cells blank) and which cells were text."""
    values = column.to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    text = pd.Series(np.where(is_text, values, ""), dtype="str")
    return text, is_text


def _text_ok(column: pd.Series, limit: int, required: bool, blank_default: str | None) -> tuple[np.ndarray, pd.Series]:
    text, is_text = _as_text(column)
    length = text.str.len().to_numpy()
    good = (is_text & (text.str.strip() == text).to_numpy(bool) & (length <= limit)
            & ~text.str.contains(_CONTROL_CHARS.pattern, regex=True).to_numpy(bool))
    missing = column.isna().to_numpy(bool)
    if required:
        good &= length >= 1
    elif blank_default is None:
        good = (good & (length >= 1)) | missing
    else:
        good |= missing
    return good, text.where(is_text, blank_default)


def _days(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are whole days (a datetime at midnight, or ``YYYY-MM-DD`` text) and the days."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        stamps = column.to_numpy(dtype="datetime64[ms]")
        days = stamps.astype("datetime64[D]")
        good = ~np.isnat(stamps) & (stamps == days.astype("datetime64[ms]"))
    else:
        text, is_text = _as_text(column)
        parsed = pd.to_datetime(text.where(is_text, None), format="%Y-%m-%d", errors="coerce")
        days = parsed.to_numpy(dtype="datetime64[D]")
        good = is_text & ~np.isnat(days) & (pd.Series(days.astype(str)) == text).to_numpy(bool)
    return good, np.where(good, days, np.datetime64("1970-01-01", "D"))


def _whole(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are blank or a whole number in 0..MAX_COUNT, and the values as float (NaN blank)."""
    if column.dtype.kind == "b" or not (pd.api.types.is_numeric_dtype(column.dtype) or column.isna().all()):
        missing = column.isna().to_numpy(bool)
        return missing, np.full(len(column), np.nan)
    values = column.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        good = np.isnan(values) | ((values == np.floor(values)) & (values >= 0) & (values <= MAX_COUNT))
    return good, np.where(good, values, np.nan)


def _ordered(low: np.ndarray, best: np.ndarray, high: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ~(low > best) & ~(best > high) & ~(low > high)


def _sources(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Which cells hold a sources list in the model's form, and its normalised JSON text."""
    text, is_text = _as_text(column)
    normal: list[str | None] = [None] * len(text)
    rows = np.flatnonzero(is_text)
    try:  # one parse for the whole column (fast); a cell that is not JSON makes it fall back per cell
        parsed = json.loads("[" + ",".join(text.iloc[rows]) + "]")
        if len(parsed) != len(rows):
            raise ValueError("cells with several values")
    except ValueError:
        parsed = [_loads(text.iat[row]) for row in rows]
    for row, given in zip(rows, parsed, strict=True):
        citations = _citations(given)
        if citations is None:
            continue
        # the cell's own text when it already lists every field in the model's order (same JSON value)
        same = all(list(item) == _CITATION_ORDER for item in given)
        normal[row] = text.iat[row] if same else json.dumps(citations, ensure_ascii=False)
    values = pd.Series(normal, dtype="str")
    return values.notna().to_numpy(bool), values


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


_CITATION_ORDER = list(Citation.model_fields)
_CITATION_KEYS = frozenset(_CITATION_ORDER)
_RELIABILITY = frozenset("ABCDEF")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _citations(given: Any) -> list[dict[str, Any]] | None:
    """The citations in the model's form (defaults filled, field order kept), or None when the
    model would change or refuse any of them (that row is then validated by the model)."""
    if not isinstance(given, list) or not given:
        return None
    out, ids = [], set()
    for item in given:
        if not isinstance(item, dict) or not item.keys() <= _CITATION_KEYS:
            return None
        source_id, publisher = item.get("source_id"), item.get("publisher")
        title, published, url = item.get("title", ""), item.get("published"), item.get("url")
        reliability, credibility = item.get("reliability", "F"), item.get("credibility", 6)
        if not (_clean_text(source_id, 80) and source_id and _ID_RE.match(source_id) and source_id not in ids
                and _clean_text(publisher, 200) and publisher and _clean_text(title, 500)
                and reliability in _RELIABILITY and type(credibility) is int and 1 <= credibility <= 6
                and (url is None or (_clean_text(url, 2000) and _URL.match(url)))
                and (published is None or (isinstance(published, str) and _DAY.match(published)
                                           and _valid_day(published)))):
            return None
        ids.add(source_id)
        out.append({"source_id": source_id, "publisher": publisher, "title": title, "published": published,
                    "url": url, "reliability": reliability, "credibility": credibility})
    return out


def _clean_text(value: Any, limit: int) -> bool:
    return (isinstance(value, str) and len(value) <= limit and value.strip() == value
            and not _CONTROL_CHARS.search(value))


def _valid_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _geometry_ok(geometry: np.ndarray, chunk: pd.DataFrame) -> np.ndarray:
    present = ~shapely.is_missing(geometry)
    good = present.copy()
    rows = np.flatnonzero(present)
    shapes = geometry[rows]
    bounds = shapely.bounds(shapes)
    with np.errstate(invalid="ignore"):
        inside = ((bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90))
    good[rows] = (~shapely.is_empty(shapes) & ~shapely.has_z(shapes) & inside & shapely.is_valid(shapes))
    if "latitude" in chunk.columns or "longitude" in chunk.columns:
        good &= _position_agrees(geometry, good, chunk)
    return good


def _position_agrees(geometry: np.ndarray, good: np.ndarray, chunk: pd.DataFrame) -> np.ndarray:
    """Rows whose latitude/longitude are both blank, or both match the geometry's representative point."""
    lat, lon = (pd.to_numeric(_column(chunk, name), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
                for name in ("latitude", "longitude"))
    blank = _column(chunk, "latitude").isna().to_numpy(bool) & _column(chunk, "longitude").isna().to_numpy(bool)
    agrees = np.zeros(len(geometry), dtype=bool)
    rows = np.flatnonzero(good & ~blank)
    points = shapely.point_on_surface(geometry[rows])
    with np.errstate(invalid="ignore"):
        agrees[rows] = ((np.abs(shapely.get_x(points) - lon[rows]) <= _POSITION_TOLERANCE)
                        & (np.abs(shapely.get_y(points) - lat[rows]) <= _POSITION_TOLERANCE))
    return blank | agrees
