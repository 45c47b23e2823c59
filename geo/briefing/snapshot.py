"""Map images for briefings: the dashboard map, as a PNG, with no network.

:func:`render_snapshot` builds the same folium map as the dashboard
(:func:`geo.map.view.build_base_map` + :func:`geo.map.view.build_layers`: same
basemap, colours, symbols and legend), with Leaflet loaded from ``file://``
copies of the XStatic packages, adds a print overlay (title, time window,
active filters, north arrow, attribution, generated-at time in UTC, optional
handling caveat) and screenshots it with headless Chromium via Playwright.
Every request that is not a local file is aborted, so nothing leaves the
machine.

Example
-------
>>> from geo.filters import Filters, apply_filters          # doctest: +SKIP
>>> shown = apply_filters(store.load(), Filters(kinds=("incident",)))
>>> render_snapshot(shown, Filters(kinds=("incident",)), out="map.png",
...                 caveat="UNCLASSIFIED // FOR OFFICIAL USE ONLY")
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
from branca.element import Element, Figure
from jinja2 import Environment
from shapely.geometry import box

from geo.briefing.furniture import (
    MOVE_CONTROLS_JS,
    NORTH_ARROW_SVG,
    OVERLAY_CSS,
    OVERLAY_HTML,
    Bounds,
    frame_bounds,
    layout,
)
from geo.filters import Filters, data_extent
from geo.map import LAYERS, build_base_map, build_layers, install_static_assets, render_standalone
from geo.model import atomic_path

if TYPE_CHECKING:  # playwright is imported lazily: only snapshots need a browser
    from playwright.sync_api import Browser, Route

DEFAULT_TITLE = "Border Monitor — Afghan–Tajik border"
DEFAULT_SIZE = (1600, 1000)
#: Output size limits in pixels (each side).
MIN_SIDE, MAX_SIDE = 320, 8000
#: Longest caveat or title accepted (characters).
MAX_LABEL = 200
BASEMAP_CREDIT = "Basemap: Natural Earth (public domain)"
#: Headless Chromium flags shared by the snapshot renderer and the browser tests.
BROWSER_ARGS = (
    "--no-sandbox",  # CI and containers run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
)
# Behind the request router: no host name resolves at all.
CHROMIUM_ARGS = (*BROWSER_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND")
PAGE_TIMEOUT_MS = 60_000
#: Publisher names are cut to this many characters in the one-line footer (the PDF lists them whole).
FOOTER_NAME_CHARS = 36
_TEMPLATES = Environment(autoescape=True)
# Set once every inline script (the map and its layers) has run and a frame has been drawn.
_READY_JS = ("window.addEventListener('load', function () {"
             " requestAnimationFrame(function () { window.__bmSnapshotReady = true; }); });")


class SnapshotError(RuntimeError):
    """The map image cannot be made (no Chromium, bad size, page error...)."""


# -- words shared with the briefing PDF ---------------------------------------------------


def describe_window(filters: Filters, gdf: gpd.GeoDataFrame) -> str:
    """The time window as words, e.g. ``2019-01-01 – 2019-06-30 (UTC days)``.

    Open ends are filled from the events shown (``from the first event``).
    """
    first, last = data_extent(gdf) if len(gdf) else (None, None)
    start = filters.date_from.isoformat() if filters.date_from else (
        f"{first.isoformat()} (first event)" if first else "open")
    end = filters.date_to.isoformat() if filters.date_to else (
        f"{last.isoformat()} (last event)" if last else "open")
    if not filters.date_from and not filters.date_to:
        return f"all dates: {start} – {end}"
    return f"{start} – {end} (UTC days)"


def describe_filters(filters: Filters) -> list[str]:
    """One phrase per active filter other than the window, or ``["none"]``."""
    labels = (
        ("sources", "source"), ("kinds", "kind"), ("event_types", "event type"),
        ("countries", "country"), ("admin1s", "province"), ("actors", "actor"),
        ("claimed_by", "claimed by"),
    )
    out = [f"{label}: {', '.join(getattr(filters, name))}"
           for name, label in labels if getattr(filters, name)]
    if filters.min_reliability:
        out.append(f"source reliability {filters.min_reliability} or better")
    return out or ["none"]


def generated_at(now: dt.datetime | None = None) -> str:
    """``2025-11-23 09:12 UTC`` for now (or the given aware time)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def source_publishers(gdf: gpd.GeoDataFrame) -> list[str]:
    """Distinct publishers cited by the events, most cited first."""
    counts: dict[str, int] = {}
    for sources in gdf["sources"]:
        for publisher in {s.get("publisher") for s in sources if s.get("publisher")}:
            counts[publisher] = counts.get(publisher, 0) + 1
    return sorted(counts, key=lambda p: (-counts[p], p))


