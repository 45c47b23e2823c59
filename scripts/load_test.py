"""Load test of a hosted Border Monitor: concurrent sessions against a local instance.

    .venv/bin/python scripts/load_test.py --sessions 20 --duration 60
    .venv/bin/python scripts/load_test.py --protocol --sessions 20 --duration 60
    .venv/bin/python scripts/load_test.py --url https://127.0.0.1:8443/border-monitor --user u   # $BM_LOAD_PASSWORD

Without ``--url`` it starts its own hosted instance on a free 127.0.0.1 port, as
deploy/border-monitor.service does (deploy/streamlit-production.toml, base path
``border-monitor``), with a throwaway PostgreSQL + PostGIS store when
``tests/pgserver.py`` can start one, else a GeoPackage store with
``BORDER_MONITOR_AUTH=on``; when the app has logins (``python -m geo user``) it
creates a viewer and an analyst with the CLI.

Browser sessions (default): one headless Chromium (``/usr/bin/chromium``) with a
context per session, each its own Streamlit session, looping until ``--duration``
seconds are up: log in (once), change the time window (Quick window), open an event
card on the map, go to Events, download CSV or GeoJSON, go back to the map. Each
action is timed until the page shows its result. Protocol sessions (``--protocol``)
log in and change the time window over Streamlit's WebSocket protocol, without a
browser, timed to the server's end of run: the server's own capacity.

Prints throughput, errors (with examples), p50/p95 per action and overall, the
load generator's CPU, and the server's peak RSS and CPU when it started the server.
Only 127.0.0.1/localhost is ever contacted: other URLs are refused, and the browser
sends every other request to a proxy that does not exist (counted as an error).
Loops, waits and the run itself are bounded (``--duration`` + 45 s at most).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import re
import secrets
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.async_api import BrowserContext, Download, Page, Playwright, Request, async_playwright
from playwright.async_api import Error as PlaywrightError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import DoubleArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect as ws_connect
from websockets.typing import Origin, Subprotocol

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.e2e.dashboard import (  # noqa: E402  (after the path set-up, like the other scripts)
    CHROMIUM,
    CHROMIUM_ARGS,
    COUNT_LINE,
    IDLE_PROBE,
    LOCAL_HOSTS,
    MAP_IFRAME,
    MARKER_POINTS_JS,
    is_local,
)

BASE_PATH = "border-monitor"
PRODUCTION_TOML = REPO / "deploy" / "streamlit-production.toml"
ACTION_TIMEOUT_MS = 30_000
#: Opening the app loads Streamlit's whole frontend: allow more under load.
LOGIN_TIMEOUT_MS = 60_000
SERVER_START_S = 120
MAX_CONSECUTIVE_ERRORS = 3
#: Extra time after --duration for the last actions to finish before sessions are cancelled.
DRAIN_S = 45
QUIET_MS = 300
#: The Quick window menu shows about this many options without scrolling (All, last 5 years, 4 years).
VISIBLE_OPTIONS = 6
ERROR_SHOTS = REPO / "artifacts" / "load"
MAX_ERROR_SHOTS = 5
# Records the page-clock time (ms) at which each script run ends. A MutationObserver sees every
# change of the state attribute, also runs too short for IDLE_PROBE's 50 ms polling.
RUN_END_PROBE = """
if (window.top === window) {
  window.__bmRunEnd = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.getAttribute('data-test-script-state') === 'notRunning') window.__bmRunEnd = Date.now();
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
}
"""
# A run that ended after ``t0`` (page clock, ms) and a quiet app since then; returns that end time.
RUN_DONE_JS = """
([t0, quiet]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const idle = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && Date.now() - Math.max(window.__bmLastBusy, window.__bmRunEnd) > quiet;
  return window.__bmRunEnd > t0 && idle ? window.__bmRunEnd : false;
}
"""
USERS = (("load-viewer", "viewer"), ("load-analyst", "analyst"))
#: The e2e tests' Chromium arguments (no name but loopback resolves), plus a proxy that does not
#: exist for everything but loopback (which Chromium never proxies): nothing leaves the machine.
BROWSER_ARGS = [*CHROMIUM_ARGS, "--proxy-server=http://127.0.0.1:9", "--mute-audio"]


# -- measurements ---------------------------------------------------------------------------


@dataclass
class Stats:
    """Latencies (s) per action type, and errors (action, message)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    browser_cpu_s: float = 0.0

    def add(self, action: str, seconds: float) -> None:
        self.latencies.setdefault(action, []).append(seconds)

    def fail(self, action: str, message: str) -> None:
        self.errors.append((action, message.strip().splitlines()[0][:200] if message.strip() else "error"))

    def skip(self, action: str) -> None:
        self.skipped[action] = self.skipped.get(action, 0) + 1


