"""Place names and area phrases to places with geometry.

``geocode("Kulyab")`` returns the curated place (a Point, geo_precision 1);
area phrases such as "northern Afghanistan" or "the Afghan–Tajik border"
return polygons or lines derived from the offline basemap (never drawn by
hand) with geo_precision 3; unknown names raise :class:`PlaceNotFound` with
near matches. A fuzzy match is only ever a suggestion, never a hit.

Area phrases live in one table, :data:`AREA_PHRASES`: each row has the phrase
patterns (regular expressions over a normalised phrase, see
:func:`phrase_key`) and the function that derives its geometry. Distances are
in km and buffers are computed in EPSG:32642 (UTM 42N).

Example
-------
>>> geocode("Tajik-Afghan border").geometry.geom_type
'LineString'
>>> geocode("Kurgan-Tyube").name
'Bokhtar'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.model import CRS, METRIC_CRS
from geo.places.basemap import border_line, country_shape, shared_boundary
from geo.places.gazetteer import Place, country_name, load_gazetteer
from geo.places.textnorm import fold_word

#: Width of "provinces along the border" areas, km (about one province deep).
BORDER_PROVINCES_KM = 150.0
#: Width of "border areas" on both sides of the line, km.
BORDER_AREA_KM = 20.0
#: Width of "the Tajik/Afghan side of the border", km.
BORDER_SIDE_KM = 30.0
#: Longitude where the Vakhsh joins the Panj to form the Amu Darya (degrees E).
PANJ_VAKHSH_CONFLUENCE_LON = 68.3
#: Longitude of Qala-e Panja, where the Pamir and Wakhan rivers form the Panj (degrees E).
PANJ_SOURCE_LON = 72.6
#: Southern Afghanistan: south of this latitude (degrees N; Kandahar, Helmand, Zabul...).
SOUTHERN_AFGHANISTAN_MAX_LAT = 33.0
#: Southern Tajikistan ~ Khatlon: lon/lat box (west, south, east, north) cut from Tajikistan.
SOUTHERN_TAJIKISTAN_BOX = (67.3, 36.5, 70.45, 38.35)
#: The Wakhan corridor: lon/lat box cut from Afghanistan east of Ishkashim.
WAKHAN_BOX = (71.6, 36.4, 75.0, 37.6)


class PlaceNotFound(LookupError):
    """No place or area phrase matches ``name``; ``suggestions`` lists similar names."""

    def __init__(self, name: str, suggestions: list[str], where: str = "") -> None:
        self.name = name
        self.suggestions = suggestions
        scope = f" in {where}" if where else ""
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"place {name!r} not found{scope}{hint}")


def buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """``geom`` (EPSG:4326) buffered by ``km`` kilometres in UTM 42N, back in EPSG:4326."""
    series = gpd.GeoSeries([geom], crs=CRS).to_crs(METRIC_CRS).buffer(km * 1000)
    return series.to_crs(CRS).iloc[0]


def _afghan_northern_border() -> BaseGeometry:
    """Afghanistan's boundary with Tajikistan, Uzbekistan and Turkmenistan."""
    parts = [shared_boundary("AFG", iso3) for iso3 in ("TJK", "UZB", "TKM")]
    return shapely.line_merge(shapely.union_all(parts))


def _border_stretch(west: float, east: float) -> BaseGeometry:
    return shapely.line_merge(border_line().intersection(box(west, 30.0, east, 40.0)))


def _amu_darya() -> BaseGeometry:
    """The Afghan bank of the Amu Darya: below the Panj–Vakhsh confluence to Uzbekistan's end."""
    lower_tajik = _border_stretch(55.0, PANJ_VAKHSH_CONFLUENCE_LON)
    return shapely.line_merge(shapely.union_all([lower_tajik, shared_boundary("AFG", "UZB")]))


def _afghan_along(line: Callable[[], BaseGeometry], km: float) -> Callable[[], BaseGeometry]:
    return lambda: country_shape("AFG").intersection(buffer_km(line(), km))


def _tajik_along(km: float) -> Callable[[], BaseGeometry]:
    return lambda: country_shape("TJK").intersection(buffer_km(border_line(), km))


def _clip(iso3: str, bounds: tuple[float, float, float, float]) -> Callable[[], BaseGeometry]:
    return lambda: country_shape(iso3).intersection(box(*bounds))


