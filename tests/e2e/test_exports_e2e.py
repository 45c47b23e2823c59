"""Briefing exports in a real browser: press the buttons on the map page and capture the downloads."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlencode

import geopandas as gpd
from PIL import Image
from playwright.sync_api import Locator, expect
from pypdf import PdfReader

from tests.e2e.dashboard import OfflinePage
from tests.support import view_2019_one_source

TITLE = "E2E brief: 2019, one source"
CAVEAT = "UNCLASSIFIED // FOR OFFICIAL USE ONLY"
RENDER_TIMEOUT_MS = 180_000


def _download(offline: OfflinePage, area: Locator, make: str, download: str, name: str) -> Path:
    """Press ``make``, wait for the ``download`` button, click it and keep the file under artifacts/e2e/."""
    area.get_by_role("button", name=make).click()
    button = area.get_by_role("button", name=download)
    expect(button).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    with offline.page.expect_download() as caught:
        button.click()
    target = offline.artifacts / name
    target.parent.mkdir(parents=True, exist_ok=True)
    caught.value.save_as(target)
    assert caught.value.suggested_filename.endswith(Path(name).suffix)
    return target


def test_export_buttons_download_a_png_and_a_pdf_of_the_current_view(
        offline: OfflinePage, default_events: gpd.GeoDataFrame) -> None:
    params, shown = view_2019_one_source(default_events)
    offline.open("/?" + urlencode(params))
    offline.expect_counts(len(shown), len(default_events))
    offline.map().wait_for_event_count(len(shown))

    area = offline.page.get_by_test_id("stExpander").filter(has_text="Export for briefing")
    area.get_by_text("Export for briefing").click()
    title = area.get_by_label("Title")
    title.fill(TITLE)
    title.press("Enter")
    offline.wait_idle()
    offline.choose(area, "Handling caveat", CAVEAT)

    png = _download(offline, area, "Make map PNG", "Download map PNG", "export-map.png")
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size == (1600, 1000)
        pixels = image.convert("RGB")
        assert len(pixels.getcolors(maxcolors=1 << 20) or []) > 200, "a blank image"

    pdf = _download(offline, area, "Make briefing PDF", "Download briefing PDF", "export-brief.pdf")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert TITLE in text
    assert "Time window: 2019-01-01 – 2019-12-31 (UTC days)" in text
    assert f"Filters: source: {params['source']}" in text
    assert f"Events shown: {len(shown)}" in text
    assert text.count(CAVEAT) >= 2 * len(reader.pages)
    assert len(reader.pages[0].images) == 1, "the map image is on page 1"
    offline.screenshot("map-exports")
    offline.assert_healthy()
