"""Places in news sentences and the place an event happened at.

:func:`find_places` spots names with the gazetteer and area phrases ("the
border areas between Afghanistan and Tajikistan", "southern Afghanistan") with
:func:`geo.places.geocode.match_area`, resolves "the border between the two
countries" and a bare "the border" from what the article named before
(:class:`PlaceMemory`), and marks names used as actors ("Moscow signed",
"the representative of Dushanbe") so they are never chosen as an event's place.
:func:`choose_place` scores the places of a sentence for one event mention:
a locative preposition ("in", "near", "on the border"), being in the mention's
segment, closeness to the trigger and specificity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from geo.extraction.dedupe import distance_km
from geo.places import AREA_PHRASES, Place, geocode_or_none, load_gazetteer, match_area

#: Prepositions that put an event at a place, with their weight ("from" is an origin, weaker).
LOCATIVE = {
    "in": 4.0, "near": 4.0, "at": 4.0, "on": 3.5, "along": 4.0, "around": 3.5, "across": 3.0, "inside": 4.0,
    "within": 3.5, "outside": 3.0, "into": 4.0, "bordering": 2.5, "to": 1.5, "from": 2.0, "of": 0.5,
    "over": 2.0, "towards": 2.0, "toward": 2.0, "between": 2.0, "front": 4.0, "outskirts": 4.0, "vicinity": 4.0,
    "close": 3.5, "off": 3.0, "district of": 3.5, "village of": 4.0, "town of": 4.0, "city of": 4.0,
    "province of": 3.0, "region of": 3.0, "area of": 4.0, "patrolled by": 4.0, "responsibility of": 4.0,
    "crossed": 3.5,
    # the object of a verb of taking or striking is where it happened ("overran Ishkashim district")
    "captured": 3.5, "seized": 3.5, "overran": 3.5, "attacked": 3.0, "shelled": 3.5, "stormed": 3.5,
    "entered": 3.0, "recaptured": 3.5, "retook": 3.5, "bombed": 3.5, "hit": 2.5, "struck": 2.5, "targeted": 2.5,
}
#: Text between a place and a later one that contains it ("Imam Sahib district of Kunduz province",
#: "Farkhor, Khatlon", "the village of X in Y district"): the later one only says where the first lies.
NESTED_IN = re.compile(r"\s*(?:district|village|town|city|area|county|municipality|region|province|jamoat|"
                       r"border (?:post|outpost|detachment|unit))?\s*(?:,|\bin\b|\bof\b)\s*(?:the\s+)?"
                       r"(?:neighbou?ring\s+|northern\s+|southern\s+|eastern\s+|western\s+|north-?eastern\s+|"
                       r"north-?western\s+|south-?eastern\s+|south-?western\s+)?$", re.IGNORECASE)
#: Words before a capital or country that make it a party to an agreement or talks ("signed with Dushanbe").
PARTY_LEAD = re.compile(r"\b(?:with|between)\s+$", re.IGNORECASE)
#: Verbs after a place name that make it an actor ("Moscow signed", "Dushanbe says").
ACTOR_VERBS = re.compile(
    r"\s*(?:,\s*)?(?:says|said|signed|announced|began|will|would|could|can|claims|claimed|"
    r"warned|supports|supported|sought|seeks|needs|needed|moved|modernized|modernised|sent|deployed|launched|"
    r"accused|called|urged|agreed|started|continues|decided|wants|plans|hopes|denied|rejected|insists|"
    r"stated|and \w+ (?:signed|agreed))\b", re.IGNORECASE)
#: Words before "of <place>" that make the place part of an organisation or a title.
OWNER_OF = re.compile(
    r"\b(?:representatives?|presidents?|governments?|leaders?|minister|ministry|committee|council|service|agency|"
    r"office|organi[sz]ation|affairs|commissioner|republic|embassy|ambassador|citizens?|people|son|members?|"
    r"official|officials|army|forces|interests|security|influence|states|shift|focus|friends?|"
    r"population|independence|president)\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE_OK = re.compile(r"[’']s\s+(?:capital|border|borders|territory|provinces?|regions?|north|south|east|west|"
                            r"section|sector|area|zone|stretch|"
                            r"northern|southern|eastern|western|side|soil|city|town|district)\b", re.IGNORECASE)
_TWO_COUNTRIES = re.compile(r"\b(?:the\s+)?(?:border|frontier)s?\s+between\s+the\s+two\s+countries\b", re.IGNORECASE)
_BARE_BORDER = re.compile(r"\bthe\s+border\b(?!\s+(?:with|between|of|troops|guards|forces|areas?|agenc|defen|"
                          r"police|service|posts?|regions?))", re.IGNORECASE)
_BASE_PHRASE = re.compile(r"\b(?P<owner>Russian|Russia[’']s|its|their)\s+(?:(?P<arm>military|air)\s+)?bases?\s+"
                          r"in\s+(?P<where>[A-Z][\w-]+)")
_WORD = re.compile(r"[\w’'-]+")
#: A local name the gazetteer lacks, just before the place it lies in ("the Dawong area of ...").
_LOCAL_NAME = re.compile(r"\b(?P<name>[A-Z][a-z’'-]{2,}(?:\s+[A-Z][a-z’'-]{2,})?)\s+(?:area|village|locality|valley|"
                         r"gorge)\s+(?:of|in)\s+(?:the\s+)?$")
#: "the district", "the province" with no name: the one the article named last.
ANAPHOR_KINDS = {"district": "district", "province": "admin1"}
_ANAPHOR = re.compile(r"\b[Tt]he\s+(district|province)\b(?!\s+(?:of|centre|center|capital|governor|chief|police|"
                      r"council|headquarters)\b)(?!\s*[’']s)")
#: A distance and bearing before a name: the name is a reference point, not the place ("60 km north of X").
REFERENCE_POINT = re.compile(r"\b\d[\d,.]*\s*(?:km|kilomet(?:er|re)s?|miles?)\s+(?:\([^()]{0,20}\)\s+)?"
                             r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:of\s+)?(?:the\s+)?"
                             r"(?:\w+\s*,?\s+){0,2}$", re.IGNORECASE)
#: A place this close to a border line (or river) it is named with lies "on" that border, km.
BORDER_REACH_KM = 60.0
#: Kinds of place that only say roughly where something happened.
COARSE_KINDS = frozenset({"border", "country", "admin1", "area", "region", "river"})
_AREA_MAX_WORDS = 9
#: Words that occur in the geocoder's area patterns: an area phrase starts and ends with one.
_AREA_VOCABULARY = frozenset(re.findall(r"[a-z]+", " ".join(p for area in AREA_PHRASES for p in area.patterns)))
#: Nationality adjectives that are not places on their own ("Afghan officials").
NATIONALITY_WORDS = frozenset({"afghan", "tajik", "uzbek", "turkmen", "kyrgyz", "russian", "pakistani", "iranian"})
_DATELINE = re.compile(r"(?:^|\n)\s*$")
_AGENCY_AFTER = re.compile(r"\s*\((?:[A-Z][\w.-]*\s?){1,3}\)")
_SKIP_FIRST = frozenset({"in", "on", "at", "near", "the", "of", "along", "around", "across", "from", "to", "into",
                         "within", "inside", "and", "a", "an", "s"})
#: Owner adjectives for military-base phrases ("its base" after "Russia" -> "Russian").
OWNER_ADJECTIVES = {"russia": "Russian", "russian": "Russian", "russia’s": "Russian", "russia's": "Russian"}


@dataclass(frozen=True)
class PlaceMention:
    """A place named in text; ``actor`` marks a name used for a government or party."""

    start: int
    end: int
    place: Place
    text: str
    actor: bool = False
    inferred: bool = False  # resolved from earlier text ("the two countries", "the border")


@dataclass
class PlaceMemory:
    """Places named so far in an article (countries in order, the last border stretch)."""

    countries: list[str] = field(default_factory=list)
    border: PlaceMention | None = None
    last_of_kind: dict[str, PlaceMention] = field(default_factory=dict)  # "district", "admin1"
    #: Local names the gazetteer lacks, with the place the text put them in ("the Dawong area of X district").
    local_names: dict[str, Place] = field(default_factory=dict)

    def remember(self, mentions: list[PlaceMention]) -> None:
        """Record the countries, border areas, districts and provinces of a sentence, in order."""
        for m in mentions:
            if m.place.kind in ANAPHOR_KINDS.values() and not m.actor and not m.inferred:
                self.last_of_kind[m.place.kind] = m
            inside = [p for _, _, p in load_gazetteer().find_in_text(m.text)] if m.place.origin == "derived" else []
            for place in [*inside, m.place]:
                if place.kind == "country" and place.name not in self.countries[-1:]:
                    self.countries.append(place.name)
            if m.place.kind == "border" and not m.inferred:
                self.border = m


def _with_area_geometry(place: Place, text: str) -> Place:
    """Countries, regions and borders as derived areas (polygons/lines) when the geocoder knows them."""
    if place.kind in ("country", "border", "region"):
        area = geocode_or_none(text) or geocode_or_none(place.name)
        if area is not None and area.origin == "derived":
            return area
    return place


def _area_spans(text: str, start: int, end: int) -> list[tuple[int, int, Place]]:
    words = list(_WORD.finditer(text, start, end))
    found: list[tuple[int, int, Place]] = []
    i = 0
    while i < len(words):
        if words[i].group().lower() in _SKIP_FIRST:
            i += 1
            continue
        hit = None
        if not _in_vocabulary(words[i].group()):
            i += 1
            continue
        for j in range(min(len(words), i + _AREA_MAX_WORDS), i, -1):
            phrase = text[words[i].start():words[j - 1].end()]
            if "." in phrase or ";" in phrase or not _in_vocabulary(words[j - 1].group()):
                continue
            if j == i + 1 and _fold(phrase) in NATIONALITY_WORDS:
                continue
            place = match_area(phrase)
            if place is not None:
                hit = (words[i].start(), words[j - 1].end(), place)
                break
        if hit:
            found.append(hit)
            i = next((k for k in range(i, len(words)) if words[k].start() >= hit[1]), len(words))
        else:
            i += 1
    return found


def _fold(word: str) -> str:
    return re.sub(r"[’']s$", "", word.lower())


def _in_vocabulary(word: str) -> bool:
    parts = re.findall(r"[a-z]+", _fold(word))
    return bool(parts) and all(p in _AREA_VOCABULARY for p in parts)


def _is_actor(text: str, start: int, end: int, place: Place) -> bool:
    """A name used for a government or party, a possessive owner, or a dateline ("MOSCOW (TASS) –")."""
    name = text[start:end]
    seat_of_power = place.kind == "country" or "capital" in place.note.lower()
    if seat_of_power and PARTY_LEAD.search(text[max(0, start - 10):start]):
        return True
    if name.endswith(("’s", "'s")):
        end -= 2
        name = name[:-2]
    after = text[end:end + 40]
    if after.startswith(("’s", "'s")):
        return not _POSSESSIVE_OK.match(after)
    if name.isupper() and len(name) > 2 and _DATELINE.search(text[max(0, start - 5):start]):
        return True
    if _DATELINE.search(text[max(0, start - 5):start]) and _AGENCY_AFTER.match(text, end):
        return True  # "Faizabad (BNA) A police commander ...": the dateline, where the report was filed
    if name[:1].isupper() and ACTOR_VERBS.match(after):
        return True
    return bool(OWNER_OF.search(text[max(0, start - 60):start]))


def find_places(text: str, start: int, end: int, memory: PlaceMemory) -> list[PlaceMention]:
    """Places in the sentence ``text[start:end]`` (absolute offsets), longest span first on overlaps.

    Local names the gazetteer lacks are learnt into ``memory`` with the place the text puts them in
    ("the Dawong area of Shahr-e Buzurg district"), so that a later "in Dawong" is found there.
    """
    found: list[PlaceMention] = []

    def add(s: int, e: int, place: Place, inferred: bool = False) -> None:
        if all(e <= m.start or s >= m.end for m in found):
            found.append(PlaceMention(s, e, place, text[s:e], not inferred and _is_actor(text, s, e, place), inferred))

    for match in _TWO_COUNTRIES.finditer(text, start, end):
        if len(memory.countries) >= 2:
            a, b = memory.countries[-2:]
            area = match_area(f"border between {a} and {b}")
            if area is not None:
                add(match.start(), match.end(), area, inferred=True)
    for match in _BASE_PHRASE.finditer(text, start, end):
        place = _base_place(text, start, match)
        if place is not None:
            add(match.start(), match.end(), place)
    for s, e, place in _area_spans(text, start, end):
        add(s, e, place)
    sentence = text[start:end]
    for s, e, place in load_gazetteer().find_in_text(sentence):
        add(s + start, e + start, _with_area_geometry(place, sentence[s:e]))
    border = memory.border.place if memory.border is not None else _border_of(memory.countries)
    if border is not None:  # "the border": the one named before, else the one between the article's two countries
        for match in _BARE_BORDER.finditer(text, start, end):
            add(match.start(), match.end(), border, inferred=True)
    for name, container in memory.local_names.items():  # "met in Dawong": the Dawong area named before
        for match in re.finditer(rf"\b{re.escape(name)}\b", text[start:end]):
            add(match.start() + start, match.end() + start, container, inferred=True)
    for match in _ANAPHOR.finditer(text, start, end):  # "the district": the district named last
        earlier = memory.last_of_kind.get(ANAPHOR_KINDS[match.group(1).lower()])
        if earlier is not None:
            add(match.start(), match.end(), earlier.place, inferred=True)
    found.sort(key=lambda m: m.start)
    for m in found:  # "the Dawong area of Shahr-e Buzurg district": remember Dawong as lying there
        local = _LOCAL_NAME.search(text, max(start, m.start - 40), m.start)
        if local and not m.inferred and not m.actor and m.place.kind in ("district", "town", "admin1"):
            memory.local_names.setdefault(local.group("name"), m.place)
    for i in range(1, len(found)):  # "the Presidents of Russia and Tajikistan": both are parties
        if found[i - 1].actor and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[found[i - 1].end:found[i].start]):
            found[i] = replace(found[i], actor=True)
    return found


def _border_of(countries: list[str]) -> Place | None:
    """The border between the last two countries an article named, when it knows that border."""
    pair = list(dict.fromkeys(reversed(countries)))[:2]
    return match_area(f"border between {pair[0]} and {pair[1]}") if len(pair) == 2 else None


def _base_place(text: str, start: int, match: re.Match[str]) -> Place | None:
    owner = match.group("owner").lower()
    if owner in ("its", "their"):
        before = re.findall(r"\b(Russia|Russian)\b", text[start:match.start()])
        owner = before[-1].lower() if before else ""
    adjective = OWNER_ADJECTIVES.get(owner)
    if adjective is None:
        return None
    gazetteer = load_gazetteer()
    arms = [match.group("arm")] if match.group("arm") else ["military", "air"]
    for arm in [*arms, ""]:
        place = gazetteer.lookup(f"{adjective} {arm + ' ' if arm else ''}base in {match.group('where')}")
        if place is not None:
            return place
    return None


def preposition_weight(text: str, start: int) -> float:
    """The strongest locative word among the three before a name, less 0.5 per word in between."""
    before = text[max(0, start - 70):start].lower()
    words = _WORD.findall(re.split(r"[.;:,()]", before)[-1])
    best = 0.0
    for gap in range(0, min(4, len(words))):
        word = words[-1 - gap]
        two = " ".join(words[-2 - gap:len(words) - gap]) if len(words) > gap + 1 else word
        weight = LOCATIVE.get(two) or LOCATIVE.get(word) or 0.0
        if word == "of" and gap and two not in LOCATIVE:
            weight = 0.0  # "in front of the", "the territory of": only the nearest "of" counts
        best = max(best, weight - 0.5 * gap)
    return best


def place_score(text: str, mention: PlaceMention, trigger: tuple[int, int], segment: tuple[int, int]) -> float:
    """How likely ``mention`` is where the event of ``trigger`` happened (higher is better; < 1 never)."""
    if mention.actor:
        return -10.0
    score = preposition_weight(text, mention.start)
    if segment[0] <= mention.start < segment[1]:
        score += 2.0 + (1.0 if mention.start >= trigger[1] else 0.0)
    gap = mention.start - trigger[1] if mention.start >= trigger[1] else trigger[0] - mention.end
    score -= min(max(gap, 0) / 50.0, 4.0)
    precision = mention.place.geo_precision
    score += {1: 2.0, 2: 1.5}.get(precision, 0.0 if mention.place.kind == "country" else 1.0)
    if mention.inferred:
        score -= 1.0
    if mention.text.endswith(("’s", "'s")):
        score -= 2.0  # "Afghanistan's northern provinces": the owner, not the place itself
    if REFERENCE_POINT.search(text[max(0, mention.start - 60):mention.start]):
        score -= 4.0  # "60 km north of Taloqan": only a reference point
    return score


def _containers(text: str, mentions: list[PlaceMention]) -> set[int]:
    """Indices of places named only to say where a more specific place before them lies."""
    out: set[int] = set()
    for i in range(1, len(mentions)):
        inner, outer = mentions[i - 1], mentions[i]
        # "X district in Kunduz": a town named like the district's province stands for the province
        province_town = (outer.place.kind == "town" and inner.place.kind == "district"
                         and inner.place.admin1 == outer.place.admin1)
        if inner.actor or outer.start - inner.end > 40 or (
                inner.place.geo_precision > outer.place.geo_precision and not province_town):
            continue
        if inner.place.name != outer.place.name and NESTED_IN.fullmatch(text[inner.end:outer.start]):
            out.add(i)
    return out


def is_coarse(place: Place) -> bool:
    """True for a border line, a river, a country, a province or an area phrase."""
    return place.kind in COARSE_KINDS or place.geo_precision == 3


def _coarseness(place: Place) -> int:
    """4 a country, 3 a province, region or area, 2 a border line or river, 1 a specific place."""
    if place.kind == "country":
        return 4
    if place.kind in ("admin1", "area", "region"):
        return 3
    if place.kind in ("border", "river"):
        return 2
    return 3 if place.geo_precision == 3 else 1


def refines(inner: Place, outer: Place) -> bool:
    """True when ``inner`` is a more specific place lying in (or on) the coarse ``outer``.

    A province or a river in a country, a district in a province, a post on a border line:
    inside (or touching) a polygon; within :data:`BORDER_REACH_KM` of a border line or river;
    within the radius of a region given as a point.
    """
    if not is_coarse(outer) or _coarseness(inner) >= _coarseness(outer) or inner.name == outer.name:
        return False
    geometry = outer.geometry
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return bool(geometry.buffer(0.05).intersects(inner.geometry.representative_point())
                    if inner.geometry.geom_type == "Point" else geometry.buffer(0.05).intersects(inner.geometry))
    reach = BORDER_REACH_KM if geometry.geom_type != "Point" else max(outer.radius_km or 0.0, BORDER_REACH_KM)
    return distance_km(geometry, inner.geometry) <= reach


def choose_place(text: str, mentions: list[PlaceMention], trigger: tuple[int, int],
                 segment: tuple[int, int]) -> PlaceMention | None:
    """The best place for an event mention in its sentence, or None when no place qualifies.

    The most specific place wins over the one that only locates it ("Imam Sahib district of
    Kunduz", "near Panj on the Afghan–Tajik border", "on the border in Shuroobod district").
    """
    containers = _containers(text, mentions)
    scored = [(place_score(text, m, trigger, segment) - (3.0 if i in containers else 0.0), m)
              for i, m in enumerate(mentions)]
    scored = [(s, m) for s, m in scored if s >= 1.0]
    if not scored:
        return None
    best = max(scored, key=lambda sm: sm[0])[1]
    outer = {id(mentions[i]) for i in containers}  # a container never refines the place it contains
    finer = [(s, m) for s, m in scored if not m.inferred and id(m) not in outer and refines(m.place, best.place)]
    return max(finer, key=lambda sm: sm[0])[1] if finer else best


def coordinated_places(text: str, chosen: PlaceMention, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Places joined to ``chosen`` by "and" ("in Tajikistan and Kyrgyzstan"): each is its own event place.

    Districts, towns and posts listed before ``chosen`` count too ("including Yawan, Warduj and Shahr-e
    Buzurg"); countries before it are left out ("Afghanistan and Tajikistan investigate ...": parties).
    """
    out = []
    last = chosen
    for m in mentions:
        if m.start < last.end:
            continue  # named before: "crossed into Tajikistan in the Darvoz and Ishkoshim districts"
        joined = re.fullmatch(r"\s*(?:,|and|, and)\s*", text[last.end:m.start])
        by_and = bool(joined) and "and" in text[last.end:m.start]  # "A, B and C districts": siblings
        if not by_and and (m.place.name in (last.place.country, last.place.admin1) or refines(last.place, m.place)):
            break  # "St. Petersburg, Russia", "Tagab district, Badakhshan province": where the first one lies
        if joined and not m.actor:
            out.append(m)
            last = m
    first = chosen
    for m in reversed([m for m in mentions if m.end <= chosen.start]):
        if not re.fullmatch(r"\s*(?:,|and|, and)\s*", text[m.end:first.start]) or m.actor or is_coarse(m.place):
            break
        out.insert(0, m)
        first = m
    return out