class Skipped(Exception):
    """The action does not apply right now (e.g. export of an empty selection)."""


def percentile(values: list[float], q: int) -> float:
    """The q-th percentile (1..99) of ``values`` (inclusive method; one value is its own percentile)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(stats: Stats, elapsed_s: float, plan: Plan, server: ServerProbe | None) -> str:
    """The figures as a plain-text table."""
    kind = "protocol" if plan.protocol else "browser"
    generator = "this script" if plan.protocol else "Chromium, Playwright, this script"
    lines = [f"{kind} sessions: {plan.sessions} (started over {plan.ramp_up_s:.0f} s, {plan.think_s:g} s think time "
             f"before each action), load for {plan.duration_s:.0f} s, measured until the last action ended: "
             f"{elapsed_s:.1f} s",
             f"machine: {os.cpu_count()} cores; load average (1 min) now {os.getloadavg()[0]:.1f}"]
    rows = [(name, values) for name, values in sorted(stats.latencies.items())]
    every = [v for _, values in rows for v in values]
    lines.append(f"{'action':<10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in [*rows, ("all", every)]:
        if values:
            lines.append(f"{name:<10} {len(values):>6} {percentile(values, 50) * 1000:>8.0f} "
                         f"{percentile(values, 95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    lines.append(f"throughput: {len(every) / elapsed_s:.2f} actions/s ({len(every)} actions)")
    lines.append(f"errors: {len(stats.errors)}")
    for (action, message), count in _most_common(stats.errors)[:5]:
        lines.append(f"  {count} x {action}: {message}")
    if stats.skipped:
        lines.append("skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.skipped.items())))
    lines.append(f"load generator ({generator}): CPU {stats.browser_cpu_s:.1f} s "
                 f"= {stats.browser_cpu_s / elapsed_s:.2f} cores on average")
    if server is not None:
        lines.append(server.summary(elapsed_s))
    return "\n".join(lines)


def _most_common(errors: list[tuple[str, str]]) -> list[tuple[tuple[str, str], int]]:
    counts: dict[tuple[str, str], int] = {}
    for error in errors:
        counts[error] = counts.get(error, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def proc_stat(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds used: user + system) of a live process; (0, 0.0) when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0, 0.0
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int, skip: int | None = None) -> float:
    """CPU seconds used so far by the live descendants of ``root`` (without ``skip`` and its own)."""
    stats = {int(p.name): proc_stat(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0.0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid != skip:
            total += stats[pid][1]
            todo.extend(children.get(pid, []))
    return total


class ServerProbe:
    """Samples the Streamlit server's resident memory (from /proc) while the test runs."""

    def __init__(self, pid: int, log_path: Path) -> None:
        self.pid = pid
        self.log_path = log_path
        self.samples_kb: list[int] = []
        self.cpu_start = self._cpu_seconds()

    def _status_kb(self, key: str) -> int:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def _cpu_seconds(self) -> float:
        return proc_stat(self.pid)[1]

    def sample(self) -> None:
        self.samples_kb.append(self._status_kb("VmRSS"))

    def summary(self, elapsed_s: float) -> str:
        peak = max(self._status_kb("VmHWM"), *self.samples_kb, 0) / 1024
        start = (self.samples_kb[0] if self.samples_kb else 0) / 1024
        cpu = self._cpu_seconds() - self.cpu_start
        return (f"server: peak RSS {peak:.0f} MB (RSS at start of load {start:.0f} MB), "
                f"CPU {cpu:.1f} s in {elapsed_s:.0f} s = {cpu / elapsed_s:.2f} cores on average\n"
                + self.log_errors())

    def log_errors(self) -> str:
        """How many tracebacks the server logged, and the first one's last line."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
        if not starts:
            return "server log: no tracebacks"
        end = next((i for i in range(starts[0] + 1, len(lines)) if lines[i] and not lines[i][0].isspace()), starts[0])
        first = "\n  ".join(lines[max(starts[0], end - 12):end + 1])
        return f"server log: {len(starts)} traceback(s); the first:\n  {first}"


# -- one browser session --------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How much load: sessions, seconds, loops per session, ramp-up and think time (s)."""

    sessions: int
    duration_s: float
    max_loops: int
    ramp_up_s: float
    think_s: float
    shared_cache: bool = False
    protocol: bool = False


