"""The derived border gazetteer (``data/gazetteer_border.csv``) and lookups of its spellings."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import Point

from geo.model import CRS, METRIC_CRS
from geo.paths import BASEMAP_GEOJSON, GAZETTEER_BORDER_CSV, GAZETTEER_CSV
from geo.places.gazetteer import Gazetteer, load_gazetteer, merge_curated, read_curated
from geo.places.textnorm import normalise_name, translit_key

GEOD = Geod(ellps="WGS84")
ISO3 = {"Afghanistan": "AFG", "Tajikistan": "TJK", "Uzbekistan": "UZB"}
#: Region box (lat, lon) every derived point must lie in: the border zone, and the Turkmen border west to Badghis.
LAT_RANGE, LON_RANGE = (34.0, 40.5), (62.0, 75.5)
#: How far outside its own country's (1:10m, simplified) polygon a point may lie (km).
BORDER_SLACK_KM = 15.0
SHARED_NAME_KM = 30.0

REQUIRED = """
Shamsiddin Shohin|Shamsiddin-Shokhin|Shurobod|Hamadoni|Moskovsky|Moskovskiy|Farkhor|Panj|Pyandzh|Jayhun|Qumsangir|
Kumsangir|Dousti|Dusti District|Jilikul|Dzhilikul|Qubodiyon|Shahritus|Nosiri Khusrav|Darvoz|Darvaz|Vanj|Vandzh|Rushon|
Rushan|Shughnon|Shugnan|Ishkoshim|Ishkashim|Murghob|Kulob|Kulyab|Vose|Muminobod|Bokhtar|Qurghonteppa|Kurgan-Tyube|
Khorog|Khorugh|Jowzjan|Balkh|Kunduz|Takhar|Badakhshan|Sheberghan|Aqcha|Darzab|Khamyab|Khaniqa|Khwaja Du Koh|Mardyan|
Mingajik|Qarqin|Qush Tepa|Fayzabad (Jowzjan)|Mazar-i-Sharif|Balkh District|Chahar Bolak|Chahar Kint|Chimtal|
Dawlatabad (Balkh)|Dehdadi|Kaldar|Khulm|Kishindih|Marmul|Nahr-i Shahi|Sholgara|Shortepa|Zari District|Imam Sahib|
Imam Saheb|Qala-i-Zal|
Qalay-i-Zal|Dasht-e Archi|Khanabad|Chahar Dara|Ali Abad District|Taloqan|Rustaq|Chah Ab|Darqad|Darkad|Dasht-e Qala|
Dasht-i-Qala|Farkhar|Kalafgan|Khwaja Bahauddin|Khoja Bahauddin|Khwaja Bahawuddin|Khwaja Ghar|Yangi Qala|Yangi Qal'a|
Ishkamish|Warsaj|Hazar Sumuch|Namak Ab|Bangi District|Chal District|Baharak (Takhar)|Faizabad|Jurm|Kuran wa Munjan|
Zebak|Wakhan District|Ishkashim (Afghanistan)|Baharak|Nusay|Maymay|Khwahan|Raghistan|Darayim|Kuf Ab|Tishkan|Kishim|
Shighnan (Afghanistan)|Shahr-e Buzurg|Arghanj Khwa|Argo District|Warduj|Yawan|Yamgan|Yaftal-e Sufla|Shuhada District|
Panji Poyon|Sher Khan Bandar|Nizhny Panj|Tem bridge|Ishkashim bridge|Ruzvai bridge|Kokul crossing|Khwahan bridge|
Termez-Hairatan bridge|Hairatan|Bahorak|Sayod|Khirmanjo|Kisht|Aivaj|Ayvadj|Panj border detachment|
Kalaikhumb border detachment|Khorog border detachment|Moskovsky border detachment|Lyaur|Harbmaidon|Momirak|Sambuli|
201st Military Base (Dushanbe)|201st Military Base (Bokhtar)|201st Military Base (Kulob)|Ayni Air Base|Wakhan Corridor|
Rasht valley|Kamarob gorge|Tavildara|Pamir|Badakhshon|Danghara|Dangara|Temurmalik|Sovetsky district|Norak|Nurek|
Khovaling|Baljuvon|Yovon|Khuroson|Gozimalik|Levakant|Sarband|Kalaikhum|Argo|Bangi|Yaftal|Qush Tepe|Wardoj
"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _names(r: dict[str, str]) -> list[str]:
    return [r["name"], *filter(None, r["alt_names"].split("|"))]


