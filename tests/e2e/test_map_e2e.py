"""The map page in a real browser with the network blocked: render, popups, time window, links."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
from playwright.sync_api import expect

from geo.filters import Filters, apply_filters, filters_from_params
from tests.e2e.dashboard import OfflinePage

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
    assert offline.counts() == (total, total)
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
    assert offline.counts() == (len(expected), total)
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
    assert offline.counts() == (len(expected), len(default_events))
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
    assert offline.counts() == (len(expected), len(default_events))
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
    assert offline.counts() == (len(expected), len(default_events))
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
    with offline.page.expect_request(lambda request: "openstreetmap" in request.url):
        view.locator.get_by_text("OpenStreetMap (online)").click()
    outside_hosts = {urlparse(url).hostname or url for url in offline.blocked}
    assert outside_hosts, "picking the online layer requested no tile"
    assert all(host.endswith(TILE_HOSTS) for host in outside_hosts), outside_hosts
    assert view.wait_for_event_count(total) == _ids(default_events), "events vanished with the online layer"
    offline.screenshot("map-online-tiles-blocked")
    assert offline.exceptions() == [] and offline.page_errors == []
