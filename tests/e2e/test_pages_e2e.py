"""The other pages (Timeline, Events, Sources, About) in a real browser with the network blocked."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from geo.filters import apply_filters, filters_from_params
from tests.e2e.dashboard import OfflinePage


def _distinct_sources(events: gpd.GeoDataFrame) -> int:
    return len({s["source_id"] for srcs in events["sources"] for s in srcs})


def test_timeline_page_draws_a_chart(offline: OfflinePage) -> None:
    offline.open("/timeline")
    expect(offline.page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(offline.page.locator(".vega-embed canvas, .vega-embed svg").first).to_be_visible()
    offline.page.get_by_text("fatalities (best estimate)").click()
    offline.wait_idle()
    expect(offline.page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    offline.screenshot("timeline")
    offline.assert_healthy()


def test_events_page_lists_exactly_the_filtered_events(offline: OfflinePage,
                                                       default_events: gpd.GeoDataFrame) -> None:
    offline.open("/events?kind=posture")
    expected = int((default_events["kind"] == "posture").sum())
    assert 0 < expected < len(default_events)
    offline.expect_counts(expected, len(default_events))
    table = offline.page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    offline.expect_table_rows(table, expected)
    for label in ("Download CSV", "Download GeoJSON"):
        expect(offline.page.get_by_role("button", name=label)).to_be_visible()
    offline.screenshot("events")
    offline.assert_healthy()


def test_sources_page_lists_every_source(offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    offline.open("/sources")
    table = offline.page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    offline.expect_table_rows(table, _distinct_sources(default_events))
    offline.screenshot("sources")
    offline.assert_healthy()


def test_about_page_explains_codes_and_licences(offline: OfflinePage) -> None:
    offline.open("/about")
    for heading in ("What the fields mean", "Admiralty code", "Data licences and attribution"):
        expect(offline.page.get_by_role("heading", name=heading)).to_be_visible()
    expect(offline.page.get_by_test_id("stTable").first).to_be_visible()
    offline.screenshot("about")
    offline.assert_healthy()


@pytest.mark.parametrize(("start", "link", "target_path"), [("/", "Events", "/events"), ("/sources", "Map", "/")])
def test_filters_from_a_link_follow_navigation(offline: OfflinePage, default_events: gpd.GeoDataFrame,
                                              start: str, link: str, target_path: str) -> None:
    offline.open(f"{start}?kind=incident")
    expected = int((default_events["kind"] == "incident").sum())
    offline.expect_counts(expected, len(default_events))

    offline.nav_link(link).click()
    offline.page.wait_for_url(lambda url: urlparse(url).path == target_path)
    offline.wait_idle()
    offline.expect_counts(expected, len(default_events))
    # The app writes the filters into the URL during a run; the navigation's own URL change and a
    # following run (the map reporting its view) may land in either order, so wait for the end state.
    offline.page.wait_for_url(lambda url: urlparse(url).path == target_path
                              and parse_qs(urlparse(url).query).get("kind") == ["incident"])
    if link == "Events":
        offline.expect_table_rows(offline.page.get_by_test_id("stDataFrame").first, expected)
    else:
        assert offline.map().wait_for_event_count(expected) == sorted(
            default_events.loc[default_events["kind"] == "incident", "event_id"])
    offline.assert_healthy()


def test_selecting_a_source_row_filters_every_page(offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    offline.open("/sources")
    offline.select_first_row(offline.page.get_by_test_id("stDataFrame").first)
    offline.page.wait_for_url(lambda url: "source" in parse_qs(urlparse(url).query))
    offline.wait_idle()

    filters, notices = filters_from_params(parse_qs(urlparse(offline.page.url).query), default_events)
    assert notices == [] and len(filters.sources) == 1, (filters, notices)
    expected = apply_filters(default_events, filters)
    assert 0 < len(expected) < len(default_events)
    offline.expect_counts(len(expected), len(default_events))
    publisher = next(s["publisher"] for srcs in expected["sources"] for s in srcs
                     if s["source_id"] == filters.sources[0])
    expect(offline.page.get_by_test_id("stMultiSelect").filter(has_text="Source or publisher")).to_contain_text(
        publisher)
    offline.screenshot("sources-selected")

    offline.nav_link("Map").click()
    offline.page.wait_for_url(lambda url: urlparse(url).path == "/")
    offline.wait_idle()
    offline.expect_counts(len(expected), len(default_events))
    assert offline.map().wait_for_event_count(len(expected)) == sorted(expected["event_id"])
    offline.assert_healthy()


def test_selecting_an_event_row_shows_its_card(offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    offline.open("/events?kind=incident")
    offline.select_first_row(offline.page.get_by_test_id("stDataFrame").first)
    expect(offline.page.get_by_role("heading", name="Selected event")).to_be_visible()
    offline.wait_idle()
    card = offline.page.locator(".bm-detail")
    expect(card).to_be_visible()
    shown = card.locator(".bm-card-id").inner_text()
    assert shown in set(default_events.loc[default_events["kind"] == "incident", "event_id"])
    expect(offline.page.get_by_text("History", exact=True)).to_be_visible()
    offline.screenshot("events-selected")
    offline.assert_healthy()
