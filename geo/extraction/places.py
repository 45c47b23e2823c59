"""Places in news sentences and the place an event happened at.

:func:`find_places` spots names with the gazetteer and area phrases ("the
border areas between Afghanistan and Tajikistan", "southern Afghanistan") with
:func:`geo.places.geocode.match_area`, resolves "the border between the two
countries" and a bare "the border" from what the article named before
(:class:`PlaceMemory`), and marks names used as actors ("Moscow signed",
"the representative of Dushanbe") so they are never chosen as an event's place, and
picks among places of one name the one in the province or country the text names.
Which of a sentence's places an event happened at is :mod:`geo.extraction.locate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from geo.extraction.actor_places import filed_from, is_actor
from geo.places import AREA_PHRASES, Place, geocode_or_none, load_gazetteer, match_area

#: Text between a place and a later one that contains it ("Imam Sahib district of Kunduz province",
#: "Farkhor, Khatlon", "the village of X in Y district"): the later one only says where the first lies.
NESTED_IN = re.compile(r"\s*(?:district|village|town|city|area|county|municipality|region|province|jamoat|"
                       r"border (?:post|outpost|detachment|unit)|range|training ground|camp|base|outpost|post)?\s*"
                       # "the Harbmaidon range at (near, on) the Tajik-Afghan border"
                       r"(?:,|\bin\b|\bof\b|\bat\b|\bnear\b|\bon\b)\s*(?:the\s+)?"
                       r"(?:neighbou?ring\s+|northern\s+|southern\s+|eastern\s+|western\s+|north-?eastern\s+|"
                       r"north-?western\s+|south-?eastern\s+|south-?western\s+)?$", re.IGNORECASE)
_TWO_COUNTRIES = re.compile(r"\b(?:the\s+)?(?:border|frontier)s?\s+between\s+the\s+two\s+countries\b", re.IGNORECASE)
_BARE_BORDER = re.compile(r"\bthe\s+border\b(?!\s+(?:with|between|of|troops|guards|forces|areas?|agenc|defen|"
                          r"police|service|posts?|regions?))", re.IGNORECASE)
_BASE_PHRASE = re.compile(r"\b(?P<owner>Russian|Russia[’']s|its|their)\s+(?:(?P<arm>military|air)\s+)?bases?\s+"
                          r"in\s+(?P<where>[A-Z][\w-]+)")
#: A word of a sentence (apostrophes and hyphens inside it kept).
WORD = re.compile(r"[\w’'-]+")
#: A local name the gazetteer lacks, just before the place it lies in ("the Dawong area of ...").
_LOCAL_NAME = re.compile(r"\b(?P<name>[A-Z][a-z’'-]{2,}(?:\s+[A-Z][a-z’'-]{2,})?)\s+(?:area|village|locality|valley|"
                         r"gorge)\s+(?:of|in)\s+(?:the\s+)?$")
#: "there" as a place ("killed on the border there"), not "there is/are/was ...".
_THERE = re.compile(r"(?<!\bfrom )\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|could|may|might|seems?|"
                    r"appears?|remains?|be|been)\b)(?!\s*,?\s*(?:is|are|was|were)\b)", re.IGNORECASE)
#: "in the same area", "in the same district": the place named before.
_SAME_AREA = re.compile(r"\bthe same (?:area|place|district|village|town|city|region|location|spot|site|building|"
                        r"compound|market|checkpoint|post|base)\b", re.IGNORECASE)
#: A province named after the word ("the northern province of Kunduz", "Khatlon region" is found as a name).
_PROVINCE_OF = re.compile(r"\b(?:[Pp]rovince|[Rr]egion|[Oo]blast|[Vv]iloyat)\s+of\s+"
                          r"(?P<name>[A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?)")
_DISTRICT_OF = re.compile(r"\b[Dd]istrict\s+of\s+(?P<name>[A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?)")
#: "the district", "the province" with no name: the one the article named last.
ANAPHOR_KINDS = {"district": "district", "province": "admin1"}
_ANAPHOR = re.compile(r"\b[Tt]he\s+(district|province)\b(?!\s+(?:of|centre|center|capital|governor|chief|police|"
                      r"council|headquarters)\b)(?!\s*[’']s)")
_AREA_MAX_WORDS = 9
#: Words that occur in the geocoder's area patterns: an area phrase starts and ends with one.
_AREA_VOCABULARY = frozenset(re.findall(r"[a-z]+", " ".join(p for area in AREA_PHRASES for p in area.patterns)))
#: Nationality adjectives that are not places on their own ("Afghan officials").
NATIONALITY_WORDS = frozenset({"afghan", "tajik", "uzbek", "turkmen", "kyrgyz", "russian", "pakistani", "iranian"})
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


#: The adjectives of the border's countries.
COUNTRY_OF_ADJECTIVE = {"Afghan": "Afghanistan", "Tajik": "Tajikistan", "Uzbek": "Uzbekistan",
                        "Turkmen": "Turkmenistan", "Kyrgyz": "Kyrgyzstan"}
_COUNTRY_ADJECTIVE = re.compile(r"\b(Afghan|Tajik|Uzbek|Turkmen|Kyrgyz)\b(?![-–]\w)")


@dataclass
class PlaceMemory:
    """Places named so far in an article (countries in order, the last border stretch)."""

    countries: list[str] = field(default_factory=list)
    border: PlaceMention | None = None
    last_of_kind: dict[str, PlaceMention] = field(default_factory=dict)  # "district", "admin1"
    #: Local names the gazetteer lacks, with the place the text put them in ("the Dawong area of X district").
    local_names: dict[str, Place] = field(default_factory=dict)
    #: The last town, district, post or crossing named ("there" points back to it).
    last_specific: PlaceMention | None = None
    #: The last place named that is no country (an area, a province, a border stretch too).
    last_named: PlaceMention | None = None
    #: How many places of each country and province the article named whose names have no homonym elsewhere.
    area_votes: dict[tuple[str, str], int] = field(default_factory=dict)
    #: Countries named only by an adjective ("Afghan smugglers"), in order.
    adjective_countries: list[str] = field(default_factory=list)

    def border_place(self) -> Place | None:
        """The border the article is about: the stretch named last, else the one between its two countries
        (a country named only by its people counts: "Tajikistan says six Afghan smugglers were killed")."""
        if self.border is not None:
            return self.border.place
        return _border_of(self.countries) or _border_of([*self.countries, *self.adjective_countries])

    def remember_adjectives(self, sentence: str) -> None:
        """Record the border countries a sentence names by adjective only ("Afghan drug traffickers")."""
        for match in _COUNTRY_ADJECTIVE.finditer(sentence):
            country = COUNTRY_OF_ADJECTIVE[match.group(1)]
            if country not in self.adjective_countries:
                self.adjective_countries.append(country)

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
        for key in _votes(mentions):
            self.area_votes[key] = self.area_votes.get(key, 0) + 1
        specific = [m for m in mentions if not m.actor and not m.inferred and m.place.geo_precision <= 2
                    and m.place.kind != "border"]
        if specific:  # the finest of the sentence, the first of equals ("Chubek in Hamadoni district": Chubek)
            self.last_specific = min(specific, key=lambda m: (m.place.geo_precision, m.start))
        named = [m for m in mentions if not m.actor and not m.inferred and m.place.kind != "country"]
        if named:  # "in the Rasht valley ... in the same area": an area or a border stretch counts too
            self.last_named = min(named, key=lambda m: (m.place.geo_precision, m.start))


def _with_area_geometry(place: Place, text: str) -> Place:
    """Countries, regions and borders as derived areas (polygons/lines) when the geocoder knows them."""
    if place.kind in ("country", "border", "region"):
        area = geocode_or_none(text) or geocode_or_none(place.name)
        if area is not None and area.origin == "derived":
            return area
    return place


def _area_spans(text: str, start: int, end: int) -> list[tuple[int, int, Place]]:
    words = list(WORD.finditer(text, start, end))
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


def is_dateline(text: str, mention: PlaceMention) -> bool:
    """Whether ``mention`` is the town a report was filed from, at the head of a paragraph ("KUNDUZ,
    Afghanistan (AP) —", "Faizabad (BNA)", "DUSHANBE, Oct 9:")."""
    return mention.actor and filed_from(text, mention.start, mention.end)


def find_places(text: str, start: int, end: int, memory: PlaceMemory) -> list[PlaceMention]:
    """Places in the sentence ``text[start:end]`` (absolute offsets), longest span first on overlaps.

    Local names the gazetteer lacks are learnt into ``memory`` with the place the text puts them in
    ("the Dawong area of Shahr-e Buzurg district"), so that a later "in Dawong" is found there.
    """
    found: list[PlaceMention] = []

    def add(s: int, e: int, place: Place, inferred: bool = False) -> None:
        if all(e <= m.start or s >= m.end for m in found):
            found.append(PlaceMention(s, e, place, text[s:e], not inferred and is_actor(text, s, e, place), inferred))

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
    for match in _PROVINCE_OF.finditer(text, start, end):  # "the province of Kunduz": the province, not the city
        province = load_gazetteer().lookup(f"{match.group('name')} province")
        if province is not None and province.kind == "admin1":
            add(match.start(), match.end(), province)
    for match in _DISTRICT_OF.finditer(text, start, end):  # "the district of Kohistan": the district
        district = load_gazetteer().lookup(f"{match.group('name')} district")
        if district is not None and district.kind == "district":
            add(match.start(), match.end(), district)
    sentence = text[start:end]
    for s, e, place in load_gazetteer().find_in_text(sentence):
        if place.kind == "country" and sentence[s:e].lower() in NATIONALITY_WORDS:
            continue  # "Turkmen border guards": a people, the border is found from the article's countries
        add(s + start, e + start, _with_area_geometry(place, sentence[s:e]))
    border = memory.border_place()
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
    if memory.last_specific is not None:  # "a guard was killed on the border there": the place named before
        for match in _THERE.finditer(text, start, end):
            add(match.start(), match.end(), memory.last_specific.place)
    same = memory.last_specific or memory.last_named
    if same is not None:  # "in the same area": the place named before, an area too ("the Rasht valley")
        for match in _SAME_AREA.finditer(text, start, end):
            add(match.start(), match.end(), same.place)
    found.sort(key=lambda m: m.start)
    for m in found:  # "the Dawong area of Shahr-e Buzurg district": remember Dawong as lying there
        local = _LOCAL_NAME.search(text, max(start, m.start - 40), m.start)
        if local and not m.inferred and not m.actor and m.place.kind in ("district", "town", "admin1"):
            memory.local_names.setdefault(local.group("name"), m.place)
    countries = {*memory.countries, *(m.place.name for m in found if m.place.kind == "country")}
    found = [_side_of_the_border(m, countries) for m in found]
    votes = dict(memory.area_votes)
    for key in _votes(found):
        votes[key] = votes.get(key, 0) + 1
    found = [_disambiguated(text, m, found[i + 1] if i + 1 < len(found) else None, votes)
             for i, m in enumerate(found)]
    for i in range(1, len(found)):  # "the Presidents of Russia and Tajikistan": both are parties
        if found[i - 1].actor and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[found[i - 1].end:found[i].start]):
            found[i] = replace(found[i], actor=True)
    return found


