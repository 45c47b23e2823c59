"""The event model: one record per reported event, posture or concentration.

Field semantics follow ACLED (event types, time/geo precision, conservative
counts) and UCDP (low/best/high estimates); sources carry the Admiralty code
(reliability A-F of the source, credibility 1-6 of the claim).

``Event`` validates a single record (pydantic); :func:`events_to_frame` and
:func:`frame_to_events` convert between records and the GeoDataFrame
(EPSG:4326) that the store, filters and map use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

CRS = "EPSG:4326"
#: A metric CRS for distances and buffers in this region (UTM 42N).
METRIC_CRS = "EPSG:32642"

Kind = Literal["incident", "posture", "concentration", "context"]
KINDS: tuple[str, ...] = ("incident", "posture", "concentration", "context")

#: ACLED's 6 event types and 25 sub-event types.
ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(ACLED_TAXONOMY)

RELIABILITY = ("A", "B", "C", "D", "E", "F")
RELIABILITY_LABELS = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY_LABELS = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}
TIME_PRECISION_LABELS = {1: "day", 2: "week or month", 3: "year or longer range"}
GEO_PRECISION_LABELS = {
    1: "exact place",
    2: "near a place / district",
    3: "province, region or border stretch",
}

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")

#: Column order of the event frame and of every flat export (CSV, GPKG).
FIELDS: tuple[str, ...] = (
    "event_id",
    "kind",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "time_precision",
    "location",
    "admin1",
    "country",
    "geo_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "fatalities_text",
    "wounded",
    "strength_low",
    "strength_best",
    "strength_high",
    "strength_text",
    "actor1",
    "actor2",
    "claimed_by",
    "notes",
    "sources",
)
INT_FIELDS = (
    "time_precision",
    "geo_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "wounded",
    "strength_low",
    "strength_best",
    "strength_high",
)
DATE_FIELDS = ("date_start", "date_end")
OPTIONAL_TEXT_FIELDS = (
    "admin1",
    "fatalities_text",
    "strength_text",
    "actor1",
    "actor2",
    "claimed_by",
)

TEXT_FIELDS = tuple(f for f in FIELDS if f not in (*INT_FIELDS, *DATE_FIELDS, "sources"))


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(value: Any) -> Any:
    """Refuse text with control characters (NUL and the like; tabs and newlines are fine).

    Neither store can keep a NUL, and none of them belongs in a report: a clear field
    message here beats a failed write later.
    """
    if isinstance(value, str):
        found = _CONTROL_CHARS.search(value)
        if found:
            raise ValueError(f"contains the control character U+{ord(found.group()):04X} at position "
                             f"{found.start() + 1}: remove it")
    return value


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages that quote what the user gave."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(str(value)):,} characters)"


#: The largest count of people a field accepts (no conflict event counts more; keeps values 64-bit safe).
MAX_COUNT = 100_000_000


class Citation(BaseModel):
    """One source supporting an event, rated with the Admiralty code."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source_id: str = Field(min_length=1, max_length=80)
    publisher: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=500)
    published: dt.date | None = None
    url: str | None = Field(default=None, max_length=2000)
    reliability: Literal["A", "B", "C", "D", "E", "F"] = "F"
    credibility: int = Field(default=6, ge=1, le=6)

    @field_validator("*")
    @classmethod
    def _no_control_chars(cls, value: Any) -> Any:
        return _printable(value)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not re.match(r"^https?://[^\s<>\"']+$", value):
            raise ValueError(f"url {shown(value)} is not an http(s) address")
        return value

    @field_validator("source_id")
    @classmethod
    def _id_chars(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(
                f"source_id {shown(value)} may only use letters, digits and _.:-"
            )
        return value


class Event(BaseModel):
    """One reported event, force posture, militant concentration or context item."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )

    event_id: str
    kind: Kind
    event_type: str
    sub_event_type: str
    date_start: dt.date
    date_end: dt.date
    time_precision: Literal[1, 2, 3]
    location: str = Field(min_length=1, max_length=300)
    admin1: str | None = Field(default=None, max_length=200)
    country: str = Field(min_length=1, max_length=100)
    geo_precision: Literal[1, 2, 3]
    geometry: BaseGeometry
    fatalities_low: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    fatalities_best: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    fatalities_high: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    fatalities_text: str | None = Field(default=None, max_length=300)
    wounded: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    strength_low: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    strength_best: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    strength_high: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    strength_text: str | None = Field(default=None, max_length=300)
    actor1: str | None = Field(default=None, max_length=300)
    actor2: str | None = Field(default=None, max_length=300)
    claimed_by: str | None = Field(default=None, max_length=300)
    notes: str = Field(default="", max_length=5000)
    sources: list[Citation] = Field(min_length=1)

    @field_validator("*")
    @classmethod
    def _no_control_chars(cls, value: Any) -> Any:
        return _printable(value)

    @field_validator("event_id")
    @classmethod
    def _event_id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(
                f"event_id {shown(value)} must be 1-80 letters, digits or _.:- characters"
            )
        return value

    @field_validator(*OPTIONAL_TEXT_FIELDS, mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("geometry", mode="before")
    @classmethod
    def _geometry(cls, value: Any) -> BaseGeometry:
        geom = parse_geometry(value)
        if geom.has_z:
            geom = shapely.force_2d(geom)  # events are 2-D; the reader notes that Z or M was dropped
        if geom.is_empty:
            raise ValueError("geometry is empty")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180):
            raise ValueError(f"longitude {minx if minx < -180 else maxx} is outside -180..180")
        if not (-90 <= miny <= maxy <= 90):
            raise ValueError(f"latitude {miny if miny < -90 else maxy} is outside -90..90")
        if not geom.is_valid:
            raise ValueError(f"geometry is invalid: {shapely.is_valid_reason(geom)}")
        return geom

    @model_validator(mode="after")
    def _consistency(self) -> Event:
        subs = ACLED_TAXONOMY.get(self.event_type)
        if subs is None:
            raise ValueError(
                f"event_type {shown(self.event_type)} is not an ACLED type "
                f"({', '.join(EVENT_TYPES)})"
            )
        if self.sub_event_type not in subs:
            raise ValueError(
                f"sub_event_type {shown(self.sub_event_type)} is not a sub-type of "
                f"{self.event_type!r} ({', '.join(subs)})"
            )
        if self.date_end < self.date_start:
            raise ValueError(
                f"date_end {self.date_end} is before date_start {self.date_start}"
            )
        for prefix in ("fatalities", "strength"):
            _check_estimate(self, prefix)
        ids = [s.source_id for s in self.sources]
        if len(set(ids)) != len(ids):
            raise ValueError("sources lists the same source_id twice")
        return self

    @field_serializer("geometry")
    def _dump_geometry(self, geom: BaseGeometry) -> dict[str, Any]:
        return dict(mapping(geom))

    def to_feature(self) -> dict[str, Any]:
        """This event as a GeoJSON Feature (properties = :data:`FIELDS`)."""
        props = self.model_dump(mode="json", exclude={"geometry"})
        return {
            "type": "Feature",
            "id": self.event_id,
            "geometry": dict(mapping(self.geometry)),
            "properties": {name: props[name] for name in FIELDS},
        }


def _check_estimate(event: Event, prefix: str) -> None:
    low, best, high = (getattr(event, f"{prefix}_{x}") for x in ("low", "best", "high"))
    given = [v for v in (low, best, high) if v is not None]
    if given != sorted(given):
        raise ValueError(
            f"{prefix} estimates must satisfy low <= best <= high "
            f"(got low={low}, best={best}, high={high})"
        )


#: Geometry types of RFC 7946 (GeoJSON).
GEOJSON_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                 "GeometryCollection")


def geojson_geometry_problem(value: Any) -> str | None:
    """Why a GeoJSON feature's ``geometry`` member is not an RFC 7946 geometry object, or None."""
    if not isinstance(value, dict):
        shown = "text" if isinstance(value, str) else type(value).__name__
        return f"must be a GeoJSON geometry object (RFC 7946), not {shown}"
    if value.get("type") not in GEOJSON_TYPES:
        return f"type {str(value.get('type'))[:40]!r} is not a GeoJSON geometry type ({', '.join(GEOJSON_TYPES)})"
    member = "geometries" if value["type"] == "GeometryCollection" else "coordinates"
    if not isinstance(value.get(member), list | tuple):
        return f"a {value['type']} needs a '{member}' array"
    return None


def has_extra_dimensions(value: Any) -> bool:
    """True when a GeoJSON geometry object has a position with more than two numbers (Z or M)."""
    stack = [value.get("coordinates") if isinstance(value, dict) else None]
    if isinstance(value, dict) and isinstance(value.get("geometries"), list | tuple):
        stack += [g.get("coordinates") for g in value["geometries"] if isinstance(g, dict)]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple) and item and all(isinstance(x, int | float) for x in item):
            if len(item) > 2:
                return True
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def parse_geometry(value: Any) -> BaseGeometry:
    """Accept a shapely geometry, a GeoJSON mapping/string or WKT text."""
    if isinstance(value, BaseGeometry):
        return value
    if isinstance(value, dict):
        try:
            return shape(value)
        except Exception as exc:  # shapely raises several types here
            raise ValueError(f"geometry is not valid GeoJSON: {exc}") from None
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.startswith("{"):
                return shape(json.loads(text))
            return shapely.from_wkt(text)
        except Exception as exc:
            raise ValueError(f"geometry text could not be read: {exc}") from None
    raise ValueError(f"geometry of type {type(value).__name__} is not supported")


