"""The folium map: offline assets, layers per kind, uncertainty areas, aggregation, escaping, size."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pytest

from geo.exchange.files import read_events
from geo.filters import Filters, apply_filters
from geo.map import symbols as sym
from geo.map.aggregate import aggregate_grid, cell_size_deg
from geo.map.assets import asset_urls
from geo.map.compact import CompactLayer, fragment_table, script_json, value_table
from geo.map.legend import legend_html
from geo.map.view import (
    AGGREGATED,
    LAYERS,
    MAX_INDIVIDUAL,
    VIEW_PADDING,
    anchor_points,
    build_base_map,
    build_layers,
    freeze_layers,
    render_standalone,
    thaw_layers,
    view_mask,
)
from geo.model import EVENT_TYPES, empty_frame, events_to_frame, frame_to_events
from scripts.gen_synthetic import main as gen_synthetic_main
from scripts.gen_synthetic import make_synthetic_frame
from tests.unit.helpers import make_event

REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
SQUARE = {"type": "Polygon", "coordinates": [[[70.0, 37.0], [70.4, 37.0], [70.4, 37.3], [70.0, 37.3], [70.0, 37.0]]]}
STRETCH = {"type": "LineString", "coordinates": [[69.5, 37.2], [69.9, 37.1], [70.3, 37.3]]}
STRATEGIC = {"event_type": "Strategic developments", "fatalities_low": None, "fatalities_best": None,
             "fatalities_high": None}


def _mixed_frame() -> gpd.GeoDataFrame:
    """Nine events: 3 incidents, 2 postures, 2 concentrations, 2 context items; 4 vague non-concentrations."""
    return events_to_frame([
        make_event(event_id="I1", fatalities_best=5, fatalities_low=5, fatalities_high=5),
        make_event(event_id="I2", event_type="Explosions/Remote violence", sub_event_type="Grenade",
                   geo_precision=2),
        make_event(event_id="I3", geo_precision=3, geometry=SQUARE),
        make_event(event_id="P1", kind="posture", sub_event_type="Headquarters or base established", **STRATEGIC),
        make_event(event_id="P2", kind="posture", sub_event_type="Other", geo_precision=3, **STRATEGIC),
        make_event(event_id="C1", kind="concentration", sub_event_type="Other", geo_precision=3, geometry=SQUARE,
                   strength_best=5000, claimed_by="Border service", **STRATEGIC),
        make_event(event_id="C2", kind="concentration", sub_event_type="Other", geo_precision=2,
                   strength_text="several hundred", **STRATEGIC),
        make_event(event_id="X1", kind="context", sub_event_type="Agreement", **STRATEGIC),
        make_event(event_id="X2", kind="context", sub_event_type="Other", geo_precision=2, geometry=STRETCH,
                   **STRATEGIC),
    ])


def _payload(group: folium.FeatureGroup) -> dict[str, Any]:
    layers = [c for c in group._children.values() if isinstance(c, CompactLayer)]
    if not layers:
        return {"s": []}
    assert len(layers) == 1
    return json.loads(layers[0].payload_json)


def _cards(payload: dict[str, Any]) -> list[str]:
    return ["".join(payload["parts"][k] for k in codes) for codes in payload.get("card", [])]


def _by_name(groups: list[folium.FeatureGroup]) -> dict[str, dict[str, Any]]:
    return {g.layer_name: _payload(g) for g in groups}


def _ids(payload: dict[str, Any]) -> list[str]:
    return sorted(re.search(r'bm-card-id">([^<]*)<', c).group(1) for c in _cards(payload))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def base_map() -> folium.Map:
    return build_base_map()


# -- layers -----------------------------------------------------------------------------

def test_each_layer_draws_the_events_of_its_kind_with_cards() -> None:
    layers = _by_name(build_layers(_mixed_frame()))
    assert list(layers) == list(LAYERS)
    assert _ids(layers["incidents"]) == ["I1", "I2", "I3"]
    assert _ids(layers["postures"]) == ["P1", "P2"]
    assert _ids(layers["concentrations"]) == ["C1", "C2"]
    assert _ids(layers["context"]) == ["X1", "X2"]
    assert len(layers["uncertainty"]["s"]) == 4
    assert layers["postures"]["icon"]["html"] == sym.POSTURE_SVG


def test_frozen_layers_thaw_into_fresh_groups_that_draw_the_same_map(base_map: folium.Map) -> None:
    built = build_layers(_mixed_frame())
    frozen = freeze_layers(built)
    hash(frozen)  # plain immutable data: shareable between sessions
    first, second = thaw_layers(frozen), thaw_layers(frozen)
    assert _by_name(first) == _by_name(built) == _by_name(second)
    assert all(a is not b for a, b in zip(first, second, strict=True))  # each run re-parents its own objects
    page = render_standalone(base_map, first)
    for group in built:
        for child in group._children.values():
            if isinstance(child, CompactLayer):
                assert child.payload_json in page
    drawn = page.count("(function (group, d)") - render_standalone(base_map, []).count("(function (group, d)")
    assert drawn == sum(1 for g in built for c in g._children.values() if isinstance(c, CompactLayer)) > 0
    assert page.count("(function (group, d)") == render_standalone(base_map, built).count("(function (group, d)")


def test_uncertainty_areas_for_vague_places_only() -> None:
    area = _by_name(build_layers(_mixed_frame()))["uncertainty"]
    shapes = [area["geoms"][k] for k in area["geom"]]
    kinds = sorted(g["type"] if g else f"circle {km:g} km" for g, km in zip(shapes, area["km"], strict=True))
    # I2 (point, precision 2), P2 (point, 3), I3 (polygon, 3), X2 (line, 2); none for precision 1 or concentrations.
    assert kinds == sorted(["LineString", "Polygon", f"circle {sym.PRECISION_RADIUS_KM[2]:g} km",
                            f"circle {sym.PRECISION_RADIUS_KM[3]:g} km"])
    # halos take no clicks: over dense markers they would catch the clicks meant for them
    assert [style.get("interactive") for style in area["style"]] == [False, False] and "tip" not in area
    with_postures = _by_name(build_layers(_mixed_frame(), ["uncertainty", "postures"]))["uncertainty"]
    assert with_postures["km"] == [sym.PRECISION_RADIUS_KM[3]], "only areas of the events drawn (P2)"
    assert "card" not in area, "areas do not repeat the cards of their markers"


def test_incident_markers_coloured_by_type_sized_by_fatalities_and_dashed_when_vague() -> None:
    incidents = _by_name(build_layers(_mixed_frame(), ["incidents"]))["incidents"]
    styles = [incidents["style"][k] for k in incidents["s"]]
    by_id = dict(zip(_ids(incidents), styles, strict=True))
    assert by_id["I1"]["fillColor"] == sym.TYPE_COLOURS["Battles"]
    assert by_id["I2"]["fillColor"] == sym.TYPE_COLOURS["Explosions/Remote violence"]
    assert by_id["I1"]["radius"] > by_id["I3"]["radius"]  # 5 deaths vs 2
    assert by_id["I2"]["dashArray"] and not by_id["I1"]["dashArray"]


def test_concentrations_shaded_by_strength_and_labelled_with_figure_and_claimant() -> None:
    conc = _by_name(build_layers(_mixed_frame(), ["concentrations"]))["concentrations"]
    opacity = dict(zip(_ids(conc), (conc["style"][k]["fillOpacity"] for k in conc["s"]), strict=True))
    assert opacity["C1"] > opacity["C2"]
    assert any("≈5,000 fighters" in t and "Border service" in t for t in conc["tip"])
    assert any("several hundred" in t and "unattributed" in t for t in conc["tip"])
    assert [label["t"] for label in conc["lbl"]] == conc["tip"]  # placed by geo.map.labels, else on hover


def test_layer_subset_unknown_names_and_empty_frames() -> None:
    groups = build_layers(_mixed_frame(), ["postures", "incidents"])
    assert [g.layer_name for g in groups] == ["incidents", "postures"]
    assert build_layers(_mixed_frame(), []) == []
    with pytest.raises(ValueError, match=r"unknown map layer.*heatmap"):
        build_layers(_mixed_frame(), ["heatmap"])
    empty = build_layers(empty_frame(), bounds=((36.0, 67.0), (39.0, 74.0)), zoom=9)
    assert [g.layer_name for g in empty] == list(LAYERS)
    assert all(not g._children for g in empty)


def test_a_frame_that_is_not_an_event_frame_is_refused_and_other_crs_reprojected() -> None:
    frame = _mixed_frame()
    with pytest.raises(ValueError, match=r"lacks column\(s\) geo_precision"):
        build_layers(frame.drop(columns="geo_precision"))
    frame_with_hole = frame.copy()
    frame_with_hole.loc[frame_with_hole["event_id"] == "I1", "geometry"] = None
    assert _ids(_by_name(build_layers(frame_with_hole, ["incidents"]))["incidents"]) == ["I2", "I3"]
    projected = _by_name(build_layers(frame.to_crs("EPSG:32642"), ["incidents"]))["incidents"]
    plain = _by_name(build_layers(frame, ["incidents"]))["incidents"]
    assert projected["lat"] == pytest.approx(plain["lat"], abs=1e-4)
    assert projected["lon"] == pytest.approx(plain["lon"], abs=1e-4)


def test_empty_layers_render_on_the_map(base_map: folium.Map) -> None:
    html = render_standalone(base_map, build_layers(empty_frame()))
    assert "bm-legend" in html and "CompactLayer" not in html


# -- offline assets and escaping in the full page ---------------------------------------

def _script_and_link_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)=["\']([^"\']*)', html, flags=re.IGNORECASE)


def test_generated_html_references_no_cdn(base_map: folium.Map) -> None:
    groups = build_layers(_mixed_frame())
    html = render_standalone(base_map, groups)
    urls = _script_and_link_urls(html)
    assert urls and not [u for u in urls if REMOTE.match(u)]
    assert not re.search(r"https?://[^\"']*\{z\}", html), "a tile layer is on although online tiles are off"
    # What streamlit-folium collects as js/css links from the map with the layers added.
    assert not [u for u in asset_urls(base_map) if REMOTE.match(u)]
    for group in groups:
        assert not [u for u in asset_urls(group) if REMOTE.match(u)]


def test_online_tiles_are_optional_and_still_load_no_remote_code() -> None:
    html = render_standalone(build_base_map(online_tiles=True, asset_prefix="file:///opt/bm/vendor"), [])
    assert all(u.startswith("file:///opt/bm/vendor/") for u in _script_and_link_urls(html))
    assert "tile.openstreetmap.org" in html and "World_Imagery" in html and "opentopomap" in html
    assert "L.control.layers" in html


def test_untrusted_text_is_inert_in_the_full_map_page(base_map: folium.Map) -> None:
    script, img = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"
    hostile = events_to_frame([
        make_event(event_id="H1", notes=f"{script} {img} {{{{ 'q7' * 3 }}}}", actor1=script, location=img,
                   sources=[{"source_id": "s", "publisher": script, "title": img, "reliability": "C",
                             "credibility": 3}]),
        make_event(event_id="H2", kind="concentration", event_type="Strategic developments", sub_event_type="Other",
                   fatalities_low=None, fatalities_best=None, fatalities_high=None, claimed_by=img,
                   geo_precision=2),
    ])
    groups = build_layers(hostile)
    html = render_standalone(base_map, groups)
    assert "alert(1)</script>" not in html and "<img src=x" not in html
    assert "q7q7q7" not in html, "text was evaluated as a template"
    assert "q7" in html and "* 3" in html
    cards = [c for g in groups for c in _cards(_payload(g))]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in c and "&lt;img src=x" in c for c in cards)
    tips = [t for g in groups for t in _payload(g).get("tip", [])]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in t for t in tips)


HOSTILE = ("<script>window.__pwned = 1</script>", '<img src=x onerror="window.__pwned = 2">')


class _Markup(HTMLParser):
    """The tags a browser would create from an HTML fragment, and the text it would show."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.texts: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


