"""The map page in a real browser with the network blocked: render, popups, time window, links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlparse

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from geo.filters import Filters, apply_filters, filters_from_params
from geo.model import Event
from geo.stores import open_store
from tests.e2e.conftest import Server
from tests.e2e.dashboard import MAP_IFRAME, MapView, OfflinePage
from tests.support import boxes_overlap
from tests.unit.helpers import make_event

RATING = re.compile(r"[A-F][1-6]")


def _ids(gdf: gpd.GeoDataFrame) -> list[str]:
    return sorted(gdf["event_id"])


def _shown_in_window(events: gpd.GeoDataFrame, window: tuple[str, str]) -> gpd.GeoDataFrame:
    start, end = (dt.date.fromisoformat(day) for day in window)
    return apply_filters(events, Filters(date_from=start, date_to=end))


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_map_renders_every_event_offline_with_legend_and_count(offline: OfflinePage,
                                                               default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    total = len(default_events)
    offline.expect_counts(total, total)
    expect(offline.count_line()).to_have_text(f"{total} of {total} events shown")

    view = offline.map()
    assert view.wait_for_event_count(total) == _ids(default_events)
    assert view.locator.locator(".leaflet-interactive").count() > 0, "no clickable marker in the DOM"
    legend = view.locator.locator(".bm-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Event type")
    expect(legend).to_contain_text("Afghan–Tajik border")

    leaflet = [u for u in offline.requested if re.search(r"/app/static/vendor/.*leaflet[^/]*\.js", u)]
    assert leaflet, "Leaflet was not loaded from the app's own static files"
    offline.screenshot("map")
    offline.assert_healthy()


def test_clicking_a_marker_opens_its_card_with_rated_sources(offline: OfflinePage,
                                                             default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))

    card = view.open_popup().locator(".bm-card")
    expect(card).to_be_visible()
    event_id = card.locator(".bm-card-id").inner_text().strip()
    rows = default_events[default_events["event_id"] == event_id]
    assert len(rows) == 1, f"the popup names an unknown event {event_id!r}"
    expect(card).to_contain_text("Sources")
    sources = rows.iloc[0]["sources"]
    items = card.locator("ul li")
    expect(items).to_have_count(len(sources))
    for source in sources:
        expect(card).to_contain_text(source["publisher"])
    ratings = card.locator(".bm-rating").all_inner_texts()
    assert ratings and all(RATING.fullmatch(r.strip()) for r in ratings), ratings
    # The legend folds away while a card is open, so it never covers the card.
    legend = view.locator.locator(".bm-legend")
    expect(legend.locator("details")).not_to_have_attribute("open", re.compile(".*"))
    card_box, legend_box = card.bounding_box(), legend.bounding_box()
    assert card_box is not None and legend_box is not None
    assert not boxes_overlap(
        {"x": card_box["x"], "y": card_box["y"], "w": card_box["width"], "h": card_box["height"]},
        {"x": legend_box["x"], "y": legend_box["y"], "w": legend_box["width"], "h": legend_box["height"]})
    offline.screenshot("map-popup")
    offline.assert_healthy()


def test_moving_the_time_window_with_the_keyboard_updates_count_and_markers(
        offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    total = len(default_events)
    view = offline.map()
    view.wait_for_event_count(total)

    initial = offline.window()
    start_thumb = offline.window_thumbs().nth(0)
    start_thumb.focus()
    for _ in range(8):  # each PageUp moves the start a tenth of the data's span later
        offline.page.keyboard.press("PageUp")
    expect(offline.count_line()).not_to_have_text(f"{total} of {total} events shown")
    offline.wait_idle()

    window = offline.window()
    assert window[0] > initial[0] and window[1] == initial[1], f"only the start should move: {initial} -> {window}"
    expected = _shown_in_window(default_events, window)
    assert 0 < len(expected) < total
    offline.expect_counts(len(expected), total)
    assert view.wait_for_event_count(len(expected)) == _ids(expected)
    assert _query(offline.page.url).get("from") == [window[0]], "the window is not in the shareable URL"
    offline.screenshot("map-window-moved")
    offline.assert_healthy()


def test_quick_window_year_narrows_to_that_year(offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))

    offline.page.get_by_test_id("stSelectbox").filter(has_text="Quick window").click()
    offline.page.get_by_role("option", name="2019", exact=True).click()
    expect(offline.window_thumbs().nth(0)).to_have_attribute("aria-valuetext", "2019-01-01")
    expect(offline.window_thumbs().nth(1)).to_have_attribute("aria-valuetext", "2019-12-31")
    offline.wait_idle()

    expected = _shown_in_window(default_events, ("2019-01-01", "2019-12-31"))
    assert 0 < len(expected) < len(default_events)
    offline.expect_counts(len(expected), len(default_events))
    assert view.wait_for_event_count(len(expected)) == _ids(expected)
    offline.assert_healthy()


def test_filter_link_is_applied_to_count_sidebar_and_map(offline: OfflinePage,
                                                        default_events: gpd.GeoDataFrame) -> None:
    params = {"from": ["2019-01-01"], "to": ["2019-12-31"], "kind": ["incident"]}
    filters, notices = filters_from_params(params, default_events)
    assert notices == []
    expected = apply_filters(default_events, filters)
    assert 0 < len(expected) < len(default_events)

    offline.open("/?from=2019-01-01&to=2019-12-31&kind=incident")
    offline.expect_counts(len(expected), len(default_events))
    assert offline.window() == ("2019-01-01", "2019-12-31")
    kind_box = offline.page.get_by_test_id("stMultiSelect").filter(has_text="Kind")
    expect(kind_box).to_contain_text("incident")
    expect(offline.page.get_by_test_id("stAlert")).to_have_count(0)

    view = offline.map()
    assert view.wait_for_event_count(len(expected)) == _ids(expected)
    assert _query(offline.page.url) == params, "the link's filters were not kept in the URL"
    offline.screenshot("map-filter-link")
    offline.assert_healthy()


def test_bad_link_values_show_a_notice_and_the_map_still_works(offline: OfflinePage,
                                                               default_events: gpd.GeoDataFrame) -> None:
    offline.open("/?from=notadate&source=nope&kind=incident")
    alerts = offline.page.get_by_test_id("stAlert")
    expect(alerts.filter(has_text="notadate")).to_be_visible()
    expect(alerts.filter(has_text="nope")).to_be_visible()

    # The good part of the link still applies; the bad parts are dropped.
    expected = default_events[default_events["kind"] == "incident"]
    offline.expect_counts(len(expected), len(default_events))
    assert offline.window() == tuple(d.isoformat() for d in (default_events["date_start"].min().date(),
                                                              default_events["date_end"].max().date()))
    assert offline.map().wait_for_event_count(len(expected)) == _ids(expected)
    offline.screenshot("map-bad-link")
    offline.assert_healthy()


TILE_HOSTS = ("tile.openstreetmap.org", "tile.opentopomap.org", "arcgisonline.com")


def test_online_tiles_are_opt_in_and_the_only_outside_requests(offline: OfflinePage,
                                                              default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    total = len(default_events)
    offline.map().wait_for_event_count(total)

    offline.page.get_by_text("Online tiles", exact=True).click()
    view = offline.map()
    control = view.locator.locator(".leaflet-control-layers")
    expect(control).to_be_visible()
    offline.wait_idle()
    assert offline.blocked == [], "switching online tiles on must not fetch anything until a tile layer is picked"

    control.hover()
    # "requestfailed" fires after the route handler has recorded and aborted the request
    # ("request" fires before it, so the list could still be empty when it returns).
    with offline.page.expect_event("requestfailed", lambda request: "openstreetmap" in request.url):
        view.locator.get_by_text("OpenStreetMap (online)").click()
    outside_hosts = {urlparse(url).hostname or url for url in offline.blocked}
    assert outside_hosts, "picking the online layer requested no tile"
    assert all(host.endswith(TILE_HOSTS) for host in outside_hosts), outside_hosts
    assert view.wait_for_event_count(total) == _ids(default_events), "events vanished with the online layer"
    offline.screenshot("map-online-tiles-blocked")
    assert offline.exceptions() == [] and offline.page_errors == []


HOSTILE_ACTOR = 'Hostile unit <img src=x onerror="window.__pwned = 1">'
HOSTILE_NOTES = "Notes <script>window.__pwned = 2</script> end"
HOSTILE_TITLE = 'Report <img src=y onerror="window.__pwned = 3">'


@pytest.fixture()
def hostile_event(app_server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[Event]:
    """One event with markup in its notes, actor and source title, in the server's store for one test."""
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(app_server.data))
    store = open_store()  # the server's store (seeded with the default dataset if no page has opened it yet)
    event = make_event(event_id="E2E-HOSTILE", location="Khorog", geometry={"type": "Point",
                                                                            "coordinates": [71.55, 37.49]},
                       actor1=HOSTILE_ACTOR, notes=HOSTILE_NOTES,
                       sources=[{"source_id": "e2e-hostile-src", "publisher": "E2E Wire", "title": HOSTILE_TITLE,
                                 "published": "2020-05-02", "reliability": "C", "credibility": 3}])
    store.add([event])
    try:
        yield event
    finally:
        store.delete([event.event_id])  # the other tests count the default dataset