def format_errors(exc: ValidationError, where: str = "") -> list[str]:
    """Turn a pydantic error into one readable line per problem.

    ``where`` names the record ("row 14", "feature 3"); each line reads like
    ``row 14, field date_end: date_end 2020-01-01 is before date_start ...``.
    """
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "record"
        msg = err["msg"].removeprefix("Value error, ")
        prefix = f"{where}, " if where else ""
        lines.append(f"{prefix}field {loc}: {msg}")
    return lines


def empty_frame() -> gpd.GeoDataFrame:
    """An event frame with no rows but every column and the CRS."""
    return events_to_frame([])


def events_to_frame(events: list[Event]) -> gpd.GeoDataFrame:
    """Records to the canonical event GeoDataFrame (EPSG:4326).

    Dates become ``datetime64`` columns, integer fields nullable ``Int64`` and
    ``sources`` a list of citation dicts per row.
    """
    rows = [e.model_dump(mode="json", exclude={"geometry"}) for e in events]
    frame = pd.DataFrame(rows, columns=list(FIELDS))
    gdf = gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries([e.geometry for e in events], crs=CRS), crs=CRS
    )
    return normalise_frame(gdf)


def normalise_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Coerce column dtypes of an event frame to the canonical ones (in place)."""
    for name in FIELDS:
        if name not in gdf.columns:
            gdf[name] = None
    for name in DATE_FIELDS:
        gdf[name] = pd.to_datetime(gdf[name], errors="raise").astype("datetime64[ns]")
    for name in INT_FIELDS:
        gdf[name] = pd.to_numeric(gdf[name]).astype("Int64")
    for name in TEXT_FIELDS:  # one text dtype whatever the origin (empty columns included)
        gdf[name] = gdf[name].astype("str")
    gdf["sources"] = gdf["sources"].map(
        lambda v: json.loads(v) if isinstance(v, str) else (v or [])
    )
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    cols = [*FIELDS, "geometry"] + [c for c in gdf.columns if c not in FIELDS and c != "geometry"]
    return gdf[cols]


def frame_to_events(gdf: gpd.GeoDataFrame) -> list[Event]:
    """The event frame back to validated records (raises ``ValidationError``)."""
    return [Event.model_validate(record) for record in frame_records(gdf)]


def frame_records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Plain dicts (JSON-friendly values, shapely geometry) for each row."""
    out = []
    for row in gdf.itertuples(index=False):
        rec = row._asdict()
        for name in DATE_FIELDS:
            rec[name] = pd.Timestamp(rec[name]).date()
        for name in INT_FIELDS:
            rec[name] = None if pd.isna(rec[name]) else int(rec[name])
        for name in OPTIONAL_TEXT_FIELDS:
            if rec[name] is not None and not isinstance(rec[name], str):
                rec[name] = None
        if not isinstance(rec.get("notes"), str):
            rec["notes"] = ""
        out.append({k: rec[k] for k in (*FIELDS, "geometry")})
    return out