@pytest.mark.parametrize("attack", HOSTILE, ids=["script", "img-onerror"])
def test_hostile_text_in_cards_and_tooltips_is_shown_as_text_and_creates_no_element(attack: str) -> None:
    fields = {"notes": "notes", "actor1": "actor", "actor2": "other side", "location": "place",
              "claimed_by": "claimant"}
    hostile = events_to_frame([
        make_event(event_id="H1", geo_precision=2, **{name: f"{label} {attack}" for name, label in fields.items()},
                   sources=[{"source_id": "s", "publisher": f"publisher {attack}", "title": f"title {attack}",
                             "url": "https://example.org/a", "reliability": "C", "credibility": 3}]),
        make_event(event_id="H2", kind="concentration", sub_event_type="Other", geo_precision=3, geometry=SQUARE,
                   claimed_by=f"claimant {attack}", strength_text=f"strength {attack}", **STRATEGIC),
    ])
    layers = _by_name(build_layers(hostile))
    card = _Markup(_cards(layers["incidents"])[0])
    assert card.tags.isdisjoint({"script", "img"}), card.tags
    for label in [*fields.values(), "publisher", "title"]:
        assert f"{label} {attack}" in card.text, label
    tips = [_Markup(t) for name in ("incidents", "concentrations") for t in layers[name]["tip"]]
    assert all(t.tags <= {"i", "b"} for t in tips), [t.tags for t in tips]
    assert any(f"place {attack}" in t.text for t in tips)
    assert any(f"strength {attack}" in t.text and "claimant" in t.text for t in tips)
    conc_card = _Markup(_cards(layers["concentrations"])[0])
    assert conc_card.tags.isdisjoint({"script", "img"}) and f"claimant {attack}" in conc_card.text


