"""Map interactions in the dashboard: "fit to events" and the place search box."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
from playwright.sync_api import expect

from geo.map.controls import search_entries
from geo.places import BASEMAP_BOX as BOX
from tests.e2e.dashboard import OfflinePage

#: The map's bounds and the anchor of every drawn event (any layer with a card).
_VIEW_AND_EVENTS_JS = """() => {
  var map = Object.values(window).find((v) => v instanceof L.Map), points = [];
  map.eachLayer(function (layer) {
    var props = layer.feature && layer.feature.properties;
    if (props && props.card && layer.getLatLng) { var p = layer.getLatLng(); points.push([p.lat, p.lng]); }
  });
  var b = map.getBounds();
  return {view: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()], points: points, zoom: map.getZoom()};
}"""


def test_fit_to_events_frames_every_event_drawn(offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))
    view.frame().evaluate("""() => { var m = Object.values(window).find((v) => v instanceof L.Map);
                                     m.setView([37.5, 71.5], 10, {animate: false}); }""")
    offline.wait_idle()  # the app hears of the new view and reruns; the map keeps it
    before: dict[str, Any] = view.frame().evaluate(_VIEW_AND_EVENTS_JS)
    assert before["zoom"] == 10
    south, west, north, east = before["view"]
    assert any(not (south <= lat <= north and west <= lon <= east) for lat, lon in before["points"])
    view.locator.get_by_role("button", name="Fit to events").click()
    frame = view.frame()
    frame.wait_for_function("""() => { var m = Object.values(window).find((v) => v instanceof L.Map);
                                      return m.getZoom() < 10; }""")
    after: dict[str, Any] = frame.evaluate(_VIEW_AND_EVENTS_JS)
    south, west, north, east = after["view"]
    regional = [p for p in after["points"] if BOX[1] <= p[0] <= BOX[3] and BOX[0] <= p[1] <= BOX[2]]
    assert len(regional) >= 30  # point events (markers, icons) of the region
    outside = [p for p in regional if not (south <= p[0] <= north and west <= p[1] <= east)]
    assert not outside, f"{len(outside)} events still outside the view after 'fit to events'"
    offline.assert_healthy()


def test_place_search_jumps_the_map_to_a_gazetteer_place_by_any_spelling(offline: OfflinePage) -> None:
    offline.open("/")
    view = offline.map()
    box = view.locator.get_by_label("Go to place")
    expect(box).to_be_visible()
    # the name as listed, then Russian-style spellings the list does not show ("Kulyab" for Kulob, elsewhere;
    # "Shakhribuzurg", one word, for Shahr-e Buzurg)
    for typed, place in (("Khorugh", "Khorugh"), ("Kulyab", "Kulob"), ("Shakhribuzurg", "Shahr-e Buzurg")):
        _, lat, lon, zoom, _ = next(entry for entry in search_entries() if entry[0] == place)
        box.fill(typed)
        box.press("Enter")
        view.frame().wait_for_function(
            f"""() => {{ var m = Object.values(window).find((v) => v instanceof L.Map), c = m.getCenter();
                        return m.getZoom() === {zoom} && Math.abs(c.lat - {lat}) < 0.01
                               && Math.abs(c.lng - {lon}) < 0.01; }}""")
    offline.assert_healthy()
