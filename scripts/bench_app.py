"""Benchmark one million events end to end: import, edit, first map, filter changes, server memory.

1. ``scripts/gen_synthetic.py`` writes ``--n`` synthetic events to a GeoPackage.
2. ``python -m geo import`` loads it into a fresh data home (the streamed path), timed, with the
   child's peak memory (``wait4``). The naive baseline, measured in the same run on the first
   ``--baseline-n`` events: the record-by-record import (``stream=False``), per event.
3. ``--edits`` edits of random events through ``EventStore.update`` (as the Edit page saves).
4. ``streamlit run app.py`` on that data home; headless Chromium opens ``/`` and the time until the
   map draws is taken; then ``--changes`` Quick-window changes, each timed from the click to the end
   of the script run, with the bytes the browser received on the WebSocket; then the map is zoomed
   to street level on one event until single events are drawn and one's card is clicked open.
   The server's resident memory at the end and at its peak (``VmHWM``).

``--store postgis`` runs the same steps against a PostGIS store: a PostgreSQL server of its own
(``tests/pgserver.py``, with PostgreSQL's durable defaults: fsync and synchronous commit on) and
``DATABASE_URL`` set for the import, the edits and the app; the app then asks for a log-in (a viewer
made with ``python -m geo user add``), which the first-map time includes.

Usage::

    python scripts/bench_app.py --n 1000000 [--baseline-n 100000] [--changes 10] [--edits 20] [--store postgis]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import Frame, Page, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from geo.exchange import import_file  # noqa: E402
from geo.stores import EventStore, GeoPackageStore, open_store  # noqa: E402
from scripts.load_common import BROWSER_ARGS, QUIET_MS, RUN_DONE_JS, RUN_END_PROBE  # noqa: E402
from tests.e2e.dashboard import CHROMIUM, EVENT_IDS_JS, MARKER_POINTS_JS, SET_VIEW_JS  # noqa: E402
from tests.pgserver import PgServer  # noqa: E402

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def run_child(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> tuple[float, float]:
    """Run a command (given ``stdin`` as its input); (seconds, peak resident MB) of the child."""
    started = time.perf_counter()
    child = subprocess.Popen(args, cwd=REPO, env=env, stdin=None if stdin is None else subprocess.PIPE, text=True)
    if stdin is not None and child.stdin is not None:
        child.stdin.write(stdin)
        child.stdin.close()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed ({status})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident MB of a process."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def baseline_import(source: Path, n: int, folder: Path, store: EventStore) -> float:
    """Seconds per event of the record-by-record import of the first ``n`` events into ``store`` (empty)."""
    import pyogrio

    part = folder / "baseline.gpkg"
    pyogrio.write_dataframe(pyogrio.read_dataframe(source, max_features=n), part, layer="events",
                            geometry_type="Unknown")
    started = time.perf_counter()
    report = import_file(part, store, stream=False)
    assert report.written, report.summary()
    return (time.perf_counter() - started) / n


def time_edits(store: EventStore, n: int, edits: int) -> list[float]:
    ids = [f"SYN-{i:07d}" for i in random.Random(2).sample(range(1, n), edits)]
    seconds = []
    for number, event_id in enumerate(ids):
        found = store.get_versioned(event_id)
        if found is None:
            continue
        event, version = found
        started = time.perf_counter()
        store.update(event.model_copy(update={"notes": f"bench edit {number}"}), expected_version=version,
                     actor="bench")
        seconds.append(time.perf_counter() - started)
    return seconds


def wait_run(page: Page, t0: float) -> float:
    ended = page.wait_for_function(RUN_DONE_JS, arg=[t0, QUIET_MS], timeout=120_000)
    return (float(ended.json_value()) - t0) / 1000




def browse(url: str, changes: int, centre: tuple[float, float], login: tuple[str, str] | None) -> dict[str, object]:
    received: list[int] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(RUN_END_PROBE + "window.__bmLastBusy = 0;")
        page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(len(data))))
        started = time.perf_counter()
        page.goto(url + "/", timeout=300_000)
        if login is not None:  # the in-app form of `streamlit run app.py` with log-in on
            page.get_by_label("Username", exact=True).fill(login[0], timeout=300_000)
            page.get_by_label("Password", exact=True).fill(login[1])
            page.get_by_role("button", name="Log in").click()
        wait_drawn(page, 300)
        first_map = time.perf_counter() - started
        times, sizes = [], []
        for number in range(changes + 1):  # the last one back to "All" (not counted)
            page.get_by_test_id("stSelectbox").filter(has_text="Quick window").click()
            options = page.get_by_role("option")
            options.first.wait_for(state="visible")
            names = [name.strip() for name in options.all_inner_texts()][:6]
            before = sum(received)
            t0 = float(page.evaluate("Date.now()"))
            page.get_by_role("option", name=names[(number + 1) % len(names) if number < changes else 0],
                             exact=True).click()
            seconds = wait_run(page, t0)
            if number < changes:
                times.append(seconds)
                sizes.append((sum(received) - before) / 1e6)
        page.screenshot(path=str(REPO / "artifacts" / "bench_app.png"))
        card = zoom_and_open_card(page, centre)
        page.screenshot(path=str(REPO / "artifacts" / "bench_app_zoomed.png"))
        pages = time_table_pages(page)
        browser.close()
    return {"first_map_s": first_map, "change_s": times, "change_mb": sizes, "card_s": card, "pages_s": pages}


def time_table_pages(page: Page) -> dict[str, float]:
    """Seconds from a click to the end of the run: the Timeline page, the Events page, a deep page of its
    table, and a row's card."""
    figures = {}
    for name in ("Timeline", "Events"):
        t0 = float(page.evaluate("Date.now()"))
        page.get_by_role("link", name=name, exact=True).click()
        figures[name] = wait_run(page, t0)
    picker = page.get_by_label("Page (of", exact=False)
    pages = int(re.sub(r"\D", "", page.get_by_text("Page (of").first.inner_text()))
    picker.fill(str(pages // 2))
    t0 = float(page.evaluate("Date.now()"))
    picker.press("Enter")
    figures[f"Events, page {pages // 2:,} of {pages:,}"] = wait_run(page, t0)
    page.get_by_test_id("stDataFrame").first.wait_for(state="visible", timeout=60_000)
    page.screenshot(path=str(REPO / "artifacts" / "bench_app_events.png"))
    return figures


def map_frame(page: Page) -> Frame:
    handle = page.locator(MAP_FRAME).first.element_handle(timeout=300_000)
    frame = handle.content_frame() if handle is not None else None
    assert frame is not None, "no map iframe"
    return frame


def zoom_and_open_card(page: Page, centre: tuple[float, float]) -> float:
    """Zoom the map to street level at ``centre`` until single events are drawn, then click one until its
    card opens; seconds from the last zoom to the open card."""
    started = time.perf_counter()
    ids: list[str] = []
    for zoom in (13, 15, 17):  # synthetic events crowd at border posts: deeper until they come apart
        started = time.perf_counter()
        t0 = float(page.evaluate("Date.now()"))
        assert map_frame(page).evaluate(SET_VIEW_JS, [centre[1], centre[0], zoom]), "no Leaflet map"
        wait_run(page, t0)
        deadline = time.monotonic() + 15
        while not (ids := _ids(page)) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        if ids:
            break
    if not ids:
        page.screenshot(path=str(REPO / "artifacts" / "bench_app_no_card.png"))
    assert ids, "no single event drawn after zooming in (artifacts/bench_app_no_card.png)"
    box = page.locator(MAP_FRAME).first.bounding_box()
    assert box is not None
    for point in map_frame(page).evaluate(MARKER_POINTS_JS)[:5]:
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        popup = page.frame_locator(MAP_FRAME).first.locator(".leaflet-popup-content")
        with contextlib.suppress(PlaywrightTimeout):
            popup.wait_for(state="visible", timeout=5_000)
            return time.perf_counter() - started
    page.screenshot(path=str(REPO / "artifacts" / "bench_app_no_card.png"))
    raise AssertionError("no event card opened (artifacts/bench_app_no_card.png)")


def wait_drawn(page: Page, seconds: float) -> None:
    """Until the map shows count bubbles or single events (looked up afresh: a rerun may replace the frame)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(PlaywrightError):
            if map_frame(page).locator(".bm-bubble").count() or _ids(page):
                return
        page.wait_for_timeout(100)
    raise AssertionError("the map drew nothing")


def _ids(page: Page) -> list[str]:
    with contextlib.suppress(PlaywrightError):
        return list(map_frame(page).evaluate(EVENT_IDS_JS) or [])
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--baseline-n", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--store", choices=("gpkg", "postgis"), default="gpkg",
                        help="the default GeoPackage store, or a PostGIS store on a server started for the run")
    args = parser.parse_args()
    (REPO / "artifacts").mkdir(exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; {args.store} store")
    with tempfile.TemporaryDirectory() as name, contextlib.ExitStack() as stack:
        folder = Path(name)
        source, home = folder / "big.gpkg", folder / "home"
        seconds, _ = run_child([sys.executable, "scripts/gen_synthetic.py", "--n", str(args.n), "--out", str(source)])
        print(f"generated {args.n:,} events in {seconds:.0f} s ({source.stat().st_size / 1e6:,.0f} MB)")
        env = {**os.environ, "BORDER_MONITOR_DATA": str(home)}
        login = None
        if args.store == "postgis":
            pg = stack.enter_context(PgServer.start(durable=True))
            env["DATABASE_URL"] = pg.fresh_database()
            login = ("bench", secrets.token_urlsafe(16))
            run_child([sys.executable, "-m", "geo", "user", "add", login[0], "--role", "viewer", "--password-stdin"],
                      env=env, stdin=login[1] + "\n")
        seconds, peak = run_child([sys.executable, "-m", "geo", "import", str(source)], env=env)
        if args.store == "postgis":
            store: EventStore = open_store(env["DATABASE_URL"])
            size = pg.psql("postgres", f"SELECT pg_database_size('{env['DATABASE_URL'].rsplit('/', 1)[1]}')")
            stored = f"database {int(size.split()[-3]) / 1e6:,.0f} MB"
            baseline_store: EventStore = open_store(pg.fresh_database())
        else:
            store = GeoPackageStore(home / "border_monitor.gpkg")
            stored = f"store {(home / 'border_monitor.gpkg').stat().st_size / 1e6:,.0f} MB"
            baseline_store = GeoPackageStore(folder / "baseline-store.gpkg")
        per_event = baseline_import(source, min(args.baseline_n, args.n), folder, baseline_store)
        print(f"import (streamed): {seconds:.1f} s, peak memory {peak:,.0f} MB; {stored}")
        print(f"baseline (record by record, first {min(args.baseline_n, args.n):,} events): {per_event * 1e6:.0f} µs "
              f"per event = {per_event * args.n:.0f} s for {args.n:,}; streamed is "
              f"{per_event * args.n / seconds:.1f}x faster")
        edits = time_edits(store, args.n, args.edits)
        print(f"edit: median {statistics.median(edits) * 1000:.0f} ms, worst {max(edits) * 1000:.0f} ms "
              f"({len(edits)} edits)")
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                                   "--server.port", str(args.port)], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(3)
            point = store.get("SYN-0000001").geometry.representative_point()  # type: ignore[union-attr]
            figures = browse(f"http://127.0.0.1:{args.port}", args.changes, (point.x, point.y), login)
            now, high = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)
    changes, sizes = figures["change_s"], figures["change_mb"]
    assert isinstance(changes, list) and isinstance(sizes, list)
    print(f"first map in the browser: {figures['first_map_s']:.1f} s (server start{', log-in' if login else ''} "
          "included)")
    print(f"filter change: median {statistics.median(changes) * 1000:.0f} ms, worst {max(changes) * 1000:.0f} ms; "
          f"received median {statistics.median(sizes):.2f} MB, largest {max(sizes):.2f} MB ({len(changes)} changes)")
    print(f"zoomed in to street level, a single event's card open after {figures['card_s']:.1f} s")
    pages = figures["pages_s"]
    assert isinstance(pages, dict)
    print("table pages: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in pages.items()))
    print(f"server memory: {now:,.0f} MB resident at the end, {high:,.0f} MB at its peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
