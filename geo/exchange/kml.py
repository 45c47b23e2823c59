"""KML export and import of events (Google Earth, QGIS, ATAK and most GIS tools read KML).

Each event is a ``Placemark`` in a ``Folder`` per kind:

* ``name``: plain text ``sub-event type — location (start date)``;
* ``description``: the same event card as the dashboard
  (:func:`geo.map.cards.event_card_html`, every data string HTML-escaped), so a
  viewer that renders descriptions as HTML shows it but never runs it. The
  XML writer escapes it once more for the file itself;
* ``TimeSpan`` ``begin``/``end`` with the UTC days, for time sliders;
* ``ExtendedData`` with one ``Data`` element per field of
  :data:`geo.model.schema.FIELDS` (``sources`` as JSON text), so a KML written here
  reads back into exactly the same events;
* the geometry as ``Point``, ``LineString``, ``Polygon`` (with holes) or a
  ``MultiGeometry`` of them; coordinates ``lon,lat`` in WGS84 (KML's only CRS,
  the same as our EPSG:4326), written with full precision.

:func:`read_kml` accepts any KML whose placemarks carry those fields as
``Data`` or ``SimpleData``; problems are reported per placemark.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LinearRing, LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.exchange.files import EventFile, FileProblem, NumberedRow, _validate_rows, read_text_file
from geo.map import event_card_html, event_tooltip, type_colour
from geo.model import DATE_FIELDS, FIELDS, KINDS, empty_frame, flat_row_to_record

KML_NS = "http://www.opengis.net/kml/2.2"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: How a spooled placemark names its style until the styles are known; data text cannot start a line
#: with ``<`` (it is escaped), so only our own ``styleUrl`` lines match :data:`_STYLE_LINE`.
_STYLE_STAND_IN = "#@"
_STYLE_LINE = re.compile(rb"^(    <styleUrl>)#@(\d+)(</styleUrl>)$", re.MULTILINE)
_CHILDREN_STAND_IN = "bm-children"
_COPY_BYTES = 4 << 20
_GEOMETRY_TAGS = ("Point", "LineString", "Polygon", "MultiGeometry")


def _kml_colour(hex_rgb: str, alpha: int) -> str:
    """``#rrggbb`` to KML's ``aabbggrr``."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _coordinates(coords: Any) -> str:
    return " ".join(f"{x!r},{y!r}" for x, y, *_ in coords)


def _add_geometry(parent: ET.Element, geom: BaseGeometry) -> None:
    if isinstance(geom, Point):
        _sub(_sub(parent, "Point"), "coordinates", _coordinates(geom.coords))
    elif isinstance(geom, LineString):
        _sub(_sub(parent, "LineString"), "coordinates", _coordinates(geom.coords))
    elif isinstance(geom, Polygon):
        polygon = _sub(parent, "Polygon")
        outer = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
        _sub(outer, "coordinates", _coordinates(geom.exterior.coords))
        for ring in geom.interiors:
            inner = _sub(_sub(polygon, "innerBoundaryIs"), "LinearRing")
            _sub(inner, "coordinates", _coordinates(ring.coords))
    elif hasattr(geom, "geoms"):
        multi = _sub(parent, "MultiGeometry")
        for part in geom.geoms:
            _add_geometry(multi, part)
    else:
        raise ValueError(f"geometry type {geom.geom_type} cannot be written to KML")


def _field_text(name: str, value: Any) -> str | None:
    """A field's value as KML Data text, or None when it is empty."""
    if name == "sources":
        return json.dumps(list(value), ensure_ascii=False, default=str)
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return None
    if name in DATE_FIELDS:
        return pd.Timestamp(value).date().isoformat()
    text = str(int(value)) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
    return text or None


def events_to_kml(gdf: gpd.GeoDataFrame, *, title: str = "Border Monitor events") -> str:
    """The events as a KML 2.2 document (text, UTF-8 declared)."""
    styles = _style_ids(gdf["event_type"])
    root = _document(title, len(gdf), styles)
    document = root[0]
    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    for kind in KINDS:
        rows = [(rec, geom) for rec, geom in zip(records, gdf.geometry, strict=True) if rec["kind"] == kind]
        if not rows:
            continue
        folder = _sub(document, "Folder")
        _sub(folder, "name", f"{kind} ({len(rows)})")
        for rec, geom in rows:
            folder.append(_placemark(rec, geom, f"#{styles[rec['event_type']]}"))
    ET.indent(root, space=" ")
    return _XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _style_ids(event_types: Iterable[str]) -> dict[str, str]:
    """``{event type: style id}`` of the types present, ``type-1``, ``type-2``... in sorted order."""
    return {event_type: f"type-{n}" for n, event_type in enumerate(sorted(set(event_types)), start=1)}