@dataclass(frozen=True)
class AreaPhrase:
    """One area: its name, the phrases that mean it and how its geometry is derived."""

    name: str
    kind: str
    country: str  # the country an event placed here is coded to
    countries: tuple[str, ...]  # every country the area touches (for ``country=`` filters)
    patterns: tuple[str, ...]  # regular expressions, full match on :func:`phrase_key`
    derive: Callable[[], BaseGeometry]
    note: str


_A = r"(?:afghan|afghanistan)"
_T = r"(?:tajik|tajikistan)"
_AT = rf"(?:{_A} {_T}|{_T} {_A})"
_U = r"(?:uzbek|uzbekistan)"
_AU = rf"(?:{_A} {_U}|{_U} {_A})"
_K = r"(?:turkmen|turkmenistan)"
_AK = rf"(?:{_A} {_K}|{_K} {_A})"
_G = r"(?:kyrgyz|kyrgyzstan|kirghiz|kirgiz)"
_GT = rf"(?:{_G} {_T}|{_T} {_G})"
_ALONG = r"(?:along|bordering|near|adjacent to|next to|on|at)"
_AREAS = r"(?:areas?|regions?|zones?|districts?|territor(?:y|ies)|lands?)"
_AFG_TJK = ("Afghanistan", "Tajikistan")

