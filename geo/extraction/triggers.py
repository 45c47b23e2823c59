"""Event triggers in a sentence and their ACLED classification.

:data:`~geo.extraction.lexicon.TRIGGER_RULES` is the lexicon (its own module).
:func:`find_mentions` applies it to one sentence: hypothetical or negated
incidents ("to prevent any attacks"), time references ("following the
takeover") and attribution settings ("a news conference") are dropped; generic
triggers ("killed", "attack") join the specific trigger of the same sentence
("prison riot"); each remaining mention owns a segment of the sentence, in
which its figures and place are looked for.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from geo.extraction.claims import ActorMention
from geo.extraction.lexicon import ARMED_MOVERS, ARMED_OBJECT, TRIGGER_RULES, TriggerRule, told_in_passing
from geo.extraction.mention_groups import force_strength_mentions, protest_force
from geo.extraction.mentions import Mention
from geo.extraction.numbers import Figure
from geo.extraction.people import CIVILIAN_VICTIMS, STATE_FORCE_NOUNS, VICTIM_RE, side
from geo.extraction.segments import join_and_segment, strong_break

#: Words before an incident trigger (same clause) that make it hypothetical, planned, negated or a cause fled from.
HYPOTHETICAL = re.compile(
    r"\b(?:prevent\w*|avoid\w*|plann?(?:ing|ed|s)?|plot\w*|threat(?:en\w*|s)? (?:of|to)|capable of|ability to|"
    r"able to|could|would|will|shall|until|may|might|risk of|fears? of|to carry out|to launch|to stage|"
    r"intend\w*|aim\w* to|"
    r"seek\w* to|tr(?:y|ied|ying) to|attempt\w* to|possible|potential\w*|no|not|never|without|any|future|"
    r"prepar\w*|den(?:y|ied|ies|ying)|rejected|usually|often|frequently|regularly|routinely|"
    # the fighting people fled is told for itself elsewhere: "fled to Tajikistan to escape the fighting"
    r"to (?:escape|flee)|escaping|fleeing)\b[^.,;:]{0,35}$",
    re.IGNORECASE)
#: A sentence about what an exercise plays out ("repel a notional enemy", "practise ambushes").
EXERCISE_PLAY = re.compile(r"\b(?:drills?|exercises?|manoeuvres|maneuvers|war games)\b[^.]*\b(?:practi[cs]\w*|"
                           r"rehears\w*|simulat\w*|notional|mock|imaginary|conditional|scenario)\b|\b(?:practi[cs]\w*|"
                           r"rehears\w*|simulat\w*|notional|mock|imaginary|conditional|scenario)\b[^.]*\b(?:drills?|"
                           r"exercises?|manoeuvres|maneuvers|war games)\b"
                           # an enemy that is only played: "engaged the mock enemy's forward units"
                           r"|\b(?:notional|mock|imaginary|simulated|hypothetical)\s+(?:[\w-]+\s+)?(?:enemy|enemies|"
                           r"adversary|opponents?|militants?|terrorists?|insurgents?|gangs?|intruders?|saboteurs?)",
                           re.IGNORECASE)
#: Words right after a trigger noun that put it in the future ("the retaking operation will begin soon").
FUTURE_AFTER = re.compile(r"\s+(?:(?!(?:that|which|who|and|but)\b)[\w-]+\s+){0,2}?(?:will|is to|are to|"
                          r"is expected to|are expected to|is planned|are planned|is due to|are due to|is scheduled|"
                          r"are scheduled)\b", re.IGNORECASE)
#: Words before a trigger that make it a time reference ("following the takeover").
TIME_REFERENCE = re.compile(r"\b(?:following|(?<!days\s)(?<!day\s)(?<!weeks\s)(?<!week\s)after(?!\s+(?:that|this|"
                            r"which)\b)|since|before|in the wake of|ahead of)\s+"
                            # "after days of heavy clashes": the clashes themselves, told with how long they lasted
                            r"(?!(?:(?:several|two|three|four|five|\d+|many)\s+)?(?:hours|days|weeks|months|nights)\s+of\b)"
                            r"(?:the\s+)?[^,.;]{0,30}$",
                            re.IGNORECASE)
#: How long a fight lasted, told before it ("after two days of heavy clashes").
LASTED = re.compile(r"\b(?:hours|days|weeks|months|nights)\s+of\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: "After this incident, ...", "following the attack, ...": what the sentence tells came after that event.
AFTER_THE = re.compile(r"\b(?:after|following|since|in the wake of)\s+(?:the|this|that|these)\s+(?:[\w-]+\s+)?$",
                       re.IGNORECASE)
#: A verb right after a trigger: "after a roadside bomb struck a vehicle" is a clause of its own (the cause).
CAUSE_CLAUSE = re.compile(r"\s+(?:\w+\s+){0,2}?(?:struck|hit|exploded|went off|ripped|tore|targeted|detonated)\b",
                          re.IGNORECASE)
_ENDS_IN_CAUSE_VERB = re.compile(r"\s(?:struck|hit|bombed|targeted|fired|exploded|went off|detonated|blew up)$",
                                 re.IGNORECASE)
#: "the first case of", "the third such incident of": a remark on the event told, never a new one.
ORDINAL_CASE = re.compile(r"\b(?:first|second|third|fourth|fifth|latest|only|deadliest|biggest|largest)\s+(?:such\s+)?"
                          r"(?:case|instance|incident|episode|time)s?\s+(?:of\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$",
                          re.IGNORECASE)
#: Goods that are seized or captured (drugs, arms, money): not territory.
CONTRABAND = re.compile(r"\b(?:kilo(?:gram)?s?|kg|tons?|tonnes?|grams?|drugs?|narcotics|heroin|hashish|opium|"
                        r"cannabis|marijuana|weapons?|arms|ammunition|cartridges|rifles|pistols|guns|explosives|"
                        r"contraband|cash|money|vehicles?|cars?|trucks?|horses|cattle|livestock)\b", re.IGNORECASE)
#: A bare plural of a generic trigger, and the preposition that makes it the object of a noun ("a base for attacks").
GENERIC_PLURAL = re.compile(r"attacks|raids|assaults|clashes|bombings|explosions|protests|demonstrations|rallies",
                            re.IGNORECASE)
OBJECT_OF = re.compile(r"\b(?:for|of|against|to)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
#: Words before an explosive device that make it one found or made safe, not one that went off.
DEFUSED = re.compile(r"\b(?:defus\w*|disarm\w*|find|found|discover\w*|seiz\w*|confiscat\w*|remov\w*|clear\w*|"
                     r"neutrali[sz]\w*)\b[^.;:]{0,30}$", re.IGNORECASE)
#: A non-restrictive relative clause opening just before a trigger ("the Taliban – which retook the country").
ASIDE = re.compile(r"(?:,|–|—|\s-)\s*(?:who|which)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: Words before a trigger that announce a further event ("another attack", "separately, ...").
FRESH_EVENT = re.compile(r"\b(?:another|a second|a third|a separate)\s+(?:[\w-]+\s+){0,2}$|\bseparately\b[^.;]{0,60}$|"
                         r"\bin a separate (?:incident|attack|clash)\b[^.;]{0,60}$|"
                         # "Earlier, the group said they had attacked ...": an earlier event of its own
                         r"\bearlier\b[^.;]{0,60}\bhad\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
#: Words before a meeting trigger that make it the setting of a statement, not an event.
ATTRIBUTION_SETTING = re.compile(r"\b(?:news|press|media|video|telephone|phone)\s*$", re.IGNORECASE)
#: Words before a posture or concentration that make it a wish, a promise, a purpose or a doubt.
POLICY_LEAD = re.compile(r"\b(?:call(?:s|ed|ing)? (?:for|on)|urg\w+|promis\w+|pledg\w+|vow\w+|envisag\w+|propos\w+|"
                         r"aim\w* (?:to|at)|intend\w*|ready to|should|must|need(?:s|ed)? to|cannot|can't|unable to|"
                         r"fail\w* to|would|could|might|may|possib\w+|plans? to|plann\w+|consider\w*)\b[^.;:]{0,40}$",
                         re.IGNORECASE)
#: A force that simply is somewhere ("the 201st base is stationed in Tajikistan"): a standing fact, not a move.
#: A sentence that says where forces stand ("4,000 soldiers are stationed in Afghanistan").
STANDING_FORCE = re.compile(r"\b(?:is|are)\s+(?:[\w-]+\s+)?(?:stationed|based|deployed)\b|\bof them (?:are )?"
                            r"stationed\b|"
                            # "Norway has about 500 soldiers in the country", "... are set to withdraw by 2014"
                            r"\b(?:has|have|had|maintains?|keeps?)\s+(?:(?:about|some|around|roughly|nearly|more than|"
                            r"over)\s+)?[\d,]+\s+(?:[\w-]+\s+)?(?:troops|soldiers|servicem[ae]n|personnel)\b|"
                            r"\b(?:is|are)\s+(?:set|due|scheduled|expected)\s+to\s+(?:withdraw|leave|pull out)\b",
                            re.IGNORECASE)
#: A participle trigger right after the forces it describes ("100,000 troops deployed from 42 nations").
FORCE_NOUN_BEFORE = re.compile(r"\b(?:troops|soldiers|forces|servicem[ae]n|personnel)\s+$", re.IGNORECASE)
STANDING = re.compile(r"\b(?:is|are|remains?)\s+(?:still\s+|currently\s+|permanently\s+)?$", re.IGNORECASE)
#: A fight as the subject of a verb of growth ("the fighting intensified"), and a verb going on into another.
FIGHT_SUBJECT = re.compile(r"\b(?:clash(?:es)?|fighting|firefight|gunfight|shootout|battle|violence|hostilities|"
                           r"skirmish(?:es)?|attacks?)\b(?:\s+[\w-]+){0,8}\s*$", re.IGNORECASE)
TO_VERB = re.compile(r"\s+to\s+(?!(?:the|a|an|its|their|about|some|more|over|nearly|around|almost|up|one|two|three|"
                     r"four|five|six|seven|eight|nine|ten|several|dozens|hundreds|thousands)\b)[a-z]+\b")
#: A preposition that makes a fight the circumstance of a move ("after the attacks Tajikistan reinforced ...").
_CIRCUMSTANCE = re.compile(r"\b(?:after|following|since|amid|as|while|when|during|despite|against|to|of|for|over)\s+"
                           r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


def _fight_grows(clause: str) -> bool:
    """A fight is the subject of the verb of growth that ends ``clause`` ("the fighting intensified")."""
    subject = FIGHT_SUBJECT.search(clause)
    return subject is not None and not _CIRCUMSTANCE.search(clause, 0, subject.start())
#: Words before a meeting or an agreement that put it in the future.
TO_COME = re.compile(r"\b(?:will|is to|are to|is due to|are due to|is expected to|are expected to|plans? to|"
                     r"(?:before|ahead of|until)\s+(?:[\w-]+\s+){0,3}(?:hosts|holds|convenes|signs))\b[^.;:]{0,40}$",
                     re.IGNORECASE)
#: An organisation's name around a treaty word ("Organization of the Collective Security Treaty").
ORGANISATION_NAME = re.compile(r"Organi[sz]ation(?: of(?: the)?(?: [A-Z]\w+)+)?\b|Treaty Organi[sz]ation")
#: Trigger text that is a verb form, not a noun that "the" could make definite.
VERB_TRIGGER = re.compile(r"(?:ed|ed up|ed in|ed over)$|^(?:based|stationed|headquartered|met|built|set up|fell)\b"
                          r"|\s(?:exploded|went off|detonated|blew up|struck|bombed|hit|fired|targeted)$")
#: A determiner just before a participle trigger ("the abducted guards").
PARTICIPLE_REFERENCE = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
#: The noun a participle trigger describes ("abducted border guards"), not a verb or phrase after it.
PARTICIPLE_HEAD = re.compile(r"\s+(?!(?:by|in|on|at|near|during|when|while|and|or|were|was|are|is|has|had|have|"
                             r"will|to|from|of|with)\b)[A-Za-z]")
DETERMINERS = frozenset({"the", "this", "these", "that", "those", "such"})
_CLAUSE_STOP = frozenset(
    {"in", "on", "at", "during", "for", "with", "by", "from", "to", "into", "near", "was", "were", "is", "are",
     "had", "has", "have", "been", "said", "held", "after", "before", "and", "or", "that", "which", "who", "a", "an"}
)
ARMED_OBJECT_RE = re.compile(ARMED_OBJECT, re.IGNORECASE)
ARMED_MOVERS_RE = re.compile(ARMED_MOVERS, re.IGNORECASE)
ARMED_NOUNS_RE = re.compile(r"\b(?:militants?|terrorists?|insurgents?|fighters?|jihadists?|extremists?|gunmen|"
                            r"members|elements|cells|groups?|rebels)\b", re.IGNORECASE)
#: Who crosses a border as a movement of forces: soldiers or police retreating or fleeing (not smugglers).
CROSSERS_RE = re.compile(r"\b(?:soldiers|troops|servicem[ae]n|personnel|forces|officers|policemen|refugees|"
                         r"asylum[- ]seekers|displaced (?:people|persons|families)|families)\b", re.IGNORECASE)
#: A place that can be taken, as the subject of "fell".
TERRITORY_SUBJECT = re.compile(r"\b(?:districts?|(?:district )?cent(?:re|er)s?|headquarters|towns?|city|cities|"
                               r"villages?|checkpoints?|posts?|outposts?|bases?|provinces?|capital)\b"
                               r"(?:(?:\s+|,\s*)[\w’'-]+){0,10}\s*$", re.IGNORECASE)
#: Who is detained: a count, or people named by what they are.
DETAINEES = (r"people|persons|militants|members|suspects|men|terrorists|nationals|citizens|smugglers|traffickers|"
             r"foreigners|individuals|residents|insurgents|fighters|gunmen|couriers")
#: A one-sided shooting ("opened fire on three forest rangers"): typed by its victims, like a killing.
_FIRED_ON = re.compile(r"(?:opened (?:heavy )?fire|fired (?:on|at|upon))$", re.IGNORECASE)
CONCENTRATION_RULE = next(r for r in TRIGGER_RULES if r.name == "concentration")
ARREST_RULE = next(r for r in TRIGGER_RULES if r.name == "arrest")
_RULES = tuple((rule, re.compile(rule.pattern, re.IGNORECASE if rule.name != "ied" else 0)) for rule in TRIGGER_RULES)
_IED_CASELESS = re.compile(next(r for r in TRIGGER_RULES if r.name == "ied").pattern.replace("IEDs?", "(?-i:IEDs?)"),
                           re.IGNORECASE)


def _clause_before(text: str, pos: int, limit: int = 60) -> str:
    chunk = text[max(0, pos - limit):pos]
    return re.split(r"[.;:!?]", chunk)[-1]


def _definite(text: str, start: int, end: int) -> tuple[bool, frozenset[str]]:
    """Whether the trigger's noun phrase is definite, and its modifier words ("the prison incident").

    Verbs ("killed", "based in") are never definite: a "the" before them opens their subject.
    """
    if VERB_TRIGGER.search(text[start:end]):
        # "the abducted border guards", "those killed soldiers": a participle naming people of an event told
        # before, as definite as "the abduction"
        return bool(PARTICIPLE_REFERENCE.search(text[max(0, start - 8):start]) and text[start:end].endswith("ed")
                    and PARTICIPLE_HEAD.match(text, end)), frozenset()
    words = re.findall(r"[\w’'-]+|[(),]", text[max(0, start - 80):start])
    cues: list[str] = []
    for word in reversed(words[-9:]):
        lower = word.lower()
        if lower in DETERMINERS:
            return True, frozenset(cues)
        if lower in _CLAUSE_STOP or word == ",":
            break
        if word not in "()":
            cues.append(lower)
    return False, frozenset(cues)


def _near(text: str, start: int, end: int, pattern: re.Pattern[str], before: int = 70, after: int = 90) -> bool:
    left = re.split(r"[.;!?]", text[max(0, start - before):start])[-1]
    right = re.split(r"[.;!?]", text[end:end + after])[0]
    return bool(pattern.search(left) or pattern.search(right))


def _kill_type(figures: Sequence[Figure], text: str, start: int, end: int) -> tuple[str, str]:
    killed = [f for f in figures if f.role == "killed"]
    antecedents = {f.start: f.noun for f in figures}
    # "killing two of them": the group counted before in the sentence
    # "armed men attacked a border post": before an active verb stands the attacker, not the victim
    active = bool(re.fullmatch(r"attacked|stormed|raided|assaulted", text[start:end], re.IGNORECASE)) and not re.search(
        r"\b(?:was|were|been|being)\s+$", text[max(0, start - 12):start], re.IGNORECASE)
    nouns = ({_referent(f, antecedents) for f in killed}
             or {m.group().lower() for m in VICTIM_RE.finditer(text[end:end + 60])}
             or (set() if active else {m.group().lower() for m in VICTIM_RE.finditer(_clause_before(text, start, 40))}))
    if nouns and nouns <= CIVILIAN_VICTIMS:
        return "Violence against civilians", "Attack"
    return "Battles", "Armed clash"


def _referent(figure: Figure, nouns_by_start: dict[int, str]) -> str:
    """The noun a pronoun count ("two of them") refers to: the closest counted group before it."""
    if figure.noun not in ("them", "others"):
        return figure.noun
    before = [noun for start, noun in sorted(nouns_by_start.items()) if start < figure.start and noun != figure.noun]
    return before[-1] if before else figure.noun


#: Armed men counted in words with no number ("a large number of militants", "many fighters").
MANY_ARMED = re.compile(r"\b(?:a large number of|large numbers of|a great number of|a significant number of|"
                        r"many|numerous|a large group of)\s+(?:[\w-]+\s+)?(?:militants|fighters|insurgents|"
                        r"terrorists|gunmen|mercenaries|jihadists)\b", re.IGNORECASE)


def _requirement_met(rule: TriggerRule, text: str, start: int, end: int, figures: Sequence[Figure],
                     actors: Sequence[ActorMention], dated: bool = False) -> bool:
    if rule.needs == "dated_or_counted":  # "notified about a shooting": no event without a day or a toll
        return dated or any(f.role in ("killed", "wounded") for f in figures)
    if rule.needs == "armed_object":  # the object after the verb, or a passive subject before it
        return _near(text, start, end, ARMED_OBJECT_RE, before=45, after=75) or bool(
            ARMED_OBJECT_RE.search(text, start, end)) or (
            rule.name == "deploy" and _near(text, start, end, ARMED_MOVERS_RE, before=45, after=75))
    if rule.needs == "armed_group":
        named = any(a.kind == "militant" and not a.generic for a in actors)
        counted = any(f.role == "strength" and f.noun not in STATE_FORCE_NOUNS for f in figures) or bool(
            MANY_ARMED.search(text, max(0, start - 90), min(len(text), end + 90)))
        near_group = any(a.kind == "militant" and not a.generic and abs(a.end - start) < 60 for a in actors)
        return (named or counted) and (near_group or _near(text, start, end, ARMED_NOUNS_RE, 90, 90))
    if rule.needs == "crossers":  # soldiers or refugees crossing, not smugglers or militants
        return bool(CROSSERS_RE.search(_clause_before(text, start, 80)))
    if rule.needs == "territory_subject":  # "the district centre of Khwahan fell", not "prices fell"
        return bool(TERRITORY_SUBJECT.search(_clause_before(text, start, 80)))
    if rule.needs == "militant_actor":
        return any(a.kind == "militant" for a in actors)
    if rule.needs == "victim":
        return any(f.role == "killed" for f in figures) or bool(VICTIM_RE.search(text[end:end + 40])) or bool(
            VICTIM_RE.search(_clause_before(text, start, 50)))
    if rule.needs == "person_object":  # "detained three Afghan nationals", "two citizens were detained"
        return bool(re.match(rf"\s+(?:\w+\s+){{0,4}}?(?:\d|{DETAINEES})", text[end:end + 60], re.IGNORECASE)) or any(
            f.role in ("people", "strength") and f.noun not in ("people", "persons") and f.end <= start
            and start - f.end < 40 for f in figures)
    return True


#: The state as the subject just before a verb ("the government was sending", "the ministry has deployed").
STATE_SUBJECT = re.compile(r"\b(?:the\s+)?(?:government|authorities|ministry|army|military|kremlin)\s+"
                           r"(?:(?:was|were|is|are|has|have|had)\s+)?(?:(?:also|already|now)\s+)?$", re.IGNORECASE)


def _state_subject(text: str, start: int, actors: Sequence[ActorMention]) -> bool:
    """The last actor before the trigger is a state's, or the state itself is the subject ("and the
    government was sending reinforcements")."""
    before = [a for a in actors if a.end <= start and start - a.end < 80]
    if STATE_SUBJECT.search(text[max(0, start - 40):start]):
        return True
    return bool(before) and before[-1].kind == "state"


