"""The dashboard's opening view in a real browser: place names, rivers and labels that never collide."""

from __future__ import annotations

import time
from typing import Any

import geopandas as gpd

from tests.conftest import REPO
from tests.e2e.dashboard import MAP_IFRAME, MapView, OfflinePage
from tests.support import DRAWN_MAP_JS, box_within, boxes_overlap, compare_with_reference

REFERENCE = REPO / "tests" / "reference" / "dashboard_map.png"




def settled(view: MapView) -> dict[str, Any]:
    """What the map drew, once two reads 400 ms apart agree: labels are placed again after every
    layer change or move (the map's own view report reruns the page), so one read may fall between
    the markers' update and the labels' new placement."""
    deadline = time.monotonic() + 30
    last: dict[str, Any] = view.frame().evaluate(DRAWN_MAP_JS)
    while time.monotonic() < deadline:
        view.owner.page.wait_for_timeout(400)
        now: dict[str, Any] = view.frame().evaluate(DRAWN_MAP_JS)
        if now == last:
            return now
        last = now
    raise AssertionError("the map's labels and markers did not settle within 30 s")


def test_opening_view_names_places_and_rivers_without_collisions(offline: OfflinePage,
                                                                 default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))
    frame = view.frame()
    frame.wait_for_function("() => window.bmLabelReport && window.bmLabelReport.placed.length >= 10")
    drawn = settled(view)
    labels = drawn["labels"]
    places = {label["text"] for label in labels if "bm-place-" in label["cls"]}
    assert len(places) >= 10 and "Dushanbe" in places, places
    assert {"Panj", "Amu Darya"} <= {label["text"] for label in labels if "bm-river" in label["cls"]}
    obstacles = drawn["markers"] + drawn["controls"]
    for i, label in enumerate(labels):
        assert box_within(label, drawn["frame"]), f"{label['text']!r} leaves the map frame"
        assert not any(boxes_overlap(label, other) for other in labels[i + 1:]), f"{label['text']!r} overlaps a label"
        assert not any(boxes_overlap(label, o) for o in obstacles), f"{label['text']!r} covers a marker or the legend"
    legend = drawn["legend"]
    hidden = [m for m in drawn["markers"] if boxes_overlap(legend, m)]
    assert not hidden, f"the legend covers {len(hidden)} event marker(s)"
    offline.assert_healthy()


def test_opening_view_matches_the_reference_image(offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    """The map of the opening view, compared with the committed reference (see tests/unit/test_visual_regression.py)."""
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))
    view.frame().wait_for_function("() => window.bmLabelReport && window.bmLabelReport.placed.length >= 10")
    offline.wait_idle()
    shot = offline.artifacts / "dashboard_map.png"
    offline.artifacts.mkdir(parents=True, exist_ok=True)
    offline.page.locator(MAP_IFRAME).first.screenshot(path=str(shot), animations="disabled")
    compare_with_reference(shot, REFERENCE)
    offline.assert_healthy()
