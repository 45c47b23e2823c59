"""The curated gazetteer and its GeoNames fallback."""

from __future__ import annotations

import csv

from pyproj import Geod

from geo.gazetteer import geonames_csv, load_gazetteer, normalise_name, translit_key
from geo.paths import GAZETTEER_CSV


def test_normalisation_folds_spelling_variants() -> None:
    assert normalise_name("Mazar-i-Sharif") == normalise_name("Mazar e Sharif")
    assert normalise_name("Qal’ai Khumb") == normalise_name("Qalai Khumb")
    assert translit_key("Kulyab") == translit_key("Kuliab")


def test_curated_towns_agree_with_geonames() -> None:
    """A curated town also in GeoNames (same name, same country) is within 10 km of it."""
    geod = Geod(ellps="WGS84")
    gaz = load_gazetteer()
    by_name = {}
    with geonames_csv().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] in ("AF", "TJ"):
                by_name.setdefault((normalise_name(row["name"]), row["cc"]), []).append(row)
    codes = {"Afghanistan": "AF", "Tajikistan": "TJ"}
    checked = 0
    for place in gaz.curated:
        if place.kind not in ("town", "crossing") or place.country not in codes:
            continue
        rows = [
            r
            for name in (place.name, *place.alt_names)
            for r in by_name.get((normalise_name(name), codes[place.country]), [])
        ]
        if rows:  # homonyms exist (several Fayzabads): compare with the nearest
            m = min(
                geod.inv(place.point.x, place.point.y, float(r["lon"]), float(r["lat"]))[2]
                for r in rows
            )
            assert m < 10_000, f"{place.name} vs GeoNames: nearest namesake {m / 1000:.1f} km"
            checked += 1
    assert checked >= 15


def test_every_curated_row_is_complete() -> None:
    with GAZETTEER_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 60
    for row in rows:
        assert row["name"] and row["kind"] and row["country"], row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        assert row["geo_precision"] in ("1", "2", "3")


def test_find_in_text_spans_are_exact() -> None:
    text = "Clashes near Kulyab and in Khorugh; later the Panji Poyon bridge closed."
    spans = load_gazetteer().find_in_text(text)
    found = {place.name: text[s:e] for s, e, place in spans}
    assert found["Kulob"] == "Kulyab"
    assert found["Khorog"] == "Khorugh"
    assert found["Panji Poyon"] == "Panji Poyon bridge"  # longest alias wins


def test_search_ranks_exact_first() -> None:
    results = load_gazetteer().search("Kurgan-Tyube")
    assert results[0].name == "Bokhtar"
