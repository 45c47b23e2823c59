"""Briefing-grade map: reference layers, collision-free labels, furniture outside the frame, framing.

The default snapshot page (1600×1000, default dataset, every layer) is opened in
headless Chromium and what it drew is read back from the page: the box of every
placed label, of every event marker, of the map frame and of the legend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from shapely.geometry import box

from geo.briefing.furniture import FRAMEABLE, frame_bounds
from geo.briefing.snapshot import CHROMIUM_ARGS, chromium_executable, snapshot_html
from geo.filters import Filters
from geo.map import AGGREGATED, MAX_INDIVIDUAL, build_base_map, build_layers, install_static_assets, render_standalone
from geo.map.controls import TRANSLIT_KEY_JS, search_entries
from geo.model import events_to_frame
from geo.places import load_gazetteer, reference_features, translit_key
from geo.stores import load_default_events
from scripts.gen_synthetic import make_synthetic_frame
from tests.support import DRAWN_MAP_JS, assert_locator_dots_the_events_beyond, needs_chromium
from tests.support import box_within as within
from tests.support import boxes_overlap as overlap
from tests.unit.helpers import make_event

BIG_SQUARE = {"type": "Polygon", "coordinates": [[[68.0, 36.5], [71.0, 36.5], [71.0, 38.0], [68.0, 38.0],
                                                  [68.0, 36.5]]]}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the module's pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_executable()), args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@contextmanager
def opened(browser: Browser, work: Path, html: Callable[[str], str]) -> Iterator[Page]:
    """A map page (``html(asset_prefix)``) open at 1600×1000 with its labels placed."""
    vendor = install_static_assets(work / "vendor")
    page_file = work / "map.html"
    page_file.write_text(html(vendor.as_uri()), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function("!!window.bmLabelReport")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def drawn(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the default snapshot page (1600×1000) drew, read back from Chromium."""
    events = events_to_frame(load_default_events())
    with opened(chromium, tmp_path_factory.mktemp("labels"),
                lambda prefix: snapshot_html(events, Filters(), asset_prefix=prefix)) as page:
        found: dict[str, Any] = page.evaluate(DRAWN_MAP_JS)
        return found


@needs_chromium
def test_no_two_labels_overlap_and_none_leaves_the_map_frame(drawn: dict[str, Any]) -> None:
    labels = drawn["labels"]
    assert len(labels) >= 20
    for i, a in enumerate(labels):
        assert within(a, drawn["frame"]), f"label {a['text']!r} leaves the map frame"
        for b in labels[i + 1:]:
            assert not overlap(a, b), f"labels {a['text']!r} and {b['text']!r} overlap"


@needs_chromium
def test_at_least_ten_place_names_and_the_border_rivers_are_drawn(drawn: dict[str, Any]) -> None:
    places = [label["text"] for label in drawn["labels"] if "bm-place-" in label["cls"]]
    assert len(places) >= 10, places
    assert {"Dushanbe", "Kabul", "Tirmiz"} <= set(places)
    rivers = {label["text"] for label in drawn["labels"] if "bm-river" in label["cls"]}
    assert {"Panj", "Amu Darya"} <= rivers


@needs_chromium
def test_no_label_and_no_furniture_covers_an_event_marker(drawn: dict[str, Any]) -> None:
    markers = [m for m in drawn["markers"] if overlap(m, drawn["frame"])]
    assert len(markers) >= 20  # the default dataset's incidents, context items and postures (and place dots)
    for label in drawn["labels"]:
        hit = [m for m in markers if overlap(label, m)]
        assert not hit, f"label {label['text']!r} covers a marker at {hit[0]}"
    assert not overlap(drawn["legend"], drawn["frame"]) and not overlap(drawn["title"], drawn["frame"])


