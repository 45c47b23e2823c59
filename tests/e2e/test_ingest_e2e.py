"""The Ingest page in a real browser with the network blocked: paste, extract, accept, see it on the map."""

from __future__ import annotations

import re
from collections.abc import Iterator

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from geo.stores import EventStore, open_store
from tests.e2e.conftest import Server
from tests.e2e.dashboard import OfflinePage

# Invented for this test; the markup must reach the page as text, never as an element.
ARTICLE = (
    "DUSHANBE, May 8 (E2E Wire) - Two Tajik border guards were killed in a clash with drug smugglers "
    "near Khorog on Monday, the State Committee for National Security said "
    '<img src=x onerror="window.__pwned = 1">.\n\n'
    "Separately, Afghan forces shelled positions near Ishkashim on Tuesday, a local official said.\n"
)


@pytest.fixture()
def server_store(app_server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[EventStore]:
    """The server's store; events the test adds are deleted afterwards (other tests count the default data)."""
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(app_server.data))
    store = open_store()
    before = set(store.load()["event_id"])
    try:
        yield store
    finally:
        added = set(store.load()["event_id"]) - before
        if added:
            store.delete(added)


def test_a_pasted_article_becomes_a_reviewed_event_on_the_map(offline: OfflinePage, server_store: EventStore,
                                                               default_events: gpd.GeoDataFrame) -> None:
    total = len(default_events)
    offline.open("/ingest")
    page = offline.page
    page.get_by_role("textbox", name="Article text").fill(ARTICLE)
    page.get_by_role("spinbutton", name="year, Publication date (required)").click()
    page.keyboard.type("20240508")  # year, month and day segments; each moves on to the next when full
    page.get_by_role("textbox", name="Publisher", exact=True).fill("E2E Wire")
    page.get_by_role("button", name="Extract").click()
    offline.wait_idle()

    headline = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^1\. Incident: Armed clash"))
    expect(headline).to_be_visible()
    expect(page.get_by_text(re.compile(r"^2\. Incident: Shelling"))).to_be_visible()
    evidence = page.locator(".bm-evidence").first
    expect(evidence).to_contain_text('<img src=x onerror="window.__pwned = 1">')
    expect(evidence.locator("mark").first).to_be_visible()
    expect(page.locator(".bm-evidence img")).to_have_count(0)
    event_id = re.search(r"ING-[0-9a-f]{12}", headline.inner_text()).group(0)  # type: ignore[union-attr]
    drawn = offline.map().wait_for_event_count(2)  # the review map shows both candidates
    assert event_id in drawn
    offline.screenshot("ingest-review")
    card = page.locator(".st-key-ing_card_0")
    card.get_by_text("Edit fields").click()
    expect(card.get_by_role("textbox", name="Place name")).to_have_value("Khorog")
    offline.screenshot("ingest-edit-fields")

    page.locator(".st-key-ing1c0_decision").get_by_text("Accept", exact=True).click()
    offline.wait_idle()
    page.get_by_role("button", name="Save 1 accepted").click()
    offline.wait_idle()
    expect(page.get_by_text(re.compile(r"^Saved from pasted text: 1 new event"))).to_be_visible()
    assert server_store.get(event_id) is not None
    offline.expect_counts(total + 1, total + 1)

    offline.nav_link("Map").click()
    offline.wait_idle()
    ids = offline.map().wait_for_event_count(total + 1)
    assert event_id in ids
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    offline.assert_healthy()  # also: a live <img src=x> would have requested "x" from the server
