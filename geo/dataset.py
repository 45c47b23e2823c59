"""The curated default dataset: ``data/events.geojson`` joined with ``data/sources.csv``.

In the events file each event lists ``{"source_id", "credibility"}`` pairs; the
sources table holds the publisher, title, date, URL and Admiralty reliability
of each source once. Loading joins them into full :class:`~geo.schema.Citation`
objects and validates every event.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from geo.paths import DEFAULT_EVENTS, DEFAULT_SOURCES
from geo.schema import Event, validate_features


def load_sources(path: Path = DEFAULT_SOURCES) -> dict[str, dict[str, Any]]:
    """Source rows keyed by source_id (publisher, title, published, url, reliability)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        out[row["source_id"]] = {
            "source_id": row["source_id"],
            "publisher": row["publisher"],
            "title": row["title"],
            "published": row["published"] or None,
            "url": row["url"] or None,
            "reliability": row["reliability"],
        }
    return out


def join_citations(features: list[dict[str, Any]], sources: dict[str, dict[str, Any]]) -> list[str]:
    """Replace source references by full citations in place; return unknown-id errors."""
    errors = []
    for i, feat in enumerate(features, start=1):
        props = feat.get("properties") or {}
        full = []
        for ref in props.get("sources") or []:
            source = sources.get(ref.get("source_id", ""))
            if source is None:
                errors.append(
                    f"feature {i} ({props.get('event_id')}), field sources: "
                    f"unknown source_id {ref.get('source_id')!r}"
                )
                continue
            full.append({**source, "credibility": ref.get("credibility", 6)})
        props["sources"] = full
    return errors


def load_default_events(
    events_path: Path = DEFAULT_EVENTS, sources_path: Path = DEFAULT_SOURCES
) -> list[Event]:
    """Every curated event, validated; raises ValueError listing all problems."""
    collection = json.loads(events_path.read_text(encoding="utf-8"))
    features = collection["features"]
    errors = join_citations(features, load_sources(sources_path))
    events, problems = validate_features(features)
    errors.extend(problems)
    if errors:
        raise ValueError(f"{events_path.name} is invalid:\n" + "\n".join(errors))
    return events
