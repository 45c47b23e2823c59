"""Place names used for who acts or speaks, not where something happened: a government ("Moscow signed",
"talks with Dushanbe"), an owner ("Takhar police directorate", "the representative of Dushanbe"), where people
came from ("gunmen from Afghanistan") or the town a report was filed from ("KUNDUZ, Afghanistan (AP) —")."""

from __future__ import annotations

import re

from geo.places import Place

#: Words before a capital or country that make it a party to an agreement or talks ("signed with Dushanbe").
PARTY_LEAD = re.compile(r"\b(?:with|between)\s+$", re.IGNORECASE)
#: Verbs after a place name that make it an actor ("Moscow signed", "Dushanbe says").
ACTOR_VERBS = re.compile(
    r"\s*(?:,\s*)?(?:says|said|signed|announced|began|will|would|could|can|claims|claimed|"
    r"warned|supports|supported|sought|seeks|needs|needed|moved|modernized|modernised|sent|deployed|launched|"
    r"accused|called|urged|agreed|started|continues|decided|wants|plans|hopes|denied|rejected|insists|"
    r"stated|and \w+ (?:signed|agreed))\b", re.IGNORECASE)
#: Words after a province or country that make it the name of an institution ("Takhar police directorate",
#: "Balkh governor's spokesman"), not a place where something happened.
INSTITUTION_AFTER = re.compile(r"\s+(?:provincial\s+)?(?:police|governor(?:[’']s)?|council|directorate|administration|"
                               r"authorities|officials?|spokesm[ae]n|security (?:officials|sources|department)|"
                               r"health (?:director|department|officials)|ministry|military command|corps)\b",
                               re.IGNORECASE)
#: Words before "of <place>" that make the place part of an organisation or a title.
OWNER_OF = re.compile(
    r"\b(?:representatives?|presidents?|governments?|leaders?|minister|ministry|committee|council|service|agency|"
    r"office|organi[sz]ation|affairs|commissioner|republic|embassy|ambassador|citizens?|people|son|members?|"
    r"official|officials|army|forces|interests|security|influence|states|shift|focus|friends?|"
    r"population|independence|president|"
    # a named organisation: "the Islamic Movement of Uzbekistan", "the Islamic Emirate of Afghanistan"
    r"(?-i:Movement|Emirate|Party|Front|Union|Alliance|Brigade|Battalion|Jamaat|Caliphate))"
    r"\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE_OK = re.compile(r"[’']s\s+(?:capital|border|borders|territory|provinces?|regions?|north|south|east|west|"
                            r"section|sector|area|zone|stretch|"
                            r"northern|southern|eastern|western|side|soil|city|town|district)\b", re.IGNORECASE)
_DATELINE = re.compile(r"(?:^|\n)\s*$")
#: People said to come from a place ("gunmen from Afghanistan", "smugglers from across the river in").
ORIGIN_BEFORE = re.compile(r"\b(?:gunmen|militants|fighters|smugglers|traffickers|attackers|insurgents|terrorists|"
                           r"intruders|infiltrators|trespassers|raiders|mercenaries|refugees|nationals|citizens)\s+"
                           r"(?:[\w-]+\s+)?from\s+(?:neighbou?ring\s+)?$", re.IGNORECASE)
_AGENCY_AFTER = re.compile(r"\s*\((?:[A-Z][\w.-]*\s?){1,3}\)")
#: What ends a dateline's place: a colon, a dash, or a date ("Kabul:", "KUNDUZ -", "Kunduz, September 16:").
_DATELINE_MARK = re.compile(r"(?:\s?:|\s+[-–—]\s|,\s+(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)\b)")


def filed_from(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` heads a paragraph as the town a report was filed from: in capitals,
    or followed by an agency, a colon, a dash or a date ("Faizabad (BNA)", "DUSHANBE, Oct 9:")."""
    return bool(_DATELINE.search(text[max(0, start - 5):start])) and (
        text[start:end].isupper() or bool(_AGENCY_AFTER.match(text, end) or _DATELINE_MARK.match(text, end)))


def is_actor(text: str, start: int, end: int, place: Place) -> bool:
    """A name used for a government or party, a possessive owner, or a dateline ("MOSCOW (TASS) –")."""
    name = text[start:end]
    seat_of_power = place.kind == "country" or "capital" in place.note.lower()
    if seat_of_power and PARTY_LEAD.search(text[max(0, start - 10):start]):
        return True
    if seat_of_power and (re.match(r"[-–]\s?[A-Z]", text[end:end + 3]) or re.search(r"[A-Za-z][-–]\s?$",
                                                                                     text[max(0, start - 3):start])):
        return True  # "Bishkek-Dushanbe border clashes", "Kabul-Islamabad ties": the two governments
    if name.endswith(("’s", "'s")):
        end -= 2
        name = name[:-2]
    after = text[end:end + 40]
    if after.startswith(("’s", "'s")):
        return not _POSSESSIVE_OK.match(after)
    if name.isupper() and len(name) > 2 and _DATELINE.search(text[max(0, start - 5):start]):
        return True
    if _DATELINE.search(text[max(0, start - 5):start]) and (_AGENCY_AFTER.match(text, end)
                                                             or _DATELINE_MARK.match(text, end)):
        return True  # "Faizabad (BNA) A police commander ...", "Kabul: Afghan forces ...": where it was filed
    if (name[:1].isupper() and ACTOR_VERBS.match(after)) or re.match(r"\s+time\b", after):
        return True  # "Moscow said"; "11 pm Moscow time" is a clock
    if ORIGIN_BEFORE.search(text[max(0, start - 40):start]):
        return True  # "gunmen from Afghanistan attacked": where they came from, not where it happened
    if place.kind in ("admin1", "country") and INSTITUTION_AFTER.match(after):
        return True  # "the secretary of Takhar police directorate": an institution named after its province
    return bool(OWNER_OF.search(text[max(0, start - 60):start]))


__all__ = ["filed_from", "is_actor"]
