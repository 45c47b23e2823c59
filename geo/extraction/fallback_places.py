"""Where an event no sentence places finely is put: a finer place told next to it, the town of the dateline, a
province named as its officials' owner, the town the article opens with, or the one country of the article.

These passes run once every sentence of an article has been read (:mod:`geo.extraction.pipeline`), over the
places and dates found in each sentence (:class:`ToldPlaces`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.extraction.dates import DateMention
from geo.extraction.durations import on_a_day
from geo.extraction.locate import is_coarse, preposition_weight, refines
from geo.extraction.merge import NEARBY_SENTENCES, Draft
from geo.extraction.places import PlaceMention, is_dateline
from geo.places import REGION_COUNTRIES, geocode_or_none

#: Sentences that open an article (the headline and the lead).
LEAD_SENTENCES = 2


@dataclass(frozen=True)
class ToldPlaces:
    """An article's text with the places (and paragraph) and dates of each of its sentences, by index."""

    text: str
    sentence_places: dict[int, tuple[int, list[PlaceMention]]]
    sentence_dates: dict[int, list[DateMention]]


def refine_coarse_places(told: ToldPlaces, drafts: list[Draft]) -> None:
    """An event placed only on a border line, a river, a country or a province (or not placed at all)
    takes a more specific place named with "in"/"near"/"at" in the next sentences of its paragraph, or in
    the very next sentence ("The shooting took place near the Sayod frontier post"), else in the sentences
    before it in its paragraph ("In Farkhor, ... A guard was killed on the border"), unless another
    event of its kind is at that place (a concentration there does not hold it); an event with no date of
    its own takes that sentence's date."""
    taken = {(d.kind, d.place.place.name) for d in drafts if d.place is not None}
    for draft in drafts:
        if (draft.place is not None and not is_coarse(draft.place.place)) or (
                draft.place is None and not concrete_incident(draft)):
            continue
        after = range(draft.first_index + 1, draft.first_index + 1 + NEARBY_SENTENCES)
        before = range(draft.first_index - 1, max(draft.first_index - 1 - NEARBY_SENTENCES, -1), -1)
        for index in [*after, *before]:  # then the sentences before it in its paragraph
            paragraph, places = told.sentence_places.get(index, (-1, []))
            if paragraph != draft.last_paragraph and index != draft.first_index + 1:
                continue
            finer = [m for m in places if not m.actor and not m.inferred
                     and (draft.place is None or ((draft.kind, m.place.name) not in taken
                                                  and refines(m.place, draft.place.place)))
                     and preposition_weight(told.text, m.start) >= 3.0]
            if finer:
                draft.place = finer[0]
                draft.evidence.append(("location", finer[0].start, finer[0].end))
                _date_from(told, draft, index)
                break

def place_at_the_dateline(told: ToldPlaces, drafts: list[Draft]) -> None:
    """An event of the lead paragraph placed on no more than its country (or a concrete incident placed
    nowhere) is at the town the report was filed from, when that town lies in the event's country
    ("KUNDUZ, Afghanistan (AP) — Gunmen killed three policemen at a checkpoint")."""
    dateline = next(((i, m) for i in sorted(told.sentence_places)[:LEAD_SENTENCES + 1]
                     for m in told.sentence_places[i][1] if is_dateline(told.text, m)), None)
    if dateline is None or dateline[1].place.kind == "country" or dateline[1].place.note.startswith(
            f"capital of {dateline[1].place.country}"):
        return  # a wire files from the capital what happens anywhere in the country
    paragraph = told.sentence_places[dateline[0]][0]
    town = replace(dateline[1], actor=False, inferred=True)
    for draft in drafts:
        if told.sentence_places.get(draft.first_index, (-1, []))[0] != paragraph:
            continue
        if (draft.place is None and draft.kind == "incident" and (bool(draft.figures) or on_a_day(draft.date))) or (
                draft.place is not None and draft.place.place.kind == "country"
                and draft.place.place.name == town.place.country):
            draft.place = town

def place_in_the_one_country(told: ToldPlaces, drafts: list[Draft]) -> None:
    """A concrete incident no sentence places: the town or district the article's opening (headline and
    first sentence) names, else the one country all its places lie in (precision 3), rather than dropping a
    dated toll the analyst would have to retype."""
    for draft in drafts:  # "Samangan's NDS director was killed in clashes": in that province
        if draft.place is None and draft.kind == "incident" and "killed" in draft.figures:
            owner = next((m for m in told.sentence_places.get(draft.first_index, (0, []))[1] if m.actor
                          and m.place.kind == "admin1" and told.text[m.end:m.end + 2] in ("’s", "'s")), None)
            draft.place = None if owner is None else replace(owner, actor=False, inferred=True)
    unplaced = [d for d in drafts if d.place is None and d.kind == "incident" and "killed" in d.figures
                and on_a_day(d.date)]
    if not unplaced:
        return
    named = [m for _, places in told.sentence_places.values() for m in places if not m.inferred]
    # the town or district the article opens with ("escape from the detention facility in Dushanbe"), the
    # setting of the details told after it ("they killed a guard on Sunday night")
    opening = next((m for i in sorted(told.sentence_places)[:LEAD_SENTENCES] for m in told.sentence_places[i][1]
                    if not m.inferred and not m.actor and m.place.geo_precision <= 2), None)
    held = {d.place.place.name for d in drafts if d.place is not None}
    if opening is not None and opening.place.name not in held:  # not where another event of the article was
        for draft in unplaced:
            draft.place = replace(opening, inferred=True)
        return
    countries = {m.place.country for m in named if m.place.country}
    # only a country of the region: "Russia's defence ministry said ..." tells who spoke, not where
    country = geocode_or_none(countries.pop()) if len(countries) == 1 and countries <= REGION_COUNTRIES else None
    if country is None:
        return
    for draft in unplaced:
        start = draft.sentences[0][0]
        draft.place = PlaceMention(start, start, country, country.name, inferred=True)

def concrete_incident(draft: Draft) -> bool:
    """A specific incident with a date or figures of its own: one that happened, not a habit
    ("border troops almost daily engage in clashes"), may look for its place in the next sentence."""
    dated = draft.date is not None and draft.date.kind in ("explicit", "relative")
    return draft.specific and draft.kind == "incident" and (dated or bool(draft.figures))

def _date_from(told: ToldPlaces, draft: Draft, index: int) -> None:
    """The day of the sentence that placed ``draft``, when the draft has no date of its own."""
    if draft.date is not None and draft.date.kind not in ("reported", "inherited", "present"):
        return
    own = [d for d in told.sentence_dates.get(index, []) if d.kind in ("explicit", "relative")
           and d.precision <= 2]
    if own:
        draft.date = own[0]
        draft.evidence.append(("date", own[0].start, own[0].end))


__all__ = ["LEAD_SENTENCES", "ToldPlaces", "concrete_incident", "place_at_the_dateline", "place_in_the_one_country",
           "refine_coarse_places"]
