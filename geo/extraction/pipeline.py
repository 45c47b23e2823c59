"""Article text to candidate events with evidence spans (rule-based, gazetteer-driven).

:func:`extract_events` reads an article sentence by sentence (see
:mod:`geo.extraction.article`), finds event triggers (:mod:`geo.extraction.triggers`), dates
(:mod:`geo.extraction.dates`), figures (:mod:`geo.extraction.numbers`), actors and
sources (:mod:`geo.extraction.claims`) and places (:mod:`geo.extraction.places`,
:mod:`geo.extraction.locate`),
merges mentions of one event across sentences ("the prison incident", a
second mention that adds "in May") and returns :class:`Candidate` records
that validate as :class:`geo.model.schema.Event`, each with the character spans of
the text that support its fields and a confidence score.

Example
-------
>>> meta = ArticleMeta(published=dt.date(2024, 5, 3), publisher="Test Wire")
>>> result = extract_events("Two soldiers were killed in clashes near Khorog on Monday.", meta)
>>> result.candidates[0].event["location"]
'Khorog'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from geo.extraction.antecedents import find_antecedent
from geo.extraction.article import sentence_spans
from geo.extraction.calendar_days import date_precision, undated_range
from geo.extraction.claims import SpeakerMemory, as_of, find_actors, find_attributions
from geo.extraction.counts import conservative_counts
from geo.extraction.dates import DateMention
from geo.extraction.durations import RECENT_NEWS_DAYS, just_happened, on_a_day, own_date, since_then, widen_by_duration
from geo.extraction.enumerations import enumerated_pairs, share_out
from geo.extraction.fallback_places import (
    ToldPlaces,
    place_at_the_dateline,
    place_in_the_one_country,
    refine_coarse_places,
)
from geo.extraction.history import governed_history
from geo.extraction.locate import choose_place, coordinated_places, preposition_weight
from geo.extraction.mentions import Mention
from geo.extraction.merge import NEARBY_SENTENCES, Draft
from geo.extraction.numbers import find_figures
from geo.extraction.places import PlaceMemory, PlaceMention, find_places
from geo.extraction.records import ArticleMeta, Candidate, ExtractionResult, confidence_of, figure_fields, notes_for
from geo.extraction.report_day import choose_date, find_event_dates, report_day_of
from geo.extraction.tallies import is_summary, is_tally, recalled_in_passing, tally_window
from geo.extraction.triggers import find_mentions
from geo.model import FIELDS, Citation, Event, format_errors

#: An event told as happening in the course of one told before ("during the operation, a tank hit a mine").
DURING_EARLIER = re.compile(r"\b(?:during|in the course of) (?:the|this|that) (?:operation|fighting|clash(?:es)?|"
                            r"battle|offensive|assault|raid|attack)\b", re.IGNORECASE)
_HEADLINE_WORDS = 20
#: A verb of speech: what follows it is what was said.
SAID = re.compile(r"\b(?:said|says|stated|told|warned|noted|added|announced|reported|claimed)\b")
#: A village or area the gazetteer does not know, named as such ("in the village of Akhba", "Moghol village").
UNKNOWN_LOCAL = re.compile(r"\b(?:village|hamlet|settlement|kishlak|qishloq|area|locality)\s+of\s+(?-i:[A-Z])[\w’'-]+|"
                           r"\b(?-i:[A-Z])[\w’'-]+\s+(?:village|hamlet|settlement|kishlak)\b", re.IGNORECASE)


def _background(mention: Mention, date: DateMention | None, published: dt.date) -> bool:
    """An event recalled in an aside ("the Taliban, who seized power in 2021, ...") a year or more
    before the report: background to the news, not an event it reports."""
    return mention.aside and date is not None and date.date_end < undated_range(published)[0]


def _indefinite(label: str) -> str:
    """``label`` with its indefinite article ("an explosion", "a clash"; "arrests" as it is)."""
    if label.endswith("s") and not label.endswith("ss"):
        return label
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


ONE_DAY = dt.timedelta(days=1)


def _is_headline(text: str, first_line: bool = False) -> bool:
    """A title: short, no final stop, and in title case or (``first_line``) the article's own first line."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    if not words or len(words) > _HEADLINE_WORDS or re.search(r"[.!?”\"]\s*$", text):
        return False
    return first_line or sum(w[0].isupper() for w in words) >= 0.6 * len(words)


