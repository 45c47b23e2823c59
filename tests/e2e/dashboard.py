"""Page objects for the end-to-end tests: an offline browser page and the Leaflet map inside it.

Every request whose host is not this machine is aborted and recorded in
``OfflinePage.blocked``; tests assert that list is empty, so a CDN script, a
remote font or an online tile layer sneaking into the app fails the suite.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Browser, BrowserContext, Frame, Locator, Page, Request, Response, Route, expect
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.briefing.snapshot import BROWSER_ARGS

#: The Debian Chromium Playwright drives (no Playwright browser download needed).
CHROMIUM = os.environ.get("BM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    *BROWSER_ARGS,
    # Second line of defence behind the request router: no name other than loopback resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
NON_NETWORK_SCHEMES = ("data:", "blob:", "about:", "chrome-extension:")
TIMEOUT_MS = 30_000
COUNT_LINE = re.compile(r"(\d+) of (\d+) events shown")
#: Opened on a page URL (/events), Streamlit's frontend first probes /events/_stcore/... for a
#: base path and falls back to /_stcore/... on 404: expected, not a broken link.
STREAMLIT_BASE_PATH_PROBE = re.compile(r"^/[^/]+(/[^/]+)*/_stcore/(health|host-config)$")
#: The folium map is rendered by the streamlit-folium component in an iframe.
MAP_IFRAME = "iframe[title*='streamlit_folium']"

# Records when the main page's script last ran, so tests can wait for a quiet app
# (a rerun triggered by the map reporting its bounds would otherwise race a click).
IDLE_PROBE = """
if (window.top === window) {
  window.__bmLastBusy = Date.now();
  setInterval(() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') window.__bmLastBusy = Date.now();
  }, 50);
}
"""

# Distinct event ids of every map feature that carries an event card (points and areas).
EVENT_IDS_JS = """
() => {
  if (typeof L === 'undefined') return null;
  const maps = new Set();
  for (const key of Object.keys(window)) {
    try { if (window[key] instanceof L.Map) maps.add(window[key]); } catch (e) { /* cross-origin getter */ }
  }
  const ids = new Set();
  for (const map of maps) {
    map.eachLayer((layer) => {
      const card = layer.feature && layer.feature.properties && layer.feature.properties.card;
      const match = typeof card === 'string' && card.match(/bm-card-id">([^<]*)</);
      if (match) ids.add(match[1]);
    });
  }
  return [...ids].sort();
}
"""

# Screen positions (in the iframe's viewport) of clickable point features, clear of map controls.
MARKER_POINTS_JS = """
() => {
  const maps = new Set();
  for (const key of Object.keys(window)) {
    try { if (window[key] instanceof L.Map) maps.add(window[key]); } catch (e) { /* ignore */ }
  }
  const controls = [...document.querySelectorAll('.leaflet-control')].map((c) => c.getBoundingClientRect());
  const points = [];
  for (const map of maps) {
    const box = map.getContainer().getBoundingClientRect();
    const size = map.getSize();
    map.eachLayer((layer) => {
      const card = layer.feature && layer.feature.properties && layer.feature.properties.card;
      if (typeof card !== 'string' || typeof layer.getLatLng !== 'function') return;
      const p = map.latLngToContainerPoint(layer.getLatLng());
      if (p.x < 30 || p.y < 30 || p.x > size.x - 30 || p.y > size.y - 30) return;
      const x = box.left + p.x, y = box.top + p.y;
      if (controls.some((r) => x > r.left - 12 && x < r.right + 12 && y > r.top - 12 && y < r.bottom + 12)) return;
      points.push({x, y, circle: layer instanceof L.CircleMarker});
    });
  }
  points.sort((a, b) => Number(b.circle) - Number(a.circle));
  return points;
}
"""

# Moves the (single) Leaflet map in the frame to [lat, lng] at a zoom, as a user's pan and zoom would.
SET_VIEW_JS = """
([lat, lng, zoom]) => {
  for (const key of Object.keys(window)) {
    let value;
    try { value = window[key]; } catch (e) { continue; }
    if (typeof L !== 'undefined' && value instanceof L.Map) { value.setView([lat, lng], zoom); return true; }
  }
  return false;
}
"""

# Zoom and centre of the (single) Leaflet map in the frame.
MAP_STATE_JS = """
() => {
  for (const key of Object.keys(window)) {
    let value;
    try { value = window[key]; } catch (e) { continue; }
    if (typeof L !== 'undefined' && value instanceof L.Map) {
      const c = value.getCenter();
      return {zoom: value.getZoom(), lat: c.lat, lng: c.lng};
    }
  }
  return null;
}
"""


MAX_SHOT_PX = 4000
CONTENT_HEIGHT_JS = """
() => Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll(
  "[data-testid='stMain'], [data-testid='stMainBlockContainer'], [data-testid='stSidebarContent']")]
  .map((el) => el.scrollHeight))
