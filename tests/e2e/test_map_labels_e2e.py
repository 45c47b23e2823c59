"""The dashboard's opening view in a real browser: place names, rivers and labels that never collide."""

from __future__ import annotations

import time
from typing import Any

import geopandas as gpd
from shapely.geometry import box

from geo.map.symbols import RIVER_COLOUR
from tests.conftest import REPO
from tests.e2e.dashboard import MAP_IFRAME, MapView, OfflinePage
from tests.support import (
    DRAWN_MAP_JS,
    assert_locator_dots_the_events_beyond,
    box_within,
    boxes_overlap,
    compare_with_reference,
)

REFERENCE = REPO / "tests" / "reference" / "dashboard_map.png"
#: [south, west, north, east] of every river line drawn inside the map's view.
RIVERS_IN_VIEW_JS = """(colour) => {
  var map = Object.values(window).find((v) => v instanceof L.Map), view = map.getBounds(), found = [];
  map.eachLayer(function (layer) {
    if (layer instanceof L.Polyline && layer.options.color === colour && view.intersects(layer.getBounds())) {
      var b = layer.getBounds();
      found.push([b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]);
    }
  });
  return found;
}"""
#: A point on each border river (lat, lon): the Amu Darya at Termez, the Panj at Khorog.
RIVER_POINTS = {"Amu Darya": (37.22, 67.28), "Panj": (37.49, 71.55)}



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
    # The border rivers are drawn; at this scale the Panj's name may find no room between the markers along it.
    lines = frame.evaluate(RIVERS_IN_VIEW_JS, RIVER_COLOUR)
    for river, (lat, lon) in RIVER_POINTS.items():
        assert any(s - 0.1 <= lat <= n + 0.1 and w - 0.1 <= lon <= e + 0.1 for s, w, n, e in lines), river
    assert "Amu Darya" in {label["text"] for label in labels if "bm-river" in label["cls"]}
    obstacles = drawn["markers"] + drawn["controls"]
    for i, label in enumerate(labels):
        assert box_within(label, drawn["frame"]), f"{label['text']!r} leaves the map frame"
        assert not any(boxes_overlap(label, other) for other in labels[i + 1:]), f"{label['text']!r} overlaps a label"
        assert not any(boxes_overlap(label, o) for o in obstacles), f"{label['text']!r} covers a marker or the legend"
    legend = drawn["legend"]
    hidden = [m for m in drawn["markers"] if boxes_overlap(legend, m)]
    assert not hidden, f"the legend covers {len(hidden)} event marker(s)"
    offline.assert_healthy()


def test_opening_view_frames_every_event_and_the_locator_dots_the_rest(offline: OfflinePage,
                                                                       default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))
    view.frame().wait_for_function("() => window.bmLocatorReport !== undefined")
    drawn = settled(view)
    south, west, north, east = drawn["view"]
    inside = default_events.geometry.within(box(west, south, east, north))
    assert inside.sum() >= 40  # all but the statements made in Moscow and St Petersburg
    assert_locator_dots_the_events_beyond(drawn, default_events)
    covered = [m for m in drawn["markers"] if boxes_overlap(drawn["locator"], m)]
    assert not covered, f"the locator covers {len(covered)} event marker(s)"
    view.frame().locator(".bm-far-list li").first.click()  # centres the map on that event, in Russia
    view.frame().wait_for_function("() => Object.values(window).find((v) => v instanceof L.Map).getCenter().lat > 50")
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
