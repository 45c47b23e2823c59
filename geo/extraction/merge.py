"""Drafts of events built from mentions, and the rules that merge mentions of one event.

A :class:`Draft` collects the mentions of one event across sentences: its
type, the sentences and spans that support it (evidence), the date, place,
figures, actors and source. :func:`geo.extraction.antecedents.find_antecedent`
decides whether a new mention refers to an existing draft:

* a definite reference ("the prison incident", "these talks", "the war")
  joins the most recent draft of the same family, preferring one whose text
  shares the reference's modifier words ("prison");
* an indefinite mention joins the draft of the previous one or two sentences
  of the same or the previous paragraph when it has the same family and
  compatible dates, places and sub-types;
* a concentration of a named group joins an earlier one of the same group at
  a compatible place anywhere in the article (one presence, reported often).

Dates are compatible when their ranges overlap (or one is missing), places
when they lie within :data:`SAME_PLACE_KM` of each other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from geo.extraction.claims import ActorMention, Attribution, find_actors
from geo.extraction.dates import REPORTED_REACH_DAYS, DateMention
from geo.extraction.dedupe import distance_km
from geo.extraction.locate import COARSE_KINDS, is_coarse, refines
from geo.extraction.mentions import Mention
from geo.extraction.numbers import Figure, combine_figures
from geo.extraction.people import side
from geo.extraction.places import PlaceMention

#: Places further apart than this are never one event, km.
SAME_PLACE_KM = 100.0
#: Two incidents of one article of the same type, overlapping dates and this close are one (kilometres).
TWIN_KM = 25.0
#: "also" next to a count, past an aside: a further group of the same event ("three militants were also
#: killed", "eight civilians, among them children, were also killed").
ALSO_AFTER = re.compile(r"(?:\s*,[^.;,]{0,40},)?[^.;,]{0,25}?\balso\b", re.IGNORECASE)
ALSO_BEFORE = re.compile(r"\balso\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: A definite reference ("during the operation") may carry a date this many days from its event's
#: (an operation that began on Friday and ended on Sunday).
NEAR_DAYS = 3
#: A sentence that says where the event was ("the ambush occurred in", "the clash took place near").
STATED_AT = re.compile(r"\b(?:occurred|took place|takes? place|(?:are|is) (?:being )?held|happened|was carried out|"
                       r"were carried out|broke out|was staged|erupted)\s+(?:[\w-]+\s+){0,3}?(?:in|at|near|on)\s+"
                       r"(?:the\s+)?$", re.IGNORECASE)
#: "Near the border" is vague: a named place this far from the border line may still tell where it was, km.
NEAR_BORDER_KM = 200.0
#: An indefinite mention joins a draft at most this many sentences back.
NEARBY_SENTENCES = 2


@dataclass
class Draft:
    """One event being assembled from its mentions."""

    kind: str
    event_type: str
    sub_event_type: str
    label: str
    family: str
    specific: bool
    first_index: int
    last_index: int
    last_paragraph: int
    sentences: list[tuple[int, int]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    date: DateMention | None = None
    place: PlaceMention | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    actors: list[ActorMention] = field(default_factory=list)
    claimed_by: str | None = None
    responsible: str | None = None
    evidence: list[tuple[str, int, int]] = field(default_factory=list)
    #: Roles whose figure is a total shared with other places of one sentence ("11 killed in A and B"):
    #: a count a later sentence gives for this place replaces it.
    shared: set[str] = field(default_factory=set)
    #: Told as another event ("another bomb", "in a separate attack"): never the twin of one told before.
    fresh: bool = False

    @classmethod
    def start(cls, mention: Mention, index: int, paragraph: int) -> Draft:
        """An empty draft typed by ``mention``."""
        return cls(mention.kind, mention.event_type, mention.sub_event_type, mention.rule.label,
                   mention.rule.family, mention.rule.strength == 2, index, index, paragraph, fresh=mention.fresh)

    def is_twin(self, other: Draft) -> bool:
        """True when ``other`` reports the same incident: same type, overlapping dates, and either the same
        place from the same first sentence, one place lying in the other's coarser one, or both giving a
        death toll within :data:`TWIN_KM` of each other; or the same move of forces told by two verbs of
        one sentence (only one of them counted)."""
        if self.place is None or other.place is None or not dates_compatible(self.date, other.date):
            return False
        a, b = self.place.place, other.place.place
        if (self.kind == other.kind == "posture" and self.sentences[:1] == other.sentences[:1]
                and not (self.figures and other.figures)):
            # "mobilised 20,000 reservists to strengthen its border": two verbs of one move of forces
            return a.name == b.name or refines(a, b) or refines(b, a)
        if (self.kind == other.kind == "incident" and self.sentences[:1] == other.sentences[:1] and a.name == b.name
                and self.family == other.family == "battle" and not set(self.figures) & set(other.figures)):
            return True  # "killed 16 militants and injured 19 while evicting them from villages": one operation
        if self.kind != "incident" or other.kind != "incident":
            return False
        if ("arrest" in (self.family, other.family) and self.family != other.family
                and self.sentences[:1] == other.sentences[:1] and a.name == b.name):
            return True  # "they killed four and detained 17 in Kunduz": those taken in a fight are part of it
        if _type_of(self) != _type_of(other):
            # a lead "seven people were killed in the attack in X" and "a suicide bombing ... killing seven" at X:
            # one event told twice, the general word giving way to the specific one
            return (not (self.specific and other.specific) and _same_toll(self, other)
                    and (a.name == b.name or refines(a, b) or refines(b, a)))
        if self.sentences[:1] == other.sentences[:1]:
            if a.name == b.name:
                return True  # "attacked the post on Monday, killing three": two triggers of one sentence, one event
            if not (a.kind in COARSE_KINDS or b.kind in COARSE_KINDS):
                return False  # "attacks in A, B and C districts": one event per place named
            if not set(self.figures) & set(other.figures):
                return True  # "two officers died and another was injured ... from the Afghan side": one toll
        # the lead sentence on the border line (or in a country, a province), the next one at the post;
        # a district given only as a point with a radius is too vague to say one place is in the other
        if (refines(a, b) and b.geometry.geom_type != "Point") or (refines(b, a) and a.geometry.geom_type != "Point"):
            return True
        if ((refines(a, b) and b.kind != "district") or (refines(b, a) and a.kind != "district")) and not (
                self.figures and other.figures):
            return True  # "15 killed by a bomb in Kunduz province" ... "the bomb hit a car in Imam Sahib district"
        both_counted = "killed" in self.figures and "killed" in other.figures
        if (a.name == b.name and not both_counted and not other.fresh and _a_day_or_night(self.date)
                and _a_day_or_night(other.date)):
            return True  # "Tuesday's bombing in Kunduz killed eight" ... "On Tuesday, a suicide bomber attacked Kunduz"
        # two counts of the dead of one attack (two sources, or a lead and a detailed sentence)
        return both_counted and distance_km(a.geometry, b.geometry) <= TWIN_KM

    def merge(self, other: Draft) -> None:
        """Take what ``other`` (a twin reported later in the article) adds: a finer place or date,
        missing figures, its sentences and evidence; "suicide" when it says the explosion was one."""
        if self.family == "arrest" != other.family:  # "police detained 17 and killed four": a fight with captives
            self.figures.pop("strength", None)  # the people held are no force of the fight
            self.event_type, self.sub_event_type, self.label, self.family = (
                other.event_type, other.sub_event_type, other.label, other.family)
        elif other.sub_event_type == "Suicide bomb" or (
                "territory" in other.sub_event_type and self.sub_event_type == "Armed clash"):
            self.event_type, self.sub_event_type = other.event_type, other.sub_event_type
        if other.place is not None and self.place is not None and refines(other.place.place, self.place.place):
            self.place = other.place
        if other.date is not None and (self.date is None or _narrower(other.date, self.date)):
            self.date = other.date
        for role, figure in other.figures.items():
            if role == "strength" and other.family == "arrest" != self.family:
                continue  # the people held are no force of the fight
            if role in self.shared and role not in other.shared:  # the place's own count beats a shared total
                self.figures[role] = figure
                self.shared.discard(role)
            mine = self.figures.get(role)
            if mine is not None and figure.start > mine.end and _other_side(
                    mine, self.figures.values(), figure, other.figures.values()):
                # "a commander was killed ..." then "four militants were killed in the clashes": both sides' dead
                self.figures[role] = combine_figures([mine, figure]) or mine
            elif mine is not None and _includes(figure, mine):
                self.figures[role] = figure  # "the governor was killed" ... "two people, including the governor"
            self.figures.setdefault(role, figure)
        self.sentences.extend(s for s in other.sentences if s not in self.sentences)
        self.evidence.extend(e for e in other.evidence if e not in self.evidence)
        self.actors.extend(a for a in other.actors if a not in self.actors)
        self.claimed_by = self.claimed_by or other.claimed_by

    def absorb(self, mention: Mention, sentence: tuple[int, int], sentence_text: str, index: int, paragraph: int,
               date: DateMention | None, place: PlaceMention | None, figures: Sequence[Figure],
               actors: Sequence[ActorMention], claims: Sequence[tuple[Attribution, str]]) -> None:
        """Add one mention: evidence, and the fields this draft does not have yet (or a finer place/date)."""
        if mention.rule.strength == 2 and not self.specific and mention.kind == self.kind:
            self.event_type, self.sub_event_type = mention.event_type, mention.sub_event_type
            self.label, self.family, self.specific = mention.rule.label, mention.rule.family, True
        if sentence not in self.sentences:
            self.sentences.append(sentence)
            self.evidence.append(("event", *sentence))
        self.evidence.append(("event_type", mention.start, mention.end))
        self.words |= set(re.findall(r"[a-z]+", sentence_text.lower()))
        self.last_index, self.last_paragraph = max(self.last_index, index), paragraph
        if date is not None and (self.date is None or _narrower(date, self.date)):
            self.date = date
            self.evidence.append(("date", date.start, date.end))
        stated = place is not None and bool(STATED_AT.search(sentence_text[:max(0, place.start - sentence[0])]))
        if place is not None and (self.place is None or _finer(place, self.place, stated)):
            self.place = place
            if not place.inferred:
                self.evidence.append(("location", place.start, place.end))
        self._absorb_figures(figures, self._also_roles(figures, sentence, sentence_text))
        if index == self.first_index:  # actors of later sentences are often other parties
            self.actors.extend(a for a in actors if a not in self.actors)
        for attribution, resolved in claims:
            if attribution.how == "responsibility" and resolved and self.responsible is None:
                self.responsible = resolved
                self.evidence.append(("actor1", attribution.start, attribution.end))
        if claims and self.claimed_by is None:
            attribution, resolved = min(claims, key=lambda c: abs(c[0].start - mention.start))
            if resolved:
                self.claimed_by = resolved[:300]
                self.evidence.append(("claimed_by", attribution.start, attribution.end))

    @staticmethod
    def _also_roles(figures: Sequence[Figure], sentence: tuple[int, int], sentence_text: str) -> set[int]:
        """Starts of figures said to be "also" killed or wounded: another group of the same event."""
        return {f.start for f in figures
                if ALSO_AFTER.match(sentence_text, f.end - sentence[0]) or ALSO_BEFORE.search(
                    sentence_text, 0, max(0, f.start - sentence[0]))}

    def _absorb_figures(self, figures: Sequence[Figure], also: set[int]) -> None:
        wanted = {"killed": "fatalities", "wounded": "wounded", "strength": "strength"}
        if self.family == "arrest" or (self.kind == "context" and self.family != "crash"):
            wanted = {"strength": "strength"}  # the people held, or met (a crash's dead are its own)
        elif self.kind == "incident":
            wanted.pop("strength")
        if self.family in ("arrest", "crossing"):  # "detained three Afghan nationals", "1,500 refugees fled
            # across the river": the people held or crossing are its strength
            figures = [replace(f, role="strength") if f.role == "people" else f for f in figures]
        for role, field_name in wanted.items():
            mine = [f for f in figures if f.role == role]
            if role in self.figures and role in self.shared and mine:
                self.shared.discard(role)  # this place's own count replaces the total of several places
                del self.figures[role]
            elif role in self.figures:
                earlier = self.figures[role]
                # "... killing nine police. 13 of the gunmen were killed": the other side's dead of one incident
                dated = self.date is None or self.date.precision <= 2
                extra = [f for f in mine if f.start > earlier.end and (f.start in also or (
                    dated and _other_side(earlier, self.figures.values(), f, figures)))]
                total = [f for f in mine if _includes(f, earlier)]
                if extra:
                    mine = [earlier, *extra]  # "three militants were also killed": one more group
                elif total:
                    mine = total[:1]  # "the governor was killed" ... "two people, including the governor"
                else:
                    continue
            combined = combine_figures(mine)
            if combined is not None:
                self.figures[role] = combined
                self.evidence.append((field_name, combined.start, combined.end))

    def actor_pair(self) -> tuple[str | None, str | None]:
        """(actor1, actor2): the perpetrator or force first, the target or opponent second."""
        named = [a for a in self.actors if not a.generic]
        militants = [a.name for a in named if a.kind == "militant"] or [
            a.name for a in self.actors if a.kind == "militant"]
        states = [a.name for a in self.actors if a.kind == "state"]
        others = [a.name for a in self.actors if a.kind == "civilian"]
        claimant = find_actors(self.responsible) if self.responsible else []
        first_militant = (claimant[0].name if claimant else self.responsible) or (militants[0] if militants else None)
        if self.kind in ("posture",):
            return (states[0] if states else None), None
        if self.kind == "concentration":
            return first_militant, None
        killed = self.figures.get("killed")
        if killed is not None and killed.noun in ("militants", "terrorists", "insurgents", "fighters", "militant"):
            return (states[0] if states else None), first_militant
        if killed is not None and killed.noun in ("soldiers", "troops", "guards", "police", "policemen", "servicemen"):
            return first_militant, (states[0] if states else None)
        target = states[0] if states else (others[0] if others else None)
        return first_militant or (states[0] if states else None), (target if first_militant else None)

    def evidence_dicts(self) -> list[dict[str, Any]]:
        """Evidence as ``{"field", "start", "end"}`` dicts, without repeats, in text order."""
        seen = dict.fromkeys(self.evidence)
        return [{"field": f, "start": s, "end": e} for f, s, e in sorted(seen, key=lambda x: (x[1], x[0]))]


#: Nouns that count everyone hit, so that one person named before is among them.
_ANYONE = frozenset({"people", "persons", "individuals"})


def _includes(total: Figure, one: Figure) -> bool:
    """``total`` counts everyone hit, so that the one person counted before is among them."""
    return one.best == 1 and (total.best or 0) > 1 and total.noun in _ANYONE and total.start > one.end


def _same_toll(a: Draft, b: Draft) -> bool:
    """Both drafts count the same dead, two or more (one death alone is too common to tell an event by)."""
    ka, kb = a.figures.get("killed"), b.figures.get("killed")
    return ka is not None and kb is not None and ka.best is not None and ka.best >= 2 and ka.best == kb.best


def _a_day_or_night(date: DateMention | None) -> bool:
    """A date of one day, or of a night and the day after."""
    return date is not None and (date.date_end - date.date_start).days <= 1


def _type_of(draft: Draft) -> str:
    """The sub-event type twins must share; a suicide bombing is also "the explosion" of the same article."""
    return "Remote explosive/landmine/IED" if draft.sub_event_type == "Suicide bomb" else draft.sub_event_type


def _side_of(figure: Figure, figures: Iterable[Figure]) -> str | None:
    """The side a figure counts; "others" or "them" count the side of the figure told just before them."""
    noun = figure.noun
    if noun in ("others", "other", "them", "more"):
        before = [f for f in figures if f.end <= figure.start]
        noun = max(before, key=lambda f: f.end).noun if before else noun
    # "the district police chief": an office named by the force it heads
    return side(noun) or next((side(w) for w in re.findall(r"[a-z]+", figure.text.lower())[-3:-1] if side(w)), None)


def _other_side(mine: Figure, my_figures: Iterable[Figure], new: Figure, new_figures: Iterable[Figure]) -> bool:
    """``new`` counts a group of the other side than every group ``mine`` already counts."""
    theirs = _side_of(new, new_figures)
    sides = {side(part.split(" ")[-1]) for part in mine.text.split("; ")} | {_side_of(mine, my_figures)}
    return theirs is not None and bool(sides - {None}) and theirs not in sides


def _narrower(new: DateMention, old: DateMention) -> bool:
    if old.kind == "present" and new.kind != "present":
        return True
    if new.kind in ("reported", "inherited") and old.kind not in ("reported", "present", "inherited"):
        return False  # the day a statement was made, or one carried over, never narrows the event's own date
    if old.kind == "inherited" and new.kind not in ("inherited", "present"):
        return True  # a date the event's own sentences give beats one carried over from the sentence before
    if old.kind == "reported" and new.kind not in ("reported", "present", "inherited"):
        return _near_report(new, old)  # the event's own date, not the day it was reported
    inside = old.date_start <= new.date_start and new.date_end <= old.date_end
    return inside and (new.date_end - new.date_start) < (old.date_end - old.date_start)


def _finer(new: PlaceMention, old: PlaceMention, stated: bool = False) -> bool:
    """A place inside the old one and more precise (a province within "southern Afghanistan",
    a frontier post on "the Afghan–Tajik border"); or, ``stated`` ("the ambush occurred in X"), a place
    near the border the event was first put on."""
    if new.inferred and not old.inferred:
        return False
    if old.inferred and not new.inferred:
        if is_coarse(new.place) and not is_coarse(old.place):
            return False  # "the district" (named before) is not made vaguer by a province named later
        return distance_km(old.place.geometry, new.place.geometry) <= SAME_PLACE_KM or refines(new.place, old.place)
    if refines(new.place, old.place):
        return True
    if (stated and old.place.kind == "border" and new.place.kind not in ("border", "country")
            and distance_km(old.place.geometry, new.place.geometry) <= NEAR_BORDER_KM):
        return True  # "an ambush near the border with Afghanistan" ... "the ambush occurred in the Rasht district"
    old_geom, new_geom = old.place.geometry, new.place.geometry
    if old_geom.geom_type in ("Point", "LineString", "MultiLineString"):
        return False
    within = old_geom.buffer(0.01).contains(new_geom)
    return within and new_geom.area < old_geom.area


def _near_report(event: DateMention, report: DateMention) -> bool:
    """True when ``event`` may be what a statement of date ``report`` was about."""
    earliest = report.date_start - dt.timedelta(days=REPORTED_REACH_DAYS)
    return earliest <= event.date_start and event.date_end <= report.date_end


def dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or {"present", "inherited"} & {a.kind, b.kind}:
        return True
    if a.kind == "reported" or b.kind == "reported":
        report, other = (a, b) if a.kind == "reported" else (b, a)
        return other.kind == "reported" or _near_report(other, report) or (
            other.date_start <= report.date_end and report.date_start <= other.date_end)
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def days_apart(a: DateMention | None, b: DateMention | None) -> int:
    """Days between two dates' ranges (0 when they overlap or one is missing)."""
    if a is None or b is None:
        return 0
    return max((a.date_start - b.date_end).days, (b.date_start - a.date_end).days, 0)
