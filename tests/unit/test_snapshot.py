"""Map images: the offline page, its overlay, and real PNGs rendered by headless Chromium."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import geo.cli.exports  # noqa: F401  (registers the snapshot command)
from geo.briefing.snapshot import (
    DEFAULT_TITLE,
    SnapshotError,
    describe_filters,
    describe_window,
    parse_size,
    render_snapshot,
    snapshot_html,
)
from geo.cli import main
from geo.filters import Filters, apply_filters
from geo.map import TYPE_COLOURS
from geo.model import empty_frame, events_to_frame
from geo.stores import load_default_events
from tests.conftest import REPO
from tests.support import needs_chromium
from tests.unit.helpers import make_event

ARTIFACTS = REPO / "artifacts" / "exports"
WINDOW = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))




def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=float)


def busiest_source(frame, filters: Filters) -> str:  # type: ignore[no-untyped-def]
    """The source cited by most events in the window (a filter that keeps some but not all)."""
    shown = apply_filters(frame, filters)
    counts = Counter(s["source_id"] for sources in shown["sources"] for s in sources)
    return counts.most_common(1)[0][0]


# -- the page (no browser) --------------------------------------------------------------


def test_page_escapes_title_caveat_and_data_and_uses_no_network_assets() -> None:
    hostile = make_event(notes='<img src=x onerror="alert(1)">', location="<b>Village</b>")
    html = snapshot_html(events_to_frame([hostile]), Filters(sources=("<src>",)), asset_prefix="file:///vendor",
                         title="Brief <script>x()</script>", caveat="SECRET <i>not</i> really")
    assert "Brief &lt;script&gt;x()&lt;/script&gt;" in html and "<script>x()" not in html
    assert html.count("SECRET &lt;i&gt;not&lt;/i&gt; really") == 2  # top and bottom banners
    assert "source: &lt;src&gt;" in html
    # The card travels JSON-encoded: the note must arrive as &lt;img..., never as a tag.
    assert "<img" not in html and "\\u003cimg" not in html and "\\u0026lt;img src=x" in html
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("file:///vendor/") for url in assets)


def test_page_states_window_filters_and_what_is_shown() -> None:
    events = events_to_frame([make_event(), make_event(event_id="T-2", kind="posture",
                                                       event_type="Strategic developments",
                                                       sub_event_type="Headquarters or base established",
                                                       geometry={"type": "Point", "coordinates": [37.6, 55.7]})])
    chosen = Filters(date_from=dt.date(2020, 1, 1), min_reliability="B", kinds=("incident", "posture"))
    html = snapshot_html(events, chosen, asset_prefix="file:///v")
    assert "2020-01-01 – 2020-05-01 (last event)" in html
    assert "kind: incident, posture; source reliability B or better" in html
    assert "2 events (1 incident, 1 posture); 1 beyond the frame, shown in the locator" in html  # Moscow
    assert re.search(r"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", html)


def test_long_publisher_names_are_cut_so_the_one_line_footer_keeps_its_credits() -> None:
    long_name = "Window on Eurasia (Paul Goble), summarising the Fergana news agency"
    event = make_event(sources=[{"source_id": "w", "publisher": long_name, "title": "t", "reliability": "C",
                                 "credibility": 3}])
    html = snapshot_html(events_to_frame([event]), Filters(), asset_prefix="file:///v")
    footer = re.search(r'class="bm-print bm-footer">([^<]*)<', html).group(1)  # type: ignore[union-attr]
    assert long_name not in footer and "Window on Eurasia (Paul Goble" in footer
    assert footer.endswith("Basemap: Natural Earth (public domain) · Map: Leaflet")
    assert len(footer) < 200


def test_words_for_open_windows_and_no_filters() -> None:
    events = events_to_frame([make_event()])
    assert describe_window(Filters(), events) == "all dates: 2020-05-01 (first event) – 2020-05-01 (last event)"
    assert describe_window(Filters(), empty_frame()) == "all dates: open – open"
    assert describe_filters(Filters()) == ["none"]


@pytest.mark.parametrize(("text", "problem"), [
    ("1600", "not WIDTHxHEIGHT"), ("axb", "not WIDTHxHEIGHT"), ("100x1000", "width 100 px is outside"),
    ("1600x9000", "height 9000 px is outside"),
])
def test_bad_sizes_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_size(text)
    assert parse_size("3200x2000") == (3200, 2000)


def test_missing_chromium_is_a_clear_error_and_writes_nothing(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BM_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "map.png"
    with pytest.raises(SnapshotError, match=r"Chromium was not found at .*no-such-browser.*BM_CHROMIUM"):
        render_snapshot(empty_frame(), Filters(), out=out)
    assert not out.exists()


# -- real images --------------------------------------------------------------------------


@needs_chromium
def test_cli_snapshot_of_the_default_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    frame = events_to_frame(load_default_events())
    source = busiest_source(frame, WINDOW)
    expected = len(apply_filters(frame, Filters(date_from=WINDOW.date_from, date_to=WINDOW.date_to,
                                                sources=(source,))))
    assert 0 < expected < len(frame)
    out = ARTIFACTS / "snapshot_2019_one_source.png"
    status = main(["snapshot", "--out", str(out), "--from", "2019-01-01", "--to", "2019-12-31",
                   "--source", source, "--caveat", "UNCLASSIFIED // TEST RENDERING"])
    assert status == 0
    assert f"map of {expected} events" in capsys.readouterr().err
    image = pixels(out)
    assert image.shape == (1000, 1600, 3)
    assert image.std() > 20  # basemap, overlay and symbols, not a blank page
    assert len(np.unique(image.reshape(-1, 3)[::37], axis=0)) > 200
    # What the browser drew in the overlay and legend, read back from the page into the PNG's text chunks.
    with Image.open(out) as png:
        drawn = dict(png.text)
    assert drawn["Title"] == DEFAULT_TITLE and drawn["Disclaimer"] == "UNCLASSIFIED // TEST RENDERING"
    assert "Time window: 2019-01-01 – 2019-12-31 (UTC days)" in drawn["Description"]
    assert f"Filters: source: {source}" in drawn["Description"]
    assert f"Shown: {expected} events" in drawn["Description"]
    assert all(event_type in drawn["Legend"] for event_type in TYPE_COLOURS)
    assert "Basemap: Natural Earth" in drawn["Comment"]
    # The legend (side panel, right of the map frame) really is in the picture: every event-type swatch colour.
    corner = image[:, 1300:].reshape(-1, 3)
    for colour in TYPE_COLOURS.values():
        rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        assert (np.abs(corner - rgb).max(axis=1) < 3).sum() >= 50, f"no legend swatch of {colour}"


@needs_chromium
def test_print_size_is_exact_and_shows_the_same_map_as_the_screen_size(tmp_path: Path) -> None:
    shown = apply_filters(events_to_frame(load_default_events()), WINDOW)
    screen = render_snapshot(shown, WINDOW, out=tmp_path / "screen.png", size=(1600, 1000))
    printed = render_snapshot(shown, WINDOW, out=ARTIFACTS / "snapshot_2019_print.png", size=(3200, 2000))
    big = pixels(printed)
    assert big.shape == (2000, 3200, 3)
    halved = big.reshape(1000, 2, 1600, 2, 3).mean(axis=(1, 3))
    assert np.abs(halved - pixels(screen)).mean() < 6  # same layout at twice the resolution
    empty = render_snapshot(shown.iloc[:0], WINDOW, out=tmp_path / "empty.png", size=(1600, 1000))
    changed = np.abs(pixels(empty) - pixels(screen)).max(axis=2) > 40
    assert changed.mean() > 0.01  # the event layers are drawn, not just the basemap