class _Extractor:
    """One pass over one article: memories of places and speakers, and the drafts so far."""

    def __init__(self, text: str, meta: ArticleMeta) -> None:
        self.text = text
        self.meta = meta
        self.places = PlaceMemory()
        self.speakers = SpeakerMemory()
        self.drafts: list[Draft] = []
        self.messages: list[str] = []
        self.sentence_places: dict[int, tuple[int, list[PlaceMention]]] = {}
        self.sentence_dates: dict[int, list[DateMention]] = {}
        self.last_dated: tuple[int, DateMention] | None = None
        self.report_day: dt.date | None = None  # the day the article's sources spoke, once it says so

    def run(self) -> list[Draft]:
        for index, (start, end, paragraph) in enumerate(sentence_spans(self.text)):
            self._sentence(index, start, end, paragraph)
        told = ToldPlaces(self.text, self.sentence_places, self.sentence_dates)
        refine_coarse_places(told, self.drafts)
        place_at_the_dateline(told, self.drafts)
        place_in_the_one_country(told, self.drafts)
        for draft in self.drafts:
            if draft.date is not None:
                draft.date = widen_by_duration(draft.date, [self.text[s:e] for s, e in draft.sentences],
                                               self.meta.published)
        return self.drafts

    def _sentence(self, index: int, start: int, end: int, paragraph: int) -> None:
        text, sentence = self.text, self.text[start:end]
        places = find_places(text, start, end, self.places)
        self.sentence_places[index] = (paragraph, places)
        actors = find_actors(sentence, start)
        for actor in actors:
            self.speakers.remember_actor(actor)
        claims = [(a, self.speakers.add(a.source)) for a in find_attributions(sentence, start)]
        self.places.remember(places)
        self.places.remember_adjectives(sentence)
        if _is_headline(sentence, first_line=index == 0 and text[end:end + 2] == "\n\n"):
            return
        dates = find_event_dates(sentence, self.meta.published, start, self.report_day,
                                 self.last_dated[1].date_start if self.last_dated else None)
        history = [d for d in dates if d.kind == "history"]  # "since the Taliban were ousted in 2001"
        dates = [d for d in dates if d.kind != "history"]
        self.report_day = self.report_day or report_day_of(dates, self.meta.published)
        self.sentence_dates[index] = dates
        if dates:
            days = sorted((d for d in dates if d.precision == 1 and d.kind not in ("present", "open")),
                          key=lambda d: d.kind == "reported")  # the event's day before the day it was told
            self.last_dated = (index, days[0]) if days else None
        elif self.last_dated is not None and index - self.last_dated[0] <= NEARBY_SENTENCES:
            # a sentence that gives no date goes on at the day of the sentences just before it
            day = self.last_dated[1]  # weak: any date of the event's own wins; it may be that day or the next
            until = day.date_end if day.kind == "reported" else min(day.date_end + ONE_DAY, self.meta.published)
            dates = [replace(day, date_end=until, precision=date_precision(day.date_start, until), kind="inherited")]
        # the Taliban of a sentence dated before they took power are still insurgents
        told = [d.date_end for d in dates if d.kind in ("explicit", "relative") and d.precision <= 2]
        actors = as_of(actors, min(told) if told else self.meta.published)
        figures = find_figures(sentence, start)
        if share_out(text, (start, end), figures, places, self.drafts):
            return
        mentions = find_mentions(text, start, end, figures, actors, [(d.start, d.end) for d in dates])
        created: list[Draft] = []
        resolved: list[Draft] = []
        since: DateMention | None = None  # "after this incident, ...": what follows dates from the incident on
        for mention in mentions:
            date = governed_history(history, mention, text) or choose_date(dates, mention, text)
            if since is not None and (date is None or date.kind == "inherited"):
                date = since_then(since, self.meta.published)
            place = choose_place(text, places, (mention.start, mention.end), (mention.seg_start, mention.seg_end))
            meeting = mention.rule.family == "meeting"
            if place is not None and meeting and (preposition_weight(text, place.start) < 2 or SAID.search(
                    text, mention.end, place.start)):
                # "talks on patrolling the border with Afghanistan": the topic, not where they met; "at a meeting of
                # the council, he said militants moved to Kunduz": what was said there, not where
                place = None
            segment = text[mention.seg_start:mention.seg_end]
            seg_figures = conservative_counts([f for f in figures if mention.seg_start <= f.start < mention.seg_end],
                                              text)
            # "a deadly border clash that killed five", "15,000 reservists to its border": the border the article
            # is about (named or between its two countries), for an event with a toll or a force counted;
            # otherwise only a border stretch named before
            tolled = any(f.role in ("killed", "wounded") or (mention.kind == "posture" and f.role == "strength")
                         for f in seg_figures)
            border = None if place is not None or meeting or not re.search(r"\bborder\b", segment) else (
                self.places.border_place() if tolled else self.places.border.place if self.places.border else None)
            if border is not None:
                place = PlaceMention(mention.start, mention.end, border, "border", inferred=True)
            local = UNKNOWN_LOCAL.search(segment) if place is None else None
            if local and self.places.last_specific is not None:  # "in the village of Akhba" (not in the gazetteer)
                place = replace(self.places.last_specific, start=local.start() + mention.seg_start,
                                end=local.end() + mention.seg_start, inferred=True)  # the place named before
            seg_actors = [a for a in actors if mention.seg_start <= a.start < mention.seg_end
                          or a.end <= mentions[0].start]
            antecedent = find_antecedent(self.drafts, mention, date, place, seg_actors, index, paragraph, created)
            if is_tally(tally_window(text, (start, end), (mention.seg_start, mention.seg_end), mention.specific)) or (
                    antecedent is not None and date is not None and (date.date_end - date.date_start).days > 365):
                continue  # a statistic, or fighting "in the past two years", adds nothing to an event told before
            if antecedent is None and (mention.rule.strength == 0 or not mention.qualified
                                       or (mention.definite and mention.rule.strength < 2 and not tolled)
                                       or _background(mention, date, self.meta.published)
                                       or is_summary(segment, text[start:mention.start], on_a_day(date),
                                                     own_date(date))):
                continue
            pairs = [] if antecedent else enumerated_pairs(text, (mention.seg_start, mention.seg_end),
                                                            seg_figures, places)
            if pairs:  # "300 crossed at A, 150 at B and 80 near C": one event per place
                for figure, item_place in pairs:
                    item = Draft.start(mention, index, paragraph)
                    item.absorb(mention, (start, end), sentence, index, paragraph, date, item_place, [figure],
                                seg_actors, claims)
                    self.drafts.append(item)
                    created.append(item)
                continue
            if antecedent is not None and mention.since_then:
                # "After this incident, security measures were taken in Dushanbe": the place and day are the
                # measures', not the incident's
                place, date, seg_figures, since = None, None, [], antecedent.date
            draft = antecedent or Draft.start(mention, index, paragraph)
            draft.absorb(mention, (start, end), sentence, index, paragraph, date, place, seg_figures, seg_actors,
                         claims)
            (resolved if antecedent else created).append(draft)
            if antecedent is None:
                self.drafts.append(draft)
                twins = coordinated_places(text, place, places) if place is not None else []
                for other in twins:
                    twin = Draft.start(mention, index, paragraph)
                    twin.absorb(mention, (start, end), sentence, index, paragraph, date, other, seg_figures,
                                seg_actors, claims)
                    self.drafts.append(twin)
                    created.append(twin)
                for each in [draft, *created[-len(twins):]] if twins else []:
                    each.shared = set(each.figures)  # one total for several places
        # "talks on the sidelines of the summit": the summit's place; "during the operation a tank hit a mine":
        # the place of the operation told before
        earlier = [d for d in reversed(self.drafts) if d not in created and d.place is not None][:1]
        during = earlier if DURING_EARLIER.search(sentence) else []
        for draft in created:
            trigger = _trigger_start(draft)
            meeting_said = draft.family == "meeting" and SAID.search(text, start if trigger is None else trigger, end)
            if draft.place is None and not meeting_said:
                donor = next((d for d in [*resolved, *created, *during] if d.place is not None), None)
                if donor is not None and donor.place is not None:
                    draft.place = PlaceMention(donor.place.start, donor.place.end, donor.place.place,
                                               donor.place.text, inferred=True)