def attribution_text(gdf: gpd.GeoDataFrame, limit: int = 3, name_chars: int | None = None) -> str:
    """Data credit line: the basemap and the publishers behind the events shown.

    At most ``limit`` publishers are named, each cut to ``name_chars`` characters if given.
    """
    publishers = source_publishers(gdf)
    shown = [p if name_chars is None or len(p) <= name_chars else p[:name_chars - 1].rstrip(" ,(") + "…"
             for p in publishers[:limit]]
    named = ", ".join(shown) + (f" and {len(publishers) - limit} more" if len(publishers) > limit else "")
    events = f"Events: Border Monitor, from {len(publishers)} publisher(s)" + (f" ({named})" if named else "")
    return f"{events} · {BASEMAP_CREDIT} · Map: Leaflet"


def _shown_text(gdf: gpd.GeoDataFrame, bounds: Bounds) -> str:
    by_kind = gdf["kind"].value_counts()
    parts = ", ".join(f"{int(n)} {kind}" for kind, n in by_kind.items())
    (south, west), (north, east) = bounds
    outside = int((~gdf.geometry.intersects(box(west, south, east, north))).sum()) if len(gdf) else 0
    text = f"{len(gdf)} events" + (f" ({parts})" if parts else "")
    return text + (f"; {outside} beyond the frame, shown in the locator" if outside else "")


def check_label(text: str | None, name: str) -> str | None:
    """A title or caveat as one clean line; raises ValueError when it cannot be printed."""
    if text is None or not text.strip():
        return None
    line = " ".join(text.split())
    if len(line) > MAX_LABEL:
        raise ValueError(f"{name} is {len(line)} characters long; the limit is {MAX_LABEL}")
    return line


# -- the page -----------------------------------------------------------------------------


