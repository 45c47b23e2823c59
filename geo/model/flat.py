"""The flat event layout shared by CSV files, GeoPackage exports and the store.

One column per :data:`geo.model.schema.FIELDS`, dates as ISO ``YYYY-MM-DD`` text
(UTC days), integers as integers, ``sources`` as JSON text (a list of citation
objects). GeoPackages hold the geometry in the ``events`` layer (type Unknown,
so points, lines and polygons share it; EPSG:4326); CSV files hold it as WKT in
``geometry`` plus ``latitude``/``longitude`` of a representative point.

Text cells of the CSV layout are spreadsheet-safe (:mod:`geo.model.output`): a
cell a spreadsheet would run as a formula is written with a leading apostrophe,
which the CSV reader (:func:`geo.exchange.read_event_file`) removes again.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyogrio
from shapely.geometry import Point

from geo.model.output import spreadsheet_safe
from geo.model.schema import CRS, DATE_FIELDS, FIELDS, INT_FIELDS, normalise_frame, parse_geometry

#: The GeoPackage layer holding events (store and exports alike).
LAYER = "events"
#: Columns of the CSV layout besides FIELDS.
POSITION_COLUMNS = ("geometry", "latitude", "longitude")
#: Fields holding free text (spreadsheet-guarded in CSV; numbers and dates never are).
TEXT_FIELDS = tuple(name for name in FIELDS if name not in INT_FIELDS and name not in DATE_FIELDS)
#: Decimal places of WKT coordinates: enough for any degree value >= 0.1 to round-trip exactly.
WKT_DIGITS = 17


class RowProblem(ValueError):
    """A row cannot be turned into an event record; ``field`` is None for the whole row."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


# -- frames ----------------------------------------------------------------------------


def to_flat_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Canonical frame to flat columns (FIELDS + geometry): ISO date text, JSON text sources."""
    flat = gpd.GeoDataFrame(gdf[[*FIELDS, "geometry"]].copy(), geometry="geometry", crs=CRS)
    for name in DATE_FIELDS:
        flat[name] = pd.to_datetime(flat[name]).dt.strftime("%Y-%m-%d")
    flat["sources"] = [json.dumps(list(s), ensure_ascii=False) for s in flat["sources"]]
    # Fixed dtypes, so a layer created from an empty frame still gets text and integer fields.
    for name in FIELDS:
        flat[name] = flat[name].astype("Int64" if name in INT_FIELDS else "str")
    return flat


def decode_layer(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A frame read from an ``events`` layer to the canonical frame (fast for 100k rows).

    Raises ValueError when a date or the sources text cannot be decoded.
    """
    texts = [s if isinstance(s, str) else "[]" for s in raw["sources"]]
    distinct = list(dict.fromkeys(texts))
    with _gc_paused():  # one JSON parse instead of one per row; the GC pass dominates otherwise
        parsed = json.loads("[" + ",".join(distinct) + "]")
    if len(parsed) != len(distinct):
        raise ValueError("the sources column holds text that is not one JSON list per event")
    # Events citing exactly the same sources share one (read-only) list: at a million events the
    # citations are most of the frame's memory, and repeats are common (a wire report, a dataset).
    of_text = dict(zip(distinct, parsed, strict=True))
    raw["sources"] = pd.Series([of_text[text] for text in texts], index=raw.index, dtype=object)
    for name in DATE_FIELDS:
        raw[name] = pd.to_datetime(raw[name], format="%Y-%m-%d")
    return normalise_frame(raw if raw.crs is not None else raw.set_crs(CRS))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def events_csv_text(gdf: gpd.GeoDataFrame, *, header: bool = True) -> str:
    """CSV text: FIELDS, then geometry (WKT) and latitude/longitude of a representative point.

    Text cells a spreadsheet would evaluate are guarded (:func:`spreadsheet_safe`). Without
    ``header`` only the rows: what follows an earlier part of the same file.
    """
    flat = to_flat_frame(gdf)
    points = flat.geometry.representative_point()
    table = pd.DataFrame(flat.drop(columns="geometry"))
    for name in TEXT_FIELDS:
        table[name] = [spreadsheet_safe(v) if isinstance(v, str) else v for v in table[name]]
    table["geometry"] = flat.geometry.to_wkt(rounding_precision=WKT_DIGITS)
    table["latitude"] = points.y.round(6)
    table["longitude"] = points.x.round(6)
    return str(table.to_csv(index=False, header=header, lineterminator="\n"))


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path, *, append: bool = False) -> None:
    """Write (or append to) the ``events`` layer of a GeoPackage; geometry types may be mixed."""
    pyogrio.write_dataframe(
        to_flat_frame(gdf), path, layer=LAYER, driver="GPKG", geometry_type="Unknown",
        append=append,
    )