@dataclass
class Target:
    """Where the sessions go and who they log in as."""

    url: str  # base URL without a trailing slash, e.g. http://127.0.0.1:8501/border-monitor
    logins: list[tuple[str, str]]  # (username, password); empty: no login form expected


class SessionLoop:
    """The loop every kind of session runs: log in, then the steps, timed, until time is up."""

    number: int
    loop: int
    stats: Stats

    async def login(self) -> None:
        raise NotImplementedError

    def steps(self) -> Iterator[tuple[str, Callable[[], Awaitable[float | None]]]]:
        raise NotImplementedError

    async def error_screenshot(self, action: str) -> None:
        """Keep evidence of a failed action (browser sessions take a screenshot)."""

    async def timed(self, name: str, action: Callable[[], Awaitable[float | None]]) -> bool:
        """Run one action, recording its latency or its error; False on error.

        The latency is the wall-clock time of the action, or what the action returns: the
        time until the app's last script run ended (without the quiet period waited after it).
        """
        start = time.monotonic()
        try:
            measured = await action()
        except Skipped:
            self.stats.skip(name)
            return True
        except (PlaywrightError, RuntimeError, AssertionError) as exc:
            self.stats.fail(name, str(exc) or type(exc).__name__)
            if len(self.stats.errors) <= MAX_ERROR_SHOTS:
                await self.error_screenshot(name)
            return False
        self.stats.add(name, time.monotonic() - start if measured is None else measured)
        return True

    async def run(self, deadline: float, plan: Plan) -> None:
        """Log in, then loop until ``deadline`` (monotonic s) or ``plan.max_loops``; recover by reloading.

        Session n starts n/sessions of the ramp-up later; each action is followed by the think time.
        """
        await asyncio.sleep(plan.ramp_up_s * self.number / plan.sessions)
        consecutive = 0
        ok = await self.timed("login", self.login)
        while time.monotonic() < deadline and self.loop < plan.max_loops and consecutive < MAX_CONSECUTIVE_ERRORS:
            if not ok:  # start over from a fresh page load (and login)
                consecutive += 1
                ok = await self.timed("login", self.login)
                continue
            for name, action in self.steps():
                if time.monotonic() >= deadline:
                    break
                await asyncio.sleep(plan.think_s)
                ok = await self.timed(name, action)
                if not ok:
                    break
            else:
                consecutive = 0
            self.loop += 1


class Session(SessionLoop):
    """One browser page (one Streamlit session) looping over the dashboard's actions."""

    def __init__(self, number: int, page: Page, target: Target, stats: Stats) -> None:
        self.number = number
        self.page = page
        self.target = target
        self.stats = stats
        self.blocked: list[str] = []
        self.loop = 0

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

    # --- the loop --------------------------------------------------------------------------
    def steps(self) -> Iterator[tuple[str, Callable[[], Awaitable[float | None]]]]:
        yield "filter", self.change_filter
        yield "card", self.open_card
        yield "navigate", lambda: self.navigate("Events")
        yield "export", self.export
        yield "navigate", lambda: self.navigate("Map")


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