"""


def is_local(url: str) -> bool:
    """True for URLs that never leave this machine (loopback hosts, data:/blob: URLs)."""
    return url.startswith(NON_NETWORK_SCHEMES) or (urlparse(url).hostname or "") in LOCAL_HOSTS


class OfflinePage:
    """A fresh browser context (own Streamlit session) whose outside requests are aborted and recorded."""

    def __init__(self, browser: Browser, base_url: str, artifacts: Path, *,
                 same_browser_as: OfflinePage | None = None) -> None:
        """A new browser context (a person), or a new tab of ``same_browser_as`` (same cookies)."""
        self.base_url = base_url
        self.artifacts = artifacts
        self.blocked: list[str] = []
        self.page_errors: list[str] = []
        self.failed_responses: list[str] = []
        self.requested: list[str] = []
        self.shared = same_browser_as is not None
        self.context: BrowserContext
        if same_browser_as is not None:
            self.context = same_browser_as.context
        else:
            self.context = browser.new_context(viewport={"width": 1400, "height": 950})
            self.context.set_default_timeout(TIMEOUT_MS)
            self.context.add_init_script(IDLE_PROBE)
            self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.on("response", self._on_response)
        self.page.on("websocket", lambda ws: None if is_local(ws.url) else self.blocked.append(ws.url))

    def _route(self, route: Route, request: Request) -> None:
        self.requested.append(request.url)
        if is_local(request.url):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort("blockedbyclient")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and not STREAMLIT_BASE_PATH_PROBE.search(urlparse(response.url).path):
            self.failed_responses.append(f"{response.status} {response.url}")

    def close(self) -> None:
        """Close the tab, or the browser context it opened (ends the Streamlit session)."""
        if self.shared:
            self.page.close()
        else:
            self.context.close()

    # --- waiting -------------------------------------------------------------------------
    def open(self, path: str = "/") -> Page:
        """Load ``path`` and wait until the count line is shown and the app is idle."""
        self.page.goto(self.base_url + path, wait_until="domcontentloaded")
        error = self.page.get_by_test_id("stException")
        expect(self.count_line().or_(error).first).to_be_visible()
        self.wait_idle()
        assert self.exceptions() == [], f"the app shows an exception on {path}"
        expect(self.count_line()).to_be_visible()
        if self.page.locator(MAP_IFRAME).count():
            # the map reports its view once drawn, which reruns the page: a click made before that
            # rerun ends (e.g. on a navigation link) can be superseded by it
            self.map()
            self.wait_idle()
        return self.page

    def wait_idle(self, quiet_ms: int = 700) -> None:
        """Wait until no Streamlit script run has been in progress for ``quiet_ms``."""
        self.page.wait_for_function(
            "(quiet) => Date.now() - window.__bmLastBusy > quiet", arg=quiet_ms, timeout=TIMEOUT_MS)

    def choose(self, scope: Locator, label: str, option: str) -> None:
        """Pick ``option`` in the selectbox labelled ``label`` inside ``scope``.

        A rerun that lands while the list is open (e.g. the map reporting its
        view after the page's layout changed) closes it again, between opening it
        and clicking the option too; so opening and picking are tried again while
        the box does not hold the option.
        """
        box = scope.get_by_test_id("stSelectbox").filter(has_text=label)
        item = self.page.get_by_role("option", name=option, exact=True)
        for _ in range(4):
            self.wait_idle()
            box.locator("input").click()
            with contextlib.suppress(PlaywrightTimeout):
                item.click(timeout=5_000)
                break
        expect(box.get_by_role("combobox")).to_have_value(option)
        self.wait_idle()

    # --- reading the app -----------------------------------------------------------------
    def count_line(self) -> Locator:
        """The "N of M events shown" line."""
        return self.page.get_by_text(COUNT_LINE)

    def expect_counts(self, shown: int, total: int) -> None:
        """Wait until the count line reads "``shown`` of ``total`` events shown".

        Reading the line once right after an action races the rerun it started (the old
        page's line, or none yet): wait for the text itself instead.
        """
        expect(self.page.get_by_text(re.compile(rf"(?<!\d){shown} of {total} events shown"))).to_be_visible()
        assert self.counts() == (shown, total)

    def expect_table_rows(self, table: Locator, rows: int) -> None:
        """Wait until the Streamlit dataframe ``table`` holds ``rows`` data rows (its grid counts the header)."""
        expect(table.locator("[aria-rowcount]").first).to_have_attribute("aria-rowcount", str(rows + 1))

    def counts(self) -> tuple[int, int]:
        """(shown, total) from the count line."""
        match = COUNT_LINE.search(self.count_line().inner_text())
        assert match, "count line not found"
        return int(match.group(1)), int(match.group(2))

    def window(self) -> tuple[str, str]:
        """The time-window slider's (start, end) as YYYY-MM-DD text."""
        thumbs = self.window_thumbs()
        return thumbs.nth(0).get_attribute("aria-valuetext") or "", thumbs.nth(1).get_attribute("aria-valuetext") or ""

    def window_thumbs(self) -> Locator:
        """The two thumbs (start, end) of the sidebar's time-window slider."""
        return self.page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input[type=range]")

    def select_first_row(self, table: Locator) -> None:
        """Tick the selection checkbox of ``table``'s first data row.

        The grid is a canvas: the checkbox sits 16 px in, in the first row below the
        header (rows are 35 px high).
        """
        expect(table).to_be_visible()
        box = table.bounding_box()
        assert box is not None, "the table is not laid out"
        self.page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)

    def nav_link(self, title: str) -> Locator:
        """The navigation link to the page titled ``title`` (top bar or sidebar navigation)."""
        links = self.page.locator("[data-testid='stTopNavLink'], [data-testid='stSidebarNavLink']")
        return links.filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).first

    def exceptions(self) -> list[str]:
        """Text of every Streamlit exception box on the page."""
        return self.page.locator("[data-testid='stException']").all_inner_texts()

    def assert_healthy(self) -> None:
        """No Python traceback shown, no JS error, no failed local request, nothing sent outside."""
        assert self.exceptions() == [], "the app shows an exception"
        assert self.page_errors == [], "uncaught JavaScript errors"
        assert self.failed_responses == [], "local requests failed"
        assert self.blocked == [], "the page tried to reach the network"

    def screenshot(self, name: str) -> Path:
        """Save a PNG of the whole app under artifacts/e2e/ and return its path.

        Streamlit scrolls its main area and sidebar inside fixed containers, so a
        "full page" shot would stop at the viewport: the viewport is stretched to
        the tallest container (at most ``MAX_SHOT_PX``) for the shot.
        """
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{name}.png"
        viewport = self.page.viewport_size or {"width": 1400, "height": 950}
        content: int = self.page.evaluate(CONTENT_HEIGHT_JS)
        tall = min(max(content, viewport["height"]), MAX_SHOT_PX)
        if tall > viewport["height"]:
            self.page.set_viewport_size({"width": viewport["width"], "height": tall})
            self.page.wait_for_function("(h) => window.innerHeight === h", arg=tall)
        try:
            self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        finally:
            self.page.set_viewport_size(viewport)
        return path

    def map(self) -> MapView:
        """The Leaflet map, once its container and at least one event feature are on screen."""
        view = MapView(self)
        expect(view.locator.locator(".leaflet-container")).to_be_visible()
        view.poll_event_ids(lambda ids: True, "a map with event features")
        return view