def _trigger_start(draft: Draft) -> int | None:
    """Where the first trigger word of ``draft`` stands in the article."""
    return next((start for field, start, _ in draft.evidence if field == "event_type"), None)


def _candidate(draft: Draft, meta: ArticleMeta, citation: Citation, messages: list[str],
               text: str) -> Candidate | None:
    where = f"characters {draft.sentences[0][0]}-{draft.sentences[0][1]}"
    if draft.place is None:
        messages.append(f"{where}: the text mentions {_indefinite(draft.label)} but no place is tied to it; "
                        "not extracted")
        return None
    place = draft.place.place
    if (draft.kind == "incident" and place.kind == "country" and not {"killed", "wounded"} & set(draft.figures)
            and (not draft.specific or "territory" in draft.sub_event_type)):
        # "the Taliban seized control of Afghanistan", "violence across the country": history, not a mappable event
        messages.append(f"{where}: the text ties {_indefinite(draft.label)} to no place finer than {place.name} "
                        "and gives no casualties; not extracted")
        return None
    date: DateMention | None = draft.date
    trigger = _trigger_start(draft)
    if date is None and trigger is not None and just_happened(text, trigger, *draft.sentences[0]):
        start, end, precision = meta.published - dt.timedelta(days=RECENT_NEWS_DAYS), meta.published, 2
        messages.append(f"{where}: no date stated for the {draft.label}; reported as just happened, so the "
                        f"{RECENT_NEWS_DAYS} days before publication")
    elif date is None:
        start, end = undated_range(meta.published)
        precision = 3
        messages.append(f"{where}: no date stated for the {draft.label}; using the year before publication")
    else:
        start, end, precision = date.date_start, date.date_end, date.precision
        if date.kind == "reported" and precision == 1:  # "retook the district, officials said on Tuesday":
            start -= dt.timedelta(days=1)  # on that day or the one before
    # Stable across runs; the dates are part of it because one sentence can report two events at
    # one place (e.g. agreements signed there in 1992 and in 1993).
    key = (f"{meta.url or meta.publisher}|{meta.title}|{meta.published}|{draft.sentences[0][0]}|"
           f"{draft.sentences[0][1]}|{draft.kind}|{place.name}|{start}|{end}")
    actor1, actor2 = draft.actor_pair()
    record: dict[str, Any] = {
        "event_id": "ING-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        "kind": draft.kind, "event_type": draft.event_type, "sub_event_type": draft.sub_event_type,
        "date_start": start, "date_end": end, "time_precision": precision,
        "location": place.name, "admin1": place.admin1, "country": place.country,
        "geo_precision": place.geo_precision, "geometry": place.geometry,
        "actor1": actor1, "actor2": actor2, "claimed_by": (draft.claimed_by or None),
        "notes": notes_for(draft, place.name), "sources": [citation],
        **figure_fields(draft.figures),
    }
    record = {k: v for k, v in record.items() if k in FIELDS or k == "geometry"}
    try:
        Event.model_validate(record)
    except ValidationError as exc:
        messages.extend(f"{where}: {line}" for line in format_errors(exc, "candidate"))
        return None
    return Candidate(event=record, evidence=draft.evidence_dicts(), confidence=confidence_of(draft, len(text)))


