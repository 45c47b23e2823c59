"""The curated gazetteer, its GeoNames fallback, name normalisation and text spotting."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import Point

from geo.model import CRS, METRIC_CRS
from geo.paths import GAZETTEER_CSV
from geo.places.basemap import country_shape
from geo.places.gazetteer import (
    KINDS,
    Gazetteer,
    country_name,
    geonames_csv,
    load_gazetteer,
    read_curated,
)
from geo.places.textnorm import normalise_name, strip_generic_words, translit_key
from tests.conftest import SEEDS

GEOD = Geod(ellps="WGS84")
ISO2 = {"Afghanistan": "AF", "Tajikistan": "TJ", "Uzbekistan": "UZ", "Kyrgyzstan": "KG",
        "Russia": "RU"}
ISO3 = {"Afghanistan": "AFG", "Tajikistan": "TJK", "Uzbekistan": "UZB", "Kyrgyzstan": "KGZ"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _geonames_by_name() -> dict[tuple[str, str], list[tuple[float, float]]]:
    index: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with geonames_csv().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = (normalise_name(row["name"]), row["cc"])
            index.setdefault(key, []).append((float(row["lon"]), float(row["lat"])))
    return index


# --- normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mazar-i-Sharif", "mazar e sharif"),
        ("Qal’ai Khumb", "Qalai Khumb"),
        ("Qalʼai-Khumb", "qal'ai khumb"),
        ("Kurgan-Tyube", "kurgan tyube"),
        ("Rŭshon", "Rushon"),
        ("St. Petersburg", "Saint Petersburg"),
        ("the Wakhan", "Wakhan"),
    ],
)
def test_exact_key_folds_case_diacritics_apostrophes_hyphens(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kulyab", "Kuliab"),
        ("Kulyab", "Kulob"),
        ("Mazari Sharif", "Mazar-e Sharif"),
        ("Panji Poyon", "Panj Poyon"),
        ("Qurghonteppa", "Qurghontepa"),
        ("Khorugh", "Xorugh"),
        ("Jamoat", "Jamaat"),
        ("Jamiat", "Jamaat"),
        ("Qunduz", "Kunduz"),
        ("Shughnan", "Shugnon"),
    ],
)
def test_translit_key_folds_romanisation_variants(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize(("a", "b"), [("Kulob", "Kunduz"), ("Kulyabb", "Kulyab"), ("Panj", "Vanj")])
def test_translit_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


def test_generic_words_are_stripped_only_at_the_edges() -> None:
    assert strip_generic_words("Panj district") == "panj"
    assert strip_generic_words("Jamoat Panj") == "panj"
    assert strip_generic_words("Districts of Republican Subordination") != ""
    assert strip_generic_words("district") == ""


# --- the curated file ------------------------------------------------------------------


def test_every_curated_row_is_complete_and_has_alternate_spellings() -> None:
    places = read_curated()
    assert len(places) >= 70
    for place in places:
        assert place.kind in KINDS, place.name
        assert place.alt_names, f"{place.name} has no alternate spelling"
        if place.kind in ("admin1", "region", "country"):
            assert place.geo_precision == 3 and place.radius_km, place.name


def test_required_places_are_curated() -> None:
    names = {p.name for p in read_curated()}
    required = {
        "Khatlon", "Gorno-Badakhshan", "Districts of Republican Subordination", "Sughd",
        "Shahritus", "Qubodiyon", "Jaloliddini Balkhi", "Jayhun", "Panj", "Farkhor", "Hamadoni",
        "Shamsiddin Shohin", "Darvoz", "Vanj", "Rushon", "Shughnon", "Ishkoshim", "Murghob",
        "Badakhshan", "Takhar", "Kunduz Province", "Balkh", "Jowzjan", "Faryab", "Baghlan",
        "Samangan", "Kabul Province", "Zabul", "Nangarhar", "Kunar", "Herat Province",
        "Panji Poyon", "Sher Khan Bandar", "Ishkashim (Afghanistan)", "Khorog", "Qalai Khumb",
        "Kulob", "Bokhtar", "Vahdat", "Dushanbe", "Kabul", "Mazar-i-Sharif", "Kunduz",
        "Faizabad", "Taloqan", "Imam Sahib", "Hairatan", "Termez", "Rustaq", "Qalat", "Khwahan",
        "Shurobod", "Bishkek", "Moscow", "Saint Petersburg", "Tashkent", "Ayni Air Base",
        "Kant Air Base", "201st Military Base (Dushanbe)", "201st Military Base (Kulob)",
        "201st Military Base (Bokhtar)", "Russian Embassy in Kabul", "Fergana Valley", "Wakhan",
    }
    assert required <= names, sorted(required - names)


def test_no_spelling_points_at_two_curated_places() -> None:
    owner: dict[str, str] = {}
    for place in read_curated():
        for name in {normalise_name(n) for n in (place.name, *place.alt_names)}:
            assert owner.setdefault(name, place.name) == place.name, (
                f"{name!r} names both {owner[name]} and {place.name}"
            )


def test_curated_places_agree_with_geonames() -> None:
    """A curated place whose name or alias is in GeoNames (same country) is within 10 km
    of the nearest namesake (homonyms exist: there are three Fayzabads in Afghanistan)."""
    geonames = _geonames_by_name()
    checked = []
    for place in read_curated():
        if place.kind not in ("town", "crossing", "district", "base") or place.country not in ISO2:
            continue
        spots = [
            spot
            for name in (place.name, *place.alt_names)
            for spot in geonames.get((normalise_name(name), ISO2[place.country]), [])
        ]
        if not spots:
            continue
        km = min(GEOD.inv(place.point.x, place.point.y, lon, lat)[2] for lon, lat in spots) / 1000
        assert km < 10, f"{place.name}: nearest GeoNames namesake is {km:.1f} km away"
        checked.append(place.name)
    assert len(checked) >= 30, checked


def test_curated_points_lie_in_their_country() -> None:
    for place in read_curated():
        if place.country in ISO3 and place.kind not in ("country", "border"):
            shape = country_shape(ISO3[place.country])
            # 3 km slack: river-bank towns and 1:10m borders.
            assert shape.distance(place.point) < 0.03, f"{place.name} is outside {place.country}"


def test_crossings_lie_on_the_afghan_border() -> None:
    afghan_edge = gpd.GeoSeries([country_shape("AFG").boundary], crs=CRS).to_crs(METRIC_CRS)
    crossings = [p for p in read_curated() if p.kind == "crossing"]
    assert len(crossings) >= 4
    for place in crossings:
        point = gpd.GeoSeries([place.point], crs=CRS).to_crs(METRIC_CRS)
        km = afghan_edge.distance(point.iloc[0]).iloc[0] / 1000
        assert km < 6, f"{place.name} is {km:.1f} km from the Afghan border"


def test_bad_curated_row_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "gazetteer.csv"
    header = GAZETTEER_CSV.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(
        f"{header}\nKulob,Kulyab,town,Tajikistan,Khatlon,37.9,69.8,1,,\n"
        "Nowhere,Nowher,town,Tajikistan,,95.2,69.8,1,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"gazetteer.csv line 3: lat 95.2"):
        read_curated(bad)
    bad.write_text(f"{header}\nKulob,,village,Tajikistan,,37.9,69.8,1,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'village' is not one of"):
        read_curated(bad)


# --- lookups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KULYAB", "Kulob"),
        ("Kuliab", "Kulob"),  # transliteration key only
        ("Kurgan-Tube", "Bokhtar"),
        ("Mazari Sharif", "Mazar-i-Sharif"),
        ("Kulob city", "Kulob"),  # generic word ignored
        ("Jamoat Panj", "Panj"),
        ("Ishkashim (Afghanistan)", "Ishkashim (Afghanistan)"),
        ("Badakhshon", "Gorno-Badakhshan"),
        ("Badakhshan", "Badakhshan"),
    ],
)
def test_lookup_finds_curated_spellings(gaz: Gazetteer, query: str, expected: str) -> None:
    place = gaz.lookup(query)
    assert place is not None and place.name == expected and place.origin == "curated"


def test_lookup_falls_back_to_geonames_preferring_afghanistan_and_tajikistan(gaz: Gazetteer) -> None:
    paghman = gaz.lookup("Paghman")
    assert paghman is not None and paghman.origin == "geonames" and paghman.country == "Afghanistan"
    # "Farkhar" (Takhar, Afghanistan) is a different place from Farkhor (Khatlon, Tajikistan):
    # a GeoNames exact name beats a curated transliteration match.
    # (Farkhar is also a district of the border gazetteer, data/gazetteer_border.csv.)
    farkhar = gaz.lookup("Farkhar")
    assert farkhar is not None and farkhar.country == "Afghanistan" and farkhar.name == "Farkhar"
    # Fayzabad exists in three Afghan provinces and in India: an Afghan one wins.
    assert gaz.lookup("Kurgan") is not None  # a Russian city: neighbours are fallbacks too


def test_lookup_by_country(gaz: Gazetteer) -> None:
    assert gaz.lookup("Ishkashim").country == "Tajikistan"  # type: ignore[union-attr]
    afghan = gaz.lookup("Ishkashim", country="AFG")
    assert afghan is not None and afghan.name == "Ishkashim (Afghanistan)"
    assert gaz.lookup("Kulob", country="Afghanistan") is None
    with pytest.raises(ValueError, match="unknown country 'Narnia'"):
        gaz.lookup("Kulob", country="Narnia")


@pytest.mark.parametrize("query", ["", "   ", "Xanadu", "Kulyabb"])
def test_lookup_misses_return_none(gaz: Gazetteer, query: str) -> None:
    assert gaz.lookup(query) is None


def test_country_name_accepts_names_and_codes() -> None:
    assert country_name("tj") == country_name("TJK") == country_name("tajikistan") == "Tajikistan"


def test_search_puts_the_exact_hit_first(gaz: Gazetteer) -> None:
    results = gaz.search("Kurgan-Tyube")
    assert results[0].name == "Bokhtar"
    assert gaz.search("Kul")[0].name == "Kulob"
    assert len(gaz.search("Panj", limit=3)) == 3
    assert gaz.search("") == []


def test_suggestions_are_similar_names_only(gaz: Gazetteer) -> None:
    assert gaz.suggestions("Kulyabb")[0] == "Kulob"
    assert gaz.suggestions("Shartoosh")[0] == "Shahritus"
    assert gaz.suggestions("Xanadu") == []


# --- finding names in text ---------------------------------------------------------------


def test_find_in_text_spans_are_exact_and_longest_wins(gaz: Gazetteer) -> None:
    text = (
        "Clashes near Kulyab and in Khorugh; later the Panji Poyon bridge closed. "
        "Troops of the 201st Russian military base moved from Qal’ai Khumb to Mazar-i-Sharif "
        "and St. Petersburg, across the Tajik-Afghan border."
    )
    spans = gaz.find_in_text(text)
    found = [(text[s:e], p.name) for s, e, p in spans]
    assert found == [
        ("Kulyab", "Kulob"),
        ("Khorugh", "Khorog"),
        ("Panji Poyon bridge", "Panji Poyon"),
        ("201st Russian military base", "201st Military Base (Dushanbe)"),
        ("Qal’ai Khumb", "Qalai Khumb"),
        ("Mazar-i-Sharif", "Mazar-i-Sharif"),
        ("St. Petersburg", "Saint Petersburg"),
        ("Tajik-Afghan border", "Afghan–Tajik border"),
    ]
    for start, end, place in spans:
        written = normalise_name(text[start:end])
        assert written in {normalise_name(n) for n in (place.name, *place.alt_names)}


def test_find_in_text_respects_word_boundaries_and_case(gaz: Gazetteer) -> None:
    text = "Kulobistan, Panjshir and Vanjaram are not places here; nor is the kabul river lowercase."
    assert gaz.find_in_text(text) == []
    possessive = "Tajikistan’s army moved to Kunduz's edge."
    assert [possessive[s:e] for s, e, _ in gaz.find_in_text(possessive)] == ["Tajikistan", "Kunduz"]


def test_geonames_names_only_when_capitalised_regional_and_not_common_words(
    gaz: Gazetteer,
) -> None:
    text = "In March, Mary and Hamza left Shahriston for Lahore, Kurgan and shahriston."
    found = [(text[s:e], p.origin, p.country) for s, e, p in gaz.find_in_text(text)]
    # Lahore (Pakistan) and Kurgan (Russia) are outside the five Central Asian countries.
    assert found == [("Shahriston", "geonames", "Tajikistan")]


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
def test_find_in_text_on_seed_articles_is_fast_and_finds_known_places(gaz: Gazetteer) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert texts, f"no seed articles under {SEEDS}"
    names = {p.name for t in texts for _, _, p in gaz.find_in_text(t)}
    assert {"Dushanbe", "Tajikistan", "Afghanistan", "Bishkek", "Zabul"} <= names
    started = time.perf_counter()
    gaz.find_in_text(" ".join(texts) * 10)  # ~170,000 characters
    assert time.perf_counter() - started < 2.0


def test_place_point_of_an_area_is_inside_it() -> None:
    from geo.places import Place

    square = Point(69.0, 37.0).buffer(0.5)
    area = Place(name="x", kind="region", country="Tajikistan", geometry=square, geo_precision=3)
    assert square.contains(area.point)
    assert area.label == "x (Tajikistan)"