async def run_until_done(sessions: Sequence[SessionLoop], plan: Plan, probe: ServerProbe | None,
                         stats: Stats) -> float:
    """Run the sessions until the plan's time is up (cancelling stragglers); return the measured seconds."""
    skip = probe.pid if probe is not None else None
    browser_cpu = tree_cpu_seconds(os.getpid(), skip) + sum(os.times()[:2])
    start = time.monotonic()
    deadline = start + plan.duration_s
    tasks = [asyncio.create_task(s.run(deadline, plan)) for s in sessions]
    hard_stop = deadline + DRAIN_S
    while not all(t.done() for t in tasks) and time.monotonic() < hard_stop:
        if probe is not None:
            probe.sample()
        await asyncio.wait(tasks, timeout=1.0)
    for task in tasks:
        if not task.done():
            task.cancel()
            stats.fail("session", "still busy after the drain period: cancelled")
    await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.monotonic() - start
    stats.browser_cpu_s = tree_cpu_seconds(os.getpid(), skip) + sum(os.times()[:2]) - browser_cpu
    return elapsed


async def drive_sessions(contexts: list[BrowserContext], target: Target, plan: Plan, probe: ServerProbe | None,
                         screenshot: Path | None, stats: Stats) -> float:
    """Open a page per session and run them until the plan's time is up; return the measured seconds."""
    opened = [await Session.open(n, context, target, stats) for n, context in enumerate(contexts)]
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


# -- protocol sessions (no browser) ---------------------------------------------------------


class WsSession(SessionLoop):
    """A Streamlit session driven over its WebSocket protocol, as the browser's frontend does.

    Logs in, then changes the time window (Quick window) on the map page again and again:
    each action is timed from sending the widget change to the server's ``script_finished``,
    i.e. server time only, without any rendering. The event card never reaches the server
    (Leaflet opens it in the browser); page changes and exports are left to the browser
    sessions, because they need the full widget state the frontend echoes on every run
    (only sliders are echoed here). A real browser also reports the map's bounds back,
    one more rerun per map drawing, which this client does not.
    """

    def __init__(self, number: int, target: Target, stats: Stats) -> None:
        self.number = number
        self.target = target
        self.stats = stats
        self.loop = 0
        self.ws: Any = None
        self.page_hash = ""
        self.widgets: dict[str, Any] = {}  # label -> element proto of the latest run
        self.count_text = ""
        self.sliders: dict[str, list[float]] = {}  # widget id -> value, echoed like the frontend does

    async def connect(self) -> None:
        parsed = urlparse(self.target.url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        tls = None
        if scheme == "wss":  # loopback only: a self-signed certificate
            tls = ssl.create_default_context()
            tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
        self.ws = await ws_connect(f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream", ssl=tls,
                                   origin=Origin(f"{parsed.scheme}://{parsed.netloc}"),
                                   subprotocols=[Subprotocol("streamlit")],
                                   max_size=None, open_timeout=ACTION_TIMEOUT_MS / 1000)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()

    def _collect(self, delta: Any) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        proto: Any = getattr(element, kind) if kind else None
        label = getattr(proto, "label", "")
        if label:
            self.widgets[label] = proto
        if kind == "slider":  # the frontend sends every slider's value back on each run
            values = proto.value if proto.set_value or proto.id not in self.sliders else self.sliders[proto.id]
            self.sliders[proto.id] = list(values) or list(proto.default)
        if kind == "markdown" and COUNT_LINE.search(element.markdown.body):
            self.count_text = COUNT_LINE.search(element.markdown.body).group(0)  # type: ignore[union-attr]

    async def _receive_until(self, done: Callable[[Any], bool]) -> Any:
        """Read ForwardMsgs (noting widgets, the page, the count line) until ``done(msg)``; return that msg."""
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(self.ws.recv(), ACTION_TIMEOUT_MS / 1000))
            kind = message.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = message.navigation.page_script_hash
            elif kind == "delta":
                self._collect(message.delta)
            if done(message):
                return message

    async def rerun(self, states: list[Any]) -> None:
        """Run the script with these widget states and wait for the end of the run."""
        back = BackMsg()
        back.rerun_script.page_script_hash = self.page_hash
        given = {state.id for state in states}
        echoed = [WidgetState(id=wid, double_array_value=DoubleArray(data=value))
                  for wid, value in self.sliders.items() if wid not in given]
        back.rerun_script.widget_states.widgets.extend([*states, *echoed])
        self.widgets, self.count_text = {}, ""
        await self.ws.send(back.SerializeToString())
        # A run that calls st.rerun() ends "early for rerun" and the next run follows at once.
        finished = await self._receive_until(lambda m: m.WhichOneof("type") == "script_finished"
                                             and m.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)
        if finished.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
            raise RuntimeError(f"script run ended with status {finished.script_finished}")
        if "stException" in str(self.widgets) or not self.count_text:
            raise RuntimeError("the page shows no event count (not logged in, or an error)")

    def _state(self, label: str, **value: Any) -> Any:
        if label not in self.widgets:
            raise RuntimeError(f"no widget labelled {label!r} on the page")
        return WidgetState(id=self.widgets[label].id, **value)

    async def login(self) -> None:
        await self.close()
        await self.connect()
        with contextlib.suppress(RuntimeError):  # the first run shows the log-in form, not the count
            await self.rerun([])
        if "Username" in self.widgets:
            if not self.target.logins:
                raise RuntimeError("the app asks for a login: pass --user and --password-env")
            name, password = self.target.logins[self.number % len(self.target.logins)]
            await self.rerun([self._state("Username", string_value=name),
                              self._state("Password", string_value=password),
                              self._state("Log in", trigger_value=True)])
        elif not self.count_text:
            raise RuntimeError("the first page shows neither a log-in form nor the event count")

    async def change_filter(self) -> None:
        options = list(self.widgets["Quick window"].options)[:VISIBLE_OPTIONS]
        choice = options[(self.number + self.loop) % len(options)]
        await self.rerun([self._state("Quick window", string_value=choice)])

    def steps(self) -> Iterator[tuple[str, Callable[[], Awaitable[float | None]]]]:
        yield "filter", self.change_filter



