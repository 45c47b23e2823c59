"""The map page's "Export for briefing" area through AppTest: controls, real PNG and PDF, errors.

AppTest runs without Streamlit's media server, so a download button carries no
file there; the bytes it would serve are read from the session
(:data:`ui.briefing.EXPORT_KEYS`). The browser download itself is covered by
``tests/e2e/test_exports_e2e.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pytest
from PIL import Image
from pypdf import PdfReader
from shapely.geometry import box
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.testing.v1 import AppTest

from geo.briefing import DEFAULT_TITLE
from geo.filters import prepare_frame
from geo.stores import open_store
from tests.app.test_pages import assert_healthy, run_app
from tests.support import needs_chromium, view_2019_one_source
from ui import briefing
from ui.briefing import (
    CAVEAT_CHOICE_KEY,
    CAVEAT_PRESETS,
    EXPORT_KEYS,
    MAKE_KEYS,
    SIZE_KEY,
    SIZES,
    TITLE_KEY,
    ExportSettings,
    PreparedExport,
)
from ui.state import View

TITLE = "AppTest brief: 2019, one source"
FRAME = ((37.0, 70.8), (37.9, 72.2))
MAP_VIEW_KEY = "_bm_map_view"  # ui.maps' saved view


@pytest.fixture()
def events(data_home: Path) -> gpd.GeoDataFrame:
    return prepare_frame(open_store().load())





def _buttons(at: AppTest, kind: str) -> list[str]:
    return [b.label for b in at.get(kind)]


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_export_controls_are_on_the_map_page_with_defaults(events: gpd.GeoDataFrame) -> None:
    at = run_app()
    assert at.expander[-1].label == "Export for briefing"
    assert at.radio(key=SIZE_KEY).options == list(SIZES) and at.radio(key=SIZE_KEY).value == "Screen 1600 × 1000"
    assert at.text_input(key=TITLE_KEY).value == DEFAULT_TITLE
    caveats = at.selectbox(key=CAVEAT_CHOICE_KEY)
    assert "UNCLASSIFIED // FOR OFFICIAL USE ONLY" in caveats.options and caveats.value == "No caveat"
    assert [at.button(key=MAKE_KEYS[k]).label for k in ("png", "pdf")] == ["Make map PNG", "Make briefing PDF"]
    assert _buttons(at, "download_button") == []  # nothing is rendered before a button is pressed


@needs_chromium
def test_exports_of_a_filtered_view_have_the_requested_size_and_content(events: gpd.GeoDataFrame) -> None:
    params, shown = view_2019_one_source(events)
    at = run_app(params)
    # The map reported a view around Khorog (what remember_map_view keeps): the exports frame it.
    at.session_state[MAP_VIEW_KEY] = {"bounds": FRAME, "zoom": 9, "center": [37.45, 71.5]}
    at.radio(key=SIZE_KEY).set_value("Print 3200 × 2000")
    at.text_input(key=TITLE_KEY).input(TITLE)
    at.selectbox(key=CAVEAT_CHOICE_KEY).set_value(CAVEAT_PRESETS[0])
    at.button(key=MAKE_KEYS["png"]).click().run()
    assert_healthy(at)
    png = at.session_state[EXPORT_KEYS["png"]]
    with Image.open(io.BytesIO(png.data)) as image:
        assert image.format == "PNG" and image.size == (3200, 2000)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200, "a blank image"
    assert png.events == len(shown)
    with Image.open(io.BytesIO(png.data)) as image:
        drawn = dict(image.text)  # what the browser showed in the overlay (see geo.briefing.snapshot)
    (south, west), (north, east) = FRAME
    outside = int((~shown.geometry.intersects(box(west, south, east, north))).sum())
    assert 0 < outside < len(shown)
    assert drawn["Title"] == TITLE and f"Shown: {len(shown)} events" in drawn["Description"]
    assert f"{outside} beyond the frame, shown in the locator" in drawn["Description"]
    assert "_2019-01-01_to_2019-12-31_" in png.file_name and png.file_name.endswith("_3200x2000.png")
    assert _buttons(at, "download_button") == ["Download map PNG"]

    at.button(key=MAKE_KEYS["pdf"]).click().run()
    assert_healthy(at)
    text = _pdf_text(at.session_state[EXPORT_KEYS["pdf"]].data)
    assert TITLE in text
    assert "Time window: 2019-01-01 – 2019-12-31 (UTC days)" in text
    assert f"Filters: source: {params['source']}" in text
    assert f"Events shown: {len(shown)}" in text and f"Events shown ({len(shown)}), in date order" in text
    assert text.count(CAVEAT_PRESETS[0]) >= 2
    assert _buttons(at, "download_button") == ["Download map PNG", "Download briefing PDF"]

    # A changed view must not offer an export made for the old one.
    at.text_input(key=TITLE_KEY).input("Another title").run()
    assert _buttons(at, "download_button") == []
    assert any("changed since" in c.value for c in at.caption)


def test_a_missing_browser_is_a_clear_message_not_a_traceback(events: gpd.GeoDataFrame,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    monkeypatch.setenv("BM_CHROMIUM", str(tmp_path / "no-chromium"))
    at = run_app()
    at.button(key=MAKE_KEYS["png"]).click().run()
    assert [e.value for e in at.exception] == []
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "could not be made" in errors[0] and "Chromium was not found" in errors[0]
    assert _buttons(at, "download_button") == []


def test_a_make_request_survives_a_rerun_that_cuts_the_export_short(events: gpd.GeoDataFrame,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The map reports its view while an export starts: Streamlit stops that run for a new one. The press
    must not be lost: the next run makes the export (a real browser lost it under load in CI)."""
    calls: list[str] = []

    def cut_short_once(kind: str, view: View, settings: ExportSettings) -> PreparedExport:
        calls.append(kind)
        if len(calls) == 1:
            raise RerunException(RerunData())
        return PreparedExport(b"\x89PNG", "map.png", "image/png", settings, view.count)

    monkeypatch.setattr(briefing, "make_export", cut_short_once)
    at = run_app()
    at.button(key=MAKE_KEYS["png"]).click().run()
    assert calls == ["png", "png"]
    assert isinstance(at.session_state[EXPORT_KEYS["png"]], PreparedExport)
    assert _buttons(at, "download_button") == ["Download map PNG"]