@needs_chromium
def test_concentration_labels_without_room_become_numbered_callouts_listed_beside_the_map(
        drawn: dict[str, Any]) -> None:
    badges = [label["text"] for label in drawn["labels"] if "bm-callout" in label["cls"]]
    full = [label for label in drawn["labels"] if "bm-conc-label" in label["cls"]]
    assert badges == [str(n) for n in range(1, len(drawn["notes"]) + 1)]
    assert len(badges) + len(full) >= 5  # of the default dataset's 7 concentrations
    assert all("claimed by" in note for note in drawn["notes"])


@needs_chromium
def test_hostile_concentration_text_stays_text_in_callouts(chromium: Browser, tmp_path: Path) -> None:
    hostile = '<img src=x onerror="window.__pwned=1">'
    events = events_to_frame([make_event(event_id=f"C{i}", kind="concentration", sub_event_type="Other",
                                         event_type="Strategic developments", fatalities_low=None,
                                         fatalities_best=None, fatalities_high=None, geo_precision=3,
                                         claimed_by=f"{hostile} {i}", geometry=BIG_SQUARE) for i in range(8)])
    with opened(chromium, tmp_path, lambda prefix: snapshot_html(events, Filters(), asset_prefix=prefix)) as page:
        texts = page.evaluate("() => [...document.querySelectorAll('.bm-label, .bm-callouts li')]"
                              ".map((el) => el.textContent)")
        assert any("<img" in text for text in texts)  # shown as text...
        assert page.evaluate("() => document.querySelectorAll('.bm-label img, .bm-callouts img').length") == 0
        assert page.evaluate("() => window.__pwned === undefined")  # ...never run


@needs_chromium
def test_every_event_is_inside_the_frame_or_a_dot_of_the_locator_beside_it(drawn: dict[str, Any]) -> None:
    south, west, north, east = drawn["view"]
    view = box(west, south, east, north)
    events = events_to_frame(load_default_events())
    regional = events[events.geometry.within(box(*FRAMEABLE))]
    assert len(regional) >= 40  # all but the few statements made in Moscow and St Petersburg
    outside = regional[~regional.geometry.within(view)]
    assert outside.empty, list(outside["event_id"])
    assert_locator_dots_the_events_beyond(drawn, events)
    svg, red = drawn["locatorSvg"], drawn["locatorView"]
    assert red["w"] < svg["w"] / 2  # the frame: a part of the inset
    for dot in drawn["farDots"]:  # north-west of the frame
        assert dot["x"] < red["x"] and dot["y"] < red["y"], (dot, red)
    assert drawn["locator"]["x"] >= drawn["frame"]["x"] + drawn["frame"]["w"]  # in the side panel, off the map


def test_frame_bounds_pad_the_events_and_ignore_far_away_ones() -> None:
    events = events_to_frame(load_default_events())
    (south, west), (north, east) = frame_bounds(events)
    regional = events[events.geometry.within(box(*FRAMEABLE))]
    minx, miny, maxx, maxy = regional.total_bounds
    assert west < minx and south < miny and east > maxx and north > maxy
    assert north < FRAMEABLE[3] + 1 and west > FRAMEABLE[0] - 1  # Moscow is not framed


def test_frame_bounds_cut_an_area_reaching_beyond_the_region_and_frame_points_exactly() -> None:
    east = FRAMEABLE[2]
    wide = {"type": "Polygon", "coordinates": [[[east - 2, 37.0], [east + 20, 37.0], [east + 20, 38.0],
                                                [east - 2, 38.0], [east - 2, 37.0]]]}
    events = events_to_frame([
        make_event(event_id="P", geometry={"type": "Point", "coordinates": [68.0, 36.0]}),
        make_event(event_id="A", kind="concentration", event_type="Strategic developments",
                   sub_event_type="Other", geometry=wide),
        make_event(event_id="M", geometry={"type": "Point", "coordinates": [37.6, 55.7]}),  # Moscow: not framed
    ])
    (f_south, f_west), (f_north, f_east) = frame_bounds(events, padding=0.0)
    assert (f_south, f_west, f_north, f_east) == pytest.approx((36.0, 68.0, 38.0, east))


