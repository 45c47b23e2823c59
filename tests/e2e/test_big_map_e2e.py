"""Above MAX_INDIVIDUAL events the map draws count bubbles; zooming in must draw single events whose
cards open (the layers follow the view the map reports, in the same run)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from geo.exchange import import_file, write_events
from geo.map import MAX_INDIVIDUAL
from geo.paths import store_path
from geo.stores import GeoPackageStore
from scripts.gen_synthetic import make_synthetic_frame
from tests.e2e.conftest import ARTIFACTS, Server, run_server
from tests.e2e.dashboard import SET_VIEW_JS, OfflinePage

EVENTS = MAX_INDIVIDUAL + 1500


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory,
               monkeypatch_module: pytest.MonkeyPatch) -> Iterator[tuple[Server, tuple[float, float]]]:
    """A dashboard whose store holds more synthetic events than the map draws one by one, and the
    (lat, lon) of one of them."""
    home = tmp_path_factory.mktemp("big-home")
    monkeypatch_module.setenv("BORDER_MONITOR_DATA", str(home))
    source = home.parent / f"{home.name}-synthetic.gpkg"
    write_events(make_synthetic_frame(EVENTS, seed=5), "gpkg", source)
    store = GeoPackageStore(store_path())
    assert import_file(source, store).written
    event = store.get("SYN-0000001")
    assert event is not None
    point = event.geometry.representative_point()
    with run_server(tmp_path_factory, DATABASE_URL="", BORDER_MONITOR_AUTH="off",
                    BORDER_MONITOR_DATA=str(home)) as server:
        yield server, (point.y, point.x)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_zooming_in_on_bubbles_draws_single_events_whose_cards_open(
        browser: Browser, big_server: tuple[Server, tuple[float, float]]) -> None:
    server, (lat, lon) = big_server
    page = OfflinePage(browser, server.url, ARTIFACTS)
    try:
        page.open("/")
        view = page.map()
        bubbles = view.locator.locator(".bm-bubble")
        expect(bubbles.first).to_be_visible()
        assert view.event_ids() == [], "the region view should draw count bubbles, not single events"
        assert view.frame().evaluate(SET_VIEW_JS, [lat, lon, 13])
        ids = view.poll_event_ids(lambda found: "SYN-0000001" in found, "the zoomed-in event drawn on its own")
        assert 0 < len(ids) <= MAX_INDIVIDUAL
        expect(bubbles).to_have_count(0)
        popup = view.open_popup()
        assert popup.locator(".bm-card-id").inner_text() in ids  # the card of an event drawn there
        page.screenshot("map-big-zoomed-in-card")
        page.assert_healthy()
    finally:
        page.close()