def write_gpkg_export(gdf: gpd.GeoDataFrame, path: Path, *, append: bool = False) -> None:
    """A GeoPackage for other GIS tools: typed fields (DATE dates, INTEGER counts, REAL latitude/longitude).

    Same columns as the CSV layout; ``sources`` stays JSON text. The store keeps its own
    text-date layout (:func:`write_gpkg`); both read back into the same events. ``append``
    adds the rows to the layer an earlier call created.
    """
    flat = to_flat_frame(gdf)
    for name in DATE_FIELDS:
        flat[name] = pd.to_datetime(flat[name], format="%Y-%m-%d").dt.date.astype(pd.ArrowDtype(pa.date32()))
    points = flat.geometry.representative_point()
    flat["latitude"] = points.y.astype("float64")
    flat["longitude"] = points.x.astype("float64")
    pyogrio.write_dataframe(flat, path, layer=LAYER, driver="GPKG", geometry_type="Unknown", use_arrow=True,
                            append=append)


# -- rows ------------------------------------------------------------------------------


def flat_row_to_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of the flat layout (CSV or GeoPackage; blank cells None) as an event record.

    ``sources`` is JSON text; the geometry comes from ``geometry`` (WKT or a
    shapely geometry) or from ``latitude``/``longitude``. Blank cells are left
    out so the schema's defaults and "Field required" messages apply. Raises
    :class:`RowProblem`; everything else is left for the schema to report.
    """
    record = {name: whole_number(row[name]) if name in INT_FIELDS else row[name]
              for name in FIELDS if row.get(name) is not None}
    if isinstance(record.get("sources"), str):
        try:
            record["sources"] = json.loads(record["sources"])
        except json.JSONDecodeError as exc:
            message = f"not valid JSON ({exc.msg} at character {exc.pos})"
            raise RowProblem("sources", message) from None
    record["geometry"] = _row_geometry(row)
    return record


def _row_geometry(row: Mapping[str, Any]) -> Any:
    """The geometry column if given (checked against latitude/longitude), else the point."""
    given = row.get("geometry")
    if given is None:
        return lat_lon_point(row)
    if row.get("latitude") is None and row.get("longitude") is None:
        return given
    try:
        point = parse_geometry(given).representative_point()
    except Exception:  # unreadable geometry: the schema reports it with the row
        return given
    stated = lat_lon_point(row)
    if abs(stated.x - point.x) > 1e-5 or abs(stated.y - point.y) > 1e-5:
        raise RowProblem(
            "latitude/longitude",
            f"({stated.y}, {stated.x}) does not match the geometry column "
            f"({point.y:.6f}, {point.x:.6f}); correct or clear one of them",
        )
    return given


def lat_lon_point(row: Mapping[str, Any]) -> Point:
    """The point given by a row's ``latitude`` and ``longitude`` (degrees); raises RowProblem."""
    values = {}
    for name in ("latitude", "longitude"):
        value = row.get(name)
        if value is None:
            raise RowProblem(name, "missing (give latitude and longitude, or a WKT geometry)")
        try:
            values[name] = float(value)
        except (TypeError, ValueError):
            raise RowProblem(name, f"{value!r} is not a number") from None
    return Point(values["longitude"], values["latitude"])


def whole_number(value: Any) -> Any:
    """Text "3" or "3.0", or float 3.0, to 3; anything else is left for the schema to report."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
