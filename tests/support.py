"""Helpers shared by several test tiers (plain functions, not fixtures)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
from PIL import Image
from shapely.geometry import box

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


#: Visual regression: a pixel "changed" when a channel differs by more than this, and the share allowed.
PIXEL_TOLERANCE, CHANGED_SHARE = 48, 0.004


def assert_locator_dots_the_events_beyond(drawn: dict[str, Any], events: gpd.GeoDataFrame) -> None:
    """What :data:`DRAWN_MAP_JS` read shows each event of ``events`` outside the map's view as a dot inside the
    locator inset and a line of its list (the default data: the statements made in Moscow and St Petersburg),
    and the view's red box inside the inset."""
    south, west, north, east = drawn["view"]
    beyond = events[~events.geometry.intersects(box(west, south, east, north))]
    assert len(beyond) >= 3  # Moscow and St Petersburg
    assert len(drawn["farDots"]) == len(drawn["farList"]) == len(beyond)
    assert all("Moscow" in text or "Petersburg" in text for text in drawn["farList"]), drawn["farList"]
    svg = drawn["locatorSvg"]
    assert box_within(drawn["locatorView"], svg) and all(box_within(dot, svg) for dot in drawn["farDots"])


def changed_share(a: np.ndarray, b: np.ndarray, skip_bottom: int = 0) -> float:
    """Share of pixels (the bottom ``skip_bottom`` rows left out) whose largest channel difference exceeds
    :data:`PIXEL_TOLERANCE`; images as int arrays of the same shape."""
    rows = slice(0, a.shape[0] - skip_bottom)
    diff = np.abs(a[rows].astype(np.int16) - b[rows].astype(np.int16)).max(axis=2)
    return float((diff > PIXEL_TOLERANCE).mean())


def png_pixels(path: Path) -> np.ndarray:
    """An image file's RGB pixels as an int16 array (height, width, 3)."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def compare_with_reference(new: Path, reference: Path, skip_bottom: int = 0) -> None:
    """Fail when ``new`` differs from the committed ``reference`` PNG beyond the tolerance.

    ``BM_UPDATE_REFERENCE=1`` copies ``new`` over the reference first (after an intended change).
    """
    if os.environ.get("BM_UPDATE_REFERENCE") == "1":
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_bytes(new.read_bytes())
    fresh, ref = png_pixels(new), png_pixels(reference)
    assert fresh.shape == ref.shape, f"{new} is {fresh.shape}, the reference {reference} {ref.shape}"
    share = changed_share(fresh, ref, skip_bottom)
    assert share <= CHANGED_SHARE, f"{share:.2%} of the pixels changed (see {new}); reference {reference}"


#: What a map page drew, read back in the browser (CSS pixels of the page or iframe): every placed
#: label (text, class), every event marker (canvas circles and icons, not the town dots), the map
#: frame, the map's own controls, the callout list, the legend and title boxes when present, the view.
DRAWN_MAP_JS = """() => {
  var map = Object.values(window).find((v) => v instanceof L.Map), box = map.getContainer();
  var frame = box.getBoundingClientRect(), markers = [];
  function rect(r) { return {x: r.left, y: r.top, w: r.width, h: r.height}; }
  function boxOf(selector) { var el = document.querySelector(selector); return el && rect(el.getBoundingClientRect()); }
  map.eachLayer(function (layer) {
    if (layer.bmLabel) { return; }
    if (layer instanceof L.CircleMarker && !(layer instanceof L.Circle) && layer._point) {
      var p = map.latLngToContainerPoint(layer.getLatLng()), r = layer._radius;
      markers.push({x: frame.left + p.x - r, y: frame.top + p.y - r, w: 2 * r, h: 2 * r});
    } else if (layer instanceof L.Marker && layer._icon) {
      markers.push(rect(layer._icon.getBoundingClientRect()));
    }
  });
  var b = map.getBounds();
  return {
    labels: [...document.querySelectorAll('.bm-label')].map((el) => Object.assign(
      rect(el.getBoundingClientRect()), {text: el.textContent, cls: el.className})),
    markers: markers, frame: rect(frame),
    controls: [...box.querySelectorAll('.leaflet-control')].map((el) => rect(el.getBoundingClientRect())),
    notes: [...document.querySelectorAll('.bm-callouts li')].map((li) => li.textContent),
    legend: boxOf('.bm-legend'), title: boxOf('.bm-title'),
    view: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
    locator: boxOf('.bm-locator'), locatorView: boxOf('.bm-locator-view'), locatorSvg: boxOf('.bm-locator svg'),
    farDots: [...document.querySelectorAll('.bm-far-dot')].map((el) => rect(el.getBoundingClientRect())),
    farList: [...document.querySelectorAll('.bm-far-list li')].map((li) => li.textContent),
  };
}"""
