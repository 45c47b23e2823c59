"""Browser sessions of the load test: a Chromium context per Streamlit session (see scripts/load_test.py)."""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Download, Page, Playwright, Request, async_playwright
from playwright.async_api import Error as PlaywrightError

from scripts.load_common import (
    ACTION_TIMEOUT_MS,
    BROWSER_ARGS,
    ERROR_SHOTS,
    LOGIN_TIMEOUT_MS,
    QUIET_MS,
    RUN_DONE_JS,
    RUN_END_PROBE,
    VISIBLE_OPTIONS,
    Plan,
    ServerProbe,
    SessionLoop,
    Skipped,
    Stats,
    Target,
    run_until_done,
)
from tests.e2e.dashboard import (
    CHROMIUM,
    COUNT_LINE,
    IDLE_PROBE,
    MAP_IFRAME,
    MARKER_POINTS_JS,
    is_local,
)

#: The link a reloading session opens: the map with filters, as a colleague would share it (the loop goes on
#: from the map page).
SHARED_LINK = "/?kind=incident&from=2015-01-01"


class Session(SessionLoop):
    """One browser page (one Streamlit session) looping over the dashboard's actions."""

    def __init__(self, number: int, page: Page, target: Target, stats: Stats) -> None:
        self.number = number
        self.page = page
        self.target = target
        self.stats = stats
        self.blocked: list[str] = []
        self.loop = 0
        self.reloads = False  # also reload and open a shared link (the session-cookie path)

    @classmethod
    async def open(cls, number: int, context: BrowserContext, target: Target, stats: Stats) -> Session:
        """A new page in ``context`` (made by :func:`prepared_context`)."""
        session = cls(number, await context.new_page(), target, stats)
        session.page.on("request", session._on_request)
        session.page.on("console", session._on_console)
        return session

    def _on_request(self, request: Request) -> None:
        # Watched, not intercepted: routing every request through Playwright would disable the
        # browser cache and load this process. The launch arguments make outside requests fail.
        if not is_local(request.url):
            self.blocked.append(request.url)
            self.stats.fail("network", f"request to {request.url} (refused by the browser's dead proxy)")

    def _on_console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.stats.fail("csp", message.text)

    async def error_screenshot(self, action: str) -> None:
        """Keep what the page showed when an action failed (artifacts/load/)."""
        path = ERROR_SHOTS / f"ERROR-{len(self.stats.errors)}-session{self.number + 1}-{action}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(PlaywrightError):
            await self.page.screenshot(path=str(path), timeout=10_000)
            print(f"error screenshot: {path}")

    async def close(self) -> None:
        with contextlib.suppress(PlaywrightError):
            await self.page.close()

    # --- waiting ---------------------------------------------------------------------------
    async def page_clock(self) -> float:
        return float(await self.page.evaluate("Date.now()"))

    async def wait_run_after(self, t0: float) -> float:
        """Wait until the script runs after ``t0`` (page clock, ms) are over; seconds from t0 to the last end."""
        ended = await self.page.wait_for_function(RUN_DONE_JS, arg=[t0, QUIET_MS], timeout=ACTION_TIMEOUT_MS)
        return (float(await ended.json_value()) - t0) / 1000

    async def wait_count_line(self) -> str:
        line = self.page.get_by_text(COUNT_LINE).first
        await line.wait_for(state="visible")
        return await line.inner_text()

    # --- actions (each returns when the page shows its result) ------------------------------
    async def login(self) -> None:
        """Open the dashboard; fill the login form when there is one."""
        await self.page.goto(self.target.url + "/", wait_until="domcontentloaded", timeout=LOGIN_TIMEOUT_MS)
        username = self.page.get_by_label("Username", exact=True)
        await self.page.get_by_text(COUNT_LINE).or_(username).first.wait_for(state="visible", timeout=LOGIN_TIMEOUT_MS)
        if await username.is_visible():
            if not self.target.logins:
                raise RuntimeError("the app asks for a login: pass --user and --password-env")
            name, password = self.target.logins[self.number % len(self.target.logins)]
            await username.fill(name)
            await self.page.get_by_label("Password", exact=True).fill(password)
            await self.page.get_by_role("button", name="Log in").click()
        await self.page.get_by_text(COUNT_LINE).first.wait_for(state="visible", timeout=LOGIN_TIMEOUT_MS)

    async def change_filter(self) -> float:
        """Pick a Quick window (rotating over All, last 5 years and the years offered)."""
        t0 = await self.page_clock()
        await self.page.get_by_test_id("stSelectbox").filter(has_text="Quick window").click()
        options = self.page.get_by_role("option")
        await options.first.wait_for(state="visible")
        names = [name.strip() for name in await options.all_inner_texts()][:VISIBLE_OPTIONS]
        choice = names[(self.number + self.loop) % len(names)]
        await self.page.get_by_role("option", name=choice, exact=True).click()
        latency = await self.wait_run_after(t0)
        await self.wait_count_line()
        return latency

    async def open_card(self) -> None:
        """Click point markers on the map until one opens its event card."""
        iframe = self.page.locator(MAP_IFRAME).first
        await iframe.scroll_into_view_if_needed()
        box = await iframe.bounding_box()
        handle = await iframe.element_handle()
        frame = await handle.content_frame()
        if box is None or frame is None:
            raise RuntimeError("the map iframe is not there")
        await frame.wait_for_function("() => typeof L !== 'undefined'")
        points: list[dict[str, float]] = await frame.evaluate(MARKER_POINTS_JS)
        if not points:
            raise Skipped("no point marker in view")
        popup = frame.locator(".leaflet-popup-content")
        for point in points[:5]:
            await self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            with contextlib.suppress(PlaywrightError):
                await popup.wait_for(state="visible", timeout=5_000)
                return
        raise RuntimeError(f"no event card opened after clicking {min(len(points), 5)} markers")

    async def navigate(self, title: str) -> float:
        """Follow the top navigation link to a page and wait for its run to finish."""
        t0 = await self.page_clock()
        links = self.page.locator("[data-testid='stTopNavLink'], [data-testid='stSidebarNavLink']")
        await links.filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).first.click()
        latency = await self.wait_run_after(t0)
        await self.wait_count_line()
        return latency

    async def export(self) -> None:
        """Download CSV or GeoJSON (alternating) from the Events page and check the file."""
        label, start = ("Download CSV", b"event_id") if self.loop % 2 == 0 else ("Download GeoJSON", b"{")
        button = self.page.get_by_role("button", name=label)
        await button.wait_for(state="visible")
        if await button.is_disabled():
            raise Skipped("nothing to export")
        async with self.page.expect_download(timeout=ACTION_TIMEOUT_MS) as info:
            await button.click()
        download: Download = await info.value
        path = await download.path()
        head = Path(path).read_bytes()[:200]
        if not head.lstrip(b"\xef\xbb\xbf").startswith(start):
            raise RuntimeError(f"{label} gave {head[:40]!r}")

    async def reopen(self, path: str) -> None:
        """Reload, or open a shared link, in this tab: the dashboard must come back without a log-in form."""
        if path:
            await self.page.goto(self.target.url + path, wait_until="domcontentloaded", timeout=LOGIN_TIMEOUT_MS)
        else:
            await self.page.reload(wait_until="domcontentloaded", timeout=LOGIN_TIMEOUT_MS)
        username = self.page.get_by_label("Username", exact=True)
        await self.page.get_by_text(COUNT_LINE).or_(username).first.wait_for(state="visible", timeout=LOGIN_TIMEOUT_MS)
        if await username.is_visible():
            raise RuntimeError("asked to log in again after a reload or an opened link")

    # --- the loop --------------------------------------------------------------------------
    def steps(self) -> Iterator[tuple[str, Callable[[], Awaitable[float | None]]]]:
        yield "filter", self.change_filter
        yield "card", self.open_card
        yield "navigate", lambda: self.navigate("Events")
        yield "export", self.export
        yield "navigate", lambda: self.navigate("Map")
        if self.reloads:
            yield "reload", lambda: self.reopen("")
            yield "open link", lambda: self.reopen(SHARED_LINK)


