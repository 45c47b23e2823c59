"""Helpers shared by several test tiers (plain functions, not fixtures)."""

from __future__ import annotations

import os
from collections import Counter

import geopandas as gpd
import pytest

from geo.briefing.snapshot import SnapshotError, chromium_executable
from geo.filters import apply_filters, filters_from_params


def has_chromium() -> bool:
    """True when the headless Chromium that snapshots and briefs use is installed."""
    try:
        chromium_executable()
    except SnapshotError:
        return False
    return True


#: Skip a test that renders with Chromium when it is missing, except under CI, where it must run (and fail).
needs_chromium = pytest.mark.skipif(not has_chromium() and os.environ.get("CI", "").lower() not in ("1", "true"),
                                    reason="headless Chromium is not installed")


def view_2019_one_source(events: gpd.GeoDataFrame) -> tuple[dict[str, str], gpd.GeoDataFrame]:
    """A non-default view of ``events``: 2019 and the source most cited that year; its URL params and events."""
    in_2019 = apply_filters(events, filters_from_params({"from": ["2019-01-01"], "to": ["2019-12-31"]}, events)[0])
    source = Counter(s["source_id"] for srcs in in_2019["sources"] for s in srcs).most_common(1)[0][0]
    params = {"from": "2019-01-01", "to": "2019-12-31", "source": source}
    filters, notices = filters_from_params({k: [v] for k, v in params.items()}, events)
    assert notices == []
    shown = apply_filters(events, filters)
    assert 0 < len(shown) < len(in_2019) < len(events)
    return params, shown


def boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two boxes (``x``, ``y``, ``w``, ``h``) share any area (touching edges do not count)."""
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def box_within(inner: dict[str, float], outer: dict[str, float]) -> bool:
    """Whether box ``inner`` lies wholly inside box ``outer``."""
    return (inner["x"] >= outer["x"] and inner["y"] >= outer["y"] and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
            and inner["y"] + inner["h"] <= outer["y"] + outer["h"])
