"""Above MAX_INDIVIDUAL events the map draws count bubbles; zooming in must draw single events whose
cards open (the layers follow the view the map reports, in the same run). The same with the
GeoPackage store (answered from the lean frame) and with PostGIS (every answer a SQL query);
the Events and Timeline pages show the events of such a store too."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from geo.exchange import import_file, write_events
from geo.map import MAX_INDIVIDUAL
from geo.stores import open_store
from scripts.gen_synthetic import make_synthetic_frame
from tests.conftest import REPO
from tests.e2e.conftest import ARTIFACTS, Server, run_server
from tests.e2e.dashboard import SET_VIEW_JS, OfflinePage

EVENTS = MAX_INDIVIDUAL + 1500


@pytest.fixture(scope="module", params=["gpkg", "postgis"])
def big_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               monkeypatch_module: pytest.MonkeyPatch) -> Iterator[tuple[Server, tuple[float, float], str | None]]:
    """A dashboard whose store (a GeoPackage, or a PostGIS database with log-in on) holds more synthetic
    events than the map draws one by one, the (lat, lon) of one of them, and a viewer's password (PostGIS)."""
    home = tmp_path_factory.mktemp("big-home")
    monkeypatch_module.setenv("BORDER_MONITOR_DATA", str(home))
    source = home.parent / f"{home.name}-synthetic.gpkg"
    write_events(make_synthetic_frame(EVENTS, seed=5), "gpkg", source)
    database, password = "", None
    if request.param == "postgis":
        database, password = request.getfixturevalue("pg_server").fresh_database(), secrets.token_urlsafe(12)
        made = subprocess.run([sys.executable, "-m", "geo", "user", "add", "vic", "--role", "viewer",
                               "--password-stdin"], cwd=REPO, env={**os.environ, "DATABASE_URL": database},
                              input=password + "\n", capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
    store = open_store(database or None)
    assert import_file(source, store).written
    event = store.get("SYN-0000001")
    assert event is not None
    point = event.geometry.representative_point()
    with run_server(tmp_path_factory, DATABASE_URL=database, BORDER_MONITOR_AUTH="on" if database else "off",
                    BORDER_MONITOR_DATA=str(home)) as server:
        yield server, (point.y, point.x), password


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _open(page: OfflinePage, password: str | None) -> None:
    if password is None:
        page.open("/")
        return
    page.page.goto(page.base_url + "/", wait_until="domcontentloaded")  # the in-app log-in form first
    page.page.get_by_label("Username", exact=True).fill("vic")
    page.page.get_by_label("Password", exact=True).fill(password)
    page.page.get_by_role("button", name="Log in").click()
    expect(page.count_line()).to_be_visible()
    page.wait_idle()


def test_zooming_in_on_bubbles_draws_single_events_whose_cards_open(
        browser: Browser, big_server: tuple[Server, tuple[float, float], str | None]) -> None:
    server, (lat, lon), password = big_server
    page = OfflinePage(browser, server.url, ARTIFACTS)
    try:
        _open(page, password)
        store = "postgis" if password else "gpkg"
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
        page.screenshot(f"map-big-zoomed-in-card-{store}")
        page.assert_healthy()
    finally:
        page.close()


def test_the_events_and_timeline_pages_show_a_big_store(
        browser: Browser, big_server: tuple[Server, tuple[float, float], str | None]) -> None:
    server, _, password = big_server
    page = OfflinePage(browser, server.url, ARTIFACTS)
    try:
        _open(page, password)
        shown = int(page.count_line().inner_text().split(" of ")[0].replace(",", "").strip("*"))
        assert shown > MAX_INDIVIDUAL
        page.page.get_by_role("link", name="Events", exact=True).click()
        picker = page.page.get_by_label("Page (of", exact=False)
        expect(picker).to_be_visible()
        page.wait_idle()
        picker.fill("2")
        picker.press("Enter")
        expect(page.page.get_by_text(f"Rows 2,001–{min(4_000, shown):,} of {shown:,}")).to_be_visible()
        page.page.get_by_role("link", name="Timeline", exact=True).click()
        expect(page.page.get_by_test_id("stVegaLiteChart")).to_be_visible()
        page.wait_idle()
        page.screenshot(f"timeline-big-{'postgis' if password else 'gpkg'}")
        page.assert_healthy()
    finally:
        page.close()
