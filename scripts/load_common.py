"""Load test building blocks: the plan, the measurements, the session loop and the run.

See scripts/load_test.py for the command.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Error as PlaywrightError

from tests.e2e.dashboard import CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent

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
    reloads: bool = False  # sessions also reload pages / open links (the session-cookie path)


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