#: A country adjective just before a name ("the Afghan district of Darwaz", "Tajikistan's Ishkashim").
#: Not "the Tajik border in Badakhshan": a border word or a preposition between them starts another phrase.
_COUNTRY_BEFORE = re.compile(r"\b(?P<c>Afghan|Afghanistan|Tajik|Tajikistan)(?:[’']s)?\s+"
                             r"(?:(?!(?:border|frontier|side|river|in|near|at|on|along|from|to)\b)[\w-]+\s+){0,2}?"
                             r"(?:of\s+)?$")


#: An apposition that says which country a name lies in ("Ishkashim, a district on the Afghan side").
_COUNTRY_AFTER = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:in|on|of)\s+(?:the\s+)?"
                            r"(?P<c>Afghan|Afghanistan|Tajik|Tajikistan)\b")


def _votes(mentions: list[PlaceMention]) -> list[tuple[str, str]]:
    """``("country", name)`` and ``("admin1", name)`` of the districts, towns and provinces named whose names
    have no homonym in another country (or province)."""
    out = []
    for m in mentions:
        if m.actor or m.inferred or m.place.kind in ("country", "border", "river", "region") or not m.place.country:
            continue
        homonyms = load_gazetteer().homonyms(m.text)
        if {p.country for p in homonyms} <= {m.place.country}:
            out.append(("country", m.place.country))
        if m.place.admin1 and {p.admin1 for p in homonyms} <= {m.place.admin1}:
            out.append(("admin1", m.place.admin1))
    return out


