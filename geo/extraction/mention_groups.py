"""What the mentions of one sentence make together: a protest met with force is one event, and a count of state
troops in a sentence with no other trigger is itself a posture.

Both run on the mentions :func:`geo.extraction.triggers.find_mentions` found in one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.extraction.lexicon import SD, TriggerRule
from geo.extraction.mentions import Mention
from geo.extraction.numbers import Figure
from geo.extraction.people import STATE_FORCE_NOUNS

#: Force used on protesters ("police opened fire on the crowd", "killing four protesters"), or a protest broken up.
PROTESTERS_SHOT = re.compile(r"\b(?:opened fire|fired|shot|shooting|killing|killed|wounding)\b[^.;]{0,40}?"
                             r"\b(?:protesters|demonstrators|crowds?|rall(?:y|ies)|protest)\b", re.IGNORECASE)
#: Protesters who fight ("protesters clashed with police", "demonstrators stormed the district office").
PROTESTERS_FIGHT = re.compile(r"\b(?:protesters|demonstrators|crowds?|rioters)\b[^.;]{0,30}?\b(?:clashed|fought|"
                              r"attacked|stormed|set fire|torched|threw stones|burned|burnt)\b", re.IGNORECASE)
PROTEST_BROKEN_UP = re.compile(r"\b(?:dispers\w+|tear ?gas|rubber bullets|water cannons?|broke up|stun grenades)\b",
                               re.IGNORECASE)


def protest_force(sentence: str, mentions: list[Mention], figures: Sequence[Figure]) -> list[Mention]:
    """A protest met with force is one event: "Excessive force against protesters" when protesters are shot
    or killed (the shooting is that protest's, not another event), "Protest with intervention" when it is
    dispersed; protesters who fight make it a "Violent demonstration" (Riots)."""
    protest = next((m for m in mentions if m.rule.name == "protest"), None)
    if protest is None:
        return mentions
    if PROTESTERS_FIGHT.search(sentence):  # the protesters' own violence: a riot, its clash is the riot's
        protest.event_type, protest.sub_event_type = "Riots", "Violent demonstration"
        return [m for m in mentions if m is protest or m.rule.family not in ("battle", "protest")]
    shot = PROTESTERS_SHOT.search(sentence) or any(
        f.role == "killed" and f.noun in ("protesters", "protester", "demonstrators", "demonstrator") for f in figures)
    if not shot and not PROTEST_BROKEN_UP.search(sentence):
        return mentions
    protest.sub_event_type = "Excessive force against protesters" if shot else "Protest with intervention"
    dropped = ("battle", "protest") if shot else ("protest",)  # the shooting and "the protesters" are this protest's
    return [m for m in mentions if m is protest or m.rule.family not in dropped]


#: Fewest troops whose count alone makes a posture ("10,000 troops were involved"); "the bodies of three soldiers"
#: name a few in passing.
FORCE_POSTURE_MIN = 50


def force_strength_mentions(figures: Sequence[Figure], mentions: Sequence[Mention]) -> list[Mention]:
    """A count of state troops with no other trigger in the sentence is itself a posture mention (not when
    the undated sentence says where they stand: "4,000 soldiers are stationed in Afghanistan")."""
    if mentions:
        return []
    rule = TriggerRule("force_strength", "", "posture", SD, "Other", "force deployment", "posture")
    return [Mention(f.start, f.end, rule, SD, "Other", f.start, f.end, False, frozenset({f.noun}))
            for f in figures if f.role == "strength" and f.noun in STATE_FORCE_NOUNS
            and (f.best or 0) >= FORCE_POSTURE_MIN][:1]


__all__ = ["FORCE_POSTURE_MIN", "force_strength_mentions", "protest_force"]