def test_reference_layers_hold_ranked_towns_border_rivers_and_provinces() -> None:
    ref = reference_features()
    rivers = ref[ref["kind"] == "river"]
    assert {"Panj", "Amu Darya", "Vakhsh", "Kokcha"} <= set(rivers["name"])
    panj = rivers[rivers["name"] == "Panj"].geometry.iloc[0]
    assert panj.length > 5  # degrees of line along the border, not a stub
    places = ref[ref["kind"] == "place"]
    capitals = set(places.loc[places["rank"] == 1, "name"])
    assert {"Dushanbe", "Kabul"} <= capitals
    assert {"Kunduz", "Kulob", "Khorugh", "Mazar-e Sharif", "Tirmiz"} <= set(places.loc[places["rank"] <= 2, "name"])
    assert (places["rank"] == 4).sum() >= 3  # border crossings
    assert {"Badakhshan", "Khatlon"} <= set(ref.loc[ref["kind"] == "province", "name"])


@needs_chromium
def test_clicking_a_count_bubble_zooms_in_on_it(chromium: Browser, tmp_path: Path) -> None:
    groups = build_layers(make_synthetic_frame(MAX_INDIVIDUAL + 500, seed=5), zoom=7)
    assert [g.layer_name for g in groups] == [AGGREGATED]
    def page_html(prefix: str) -> str:
        return render_standalone(build_base_map(asset_prefix=prefix), groups)

    with opened(chromium, tmp_path, page_html) as page:
        zoom = page.evaluate("() => Object.values(window).find((v) => v instanceof L.Map).getZoom()")
        bubble = page.locator(".bm-bubble").first
        bubble.click()
        page.wait_for_function(f"() => Object.values(window).find((v) => v instanceof L.Map).getZoom() === {zoom + 2}")
        box = bubble.bounding_box()
        assert box is not None  # the bubble clicked is still in view (its card may have panned the map a little)
        page.wait_for_function(f"() => window.bmLocatorReport.zoom === {zoom + 2}")  # redrawn after the zoom
        beyond = page.evaluate("""() => { var map = Object.values(window).find((v) => v instanceof L.Map), n = 0;
            map.eachLayer((l) => { if (l.getLatLng && l._icon && l._icon.querySelector('.bm-bubble')
                                       && !map.getBounds().contains(l.getLatLng())) { n++; } });
            return n; }""")
        assert beyond > 0 and page.evaluate("() => window.bmLocatorReport.beyond") == 0  # counts are no events
        assert 0 <= box["x"] <= 1600 - box["width"] and 0 <= box["y"] <= 1000 - box["height"], box
        expect(page.locator(".leaflet-popup-content")).to_contain_text("events")


@needs_chromium
def test_the_place_search_folds_spellings_in_the_browser_exactly_as_the_gazetteer_does(chromium: Browser) -> None:
    names = [entry[0] for entry in search_entries()]
    names += [alt for place in load_gazetteer().curated for alt in place.alt_names]
    names += ["Kulyab", "Pyandzh", "Mazari Sharif", "Qal\u2019ai Khumb", "St. Petersburg", "Khwaja Bahawuddin",
              "Dasht-e Archi", "Shuroobod", "Shuro-obod", "Ali-Abad", "Tavildar", "Kalaikhumb", "the Wakhan",
              "Sh\u00e2h-i-Buzurg", "K\u00fclob", "x"]
    page = chromium.new_page()
    try:
        page.set_content(f"<script>{TRANSLIT_KEY_JS}</script>")
        in_browser = page.evaluate("(names) => names.map(bmTranslitKey)", names)
    finally:
        page.close()
    mismatched = [(n, b, translit_key(n)) for n, b in zip(names, in_browser, strict=True) if b != translit_key(n)]
    assert len(names) > 700 and not mismatched, mismatched[:10]


def test_the_place_search_knows_two_part_names_written_as_one_word() -> None:
    entry = next(e for e in search_entries() if e[0] == "Shahr-e Buzurg")
    assert translit_key("Shakhribuzurg") in entry[4]  # the Russian one-word spelling finds the district
