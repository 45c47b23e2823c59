"""End-to-end fixtures: a real `streamlit run` server and headless Debian Chromium with no network.

Each xdist worker that runs e2e tests starts one server (session scope) with its
own empty BORDER_MONITOR_DATA directory; every test gets a fresh browser context,
hence a fresh Streamlit session. The e2e tests share one xdist group so that, under
``pytest -n 2 --dist loadgroup``, a single worker runs them all against one server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator, Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from geo.filters import prepare_frame
from geo.model import events_to_frame
from geo.stores import load_default_events
from tests.conftest import REPO
from tests.e2e.dashboard import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, OfflinePage

ARTIFACTS = REPO / "artifacts" / "e2e"
SERVER_START_S = 90

expect.set_options(timeout=TIMEOUT_MS)


def in_ci() -> bool:
    """True when running under CI (CI=true/1/yes)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


class Server:
    """A running dashboard: its base URL, its log file and its BORDER_MONITOR_DATA directory."""

    def __init__(self, url: str, log_path: Path, data: Path) -> None:
        self.url = url
        self.log_path = log_path
        self.data = data

    def log_tail(self, lines: int = 80) -> str:
        """The last ``lines`` lines of the server's output."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def run_server(tmp_path_factory: pytest.TempPathFactory, script: str = "app.py", **extra_env: str) -> Iterator[Server]:
    """`streamlit run <script>` on a free loopback port with its own data dir (plus ``extra_env``); stopped after.

    ``app.py`` is the local dashboard; ``server.py`` the hosted one (with the web-session log-in route).
    """
    port = _free_port()
    data = tmp_path_factory.mktemp("e2e-data")
    log_path = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data), "PYTHONUNBUFFERED": "1", **extra_env}
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port),
        "--server.address", "127.0.0.1",  # loopback only; also skips Streamlit's external-IP lookup
        "--server.headless", "true",
        "--server.fileWatcherType", "none",  # other work in the tree must not rerun the app mid-test
        "--browser.gatherUsageStats", "false",
    ]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(url, log_path, data)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with code {proc.returncode}:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {SERVER_START_S} s:\n{server.log_tail()}")
            time.sleep(0.3)
        yield server
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The local dashboard (no DATABASE_URL, no log-in) shared by the e2e tests of one worker."""
    with run_server(tmp_path_factory, DATABASE_URL="", BORDER_MONITOR_AUTH="off") as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (no Playwright browser download needed)."""
    if not Path(CHROMIUM).exists():
        if in_ci():
            pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); e2e tests skipped")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def offline(browser: Browser, app_server: Server, request: pytest.FixtureRequest) -> Iterator[OfflinePage]:
    """A fresh browser session on the dashboard with every non-local request aborted and recorded."""
    page = OfflinePage(browser, app_server.url, ARTIFACTS)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = request.node.name.replace("/", "_")
        try:
            page.screenshot(f"FAILED-{name}")
        except Exception as exc:  # a dead page must not hide the test's own failure
            print(f"could not save a failure screenshot: {exc}")
        print(f"--- streamlit server log (tail) ---\n{app_server.log_tail()}")
        print(f"--- blocked outside requests: {page.blocked}\n--- page errors: {page.page_errors}")
    page.close()


@pytest.fixture(scope="session")
def default_events() -> gpd.GeoDataFrame:
    """The curated dataset the server seeds its store with: the oracle for expected counts."""
    return prepare_frame(events_to_frame(load_default_events()))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every e2e test and keep them on one xdist worker (one server, one browser)."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))