def feature_label(number: int, props: dict[str, Any]) -> str:
    """How a problem names a GeoJSON feature: ``feature 3 (BM-7)``."""
    return f"feature {number}" + (f" ({str(props['event_id'])[:60]})" if props.get("event_id") else "")


def duplicate_id_line(label: str, event_id: str, also: str | None = None) -> str:
    """The problem of a record repeating an id used earlier in the same file (``also`` names that record)."""
    return f"{label}, field event_id: duplicate id {event_id!r}" + (f" (also {also})" if also else "")


def validate_features(features: list[Any], start: int = 1) -> tuple[list[Event], list[str]]:
    """Validate GeoJSON features; return good events and one line per problem.

    Problems name the feature by its 1-based position (the first is ``start``) and event_id.
    """
    events: list[Event] = []
    errors: list[str] = []
    seen: set[str] = set()
    for i, feat in enumerate(features, start=start):
        where = f"feature {i}"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            errors.append(f"{where}: not a GeoJSON Feature object")
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            errors.append(f"{where}: properties is not an object")
            continue
        where = feature_label(i, props)
        record = dict(props)
        record["geometry"] = feat.get("geometry")
        if record["geometry"] is None:
            errors.append(f"{where}, field geometry: missing")
            continue
        problem = geojson_geometry_problem(record["geometry"])
        if problem:
            errors.append(f"{where}, field geometry: {problem}")
            continue
        try:
            event = Event.model_validate(record)
        except ValidationError as exc:
            errors.extend(format_errors(exc, where))
            continue
        if event.event_id in seen:
            errors.append(duplicate_id_line(where, event.event_id))
            continue
        seen.add(event.event_id)
        events.append(event)
    return events, errors