async def prepared_context(context: BrowserContext) -> BrowserContext:
    """``context`` with the action timeout and the page probes every session needs."""
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    await context.add_init_script(IDLE_PROBE)
    await context.add_init_script(RUN_END_PROBE)
    return context


async def open_contexts(pw: Playwright, plan: Plan, profile: Path) -> list[BrowserContext]:
    """One context per session, or one shared by all (``plan.shared_cache``).

    Either way every page is its own Streamlit session (the app keeps log-ins in the
    session, not in cookies). A shared context shares the HTTP and compiled-code caches,
    so a page load costs the browser much less: the load generator then competes less
    with the server for this machine's CPU.
    """
    options: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, "accept_downloads": True,
                               "ignore_https_errors": True}  # loopback only: a self-signed certificate
    if plan.shared_cache:
        shared = await pw.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                             args=BROWSER_ARGS, headless=True, **options)
        return [await prepared_context(shared)] * plan.sessions
    browser = await pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
    return [await prepared_context(await browser.new_context(**options)) for _ in range(plan.sessions)]


async def drive(target: Target, plan: Plan, probe: ServerProbe | None,
                screenshot: Path | None) -> tuple[Stats, float]:
    """Run the sessions concurrently in one headless Chromium; return the stats and the measured time."""
    stats = Stats()
    async with async_playwright() as pw:
        with tempfile.TemporaryDirectory(prefix="bm-load-profile-") as profile:
            contexts = await open_contexts(pw, plan, Path(profile))
            try:
                return stats, await drive_sessions(contexts, target, plan, probe, screenshot, stats)
            finally:
                for context in dict.fromkeys(contexts):
                    with contextlib.suppress(PlaywrightError):
                        await context.close()
                        if context.browser is not None:
                            await context.browser.close()


async def drive_sessions(contexts: list[BrowserContext], target: Target, plan: Plan, probe: ServerProbe | None,
                         screenshot: Path | None, stats: Stats) -> float:
    """Open a page per session and run them until the plan's time is up; return the measured seconds."""
    opened = [await Session.open(n, context, target, stats) for n, context in enumerate(contexts)]
    for session in opened:
        session.reloads = plan.reloads
    elapsed = await run_until_done(opened, plan, probe, stats)
    if screenshot is not None:  # the map with an event card open, as a person would check it
        with contextlib.suppress(PlaywrightError, RuntimeError, Skipped):
            await opened[0].navigate("Map")
            await opened[0].open_card()
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        await opened[0].page.screenshot(path=str(screenshot))
        print(f"screenshot: {screenshot}")
    for session in opened:
        await session.close()
    return elapsed