class MapView:
    """The folium map in the streamlit-folium iframe (vector layers are drawn on a canvas)."""

    def __init__(self, page: OfflinePage) -> None:
        self.owner = page
        self.locator = page.page.frame_locator(MAP_IFRAME).first

    def frame(self) -> Frame:
        """The iframe's Frame (looked up afresh: a rerun may replace it)."""
        frame = self._frame_or_none()
        assert frame is not None, "the map iframe has no document"
        return frame

    def _frame_or_none(self) -> Frame | None:
        """The iframe's Frame, or None while a new iframe element has no document yet (a rerun that
        re-mounts the map, e.g. switching the online tiles, replaces the element first)."""
        handle = self.owner.page.locator(MAP_IFRAME).first.element_handle(timeout=TIMEOUT_MS)
        return handle.content_frame()

    def event_ids(self) -> list[str]:
        """Sorted distinct ids of the events drawn on the map."""
        ids: Any = self.frame().evaluate(EVENT_IDS_JS)
        return list(ids or [])

    def state(self) -> dict[str, float]:
        """The map's zoom and centre (``zoom``, ``lat``, ``lng``) as Leaflet reports them."""
        found: Any = self.frame().evaluate(MAP_STATE_JS)
        assert found is not None, "no Leaflet map in the map iframe"
        return dict(found)

    def wait_for_event_count(self, count: int) -> list[str]:
        """Wait until exactly ``count`` distinct events are drawn; return their ids.

        The iframe is looked up afresh on every poll: a rerun may replace it, and a
        wait bound to the old frame would never see the new map.
        """
        return self.poll_event_ids(lambda ids: len(ids) == count, f"{count} events on the map")

    def poll_event_ids(self, done: Callable[[list[str]], bool], wanted: str) -> list[str]:
        """Poll the drawn event ids until ``done(ids)``; the iframe is looked up afresh on every poll.

        A rerun may replace the iframe (a wait bound to the old frame fails with "frame was
        detached" or never sees the new map), so no wait is tied to one frame.
        """
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        seen: list[str] | str = "no map yet"
        while time.monotonic() < deadline:
            try:
                frame = self._frame_or_none()
                found: Any = frame.evaluate(EVENT_IDS_JS) if frame is not None else None
                seen = (list(found) if found is not None else "no event features yet") if frame is not None else (
                    "the new map iframe has no document yet")
            except PlaywrightError as exc:  # iframe replaced or not yet loaded
                seen = f"frame not ready: {exc.message.splitlines()[0]}"
            if isinstance(seen, list) and done(seen):
                return seen
            self.owner.page.wait_for_timeout(200)
        raise AssertionError(f"expected {wanted}, last saw {seen!r}")

    def open_popup(self) -> Locator:
        """Click point markers (canvas circles or icons) until one opens its card; return the popup."""
        iframe = self.owner.page.locator(MAP_IFRAME).first
        iframe.scroll_into_view_if_needed()
        box = iframe.bounding_box()
        assert box is not None, "map iframe is not laid out"
        points: list[dict[str, float]] = self.frame().evaluate(MARKER_POINTS_JS)
        assert points, "no clickable point marker inside the map view"
        popup = self.locator.locator(".leaflet-popup-content")
        for point in points[:5]:
            self.owner.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            try:
                expect(popup).to_be_visible(timeout=5_000)
                return popup
            except AssertionError:
                continue
        raise AssertionError(f"no popup opened after clicking {min(len(points), 5)} markers")