#: Every area phrase the geocoder knows, most specific first.
AREA_PHRASES: tuple[AreaPhrase, ...] = (
    AreaPhrase(
        "Northern Afghan border provinces", "region", "Afghanistan", ("Afghanistan",),
        (
            rf"{_AT} and {_A} (?:turkmen|turkmenistan|uzbek|uzbekistan) borders?",
            rf"{_A} (?:turkmen|uzbek) and {_A} {_T} borders?",
            rf"{_A} provinces {_ALONG} (?:its |their )?northern borders?",
            rf"{_A} northern borders?(?: {_AREAS})?|northern borders? {_A}",
            rf"northern {_A} border (?:provinces|{_AREAS})",
        ),
        _afghan_along(_afghan_northern_border, BORDER_PROVINCES_KM),
        f"Afghanistan within {BORDER_PROVINCES_KM:g} km of its borders with Tajikistan, "
        "Uzbekistan and Turkmenistan",
    ),
    AreaPhrase(
        "Afghan–Tajik border area", "border", "Tajikistan", _AFG_TJK,
        (
            rf"border {_AREAS} between {_A} and {_T}|border {_AREAS} between {_T} and {_A}",
            rf"{_AT} border {_AREAS}|{_AT} frontier {_AREAS}",
        ),
        lambda: buffer_km(border_line(), BORDER_AREA_KM),
        f"both sides of the Afghan–Tajik border, {BORDER_AREA_KM:g} km deep",
    ),
    AreaPhrase(
        "Afghan–Tajik border", "border", "Tajikistan", _AFG_TJK,
        (
            rf"{_AT} (?:state )?(?:border|frontier|boundary)(?: line)?",
            rf"border between {_A} and {_T}|border between {_T} and {_A}",
            rf"{_T} border with {_A}|{_A} border with {_T}",
        ),
        border_line,
        "the whole Afghanistan–Tajikistan boundary line (Natural Earth 1:10m)",
    ),
    AreaPhrase(
        "Afghan–Uzbek border", "border", "Afghanistan", ("Afghanistan", "Uzbekistan"),
        (
            rf"{_AU} (?:state )?(?:border|frontier|boundary)(?: line| {_AREAS})?",
            rf"border (?:{_AREAS} )?between {_A} and {_U}|border (?:{_AREAS} )?between {_U} and {_A}",
            rf"{_U} border with {_A}|{_A} border with {_U}|{_A} side {_U} border",
        ),
        lambda: shared_boundary("AFG", "UZB"),
        "the Afghanistan–Uzbekistan boundary line along the Amu Darya (Natural Earth 1:10m)",
    ),
    AreaPhrase(
        "Afghan–Turkmen border", "border", "Afghanistan", ("Afghanistan", "Turkmenistan"),
        (
            rf"{_AK} (?:state )?(?:border|frontier|boundary)(?: line| {_AREAS})?",
            rf"border (?:{_AREAS} )?between {_A} and {_K}|border (?:{_AREAS} )?between {_K} and {_A}",
            rf"{_K} border with {_A}|{_A} border with {_K}|{_A} side {_K} border",
        ),
        lambda: shared_boundary("AFG", "TKM"),
        "the Afghanistan–Turkmenistan boundary line (Natural Earth 1:10m)",
    ),
    AreaPhrase(
        "Kyrgyz–Tajik border", "border", "Tajikistan", ("Kyrgyzstan", "Tajikistan"),
        (
            rf"{_GT} (?:state )?(?:border|frontier|boundary)(?: line| {_AREAS})?",
            rf"border (?:{_AREAS} )?between {_G} and {_T}|border (?:{_AREAS} )?between {_T} and {_G}",
            rf"{_G} border with {_T}|{_T} border with {_G}",
        ),
        lambda: shared_boundary("KGZ", "TJK"),
        "the Kyrgyzstan–Tajikistan boundary line, Batken and Sughd (Natural Earth 1:10m)",
    ),
    AreaPhrase(
        "Panj River", "border", "Tajikistan", _AFG_TJK,
        (r"(?:panj|pyanj|pyandzh|pyandj) river|river (?:panj|pyanj|pyandzh)",),
        lambda: _border_stretch(PANJ_VAKHSH_CONFLUENCE_LON, PANJ_SOURCE_LON),
        "the border line from Qala-e Panja down to the Vakhsh confluence",
    ),
    AreaPhrase(
        "Amu Darya", "border", "Afghanistan", ("Afghanistan", "Tajikistan", "Uzbekistan"),
        (r"amu ?darya(?: river)?|amu river|oxus(?: river)?",),
        _amu_darya,
        "Afghanistan's river border below the Panj–Vakhsh confluence (Tajik and Uzbek stretches)",
    ),
    AreaPhrase(
        "Tajik side of the Afghan border", "border", "Tajikistan", ("Tajikistan",),
        (
            rf"{_T} side(?: {_A})?(?: border)?|border with {_A}|{_T} border {_AREAS}",
            rf"{_T} {_AREAS} {_ALONG} (?:border with )?{_A}(?: border)?",
        ),
        _tajik_along(BORDER_SIDE_KM),
        f"Tajikistan within {BORDER_SIDE_KM:g} km of the Afghan border",
    ),
    AreaPhrase(
        "Afghan side of the Tajik border", "border", "Afghanistan", ("Afghanistan",),
        (rf"{_A} side(?: {_T})?(?: border)?|border with {_T}|{_A} border {_AREAS}",),
        _afghan_along(border_line, BORDER_SIDE_KM),
        f"Afghanistan within {BORDER_SIDE_KM:g} km of the Tajik border",
    ),
    AreaPhrase(
        "Afghan provinces along the Tajik border", "region", "Afghanistan", ("Afghanistan",),
        (
            rf"(?:northern )?{_A} (?:provinces|{_AREAS}) {_ALONG} (?:{_T}|{_T} border|border with {_T})",
            rf"northern {_A} {_ALONG} (?:{_T}|{_T} border|border with {_T})",
        ),
        _afghan_along(border_line, BORDER_PROVINCES_KM),
        f"Afghanistan within {BORDER_PROVINCES_KM:g} km of the Tajik border",
    ),
    AreaPhrase(
        "Northern Afghanistan", "region", "Afghanistan", ("Afghanistan",),
        (rf"(?:northern|north) {_A}(?: provinces)?|{_A} north|north {_A}",),
        _afghan_along(border_line, BORDER_PROVINCES_KM),
        f"Afghanistan within {BORDER_PROVINCES_KM:g} km of the Tajik border",
    ),
    AreaPhrase(
        "Southern Afghanistan", "region", "Afghanistan", ("Afghanistan",),
        (rf"(?:southern|south) {_A}(?: provinces)?|{_A} south|south {_A}",),
        _clip("AFG", (55.0, 25.0, 80.0, SOUTHERN_AFGHANISTAN_MAX_LAT)),
        f"Afghanistan south of {SOUTHERN_AFGHANISTAN_MAX_LAT:g}°N",
    ),
    AreaPhrase(
        "Southern Tajikistan", "region", "Tajikistan", ("Tajikistan",),
        (rf"(?:southern|south) {_T}(?: regions?| provinces?)?|{_T} south|south {_T}",),
        _clip("TJK", SOUTHERN_TAJIKISTAN_BOX),
        "south-western Tajikistan, roughly Khatlon region",
    ),
    AreaPhrase(
        "Wakhan Corridor", "region", "Afghanistan", ("Afghanistan",),
        (r"(?:wakhan|vakhan)(?: corridor| district| valley)?",),
        _clip("AFG", WAKHAN_BOX),
        "Afghanistan east of Ishkashim between Tajikistan and Pakistan",
    ),
    AreaPhrase(
        "Afghanistan", "country", "Afghanistan", ("Afghanistan",),
        (rf"{_A}|{_A} (?:territory|soil)|islamic (?:emirate|republic) {_A}",),
        lambda: country_shape("AFG"),
        "the country outline (Natural Earth 1:10m)",
    ),
    AreaPhrase(
        "Tajikistan", "country", "Tajikistan", ("Tajikistan",),
        (rf"{_T}|{_T} (?:territory|soil)|republic {_T}",),
        lambda: country_shape("TJK"),
        "the country outline (Natural Earth 1:10m)",
    ),
    AreaPhrase(
        "Kyrgyzstan", "country", "Kyrgyzstan", ("Kyrgyzstan",),
        (r"kyrgyzstan|kyrgyz republic|kirgizia|kyrgyz (?:territory|soil)",),
        lambda: country_shape("KGZ"),
        "the country outline (Natural Earth 1:10m)",
    ),
)
_COMPILED = tuple(re.compile("|".join(f"(?:{p})" for p in a.patterns)) for a in AREA_PHRASES)
_FILLER = frozenset({"the", "of", "s", "a"})
_LEADING = frozenset(
    {"in", "on", "along", "at", "near", "around", "across", "within", "inside", "from", "to", "into"}
)