def find_mentions(text: str, start: int, end: int, figures: Sequence[Figure], actors: Sequence[ActorMention],
                  date_spans: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Event mentions in the sentence ``text[start:end]`` (offsets absolute in ``text``).

    ``figures``, ``actors`` and ``date_spans`` are those of the sentence; they
    decide requirements and the type of generic triggers, and a second
    same-family trigger only starts its own mention when its segment has a date.
    """
    sentence = text[start:end]
    hits: list[tuple[int, int, TriggerRule]] = []
    for rule, pattern in _RULES:
        matcher = _IED_CASELESS if rule.name == "ied" else pattern
        for match in matcher.finditer(sentence):
            s, e = match.start() + start, match.end() + start
            if any(not (e <= h[0] or s >= h[1]) for h in hits):
                continue
            hits.append((s, e, rule))
    mentions: list[Mention] = []
    exercise_play = bool(EXERCISE_PLAY.search(sentence))
    for s, e, rule in sorted(hits):
        clause = _clause_before(text, s)
        if rule.kind == "incident" and HYPOTHETICAL.search(clause[-45:]):
            continue
        if FUTURE_AFTER.match(text, e):
            continue  # "a retaking operation will begin soon": still to come
        if (rule.strength > 0 and TIME_REFERENCE.search(clause[-40:]) and rule.family not in ("meeting",)
                and not CAUSE_CLAUSE.match(text, e) and not _ENDS_IN_CAUSE_VERB.search(text[s:e])):
            # "following the takeover" (but "killed after a bomb struck their car", "after an air weapons team
            # targeted his truck" is this event)
            continue
        if told_in_passing(rule.family, text[s:e], clause, sentence):
            continue  # "mines laid during the civil war", "under the 1997 agreement, the base stays until 2042"
        if GENERIC_PLURAL.fullmatch(text[s:e]) and not date_spans and not figures and OBJECT_OF.search(clause[-25:]):
            continue  # "a base for attacks on Kunduz", "a wave of raids": attacks in general, not one
        if rule.name == "overtake" and _near(text, s, e, CONTRABAND, before=50, after=40):
            continue  # "40 kilograms of hashish were seized": goods, not territory
        taken = [f for f in figures if 0 <= s - f.end < 25 or 0 <= f.start - e < 25] if rule.name == "overtake" else []
        if taken:
            if not any(side(f.noun) == "militants" or f.noun == "suspects" for f in taken):
                continue  # "eight soldiers were captured": people, not territory
            rule = ARREST_RULE  # "some 40 suspected Taliban have been captured": militants taken, an arrest
        if rule.name == "ied" and DEFUSED.search(clause[-45:]):
            continue  # "teams defused two roadside bombs": a device found, not an explosion
        if rule.family == "meeting" and ATTRIBUTION_SETTING.search(text[max(start, s - 12):s]):
            continue
        if rule.kind in ("context", "posture") and TO_COME.search(clause[-60:]):
            continue  # "a week before Moscow hosts talks", "the CSTO will hold exercises": still to come
        if rule.name == "reinforce" and (_fight_grows(clause[-60:]) or TO_VERB.match(text, e)):
            continue  # "the fighting intensified", "the clash expanded to draw in the guards": the fight grew
        if rule.kind in ("posture", "concentration") and POLICY_LEAD.search(clause[-50:]):
            continue  # "officials called for strengthening border security": a wish or a purpose, not a move
        if rule.family == "agreement" and ORGANISATION_NAME.search(text[max(start, s - 45):e + 15]):
            continue  # "Collective Security Treaty Organization" is a name, not an agreement
        if rule.name == "deploy" and not _state_subject(text, s, actors) and _near(text, s, e, ARMED_NOUNS_RE):
            rule = CONCENTRATION_RULE
        elif rule.name == "deploy" and (STANDING.search(clause[-25:]) or (
                not any(start <= a < end for a, _ in date_spans)
                and (re.match(r"stationed|based in|located", text[s:e])
                     or (STANDING_FORCE.search(sentence) and FORCE_NOUN_BEFORE.search(clause[-25:]))))):
            # "the base (is) stationed in Tajikistan", "4,000 soldiers are stationed there as part of 100,000
            # troops deployed from 42 nations": where a state's force stands, not a move of it
            continue
        if rule.kind == "incident" and exercise_play:
            continue  # "during the drills, crews will practise tank ambushes": the exercise's play, not a fight
        if rule.name == "concentration" and _state_subject(text, s, actors):
            continue
        definite, cues = _definite(text, s, e)
        qualified = _requirement_met(rule, text, s, e, figures, actors, bool(date_spans))
        if ORDINAL_CASE.search(clause[-60:]):  # "it is the first case of skirmish ... since": the event told
            definite, qualified = True, False
        if not definite and not qualified:
            continue
        event_type, sub = rule.event_type, rule.sub_event_type
        if rule.name in ("kill", "wound", "attack") or (rule.name == "clash" and _FIRED_ON.match(text[s:e])):
            event_type, sub = _kill_type(figures, text, s, e)
        mentions.append(Mention(s, e, rule, event_type, sub, s, e, definite, cues | {text[s:e].lower()}, qualified,
                                fresh=bool(FRESH_EVENT.search(clause[-50:])), aside=bool(ASIDE.search(clause[-40:])),
                                since_then=rule.strength == 0 and definite and bool(AFTER_THE.search(clause[-40:]))))
    for before, after in itertools.pairwise(mentions):  # "another attack ... killed three": both new
        if before.fresh and not strong_break(text, before, after):
            after.fresh = True
    mentions = protest_force(sentence, mentions, figures)
    if any(m.rule.name == "crash" for m in mentions):  # "28 troops were killed when a helicopter crashed": no fight
        mentions = [m for m in mentions if m.rule.family != "battle"]
    if any("territory" in m.sub_event_type for m in mentions):  # "the district fell after two days of clashes":
        mentions = [m for m in mentions if m.rule.family != "battle"  # the fighting is the fall's
                    or not LASTED.search(text[max(start, m.start - 40):m.start])]
    if any(m.rule.name == "exercise" for m in mentions):  # "exercises with shooting were demonstrated": the drill's
        mentions = [m for m in mentions if m.rule.name != "shooting"]
    if any(m.rule.family == "battle" and m.rule.strength > 0 for m in mentions):  # "took the district under siege
        mentions = [m for m in mentions if not SIEGE.fullmatch(text[m.start:m.end])]  # and waged assaults": one fight
    standing = not any(start <= a < end for a, _ in date_spans) and bool(STANDING_FORCE.search(sentence))
    mentions.extend([] if standing else force_strength_mentions(figures, mentions))
    return join_and_segment(sorted(mentions, key=lambda m: m.start), start, end, date_spans, text)


#: The words of a siege: militants held around a place, the concentration of a fight told with it.
SIEGE = re.compile(r"surrounded|besieged|encircled|under siege", re.IGNORECASE)