def test_script_json_cannot_end_a_script_or_start_template_code() -> None:
    text = script_json({"card": "</script><!-- {{ x }} {% y %} {# z #} &amp; \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert not re.search(r"\{[{%#]", text)
    assert json.loads(text) == {"card": "</script><!-- {{ x }} {% y %} {# z #} &amp; \u2028"}


def test_cards_are_sent_as_shared_fragments_that_rebuild_them_exactly() -> None:
    cards = ['<div class="a"><b>One</b> x</div>', '<div class="a"><b>Two</b> x</div>', ""]
    parts, codes = fragment_table(cards)
    assert ["".join(parts[k] for k in c) for c in codes] == cards
    assert len(parts) < sum(len(c) for c in codes), "repeated markup is not shared"


# -- scale: aggregation, view, payload size ---------------------------------------------

@pytest.fixture(scope="module")
def many() -> gpd.GeoDataFrame:
    return make_synthetic_frame(MAX_INDIVIDUAL + 700, seed=3)


def test_aggregation_above_the_threshold_counts_every_event(many: gpd.GeoDataFrame) -> None:
    groups = build_layers(many, zoom=7)
    assert [g.layer_name for g in groups] == [AGGREGATED]
    bubbles = _payload(groups[0])
    assert sum(bubbles["n"]) == len(many)
    assert len(bubbles["n"]) < len(many) / 5
    cards = _cards(bubbles)
    battles = int((many["event_type"] == "Battles").sum())
    shown = sum(int(m.group(1).replace(",", "")) for c in cards
                for m in [re.search(r"<th>Battles</th><td>([\d,]+)<", c)] if m)
    assert shown == battles

    armed = many[many["kind"].isin(["incident", "posture"])]
    assert len(armed) > MAX_INDIVIDUAL
    only = _payload(build_layers(many, ["incidents", "postures"], zoom=7)[0])
    assert sum(only["n"]) == len(armed)


def test_a_small_view_shows_its_events_one_by_one(many: gpd.GeoDataFrame) -> None:
    bounds = ((37.0, 70.0), (37.6, 71.0))
    groups = build_layers(many, bounds=bounds, zoom=10)
    assert [g.layer_name for g in groups] == list(LAYERS)
    lon, lat = anchor_points(many)
    expected = sorted(many["event_id"][view_mask(lon, lat, bounds)])
    drawn = sorted(i for g in groups if g.layer_name != "uncertainty" for i in _ids(_payload(g)))
    assert drawn == expected and 0 < len(drawn) <= MAX_INDIVIDUAL
    # these layers follow the view: a card must open where it is (a pan to fit it would rebuild them)
    assert all(_payload(g).get("pan") is False for g in groups if g.layer_name in ("incidents", "postures"))
    few = build_layers(many.iloc[:50])
    assert all("pan" not in _payload(g) for g in few)  # layers independent of the view: cards pan to fit


def test_a_narrow_time_window_shows_individual_events(many: gpd.GeoDataFrame) -> None:
    window = apply_filters(many, Filters(date_from=dt.date(2010, 1, 1), date_to=dt.date(2011, 12, 31)))
    groups = build_layers(window)
    drawn = sum(len(_payload(g)["s"]) for g in groups if g.layer_name != "uncertainty")
    assert drawn == len(window) > 0


def test_view_mask_pads_the_bounds() -> None:
    bounds = ((36.5, 69.5), (37.5, 70.5))  # one degree each way
    lon = np.array([70.0, 70.5 + 0.5 * VIEW_PADDING, 70.5 + 1.5 * VIEW_PADDING])
    assert view_mask(lon, np.full(3, 37.0), bounds).tolist() == [True, True, False]
    assert view_mask(lon, np.full(3, 37.0), None).all()


def test_grid_cells_shrink_with_zoom_and_keep_every_count(many: gpd.GeoDataFrame) -> None:
    lon, lat = anchor_points(many)
    assert cell_size_deg(8, 56) == pytest.approx(cell_size_deg(7, 56) / 2)
    coarse, fine = aggregate_grid(lon, lat, many, 6, 56), aggregate_grid(lon, lat, many, 9, 56)
    assert len(fine) > len(coarse)
    for cells in (coarse, fine):
        assert cells.count.sum() == len(many)
        assert (cells.by_type.sum(axis=1) == cells.count).all()  # every synthetic type is ACLED's
        assert (cells.by_kind.sum(axis=1) == cells.count).all()
        assert (cells.first <= cells.last).all()
        assert lon.min() <= cells.lon.min() and cells.lon.max() <= lon.max()
    assert fine.fatalities.sum() == pytest.approx(many["fatalities_best"].fillna(0).sum())
    assert set(coarse.dominant_type()) <= set(EVENT_TYPES)
    assert len(aggregate_grid(lon[:0], lat[:0], many.iloc[:0], 7, 56)) == 0


def test_the_largest_individual_view_stays_well_under_the_byte_budget(many: gpd.GeoDataFrame) -> None:
    groups = build_layers(many.iloc[:MAX_INDIVIDUAL])
    size = sum(len(c.payload_json.encode()) for g in groups for c in g._children.values())
    assert size < 2_500_000, f"{MAX_INDIVIDUAL} events take {size:,} bytes"


# -- synthetic data used for the scale tests and benchmark -----------------------------

def test_synthetic_events_are_valid_labelled_varied_and_reproducible() -> None:
    frame = make_synthetic_frame(400, seed=7)
    events = frame_to_events(frame)
    assert len(events) == 400 and len({e.event_id for e in events}) == 400
    assert all(e.event_id.startswith("SYN-") and e.notes.startswith("SYNTHETIC") for e in events)
    assert all(s.publisher == "Synthetic generator" and s.reliability == "F" for e in events for s in e.sources)
    assert {e.kind for e in events} == {"incident", "posture", "concentration", "context"}
    assert {e.geo_precision for e in events} == {1, 2, 3} and {e.time_precision for e in events} == {1, 2, 3}
    assert any(e.date_end > e.date_start for e in events)
    assert {e.geometry.geom_type for e in events} >= {"Point", "Polygon", "LineString"}
    assert min(e.date_start for e in events).year >= 1992 and max(e.date_end for e in events).year <= 2023
    near = sum(e.country in ("Afghanistan", "Tajikistan") for e in events)
    assert near > 0.9 * len(events)
    assert frame.equals(make_synthetic_frame(400, seed=7))
    assert not frame["event_type"].equals(make_synthetic_frame(400, seed=8)["event_type"])


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_generator_command_writes_files_the_importer_accepts(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"syn{suffix}"
    assert gen_synthetic_main(["--n", "30", "--out", str(out), "--seed", "2"]) == 0
    events, errors = read_events(out)
    assert errors == [] and len(events) == 30


def test_generator_command_rejects_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        gen_synthetic_main(["--n", "3", "--out", str(tmp_path / "x.txt")])


def test_legend_explains_every_colour_size_and_symbol(base_map: folium.Map) -> None:
    legend = legend_html()
    for event_type, colour in sym.TYPE_COLOURS.items():
        assert event_type in legend and colour in legend
    for phrase in ("fatalities", "force posture", "militant concentration", "approximate", "count per area",
                   "Afghan–Tajik border"):
        assert phrase in legend, phrase
    assert "M1 1L25 17" in legend, "the posture symbol itself is shown"
    assert "bm-legend" in render_standalone(base_map, [])


def test_value_table_shares_equal_values_by_content() -> None:
    ring = {"type": "Polygon", "coordinates": [[[69.0, 37.0], [70.0, 37.0], [70.0, 38.0], [69.0, 37.0]]]}
    same_ring_other_key_order = {"coordinates": [[[69.0, 37.0], [70.0, 37.0], [70.0, 38.0], [69.0, 37.0]]],
                                 "type": "Polygon"}
    values = [ring, {"color": "#c00"}, same_ring_other_key_order, None, {"color": "#c01"}, None, "x"]
    uniques, codes = value_table(values)
    assert codes == [0, 1, 0, 2, 3, 2, 4]
    assert [uniques[c] for c in codes] == values