def _document(title: str, count: int, styles: dict[str, str]) -> ET.Element:
    """The ``kml`` root with its ``Document``: name, description and one ``Style`` per event type."""
    root = ET.Element("kml", {"xmlns": KML_NS})
    document = _sub(root, "Document")
    _sub(document, "name", title)
    _sub(document, "description", f"{count} events exported from Border Monitor. Dates are UTC days.")
    for event_type, style_id in styles.items():
        style = _sub(document, "Style", id=style_id)
        colour = type_colour(event_type)
        _sub(_sub(style, "IconStyle"), "color", _kml_colour(colour, 0xFF))
        line = _sub(style, "LineStyle")
        _sub(line, "color", _kml_colour(colour, 0xFF))
        _sub(line, "width", "2")
        _sub(_sub(style, "PolyStyle"), "color", _kml_colour(colour, 0x40))
    return root


def _placemark(rec: dict[str, Any], geom: BaseGeometry, style_url: str) -> ET.Element:
    """One event's ``Placemark`` (see the module text)."""
    placemark = ET.Element("Placemark")
    _sub(placemark, "name", _plain_name(rec))
    _sub(placemark, "description", event_card_html(rec, notes_limit=None))
    span = _sub(placemark, "TimeSpan")
    _sub(span, "begin", _field_text("date_start", rec["date_start"]))
    _sub(span, "end", _field_text("date_end", rec["date_end"]))
    _sub(placemark, "styleUrl", style_url)
    extended = _sub(placemark, "ExtendedData")
    for name in FIELDS:
        value = _field_text(name, rec.get(name))
        if value is not None:
            _sub(_sub(extended, "Data", name=name), "value", value)
    _add_geometry(placemark, geom)
    return placemark


class KmlSpool:
    """A KML document written a page of events at a time, the same text as :func:`events_to_kml`.

    The document opens with the count and the styles and groups placemarks by kind, none of
    which is known before the last page: each page's placemarks go to a temporary file per kind
    (their style named by a number, replaced on the way out), and :meth:`text` yields the
    document in pieces once every page is in.
    """

    def __init__(self, title: str = "Border Monitor events") -> None:
        self.title = title
        self.counts = dict.fromkeys(KINDS, 0)
        self.types: dict[str, int] = {}  # event type -> the number standing for its style, in order seen
        self._files = contextlib.ExitStack()
        # closed by __exit__, through the ExitStack
        self.parts = {kind: self._files.enter_context(tempfile.TemporaryFile()) for kind in KINDS}  # noqa: SIM115

    def __enter__(self) -> KmlSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._files.close()

    def add(self, gdf: gpd.GeoDataFrame) -> None:
        """Write the placemarks of a page of events (the canonical frame)."""
        records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
        for rec, geom in zip(records, gdf.geometry, strict=True):
            number = self.types.setdefault(rec["event_type"], len(self.types))
            placemark = _placemark(rec, geom, f"{_STYLE_STAND_IN}{number}")
            ET.indent(placemark, space=" ", level=3)
            self.parts[rec["kind"]].write(("\n   " + ET.tostring(placemark, encoding="unicode")).encode("utf-8"))
            self.counts[rec["kind"]] += 1

    def text(self) -> Iterator[str]:
        """The document, in pieces of a few MB."""
        total = sum(self.counts.values())
        styles = _style_ids(self.types)
        if not total:
            yield events_to_kml(empty_frame(), title=self.title)
            return
        ids = {str(number).encode(): f"#{styles[event_type]}".encode() for event_type, number in self.types.items()}
        root = _document(self.title, total, styles)
        head, tail = _around_stand_in(root, level=0, parent=root[0])
        yield _XML_DECLARATION + head
        for n, kind in enumerate(kind for kind in KINDS if self.counts[kind]):
            folder = ET.Element("Folder")
            _sub(folder, "name", f"{kind} ({self.counts[kind]})")
            opening, closing = _around_stand_in(folder, level=2)
            # placemarks are spooled with the line break and indent before each
            yield ("\n  " if n else "") + opening.removesuffix("\n   ")
            part = self.parts[kind]
            part.seek(0)
            while block := part.read(_COPY_BYTES):
                block += part.readline()  # whole lines, so a style line is never cut
                yield _STYLE_LINE.sub(lambda m: m[1] + ids[m[2]] + m[3], block).decode("utf-8")
            yield closing
        yield tail + "\n"


