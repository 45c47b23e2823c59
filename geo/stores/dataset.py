"""The curated default dataset: ``data/events.geojson`` joined with ``data/sources.csv``.

Each feature of the events file lists its sources as ``{"source_id", "credibility"}``
pairs (the Admiralty credibility 1-6 of that claim); the sources table holds the
publisher, title, date, URL and Admiralty reliability (A-F) of each source once,
with the seed file it was curated from and the curator's note. Loading joins the
two into full :class:`~geo.model.schema.Citation` objects and validates every event.

Every problem is reported at once, each naming the file, the feature (1-based
position and event_id) or CSV line, and the field::

    events.geojson is invalid:
    feature 3 (BM-2019-vahdat-prison-riot), field sources: unknown source_id 'src-x'

See ``docs/DATASET.md`` for how the dataset was curated.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geo.model import Citation, Event, format_errors, validate_features
from geo.paths import DEFAULT_EVENTS, DEFAULT_SOURCES

#: Columns of ``data/sources.csv``, in order.
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id",
    "publisher",
    "title",
    "published",
    "url",
    "reliability",
    "seed_file",
    "note",
)
#: The source columns that go into every :class:`~geo.model.schema.Citation`.
CITATION_COLUMNS: tuple[str, ...] = ("source_id", "publisher", "title", "published", "url", "reliability")
#: Keys of one source reference inside a feature's ``sources`` list.
REFERENCE_KEYS = frozenset({"source_id", "credibility"})


class DatasetError(ValueError):
    """The curated dataset is invalid; ``problems`` holds one line per problem."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{name} is invalid:\n" + "\n".join(problems))


def load_sources(path: Path = DEFAULT_SOURCES) -> list[dict[str, Any]]:
    """Every row of the sources table as a dict keyed by :data:`SOURCE_COLUMNS`.

    Empty ``published`` and ``url`` cells become ``None``. Each row is checked
    against :class:`~geo.model.schema.Citation` (id characters, reliability A-F,
    ISO date, http(s) URL) and ids must be unique; raises :class:`DatasetError`
    (a ``ValueError``) listing every problem by CSV line and field.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except OSError as exc:
        raise DatasetError(path.name, [f"cannot be read: {exc.strerror or exc}"]) from None
    missing = [c for c in SOURCE_COLUMNS if c not in header]
    if missing:
        raise DatasetError(path.name, [f"header: missing column(s) {', '.join(missing)}"])
    problems: list[str] = []
    sources: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"line {line}"
        if None in row:  # csv puts surplus cells under the key None
            problems.append(f"{where}: more cells than the {len(header)} columns of the header")
        record: dict[str, Any] = {c: (row.get(c) or "").strip() for c in SOURCE_COLUMNS}
        for optional in ("published", "url"):
            record[optional] = record[optional] or None
        try:
            Citation.model_validate({c: record[c] for c in CITATION_COLUMNS})
        except ValidationError as exc:
            problems.extend(format_errors(exc, where))
            continue
        if record["source_id"] in seen:
            problems.append(f"{where}, field source_id: duplicate id {record['source_id']!r}")
            continue
        seen.add(record["source_id"])
        sources.append(record)
    if problems:
        raise DatasetError(path.name, problems)
    return sources


def join_citations(
    features: list[Any], sources: list[dict[str, Any]]
) -> tuple[list[Any], list[str]]:
    """Copies of ``features`` whose source references became full citation dicts.

    Returns the copies and one line per reference problem (not a list, not an
    object, unexpected keys, unknown source_id). Credibility is checked later by
    :class:`~geo.model.schema.Citation` when the event is validated.
    """
    by_id = {s["source_id"]: {c: s[c] for c in CITATION_COLUMNS} for s in sources}
    joined: list[Any] = []
    problems: list[str] = []
    for position, feature in enumerate(features, start=1):
        feature = copy.deepcopy(feature)
        joined.append(feature)
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue  # validate_features reports it
        where = f"feature {position}" + (f" ({props['event_id']})" if props.get("event_id") else "")
        refs = props.get("sources")
        if not isinstance(refs, list):
            problems.append(f"{where}, field sources: expected a list of source references")
            continue
        citations: list[Any] = []
        for index, ref in enumerate(refs):
            at = f"{where}, field sources.{index}"
            if not isinstance(ref, dict):
                problems.append(f"{at}: expected an object with source_id and credibility")
                continue
            extra = sorted(set(ref) - REFERENCE_KEYS)
            if extra:
                problems.append(f"{at}: unexpected key(s) {', '.join(extra)}")
            source = by_id.get(str(ref.get("source_id", "")))
            if source is None:
                problems.append(f"{at}: unknown source_id {ref.get('source_id')!r}")
                continue
            citations.append({**source, "credibility": ref.get("credibility")})
        props["sources"] = citations
    return joined, problems


def read_collection(path: Path = DEFAULT_EVENTS) -> dict[str, Any]:
    """The events file as a GeoJSON FeatureCollection dict (raises :class:`DatasetError`)."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DatasetError(path.name, [f"cannot be read: {exc.strerror or exc}"]) from None
    except json.JSONDecodeError as exc:
        raise DatasetError(
            path.name, [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DatasetError(path.name, ["top level: not a GeoJSON FeatureCollection"])
    if not isinstance(collection.get("features"), list):
        raise DatasetError(path.name, ["top level: 'features' is not a list"])
    return collection


def validate_collection(
    collection: dict[str, Any], sources: list[dict[str, Any]]
) -> tuple[list[Event], list[str]]:
    """Join a FeatureCollection with the sources and validate it: (events, problems)."""
    features, problems = join_citations(collection["features"], sources)
    events, invalid = validate_features(features)
    problems = problems + invalid + _duplicate_ids(features, invalid)
    return events, sorted(problems, key=_feature_number)  # stable: keeps each feature's order


def _feature_number(problem: str) -> int:
    match = re.match(r"feature (\d+)", problem)
    return int(match.group(1)) if match else 0


def _duplicate_ids(features: list[Any], reported: list[str]) -> list[str]:
    """Repeated event_ids that :func:`validate_features` missed (it only sees valid events)."""
    first: dict[str, int] = {}
    problems = []
    for position, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        event_id = props.get("event_id") if isinstance(props, dict) else None
        if not isinstance(event_id, str) or not event_id:
            continue
        if event_id not in first:
            first[event_id] = position
            continue
        line = f"feature {position} ({event_id}), field event_id: duplicate id {event_id!r}"
        if line not in reported:
            problems.append(f"{line} (first at feature {first[event_id]})")
    return problems


def load_default_events(
    events_path: Path = DEFAULT_EVENTS, sources_path: Path = DEFAULT_SOURCES
) -> list[Event]:
    """Every curated event in file order, validated and with full citations.

    Raises :class:`DatasetError` (a ``ValueError``) listing every problem of the
    sources table, or else of the events file, by feature and field.
    """
    sources = load_sources(sources_path)
    events, problems = validate_collection(read_collection(events_path), sources)
    if problems:
        raise DatasetError(events_path.name, problems)
    return events