def points_off_side(rows: list[dict[str, str]]) -> list[str]:
    """Rows whose point is outside the region box, or more than BORDER_SLACK_KM outside
    their own country's polygon of ``data/basemap.geojson`` (measured in EPSG:32642)."""
    basemap = gpd.read_file(BASEMAP_GEOJSON).to_crs(METRIC_CRS)
    shapes = {r.iso3: r.geometry for r in basemap[basemap["kind"] == "country"].itertuples()}
    points = gpd.GeoSeries([Point(float(r["lon"]), float(r["lat"])) for r in rows], crs=CRS).to_crs(METRIC_CRS)
    wrong = []
    for r, point in zip(rows, points, strict=True):
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            wrong.append(f"{r['name']}: {lat}, {lon} is outside the region box")
            continue
        km = shapes[ISO3[r["country"]]].distance(point) / 1000
        if km > BORDER_SLACK_KM:
            wrong.append(f"{r['name']}: {km:.0f} km outside {r['country']}")
    return wrong


@pytest.fixture(scope="module")
def border_rows() -> list[dict[str, str]]:
    return _rows(GAZETTEER_BORDER_CSV)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# --- the derived file --------------------------------------------------------------------


def test_columns_are_those_of_the_curated_file(border_rows: list[dict[str, str]]) -> None:
    header = GAZETTEER_BORDER_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert header == GAZETTEER_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert len(border_rows) >= 100
    assert len(read_curated(GAZETTEER_BORDER_CSV)) == len(border_rows)  # the app's parser accepts every row


def test_every_point_is_in_the_region_and_on_its_side_of_the_border(border_rows: list[dict[str, str]]) -> None:
    assert points_off_side(border_rows) == []


def test_a_wrong_coordinate_is_caught(border_rows: list[dict[str, str]]) -> None:
    jurm = next(r for r in border_rows if r["name"] == "Jurm")  # Afghan Badakhshan
    swapped = {**jurm, "lat": "37.91", "lon": "69.78"}  # Kulob, 60 km inside Tajikistan
    vose = next(r for r in border_rows if r["name"] == "Vose")
    outside = {**vose, "lat": "44.0"}
    assert [w.split(":")[0] for w in points_off_side([swapped, outside])] == ["Jurm", "Vose"]


def test_every_row_cites_the_source_of_its_point(border_rows: list[dict[str, str]]) -> None:
    for r in border_rows:
        assert "coords:" in r["note"] or "merged into it at load" in r["note"], r["name"]
        if r["kind"] == "district":
            assert r["geo_precision"] in ("2", "3") and r["radius_km"], r["name"]


def test_no_spelling_names_two_places_far_apart(border_rows: list[dict[str, str]]) -> None:
    owners: dict[str, list[dict[str, str]]] = {}
    for r in [*_rows(GAZETTEER_CSV), *border_rows]:
        for key in {normalise_name(n) for n in _names(r)}:
            owners.setdefault(key, []).append(r)
    far = []
    for key, rows in owners.items():
        for a in rows:
            for b in rows:
                km = GEOD.inv(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))[2] / 1000
                if km > SHARED_NAME_KM:
                    far.append(f"{key!r}: {a['name']} / {b['name']} ({km:.0f} km)")
    assert far == []


def test_required_places_and_spellings_are_present(border_rows: list[dict[str, str]]) -> None:
    known = {normalise_name(n) for r in [*_rows(GAZETTEER_CSV), *border_rows] for n in _names(r)}
    required = [n.strip() for n in REQUIRED.replace("\n", "").split("|") if n.strip()]
    assert [n for n in required if normalise_name(n) not in known] == []


def test_border_rows_named_like_curated_rows_only_add_spellings() -> None:
    hand, border = read_curated(GAZETTEER_CSV), read_curated(GAZETTEER_BORDER_CSV)
    merged = merge_curated(hand, border)
    kulob = next(p for p in merged if p.name == "Kulob")
    assert len([p for p in merged if p.name == "Kulob"]) == 1
    assert "Kulyab" in kulob.alt_names and "Kulyob" in kulob.alt_names
    assert len(merged) == len(hand) + sum(1 for p in border if p.name not in {h.name for h in hand})