def merge_twins(drafts: list[Draft]) -> list[Draft]:
    """One draft per incident: a later draft that is a twin of an earlier one (two sources' counts of
    one attack, a lead sentence and the sentence that places it) is merged into it."""
    kept: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: d.sentences[0][0]):
        twin = next((k for k in kept if k.is_twin(draft)), None)
        if twin is None:
            kept.append(draft)
        else:
            twin.merge(draft)
    return kept


def extract_events(text: str, meta: ArticleMeta) -> ExtractionResult:
    """Candidate events in ``text`` (offsets in evidence refer to ``text`` as given).

    Never raises on odd text: problems are returned in ``messages`` (no events,
    a publication date in the future, an event with no place, an undated event).
    """
    result = ExtractionResult()
    today = dt.datetime.now(dt.UTC).date()
    if meta.published > today:
        result.messages.append(
            f"publication date {meta.published} is in the future (today is {today}); relative dates use it anyway")
    if not isinstance(text, str) or not text.strip():
        result.messages.append("the article text is empty: no events found")
        return result
    extractor = _Extractor(text, meta)
    drafts = merge_twins(extractor.run())
    background = recalled_in_passing(drafts)
    drafts = [d for d in drafts if d not in background]
    citation = meta.citation()
    seen: dict[str, Candidate] = {}
    for draft in sorted(drafts, key=lambda d: d.sentences[0][0]):
        candidate = _candidate(draft, meta, citation, result.messages, text)
        if candidate is None:
            continue
        twin = seen.get(candidate.event["event_id"])
        if twin is not None:  # two triggers of one sentence gave the very same event ("attacked ..., killing")
            twin.evidence.extend(e for e in candidate.evidence if e not in twin.evidence)
            continue
        seen[candidate.event["event_id"]] = candidate
        result.candidates.append(candidate)
    result.messages[:0] = extractor.messages
    result.messages = list(dict.fromkeys(result.messages))
    if not result.candidates:
        result.messages.append("no events found: no sentence reports a mappable clash, attack, posture, "
                               "concentration or meeting")
    return result


__all__ = ["ArticleMeta", "Candidate", "ExtractionResult", "Mention", "extract_events"]