def _around_stand_in(element: ET.Element, level: int, parent: ET.Element | None = None) -> tuple[str, str]:
    """The text of ``element``, indented as at ``level`` of the document, before and after a last child
    of ``parent`` (``element`` itself by default) added to stand in for what is written in between."""
    ET.SubElement(element if parent is None else parent, _CHILDREN_STAND_IN)
    ET.indent(element, space=" ", level=level)
    before, after = ET.tostring(element, encoding="unicode").split(f"<{_CHILDREN_STAND_IN} />")
    return before, after


def _plain_name(rec: dict[str, Any]) -> str:
    """``Armed clash — Kulob (2020-05-01)``: plain text (the HTML tooltip, unescaped)."""
    from html import unescape

    return unescape(event_tooltip(rec))


# -- reading ------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _parse_coordinates(text: str | None) -> list[tuple[float, float]]:
    points = []
    for token in (text or "").split():
        parts = token.split(",")
        if len(parts) < 2:
            raise ValueError(f"coordinate {token!r} is not lon,lat")
        lon, lat = float(parts[0]), float(parts[1])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError(f"coordinate {token!r} is not a finite number")
        points.append((lon, lat))
    return points


def _ring(element: ET.Element) -> LinearRing:
    rings = [r for r in element.iter() if _local(r.tag) == "LinearRing"]
    if not rings:
        raise ValueError("a polygon boundary has no LinearRing")
    coords = [c for c in rings[0].iter() if _local(c.tag) == "coordinates"]
    return LinearRing(_parse_coordinates(coords[0].text if coords else None))


def _read_geometry(element: ET.Element) -> BaseGeometry:
    name = _local(element.tag)
    if name == "MultiGeometry":
        parts = [_read_geometry(child) for child in element if _local(child.tag) in _GEOMETRY_TAGS]
        if not parts:
            raise ValueError("MultiGeometry is empty")
        kinds = {p.geom_type for p in parts}
        if kinds == {"Point"}:
            return shapely.MultiPoint(parts)
        if kinds == {"LineString"}:
            return shapely.MultiLineString(parts)
        if kinds == {"Polygon"}:
            return shapely.MultiPolygon(parts)
        return shapely.GeometryCollection(parts)
    if name == "Polygon":
        outer = _children(element, "outerBoundaryIs")
        if not outer:
            raise ValueError("Polygon has no outerBoundaryIs")
        holes = [_ring(inner) for inner in _children(element, "innerBoundaryIs")]
        return Polygon(_ring(outer[0]), holes)
    coords = _children(element, "coordinates")
    points = _parse_coordinates(coords[0].text if coords else None)
    return Point(points[0]) if name == "Point" else LineString(points)


def _placemark_row(placemark: ET.Element) -> tuple[dict[str, Any], str | None]:
    """The placemark's field values and geometry, and a problem with its geometry or None."""
    row: dict[str, Any] = {}
    for data in placemark.iter():
        tag = _local(data.tag)
        if tag == "Data" and data.get("name") in FIELDS:
            values = _children(data, "value")
            row[str(data.get("name"))] = (values[0].text or "").strip() or None if values else None
        elif tag == "SimpleData" and data.get("name") in FIELDS:
            row[str(data.get("name"))] = (data.text or "").strip() or None
    geometries = [g for g in placemark if _local(g.tag) in _GEOMETRY_TAGS]
    if not geometries:
        return row, "has no Point, LineString, Polygon or MultiGeometry"
    try:
        row["geometry"] = _read_geometry(geometries[0])
    except (ValueError, IndexError) as exc:
        return row, f"KML geometry cannot be read ({exc or 'no coordinates'})"
    return row, None


def read_kml(path: str | Path) -> EventFile:
    """Validate the placemarks of a KML file; problems read ``placemark 3 (id), field x: ...``."""
    path = Path(path)
    try:
        text = read_text_file(path)
        if "<!DOCTYPE" in text or "<!ENTITY" in text:  # no entity expansion from untrusted files
            raise FileProblem(f"{path}: KML with a DOCTYPE or ENTITY declaration is not accepted")
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise FileProblem(f"{path}: not well-formed XML ({exc})") from None
        if _local(root.tag) != "kml":
            raise FileProblem(f"{path}: not a KML document (root element <{_local(root.tag)}>)")
    except FileProblem as exc:
        return EventFile([], [str(exc)], 0)
    placemarks = [p for p in root.iter() if _local(p.tag) == "Placemark"]
    rows: list[NumberedRow] = [
        (number, *_placemark_row(placemark)) for number, placemark in enumerate(placemarks, start=1)
    ]
    return _validate_rows(rows, "placemark", flat_row_to_record)