def snapshot_html(
    gdf: gpd.GeoDataFrame,
    filters: Filters,
    *,
    asset_prefix: str,
    title: str = DEFAULT_TITLE,
    caveat: str | None = None,
    layers: Iterable[str] = LAYERS,
    bounds: Bounds | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The complete HTML page that :func:`render_snapshot` photographs.

    Every text that comes from data or the user is HTML-escaped (Jinja
    autoescape). ``asset_prefix`` is where Leaflet lives (a ``file://`` URL).
    """
    caveat = check_label(caveat, "caveat")
    title = check_label(title, "title") or DEFAULT_TITLE
    caveat_px = 25 if caveat else 0
    drawn = tuple(layers)
    bounds = frame_bounds(gdf) if bounds is None else bounds
    m = build_base_map(asset_prefix=asset_prefix)
    # A still image: no zoom/fade animation to wait for, no zoom buttons; zoom in quarter steps to fill the frame.
    m.options.update(zoom_animation=False, fade_animation=False, marker_zoom_animation=False, zoom_control=False,
                     zoom_snap=0.25)
    (south, west), (north, east) = bounds
    m.fit_bounds([[south, west], [north, east]], padding=(6, 6))
    context = {
        **layout(caveat_px),
        "caveat": caveat, "title": title, "window": describe_window(filters, gdf),
        "filters": describe_filters(filters), "shown": _shown_text(gdf, bounds),
        "north_arrow": NORTH_ARROW_SVG,
        "layers": None if set(drawn) >= set(LAYERS) else (", ".join(drawn) or "none"),
        "footer": f"Generated {generated_at(now)} · {attribution_text(gdf, name_chars=FOOTER_NAME_CHARS)}",
    }
    root = m.get_root()
    assert isinstance(root, Figure)  # folium maps always live in a Figure
    root.header.add_child(Element(_TEMPLATES.from_string(OVERLAY_CSS).render(context)), name="bm_print_css")
    root.html.add_child(Element(_TEMPLATES.from_string(OVERLAY_HTML).render(context)), name="bm_print_overlay")
    root.script.add_child(Element(MOVE_CONTROLS_JS), name="bm_move_controls")
    root.script.add_child(Element(_READY_JS), name="bm_ready")
    return render_standalone(m, build_layers(gdf, drawn))


def chromium_executable() -> Path:
    """The Chromium binary: ``$BM_CHROMIUM``, ``chromium`` on PATH or ``/usr/bin/chromium``."""
    found = os.environ.get("BM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    path = Path(found)
    if not path.is_file():
        raise SnapshotError(
            f"Chromium was not found at {path}: install the Debian package 'chromium' "
            "(apt-get install chromium) or set BM_CHROMIUM to the browser binary"
        )
    return path


def parse_size(text: str) -> tuple[int, int]:
    """``"1600x1000"`` to ``(1600, 1000)`` pixels; raises ValueError saying what is wrong."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.strip().isdigit() or not height.strip().isdigit():
        raise ValueError(f"size {text!r} is not WIDTHxHEIGHT in pixels, e.g. 1600x1000")
    return check_size((int(width), int(height)))


def check_size(size: Sequence[int]) -> tuple[int, int]:
    """The size as ``(width, height)`` if each side is within MIN_SIDE..MAX_SIDE pixels."""
    if len(size) != 2:
        raise ValueError(f"size needs a width and a height, got {size!r}")
    width, height = (int(v) for v in size)
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise ValueError(f"{name} {value} px is outside {MIN_SIDE}..{MAX_SIDE}")
    return width, height


def _device_scale(size: tuple[int, int], scale: int | None) -> int:
    """Pixels per CSS pixel: explicit, or 2 for print sizes (>= 2x the default width)."""
    if scale is None:
        auto = 2 if size[0] >= 2 * DEFAULT_SIZE[0] else 1
        return auto if size[0] % auto == 0 and size[1] % auto == 0 else 1
    if not 1 <= scale <= 4:
        raise ValueError(f"scale {scale} is outside 1..4")
    if size[0] % scale or size[1] % scale:
        raise ValueError(f"size {size[0]}x{size[1]} is not divisible by scale {scale}")
    return scale


def render_snapshot(
    gdf_filtered: gpd.GeoDataFrame,
    filters: Filters,
    *,
    out: str | Path,
    size: Sequence[int] = DEFAULT_SIZE,
    title: str = DEFAULT_TITLE,
    caveat: str | None = None,
    layers: Iterable[str] = LAYERS,
    scale: int | None = None,
    bounds: Bounds | None = None,
) -> Path:
    """Write a PNG of the map of ``gdf_filtered`` (already filtered with ``filters``).

    ``size`` is the image size in pixels; ``scale`` the device pixel ratio
    (default 2 from 3200 px wide, so a print-size image shows the same map as
    the screen at double resolution). ``bounds`` ((south, west), (north, east),
    degrees) frames the map; the default frames every event shown, with padding
    (:func:`geo.briefing.furniture.frame_bounds`). Title, window, legend, scale
    bar, north arrow, locator inset and credits sit in margins outside the map frame.
    The file is replaced atomically; returns its path. Raises
    :class:`SnapshotError` (no Chromium, page failure) or ValueError (bad size,
    caveat or title).
    """
    width, height = check_size(size)
    ratio = _device_scale((width, height), scale)
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out} is a directory; give a file name ending in .png")
    executable = chromium_executable()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SnapshotError("the playwright package is not installed (pip install playwright)") from None
    with tempfile.TemporaryDirectory(prefix="bm-snapshot-") as tmp:
        work = Path(tmp)
        vendor = install_static_assets(work / "vendor")
        page_file = work / "map.html"
        page_file.write_text(
            snapshot_html(gdf_filtered, filters, asset_prefix=vendor.as_uri(), title=title,
                          caveat=caveat, layers=layers, bounds=bounds),
            encoding="utf-8",
        )
        try:
            with sync_playwright() as pw, atomic_path(out) as tmp_png:
                browser = pw.chromium.launch(executable_path=str(executable), args=list(CHROMIUM_ARGS))
                try:
                    drawn = _photograph(browser, page_file, tmp_png, (width // ratio, height // ratio), ratio)
                    tmp_png.write_bytes(with_text_chunks(tmp_png.read_bytes(), {
                        **drawn, "Software": "Border Monitor (geo.briefing.snapshot)", "Disclaimer": caveat or ""}))
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise SnapshotError(f"Chromium could not render the map: {exc.message.splitlines()[0]}") from None
    return out


def with_text_chunks(png: bytes, texts: dict[str, str]) -> bytes:
    """The PNG with UTF-8 text chunks (``iTXt``, e.g. Title, Description) inserted after its header.

    Image viewers and ``PIL.Image.open(...).text`` show them; empty texts are left out.
    """
    header_end = 8 + 8 + 13 + 4  # signature, then the IHDR chunk (length, type, 13 bytes, CRC)
    chunks = b""
    for key, value in texts.items():
        if value:
            body = b"iTXt" + key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")
            chunks += struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    return png[:header_end] + chunks + png[header_end:]


#: What the photographed page shows in its overlay and legend (read back for the PNG's text chunks).
_DRAWN_TEXT_JS = """() => ({
  Title: document.querySelector('.bm-title h1').innerText,
  Description: [...document.querySelectorAll('.bm-title p')].map((p) => p.innerText).join('\\n'),
  Legend: document.querySelector('.bm-legend').innerText,
  Comment: document.querySelector('.bm-footer').innerText,
})"""


def _photograph(browser: Browser, page_file: Path, png: Path, viewport: tuple[int, int],
                ratio: int) -> dict[str, str]:
    """Open the page offline, wait until the map is drawn, save the screenshot; return the texts shown."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, device_scale_factor=ratio, offline=True,
    )
    blocked: list[str] = []

    def only_local_files(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_local_files)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_file.as_uri(), wait_until="load", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function("window.__bmSnapshotReady === true && !!window.bmLabelReport", timeout=PAGE_TIMEOUT_MS)
    # Two animation frames: Leaflet's canvas renderer draws on the next frame.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    if errors:
        raise SnapshotError(f"the map page failed: {errors[0]}")
    if blocked:  # the image would silently miss whatever that request was for
        raise SnapshotError(f"the map page asked for a network resource ({blocked[0]}); nothing was saved")
    page.screenshot(path=str(png), type="png", full_page=False)
    drawn: dict[str, str] = page.evaluate(_DRAWN_TEXT_JS)
    context.close()
    return drawn