# --- lookups through the transliteration key ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected", "country"),
    [
        ("Dzhilikul", "Dusti District", "Tajikistan"),
        ("Jilikŭl", "Dusti District", "Tajikistan"),
        ("Dousti district", "Dusti District", "Tajikistan"),
        ("Dousti", "Jayhun", "Tajikistan"),  # the town Dousti is Jayhun's seat, not in Dusti District
        ("Shamsiddin-Shokhin", "Shamsiddin Shohin", "Tajikistan"),
        ("Shamsiddin Shokhin district", "Shamsiddin Shohin", "Tajikistan"),
        ("Khwaja Bahawuddin", "Khwaja Bahauddin", "Afghanistan"),
        ("Khodja Bahauddin", "Khwaja Bahauddin", "Afghanistan"),
        ("Pyandzh", "Panj", "Tajikistan"),
        ("Pyandj district", "Panj", "Tajikistan"),
        ("Kumsangirsky", None, None),
        ("Moskovskiy", "Hamadoni", "Tajikistan"),
        ("Qalay-i-Zal", "Qala-i-Zal", "Afghanistan"),
        ("Qala-e-Zal", "Qala-i-Zal", "Afghanistan"),
        ("Dashti Qala", "Dasht-e Qala", "Afghanistan"),
        ("Darkad", "Darqad", "Afghanistan"),
        ("Yangi Qal’a", "Yangi Qala", "Afghanistan"),
        ("Shahri Buzurg", "Shahr-e Buzurg", "Afghanistan"),
        ("Kuran-o-Munjan", "Kuran wa Munjan", "Afghanistan"),
        ("Shebirghan", "Sheberghan", "Afghanistan"),
        ("Imam Saheb", "Imam Sahib", "Afghanistan"),
        ("Vandzh", "Vanj", "Tajikistan"),
        ("Kharb-Maydon", "Harbmaidon training ground", "Tajikistan"),
        ("Ayvadzh", "Aivaj frontier post", "Tajikistan"),
        ("Farkhar", "Farkhar", "Afghanistan"),
        ("Farkhor", "Farkhor", "Tajikistan"),
        ("Kulyob", "Kulob", "Tajikistan"),
        ("Termez–Hairatan bridge", "Afghanistan–Uzbekistan Friendship Bridge", "Afghanistan"),
    ],
)
def test_lookup_folds_transliterations(gaz: Gazetteer, query: str, expected: str | None, country: str | None) -> None:
    place = gaz.lookup(query)
    if expected is None:
        assert place is None or place.origin == "geonames"
        return
    assert place is not None and (place.name, place.country, place.origin) == (expected, country, "curated")


def test_find_in_text_spots_border_places(gaz: Gazetteer) -> None:
    text = ("Militants crossed near the Bahorak frontier post in Shamsiddin-Shokhin district, opposite "
            "Khwaja Bahawuddin, and drills went on at Kharb-Maidon.")
    found = [(text[s:e], p.name) for s, e, p in gaz.find_in_text(text)]
    assert ("Bahorak frontier post", "Bahorak frontier post") in found
    assert ("Kharb-Maidon", "Harbmaidon training ground") in found
    assert any(p == "Shamsiddin Shohin" for _, p in found)


# --- collisions of the transliteration key -----------------------------------------------

#: Distinct places more than SHARED_NAME_KM apart whose names share a transliteration key,
#: accepted because their exact spellings differ (exact matches are looked up first).
KNOWN_COLLISIONS = {
    frozenset({"Badakhshan", "Gorno-Badakhshan"}),  # Badakhshan / Badakhshon
    frozenset({"Farkhar", "Farkhor"}),  # Afghan Takhar / Tajik Khatlon
    frozenset({"Baharak", "Bahorak frontier post"}),  # Afghan Badakhshan / Tajik Khatlon
    frozenset({"Yawan", "Yovon"}),  # Afghan Badakhshan / Tajik Khatlon (Russian Yavan); exact spellings decide
}


def test_distinct_places_do_not_fold_together_beyond_the_known_pairs(gaz: Gazetteer) -> None:
    keys: dict[str, set[str]] = {}
    points = {p.name: p.point for p in gaz.curated}
    for place in gaz.curated:
        for name in (place.name, *place.alt_names):
            keys.setdefault(translit_key(name), set()).add(place.name)
    collisions = set()
    for names in keys.values():
        for a in names:
            for b in names:
                km = GEOD.inv(points[a].x, points[a].y, points[b].x, points[b].y)[2] / 1000
                if a < b and km > SHARED_NAME_KM:
                    collisions.add(frozenset({a, b}))
    assert collisions == KNOWN_COLLISIONS


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kulob", "Kalafgan"), ("Panj", "Vanj"), ("Darqad", "Darzab"), ("Dehdadi", "Darayim"), ("Khulm", "Kulob"),
     ("Jurm", "Zebak"), ("Aqcha", "Chah Ab"), ("Sayod", "Shahritus"), ("Ishkamish", "Ishkashim")],
)
def test_translit_key_keeps_distinct_border_names_apart(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)