def phrase_key(text: str) -> str:
    """A phrase folded for area matching: ``"Along the Afghan–Tajik border"`` -> ``"afghan tajik border"``."""
    text = re.sub(r"['’ʼ]s\b", "", text)  # possessive: "Tajikistan's border"
    words = [fold_word(w) for w in re.findall(r"[^\W_]+", text)]
    words = [w for w in words if w not in _FILLER]
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    return " ".join(words)


@cache
def _area_place(index: int) -> Place:
    area = AREA_PHRASES[index]
    return Place(
        name=area.name,
        kind=area.kind,
        country=area.country,
        geometry=area.derive(),
        geo_precision=3,
        origin="derived",
        note=area.note,
    )


def match_area(phrase: str, *, country: str | None = None) -> Place | None:
    """The derived area (geo_precision 3) for a phrase such as "northern Afghanistan", or None."""
    key = phrase_key(phrase)
    wanted = country_name(country) if country else None
    for index, pattern in enumerate(_COMPILED):
        if pattern.fullmatch(key) and (wanted is None or wanted in AREA_PHRASES[index].countries):
            return _area_place(index)
    return None


def geocode(name: str, *, country: str | None = None) -> Place:
    """Resolve a place name or area phrase to a :class:`~geo.places.gazetteer.Place`.

    Area phrases come first (polygons/lines, geo_precision 3), then curated
    names with their alternate spellings, then GeoNames. ``country`` (name or
    ISO code) restricts the answer. Raises :class:`PlaceNotFound` with
    suggestions when nothing matches exactly or by transliteration, and
    ``ValueError`` for an unknown ``country``.
    """
    if not isinstance(name, str) or not name.strip():
        raise PlaceNotFound(str(name or "").strip(), [], where=country or "")
    area = match_area(name, country=country)
    if area is not None:
        return area
    gazetteer = load_gazetteer()
    place = gazetteer.lookup(name, country=country)
    if place is not None:
        return place
    where = country_name(country) if country else ""
    raise PlaceNotFound(name.strip(), gazetteer.suggestions(name), where=where)


def geocode_or_none(name: str, *, country: str | None = None) -> Place | None:
    """:func:`geocode` that returns None instead of raising :class:`PlaceNotFound`."""
    try:
        return geocode(name, country=country)
    except PlaceNotFound:
        return None


def area_geometry(place: Place) -> BaseGeometry:
    """The place's geometry, a point standing for an area widened to its radius.

    Provinces, districts and regions in the curated gazetteer are points with
    ``radius_km``; an event placed there covers an area, so the point becomes a
    circle of that radius (km, buffered in UTM 42N). Other geometries are
    returned unchanged.
    """
    if place.geometry.geom_type == "Point" and place.geo_precision >= 2 and place.radius_km:
        return buffer_km(place.geometry, place.radius_km)
    return place.geometry
