"""Which of a sentence's places an event happened at.

:func:`choose_place` scores the places :func:`geo.extraction.places.find_places` found in a
sentence for one event mention: a locative preposition ("in", "near", "on the border"), being in
the mention's segment, closeness to the trigger and specificity; the most specific place wins over
the one that only locates it. :func:`coordinated_places` lists the places joined to the chosen one
("in Darvoz and Ishkoshim"), each the place of an event of its own; :func:`refines` says whether a
place lies in a coarser one (a district in a province, a post on the border line).
"""

from __future__ import annotations

import re

from geo.extraction.dedupe import distance_km
from geo.extraction.places import NESTED_IN, WORD, PlaceMention
from geo.places import Place

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
#: A distance and bearing before a name: the name is a reference point, not the place ("60 km north of X").
REFERENCE_POINT = re.compile(r"\b\d[\d,.]*\s*(?:km|kilomet(?:er|re)s?|miles?)\s+(?:\([^()]{0,20}\)\s+)?"
                             r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:of\s+|from\s+)?|"
                             r"(?:away\s+)?from\s+)(?:the\s+)?(?:[\w’']+\s*,?\s+){0,2}$", re.IGNORECASE)
#: Words that name a neighbour of a place told before ("the province bordering Tajikistan, Pakistan and China").
NEIGHBOUR_OF = re.compile(r"\b(?:bordering|borders|which borders|that borders|adjacent to)\s+"
                          r"(?:(?:[A-Z][\w’'-]+,?\s+(?:and\s+)?){0,3})$")
#: A participle that says where a unit or a place stands ("the base, located near Dushanbe, ...").
LOCATED_AT = re.compile(r"\b(?:located|based|stationed|headquartered|situated)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:in|near|at|outside)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
#: Words after a trigger that open what was planned or intended: the places after them are its targets.
PLANNED_FOR = re.compile(r"\b(?:planning|plotting|planned|plotted|intend(?:ed|ing)|preparing|on suspicion of|"
                         r"in order to|aiming to|aimed at)\b", re.IGNORECASE)
#: A place this close to a border line (or river) it is named with lies "on" that border, km.
BORDER_REACH_KM = 60.0
#: Kinds of place that only say roughly where something happened.
COARSE_KINDS = frozenset({"border", "country", "admin1", "area", "region", "river"})


def preposition_weight(text: str, start: int) -> float:
    """The strongest locative word among the three before a name, less 0.5 per word in between."""
    before = text[max(0, start - 70):start].lower()
    words = WORD.findall(re.split(r"[.;:,()]", before)[-1])
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
    if NEIGHBOUR_OF.search(text[max(0, mention.start - 40):mention.start]):
        return -10.0  # "the province bordering Tajikistan": a neighbour, not the place
    if LOCATED_AT.search(text[max(0, mention.start - 50):mention.start]):
        score -= 3.0  # "the 201st base, located near Dushanbe, ...": where the unit stands, said in passing
    if mention.start >= trigger[1] and PLANNED_FOR.search(text[trigger[1]:mention.start]):
        return -10.0  # "arrested on suspicion of planning attacks in Dushanbe": where it was to happen
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
    """5 a country, 4 a region of several provinces ("northern Afghanistan"), 3 a province or area, 2 a border
    line or river, 1 a specific place."""
    if place.kind == "country":
        return 5
    if place.kind == "region":
        return 4
    if place.kind in ("admin1", "area"):
        return 3
    if place.kind in ("border", "river"):
        return 2
    return 3 if place.geo_precision == 3 else 1


def refines(inner: Place, outer: Place) -> bool:
    """True when ``inner`` is a more specific place lying in (or on) the coarse ``outer``.

    A province or a river in a country, a district in a province, a post on a border line:
    inside (or touching) a polygon; within :data:`BORDER_REACH_KM` of a border line or river;
    within the radius of a region given as a point. A district never lies in another district: one
    whose seat is not located (placed at its province, geo_precision 3) is a sibling of the others named
    with it ("Yawan, Warduj and Yamgan districts"), not an area around them.
    """
    if not is_coarse(outer) or _coarseness(inner) >= _coarseness(outer) or inner.name == outer.name:
        return False
    if inner.kind == outer.kind == "district":
        return False
    geometry = outer.geometry
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return bool(geometry.buffer(0.05).intersects(inner.geometry.representative_point())
                    if inner.geometry.geom_type == "Point" else geometry.buffer(0.05).intersects(inner.geometry))
    reach = BORDER_REACH_KM if geometry.geom_type != "Point" else max(outer.radius_km or 0.0, BORDER_REACH_KM)
    return distance_km(geometry, inner.geometry) <= reach


#: How far below the best place's score a finer place inside it may score and still be chosen.
FINER_MARGIN = 3.0


def choose_place(text: str, mentions: list[PlaceMention], trigger: tuple[int, int],
                 segment: tuple[int, int]) -> PlaceMention | None:
    """The best place for an event mention in its sentence, or None when no place qualifies.

    The most specific place wins over the one that only locates it ("Imam Sahib district of
    Kunduz", "near Panj on the Afghan–Tajik border", "on the border in Shuroobod district").
    """
    containers = _containers(text, mentions)
    raw = [place_score(text, m, trigger, segment) for m in mentions]
    # a container scores below the place it contains ("the Harbmaidon range at the Tajik-Afghan border")
    scored = [(min(score - 3.0, raw[i - 1] - 0.1) if i in containers else score, m)
              for i, (score, m) in enumerate(zip(raw, mentions, strict=True))]
    scored = [(s, m) for s, m in scored if s >= 1.0]
    if not scored:
        return None
    top, best = max(scored, key=lambda sm: sm[0])
    outer = {id(mentions[i]) for i in containers}  # a container never refines the place it contains
    # a finer place inside the best one (a post on the border line, a district in a country), but not one that
    # scores far lower than a site ("units of the 201st base started drills at the Lyaur range": the owner)
    finer = [(s, m) for s, m in scored if not m.inferred and id(m) not in outer and refines(m.place, best.place)
             and (best.place.kind in COARSE_KINDS or s > top - FINER_MARGIN)]
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
        if not by_and and (m.place.name in (last.place.country, last.place.admin1) or (
                refines(last.place, m.place) and m.place.kind != last.place.kind)):  # two districts are siblings
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