async def drive_protocol(target: Target, plan: Plan, probe: ServerProbe | None) -> tuple[Stats, float]:
    """Run ``plan.sessions`` protocol sessions concurrently; return the stats and the measured time."""
    stats = Stats()
    sessions = [WsSession(n, target, stats) for n in range(plan.sessions)]
    try:
        return stats, await run_until_done(sessions, plan, probe, stats)
    finally:
        for session in sessions:
            await session.close()


# -- a local hosted instance ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def check_loopback(url: str) -> str:
    """``url`` without a trailing slash; exits unless it points at this machine."""
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or (parsed.hostname or "") not in LOCAL_HOSTS:
        sys.exit(f"load_test.py only targets this machine (http(s)://127.0.0.1...), not {url!r}")
    return url.rstrip("/")


def geo_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m geo ARGS`` in the repository with ``env``."""
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, env=env, input=stdin, text=True,
                          capture_output=True, timeout=300, check=False)


@contextlib.contextmanager
def postgres_store() -> Iterator[str | None]:
    """A fresh database on a throwaway PostgreSQL + PostGIS (tests/pgserver.py), or None.

    None when that cannot run here or the app has no PostGIS store. The app seeds an
    empty store with the curated dataset on its first start, as in a new deployment.
    """
    try:
        from tests.pgserver import PgServer, PgUnavailable
    except ImportError:
        yield None
        return
    if importlib.util.find_spec("geo.store_pg") is None:
        yield None
        return
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        print(f"no throwaway PostgreSQL ({exc}): using a GeoPackage store")
        yield None
        return
    with server:
        yield server.fresh_database()


@contextlib.contextmanager
def hosted_instance(workdir: Path) -> Iterator[tuple[Target, ServerProbe, str]]:
    """Start the app as the systemd unit does, on a free loopback port; yield target, probe, store kind."""
    home = workdir / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "config.toml").write_text(PRODUCTION_TOML.read_text())
    env = {**os.environ, "HOME": str(home), "BORDER_MONITOR_DATA": str(workdir / "data"), "PYTHONUNBUFFERED": "1",
           "STREAMLIT_SERVER_ALLOWED_HOSTS": "127.0.0.1"}
    with postgres_store() as database_url:
        if database_url:
            env["DATABASE_URL"] = database_url
            store = "PostgreSQL 15 + PostGIS (tests/pgserver.py)"
        else:
            env["BORDER_MONITOR_AUTH"] = "on"
            store = "GeoPackage, BORDER_MONITOR_AUTH=on"
        logins = create_users(env)
        if not logins:
            store += "; no login (python -m geo user is not available)"
        port = free_port()
        url = f"http://127.0.0.1:{port}/{BASE_PATH}"
        log_path = workdir / "streamlit.log"
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
                   "--server.port", str(port), "--server.baseUrlPath", BASE_PATH, "--server.headless", "true"]
        with log_path.open("wb") as log:
            proc = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_healthy(url, proc, log_path)
            yield Target(url, logins), ServerProbe(proc.pid, log_path), store
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def create_users(env: dict[str, str]) -> list[tuple[str, str]]:
    """A viewer and an analyst made with ``python -m geo user add``; [] when the CLI has no users."""
    if geo_cli(env, "user", "--help").returncode != 0:
        return []
    logins = []
    for name, role in USERS:
        password = secrets.token_urlsafe(16)
        done = geo_cli(env, "user", "add", name, "--role", role, "--password-stdin", stdin=password + "\n")
        if done.returncode != 0:
            sys.exit(f"python -m geo user add {name} failed:\n{done.stderr}")
        logins.append((name, password))
    return logins


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"streamlit exited ({proc.returncode}):\n{log_path.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.read() == b"ok":
                return
        time.sleep(0.5)
    sys.exit(f"streamlit not healthy after {SERVER_START_S} s:\n{log_path.read_text(errors='replace')[-3000:]}")


def warm_up(target: Target) -> None:
    """One sequential session first, so the figures measure steady state, not the first cache fill."""
    stats, _ = asyncio.run(drive(target, Plan(sessions=1, duration_s=5, max_loops=1, ramp_up_s=0, think_s=0),
                                 None, None))
    if stats.errors:
        print(f"warm-up errors: {stats.errors[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--url", help="a running instance's base URL on this machine (default: start one)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--max-loops", type=int, default=500, help="loops per session at most (default 500)")
    parser.add_argument("--ramp-up", type=float, default=20,
                        help="seconds over which the sessions start, evenly spread (default 20)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds a session pauses before each action (1)")
    parser.add_argument("--protocol", action="store_true",
                        help="sessions speak Streamlit's WebSocket protocol instead of driving Chromium: log in, "
                             "then time-window changes on the map page, timed to the server's end of run")
    parser.add_argument("--shared-cache", action="store_true",
                        help="all sessions' pages in one browser context (shared browser cache, less client CPU)")
    parser.add_argument("--user", help="with --url: log in as this user")
    parser.add_argument("--password-env", default="BM_LOAD_PASSWORD",
                        help="with --url: environment variable holding --user's password")
    parser.add_argument("--screenshot", type=Path, help="save session 1's page as this PNG at the end")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100 or not 1 <= args.duration <= 3600:
        parser.error("--sessions must be 1..100 and --duration 1..3600 s")
    if not args.protocol and not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set BM_CHROMIUM)")

    with contextlib.ExitStack() as stack:
        probe: ServerProbe | None = None
        if args.url:
            logins = [(args.user, os.environ.get(args.password_env, ""))] if args.user else []
            target, store = Target(check_loopback(args.url), logins), "as running"
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bm-load-")))
            target, probe, store = stack.enter_context(hosted_instance(workdir))
        print(f"target: {target.url} (store: {store}; logins: {', '.join(u for u, _ in target.logins) or 'none'})")
        warm_up(target)
        if probe is not None:
            probe.sample()
        plan = Plan(args.sessions, args.duration, args.max_loops, min(args.ramp_up, args.duration / 2), args.think,
                    args.shared_cache, args.protocol)
        if args.protocol:
            stats, elapsed = asyncio.run(drive_protocol(target, plan, probe))
        else:
            stats, elapsed = asyncio.run(drive(target, plan, probe, args.screenshot))
        print(report(stats, elapsed, plan, probe))
        return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
