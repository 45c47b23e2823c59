"""Derive the geometry of data/events.geojson and write it in its reviewable layout.

The curated facts are edited by hand in ``data/events.geojson`` (method and every
judgement call: ``docs/DATASET.md``). Each feature names its place in a ``"place"``
member beside ``"properties"``: a gazetteer name or area phrase that
:func:`geo.places.geocode.geocode` understands ("Vahdat", "Afghan–Tajik border",
"southern Tajikistan") or a key of :data:`EXTRA_PLACES`. This script derives the
geometry from that place, never by hand:

* geo_precision 1 or 2: the place's point;
* geo_precision 3: the area or line; a gazetteer region stored as a point with a
  radius becomes a circle of that radius (km). Areas are simplified to about
  1 km (0.01 degrees) since such a location is only known to a region.

It then validates the whole dataset against ``data/sources.csv`` and writes the
file: properties in :data:`geo.model.schema.FIELDS` order, indented by 2, with each
geometry's coordinates on one line so that diffs show fact changes clearly.

Usage::

    .venv/bin/python scripts/build_dataset.py           # rewrite data/events.geojson
    .venv/bin/python scripts/build_dataset.py --check   # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.model import FIELDS
from geo.paths import DEFAULT_EVENTS
from geo.places import area_geometry, geocode, shared_boundary
from geo.stores import load_sources, read_collection, validate_collection

#: Simplification tolerance and grid of derived areas, degrees (~1 km and ~100 m).
AREA_TOLERANCE_DEG = 0.01
AREA_GRID_DEG = 0.001


def _afghanistan_central_asian_border() -> BaseGeometry:
    """Afghanistan's boundary with Tajikistan, Uzbekistan and Turkmenistan (one line set)."""
    parts = [shared_boundary("AFG", iso3) for iso3 in ("TJK", "UZB", "TKM")]
    return shapely.line_merge(shapely.union_all(parts))


#: Places the geocoder has no phrase for, derived here from the basemap.
EXTRA_PLACES: dict[str, Callable[[], BaseGeometry]] = {
    "Afghanistan's borders with Central Asia": _afghanistan_central_asian_border,
}


def derive_geometry(place_name: str, geo_precision: int) -> BaseGeometry:
    """The geometry of a feature placed at ``place_name`` with the given geo precision."""
    if place_name in EXTRA_PLACES:
        geom = EXTRA_PLACES[place_name]()
    else:
        place = geocode(place_name)
        if geo_precision < 3:
            return place.point
        geom = area_geometry(place)
    if geom.geom_type == "Point":
        return geom
    return shapely.set_precision(geom.simplify(AREA_TOLERANCE_DEG), AREA_GRID_DEG)


def canonical_feature(feature: dict[str, Any], position: int) -> dict[str, Any]:
    """The feature with derived geometry and properties in schema order (raises ValueError)."""
    props = feature.get("properties") or {}
    event_id = props.get("event_id") or f"feature {position}"
    place_name = feature.get("place")
    if not isinstance(place_name, str) or not place_name.strip():
        raise ValueError(f"feature {position} ({event_id}): no 'place' member to derive its geometry from")
    unknown = sorted(set(props) - set(FIELDS))
    if unknown:
        raise ValueError(f"feature {position} ({event_id}): unknown properties {', '.join(unknown)}")
    try:
        geometry = derive_geometry(place_name, int(props.get("geo_precision") or 3))
    except LookupError as exc:  # PlaceNotFound
        raise ValueError(f"feature {position} ({event_id}), place: {exc}") from None
    return {
        "type": "Feature",
        "id": event_id,
        "place": place_name,
        "properties": {name: props.get(name) for name in FIELDS},
        "geometry": dict(mapping(geometry)),
    }


def render(collection: dict[str, Any]) -> str:
    """The collection as text: indent 2, each geometry's coordinates on a single line."""
    coordinates: list[str] = []
    features = []
    for feature in collection["features"]:
        geometry = dict(feature["geometry"])
        coordinates.append(json.dumps(geometry["coordinates"], separators=(",", ":")))
        geometry["coordinates"] = f"@coordinates-{len(coordinates) - 1}@"
        features.append({**feature, "geometry": geometry})
    text = json.dumps({**collection, "features": features}, indent=2, ensure_ascii=False)
    for index, coords in enumerate(coordinates):
        text = text.replace(f'"@coordinates-{index}@"', coords, 1)
    return text + "\n"


def build(path: Path = DEFAULT_EVENTS) -> str:
    """The canonical text of the events file at ``path`` (raises ValueError on any problem)."""
    collection = read_collection(path)
    features = [canonical_feature(f, i) for i, f in enumerate(collection["features"], start=1)]
    built = {"type": "FeatureCollection", "name": collection.get("name", "border_monitor_default"),
             "features": features}
    _, problems = validate_collection(built, load_sources())
    if problems:
        raise ValueError(f"{path.name} is invalid:\n" + "\n".join(problems))
    text = render(built)
    json.loads(text)  # never write broken JSON
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    try:
        text = build()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    current = DEFAULT_EVENTS.read_text(encoding="utf-8")
    count = text.count('"type": "Feature",')
    if args.check:
        if text != current:
            print(f"{DEFAULT_EVENTS} is out of date: run scripts/build_dataset.py", file=sys.stderr)
            return 1
        print(f"{DEFAULT_EVENTS} is up to date ({count} events)")
        return 0
    DEFAULT_EVENTS.write_text(text, encoding="utf-8")
    print(f"wrote {count} events to {DEFAULT_EVENTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