def test_a_hostile_popup_shows_its_markup_as_text_and_runs_nothing(offline: OfflinePage,
                                                                   hostile_event: Event) -> None:
    offline.open("/?" + urlencode({"actor": HOSTILE_ACTOR}))
    assert offline.counts()[0] == 1
    view = offline.map()
    assert view.wait_for_event_count(1) == [hostile_event.event_id]

    popup = view.open_popup()
    card = popup.locator(".bm-card")
    expect(card).to_contain_text(HOSTILE_NOTES)
    expect(card).to_contain_text(HOSTILE_ACTOR)
    expect(card).to_contain_text(HOSTILE_TITLE)
    expect(popup.locator("img, script")).to_have_count(0)
    assert view.frame().evaluate("() => typeof window.__pwned") == "undefined"
    assert offline.page.evaluate("() => typeof window.__pwned") == "undefined"
    offline.screenshot("map-hostile-popup")
    offline.assert_healthy()  # a live <img src=x> would also have asked the server for "x"


def _settled_state(view: MapView) -> dict[str, float]:
    """The map's zoom and centre once two reads 300 ms apart agree (zoom/pan animations finished)."""
    previous: dict[str, float] = {}
    for _ in range(50):
        current = view.state()
        if current == previous:
            return current
        previous = current
        view.owner.page.wait_for_timeout(300)
    raise AssertionError(f"the map kept moving: last {previous}")


