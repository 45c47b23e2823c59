"""End-to-end fixtures: a real `streamlit run` server and headless Chromium with no network."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "artifacts" / "e2e"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the dashboard on a free port with its own data directory; yield the base URL."""
    port = _free_port()
    data = tmp_path_factory.mktemp("e2e-data")
    log = (tmp_path_factory.mktemp("e2e-log") / "streamlit.log").open("w+")
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        log.seek(0)
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail(f"streamlit did not start:\n{log.read()}")
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        yield b
        b.close()


class OfflinePage:
    """A page whose every non-local request is aborted and recorded."""

    def __init__(self, browser: object, base_url: str) -> None:
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 950})  # type: ignore[attr-defined]
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.base_url = base_url

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def goto(self, path: str = "/") -> object:
        self.page.goto(self.base_url + path, wait_until="domcontentloaded")
        self.page.wait_for_selector("text=/\\d+ of \\d+ events shown/", timeout=45_000)
        return self.page

    def map_frame(self) -> object:
        frame = self.page.frame_locator("iframe[title*='streamlit_folium']").first
        frame.locator(".leaflet-interactive").first.wait_for(timeout=45_000)
        return frame

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture()
def offline(browser: object, app_server: str) -> Iterator[OfflinePage]:
    page = OfflinePage(browser, app_server)
    yield page
    page.context.close()