def _side_of_the_border(mention: PlaceMention, countries: set[str]) -> PlaceMention:
    """"The Afghan side" in a report on the Uzbek border (Uzbekistan named, Tajikistan not) is that border's."""
    if (mention.place.name != "Afghan side of the Tajik border" or "tajik" in mention.text.lower()
            or "Uzbekistan" not in countries or "Tajikistan" in countries):
        return mention
    border = match_area("Afghan–Uzbek border")
    return replace(mention, place=border) if border is not None else mention


def _voted(homonyms: list[Place], votes: dict[tuple[str, str], int]) -> tuple[str, str] | None:
    """The province (else the country) that the article's other places name most often, among those of the
    homonyms, when one leads."""
    for level in ("admin1", "country"):
        areas = {getattr(p, level) for p in homonyms if getattr(p, level)}
        if len(areas) < 2:
            continue
        ranked = sorted(((votes.get((level, a), 0), a) for a in areas), reverse=True)
        if ranked[0][0] > ranked[1][0]:
            return level, ranked[0][1]
    return None


def _disambiguated(text: str, mention: PlaceMention, following: PlaceMention | None,
                   votes: dict[tuple[str, str], int]) -> PlaceMention:
    """The place of that name in the province or country the text puts it in ("Baharak district of Takhar
    province", "the Afghan district of Ishkashim"), when the gazetteer has several places of that name;
    with no such word, in the province or country most of the article's other places lie in ("Ishkashim" in
    a report on Faizabad and Jurm is the Afghan one)."""
    if mention.inferred or mention.place.origin != "curated":
        return mention
    wanted: tuple[str, str] | None = None
    if following is not None and following.place.kind in ("admin1", "country") and NESTED_IN.fullmatch(
            text[mention.end:following.start]):
        wanted = ("admin1", following.place.admin1 or "") if following.place.kind == "admin1" else (
            "country", following.place.country)
    adjective = _COUNTRY_BEFORE.search(text, max(0, mention.start - 40), mention.start) or _COUNTRY_AFTER.match(
        text, mention.end)
    if wanted is None and adjective:
        wanted = ("country", "Afghanistan" if adjective.group("c").startswith("Afghan") else "Tajikistan")
    if wanted is None and votes:
        wanted = _voted(load_gazetteer().homonyms(mention.text), votes)
    if wanted is None or getattr(mention.place, wanted[0]) == wanted[1]:
        return mention
    other = next((p for p in load_gazetteer().homonyms(mention.text) if getattr(p, wanted[0]) == wanted[1]), None)
    return replace(mention, place=other) if other is not None else mention


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