def test_changing_a_filter_keeps_the_users_pan_and_zoom(offline: OfflinePage,
                                                         default_events: gpd.GeoDataFrame) -> None:
    offline.open("/")
    view = offline.map()
    view.wait_for_event_count(len(default_events))
    opening = _settled_state(view)

    # The user zooms in twice with the map's own control, then drags the map to the west.
    zoom_in = view.locator.locator(".leaflet-control-zoom-in")
    for _ in range(2):  # one at a time: Leaflet ignores a zoom asked for during the zoom animation
        zoom_in.click()
        _settled_state(view)
    box = offline.page.locator(MAP_IFRAME).first.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    offline.page.mouse.move(x, y)
    offline.page.mouse.down()
    offline.page.mouse.move(x + 150, y + 60, steps=10)
    offline.page.mouse.up()
    offline.wait_idle()
    moved = _settled_state(view)
    assert moved["zoom"] == opening["zoom"] + 2 and moved["lng"] < opening["lng"], (opening, moved)

    offline.page.get_by_test_id("stSelectbox").filter(has_text="Quick window").click()
    offline.page.get_by_role("option", name="2019", exact=True).click()
    offline.wait_idle()
    expected = _shown_in_window(default_events, ("2019-01-01", "2019-12-31"))
    view.wait_for_event_count(len(expected))
    kept = _settled_state(view)
    assert kept["zoom"] == moved["zoom"]
    assert kept["lat"] == pytest.approx(moved["lat"], abs=1e-6) and kept["lng"] == pytest.approx(moved["lng"], abs=1e-6)
    offline.assert_healthy()
