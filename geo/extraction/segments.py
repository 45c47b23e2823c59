"""The sentence segment each event mention owns, and which mentions of a sentence are one event.

:func:`join_and_segment` joins generic triggers ("killed", "attack") to the specific trigger of their
clause ("clash"), same-type triggers to each other unless one owns a date, and cuts the sentence into
one segment per remaining mention at clause breaks; a clause about another event ("a week after ...",
"after a clash killed two guards") is cut off, so that its figures and places are not the event's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.extraction.mentions import Mention


def _date_owners(mentions: list[Mention], date_spans: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the mentions that are the nearest trigger to some date of the sentence."""
    owners = set()
    for d0, d1 in date_spans:
        distances = [min(abs(d0 - m.end), abs(m.start - d1)) for m in mentions]
        if distances:
            owners.add(distances.index(min(distances)))
    return owners


def join_and_segment(mentions: list[Mention], start: int, end: int, date_spans: Sequence[tuple[int, int]],
                      text: str) -> list[Mention]:
    """Generic triggers join the sentence's specific one; same-type triggers join unless one owns a date."""
    specific = [m for m in mentions if m.rule.strength == 2 and m.kind == "incident"]
    owners = _date_owners(mentions, date_spans)
    kept: list[Mention] = []
    for index, mention in enumerate(mentions):
        host = None
        hosts = [m for m in specific if not strong_break(text, m, mention) and not _days_apart(text, m, mention)] or [
            m for m in specific if _consequence(text, m, mention, date_spans)]
        if mention.rule.strength < 2 and hosts and mention.kind == "incident":
            host = min(hosts, key=lambda m: abs(m.start - mention.start))
            host.definite = host.definite or (mention.rule.strength == 0 and mention.definite)
            host.cue_words = host.cue_words | mention.cue_words
        elif (kept and index not in owners and not strong_break(text, kept[-1], mention)
              and _joins_previous(kept[-1], mention, text)):
            host = kept[-1]
        elif (kept and mention.rule.strength == 0 and mention.definite and kept[-1].rule.strength == 1
              and kept[-1].kind == "incident" and not strong_break(text, kept[-1], mention)):
            host = kept[-1]  # "25 were killed during the operation": the killing belongs to the operation
            host.definite, host.cue_words = True, host.cue_words | mention.cue_words
        if host is not None and host is not mention:
            host.joined.append((mention.start, mention.end))
            continue
        if mention.rule.strength == 0 and not mention.definite:
            continue
        kept.append(mention)
    for i, mention in enumerate(kept[1:], start=1):
        boundary = _clause_boundary(text, kept[i - 1].end, mention.start)
        kept[i - 1].seg_end = mention.seg_start = boundary
    if kept:
        kept[0].seg_start, kept[-1].seg_end = start, end
        before = PRIOR_LEAD.match(text, start, end)  # "After two guards died in the fighting, ...": not this event's
        if before and kept[0].start >= before.end():
            kept[0].seg_start = before.end()
    for mention in kept:  # "..., a week after 14 policemen died in ...": that clause tells an earlier event
        distant = [m.start() for m in (EARLIER_EVENT.search(text, mention.end, mention.seg_end),
                                       PRIOR_EVENT.search(text, mention.end, mention.seg_end)) if m]
        if distant:
            mention.seg_end = min(distant)
    return kept


#: A clause about another event some time before or after ("a week after", "months before"): its figures and
#: places are not the event's.
EARLIER_EVENT = re.compile(r"\b(?:an?|one|two|three|four|five|six|several|few|\d+)\s+(?:days?|weeks?|months?|years?)\s+"
                           r"(?:after|before|since)\b|\b(?:days|weeks|months|years)\s+(?:after|before|since)\b",
                           re.IGNORECASE)


#: "..., after a clash killed two guards": a clause telling the event that came before, with its own toll.
PRIOR_EVENT = re.compile(r"\b(?:after|following)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:clash|attack|shootout|"
                         r"gunfight|firefight|skirmish|raid|ambush|bombing|blast|explosion|fighting|battle)(?:e?s)?\s+"
                         r"(?:\w+\s+){0,2}?(?:killed|left|wounded|injured|claimed)\b", re.IGNORECASE)


#: A sentence's opening clause telling the event before, with its dead ("After two guards died in the fighting,").
PRIOR_LEAD = re.compile(r"\W*(?:after|following)\b[^,;.]{0,120}?\b(?:killed|wounded|injured|died|dead)\b[^,;.]*,",
                        re.IGNORECASE)


#: A break between two clauses that report different events ("..., while in Khanabad two civilians were killed").
STRONG_BREAK = re.compile(r";|\s(?:while|whereas|meanwhile)\s|,\s+and\s+(?:in|at|near|on|later|then)\s|\.\s",
                          re.IGNORECASE)


def strong_break(text: str, a: Mention, b: Mention) -> bool:
    left, right = (a, b) if a.start < b.start else (b, a)
    return bool(STRONG_BREAK.search(text, left.end, right.start))


def _days_apart(text: str, a: Mention, b: Mention) -> bool:
    """"The clash came a day after the militants killed 17": the two triggers tell events days apart."""
    left, right = (a, b) if a.start < b.start else (b, a)
    return bool(EARLIER_EVENT.search(text, left.end, right.start))


#: A place of a clause's own ("while in Khanabad two civilians were killed").
OWN_PLACE = re.compile(r"\b(?:in|near|at)\s+(?:the\s+)?(?-i:[A-Z])", re.IGNORECASE)


def _consequence(text: str, host: Mention, mention: Mention, date_spans: Sequence[tuple[int, int]]) -> bool:
    """A toll after a break with no day of its own tells the incident before it ("a shootout occurred late on
    Thursday; four people died")."""
    if host.end > mention.start or mention.rule.name not in ("kill", "wound"):
        return False
    breaks = list(STRONG_BREAK.finditer(text, host.end, mention.start))
    clause_start = breaks[-1].start() if breaks else host.end
    clause = re.split(r"[.;]", text[clause_start + 1:mention.end + 60])[0]
    return not any(clause_start <= d0 < mention.end for d0, _ in date_spans) and not OWN_PLACE.search(clause)


def _clause_boundary(text: str, left: int, right: int) -> int:
    """Where one mention's segment ends and the next begins: the last clause break between them."""
    breaks = list(re.finditer(r"[,;“”\"]|\s(?:and|but|while|whereas)\s", text[left:right]))
    return left + breaks[-1].start() if breaks else right


def _joins_previous(previous: Mention, mention: Mention, text: str) -> bool:
    if re.search(r"(?<!after )(?<!before )(?<!since )\b(?:that|which|who)\s+(?:\w+\s+){0,2}$",
                 text[max(0, mention.start - 30):mention.start]):
        return True  # a relative clause describes the previous event
    if mention.definite and not previous.definite:  # "talks on the sidelines of the summit": an earlier event,
        # but "stormed a post, killing four in the attack": a generic word for the incident just told
        return mention.kind == previous.kind == "incident" and mention.rule.strength == 1 and (
            previous.rule.name == mention.rule.name or previous.rule.strength < 2)  # "killed ... in the attack"
    return previous.rule.family == mention.rule.family and previous.sub_event_type == mention.sub_event_type
