"""Hosted mode in real browsers: PostgreSQL store, web-session log-in, an analyst ingests, a viewer sees it.

The server is ``streamlit run server.py`` (the hosted entry point, with the log-in
route and its HttpOnly session cookie) with ``DATABASE_URL`` (a throwaway PostGIS
database from tests/pgserver.py) and ``BORDER_MONITOR_AUTH=on``; the accounts are
made with ``python -m geo user add``, as an operator would. Browser contexts are
people, pages of one context are tabs: the analyst accepts a candidate from a pasted
(invented) article, the viewer reloads (still logged in) and finds the event on the
map; a second tab opened on a shared link is logged in with the link's filters, and a
log-out in one tab ends the other's session.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pytest
from playwright.sync_api import Browser, expect

from geo.stores import open_store
from tests.conftest import REPO
from tests.e2e.conftest import ARTIFACTS, Server, run_server
from tests.e2e.dashboard import OfflinePage
from tests.pgserver import PgServer

ARTICLE = (
    "DUSHANBE, May 8 (E2E Wire) - Two Tajik border guards were killed in a clash with drug smugglers "
    "near Khorog on Monday, the State Committee for National Security said.\n"
)
#: Client-side navigation to a path, as the browser's back/forward buttons make Streamlit do.
CRAFTED_NAVIGATION = "(p) => { history.pushState({}, '', p); window.dispatchEvent(new PopStateEvent('popstate')); }"
PASSWORDS = {"anna": secrets.token_urlsafe(16), "vera": secrets.token_urlsafe(16)}


@pytest.fixture(scope="module")
def hosted_server(tmp_path_factory: pytest.TempPathFactory, pg_server: PgServer) -> Iterator[Server]:
    """The dashboard on a fresh PostGIS database with log-in on, and an analyst and a viewer made by the CLI."""
    database = pg_server.fresh_database()
    with run_server(tmp_path_factory, "server.py", DATABASE_URL=database, BORDER_MONITOR_AUTH="on") as server:
        env = {**os.environ, "DATABASE_URL": database, "BORDER_MONITOR_DATA": str(server.data)}
        for name, role in (("anna", "analyst"), ("vera", "viewer")):
            made = subprocess.run([sys.executable, "-m", "geo", "user", "add", name, "--role", role,
                                   "--password-stdin"], cwd=REPO, env=env, input=PASSWORDS[name] + "\n",
                                  capture_output=True, text=True, timeout=120)
            assert made.returncode == 0, made.stderr
        server.database = database  # type: ignore[attr-defined]
        yield server


@pytest.fixture()
def person(browser: Browser, hosted_server: Server, request: pytest.FixtureRequest) -> Iterator[
        dict[str, OfflinePage]]:
    """Browser contexts by name, closed (with a screenshot when the test failed) afterwards."""
    pages: dict[str, OfflinePage] = {}
    yield pages
    report = getattr(request.node, "rep_call", None)
    for name, page in reversed(pages.items()):  # tabs before the browser context that owns them
        if report is not None and report.failed:
            page.screenshot(f"FAILED-hosted-{name}")
            print(f"--- server log ---\n{hosted_server.log_tail()}")
        page.close()


def log_in(page: OfflinePage, name: str) -> None:
    """Fill the log-in form (the labels the deployment's load test uses too) and wait for the dashboard."""
    fill_log_in(page, name, PASSWORDS[name])
    expect(page.count_line()).to_be_visible()
    page.wait_idle()
    expect(page.page.get_by_role("button", name="Log out")).to_be_visible()


def fill_log_in(page: OfflinePage, name: str, password: str) -> None:
    """Fill and send the log-in route's form (the page a logged-out request is sent to)."""
    username = page.page.get_by_label("Username", exact=True)
    expect(username).to_be_visible()
    username.fill(name)
    page.page.get_by_label("Password", exact=True).fill(password)
    page.page.get_by_role("button", name="Log in").click()


def expect_logged_out(page: OfflinePage) -> None:
    """The app asks for a log-in and shows no event data."""
    expect(page.page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.count_line()).to_have_count(0)


def test_analyst_accepts_an_event_a_viewer_sees_it_and_the_history_records_it(
        browser: Browser, hosted_server: Server, person: dict[str, OfflinePage],
        default_events: gpd.GeoDataFrame) -> None:
    total = len(default_events)
    analyst = person["anna"] = OfflinePage(browser, hosted_server.url, ARTIFACTS)
    viewer = person["vera"] = OfflinePage(browser, hosted_server.url, ARTIFACTS)

    analyst.page.goto(hosted_server.url + "/events", wait_until="domcontentloaded")
    expect(analyst.page.get_by_label("Username", exact=True)).to_be_visible()
    assert urlparse(analyst.page.url).path == "/auth/login"  # a page request without a session: the form
    expect(analyst.count_line()).to_have_count(0)  # nothing of the data before the log-in
    analyst.screenshot("hosted-login")
    fill_log_in(analyst, "anna", "not the password")
    expect(analyst.page.get_by_text("Wrong username or password.")).to_be_visible()
    assert analyst.failed_responses == [f"401 {hosted_server.url}/auth/login"]
    analyst.failed_responses.clear()  # the refused log-in was meant to fail
    log_in(analyst, "anna")
    assert urlparse(analyst.page.url).path == "/events"  # back where the log-in was asked for
    analyst.expect_counts(total, total)

    viewer.page.goto(hosted_server.url, wait_until="domcontentloaded")
    log_in(viewer, "vera")
    viewer.expect_counts(total, total)
    expect(viewer.nav_link("Events")).to_be_visible()
    expect(viewer.nav_link("Ingest")).to_have_count(0)
    expect(viewer.nav_link("Edit")).to_have_count(0)
    for path in ("/edit", "/ingest"):  # a crafted in-app navigation to a privileged page
        viewer.page.evaluate(CRAFTED_NAVIGATION, path)
        viewer.wait_idle()
        expect(viewer.page.get_by_role("button", name=re.compile("^(Save changes|Extract)$"))).to_have_count(0)
        expect(viewer.page.get_by_text("Edit an event")).to_have_count(0)

    # The analyst ingests a pasted article and accepts its candidate.
    analyst.nav_link("Ingest").click()
    analyst.wait_idle()
    page = analyst.page
    page.get_by_role("textbox", name="Article text").fill(ARTICLE)
    page.get_by_role("spinbutton", name="year, Publication date (required)").click()
    page.keyboard.type("20240508")
    page.get_by_role("textbox", name="Publisher", exact=True).fill("E2E Wire")
    page.get_by_role("button", name="Extract").click()
    analyst.wait_idle()
    headline = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^1\. Incident: Armed clash"))
    expect(headline).to_be_visible()
    event_id = re.search(r"ING-[0-9a-f]{12}", headline.inner_text()).group(0)  # type: ignore[union-attr]
    page.locator(".st-key-ing1c0_decision").get_by_text("Accept", exact=True).click()
    analyst.wait_idle()
    page.get_by_role("button", name="Save 1 accepted").click()
    analyst.wait_idle()
    expect(page.get_by_text(re.compile(r"^Saved from pasted text: 1 new event"))).to_be_visible()

    # The shared PostgreSQL store holds it, with the analyst's create in its history.
    store = open_store(hosted_server.database)  # type: ignore[attr-defined]
    assert store.get(event_id) is not None
    assert [(e.actor, e.action, e.version) for e in store.history(event_id)] == [("anna", "create", 1)]

    # The viewer reloads: still logged in (the cookie), and the event is on the map.
    viewer.page.reload(wait_until="domcontentloaded")
    expect(viewer.page.get_by_role("button", name="Log out")).to_be_visible()
    viewer.expect_counts(total + 1, total + 1)
    assert event_id in viewer.map().wait_for_event_count(total + 1)
    viewer.screenshot("hosted-viewer-map")

    # The analyst opens the event on the Edit page: its history names who created it.
    analyst.nav_link("Edit").click()
    analyst.wait_idle()
    box = page.get_by_test_id("stSelectbox").filter(has_text="Event").locator("input")
    box.click()
    box.fill(event_id)
    page.get_by_role("option", name=re.compile(rf"^{event_id} — ")).click()
    analyst.wait_idle()
    expect(page.get_by_text("History", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Created by anna at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(1 recorded change\)"))
           ).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").last).to_be_visible()  # the table of changes
    analyst.screenshot("hosted-edit")

    page.get_by_role("button", name="Log out").click()
    expect_logged_out(analyst)
    for who in (analyst, viewer):
        who.assert_healthy()


def test_a_web_session_survives_reloads_and_new_tabs_and_ends_everywhere_at_log_out(
        browser: Browser, hosted_server: Server, person: dict[str, OfflinePage]) -> None:
    first = person["vera"] = OfflinePage(browser, hosted_server.url, ARTIFACTS)
    first.page.goto(hosted_server.url + "/", wait_until="domcontentloaded")
    log_in(first, "vera")
    events = open_store(hosted_server.database).load()  # type: ignore[attr-defined]  # seeded by the app
    total = len(events)
    cookie = next(c for c in first.context.cookies() if c["name"] == "bm_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    first.page.reload(wait_until="domcontentloaded")
    expect(first.page.get_by_role("button", name="Log out")).to_be_visible()
    first.expect_counts(total, total)

    # A shared link opened in a second tab: logged in, on that page, with that link's filters.
    link = "/events?from=2020-01-01&to=2022-12-31&kind=incident"
    in_link = events[(events["kind"] == "incident") & (events["date_end"] >= "2020-01-01")
                     & (events["date_start"] <= "2022-12-31")]
    second = person["vera-tab"] = OfflinePage(browser, hosted_server.url, ARTIFACTS, same_browser_as=first)
    second.open(link)
    assert urlparse(second.page.url).path == "/events"
    assert parse_qs(urlparse(second.page.url).query)["kind"] == ["incident"]
    second.expect_counts(len(in_link), total)
    expect(second.nav_link("Ingest")).to_have_count(0)

    # A download works while logged in; its media URL gives nothing without the session.
    with second.page.expect_download() as caught:
        second.page.get_by_role("button", name="Download CSV").click()
    media_url = caught.value.url
    assert second.context.request.get(media_url).status == 200
    stranger = browser.new_context()
    try:
        assert stranger.request.get(media_url).status == 403
        for path in ("/", "/events", "/edit", "/users", "/ingest"):
            answer = stranger.request.get(hosted_server.url + path, max_redirects=0,
                                          headers={"Sec-Fetch-Dest": "document"})
            assert answer.status == 303 and "/auth/login" in answer.headers["location"], path
    finally:
        stranger.close()

    # A viewer reaches no analyst or admin page by URL, even logged in.
    for path in ("/ingest", "/edit", "/users"):
        second.page.goto(hosted_server.url + path, wait_until="domcontentloaded")
        second.wait_idle()
        expect(second.page.get_by_role("button", name=re.compile("^(Save changes|Extract|Add user)$"))
               ).to_have_count(0)
        expect(second.page.get_by_text("Edit an event")).to_have_count(0)
    second.open(link)

    # Log out in the first tab: the second tab's next action asks for a log-in.
    first.page.get_by_role("button", name="Log out").click()
    expect_logged_out(first)
    second.nav_link("Map").click()
    expect_logged_out(second)
    expect(second.page.get_by_text("Your session has ended: please log in again.")).to_be_visible()
    assert second.context.request.get(media_url).status == 403  # the cookie opens nothing any more

    # Logging in again from there lands back on the page (and filters) the tab was showing.
    back_to = second.page.url
    second.page.get_by_role("link", name="Log in").click()
    log_in(second, "vera")
    assert second.page.url == back_to
    first.assert_healthy()
