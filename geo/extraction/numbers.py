"""Casualty and strength figures in news text, with low/best/high estimates.

:func:`find_figures` finds quantities ("161", "three", "more than 30",
"about 3,000", "between 20,000 and 60,000", "1,000-1,400", "dozens",
"thousands") that count people, and gives each a role from the words around
it: ``killed``, ``wounded``, ``strength`` (armed people: troops, militants,
members; also people pardoned in an amnesty), ``part`` (a share of a total
given before it: "including 12 children") or ``people`` (other counts of
people, not used for events). Quantities of things (kilometres, tonnes,
dollars, percent, years, clashes) are never figures. The numbers themselves are read by
:mod:`geo.extraction.quantities`.

Vague words follow ACLED's conservative rule: "dozens" = 12, "scores" = 20,
"hundreds" = 100, "thousands" = 1,000, "tens of thousands" = 10,000; "several"
and "a few" = 3 (our floor). "more than N" gives low = best = N + 1, "nearly N" or
"fewer than N" best = high = N - 1 ("up to N" best = high = N), "about N" best = N,
"between A and B" low A, high B and best A (or the text's own best, see
:func:`combine_figures`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from geo.extraction.calendar_days import MONTH_NAME
from geo.extraction.people import ARMED_NOUNS, PERSON_NOUNS, TO_DEATH
from geo.extraction.quantities import QUANTITY, UNIT_WORDS, estimate

#: Singular people nouns that "a"/"an" counts as one casualty ("killed a policeman", "a soldier died").
SINGLE_PERSON = re.compile(
    r"(?<![\w-])(?:(?P<another>another)(?=\s+(?:was\s+|one\s+)?(?:(?:seriously|severely|critically|badly|"
    r"slightly|lightly)\s+)?(?:killed|wounded|injured|died|hurt)\b)|"
    r"(?:(?<=killed )|(?<=wounded )|(?<=injured ))another(?:\s+one)?\b|"
    r"(?P<art>an?|one)\s+(?:[\w’'-]+\s+){0,3}?[\"“]?(?:sub-|deputy-|vice-)?"
    r"(?P<noun>soldier|serviceman|guard|border guard|"
    r"policeman|police officer|officer|commander|militant|fighter|insurgent|terrorist|gunman|smuggler|"
    r"trafficker|civilian|child|woman|man|boy|girl|resident|villager|citizen|worker|driver|farmer|shepherd|"
    r"student|teacher|doctor|journalist|official|fisherman|member|person|chief|sergeant|lieutenant|captain|"
    r"governor|leader|elder|passenger|pilgrim|imam|cleric|judge|prosecutor|employee|engineer|ranger|logger|"
    r"minister|lawmaker|parliamentarian|mayor|director|spokesman|adviser|advisor|ambassador|diplomat|"
    r"shopkeeper|merchant|herder|herdsman|labourer|laborer|miner|nurse|deminer|worshipper|mourner|guest|"
    r"cyclist|tourist|national|trader|businessman|contractor|trespasser|intruder|infiltrator|violator|attacker|"
    r"assailant|bomber|raider)\b)", re.IGNORECASE)
#: An official named by his office ("The Taliban governor of Balkh province was killed"): one casualty. "The
#: border guard" with no such office points back to one counted before.
THE_OFFICIAL = re.compile(r"(?-i:The)\s+(?:[\w’'-]+\s+){0,2}?(?P<noun>governor|chief|commander|head|mayor|deputy|"
                          r"spokesman|director|prosecutor|judge)\s+of\b", re.IGNORECASE)
#: One person named by an office with "the" or an owner ("the district police chief was killed", "killed the deputy
#: governor", "Samangan's intelligence chief"), unless a name or "of" follows (THE_OFFICIAL), and one person named by
#: kinship or service to another ("along with his driver", "and her son").
THE_OFFICE = re.compile(r"(?<![\w-])(?-i:[Tt]he|[A-Z][a-z]+[’']s)\s+(?:(?!of\b)[\w’'-]+\s+){0,3}?"
                        r"(?P<noun>chief|chief of police|governor|commander|mayor|imam|judge|prosecutor|minister|"
                        r"director)\b(?!\s+(?:of|[A-Z])|['’]s)")
HIS_PERSON = re.compile(r"(?<![\w-])(?:his|her|(?-i:[A-Z][a-z]+)[’']s)\s+"
                        r"(?:(?:own|personal|young|elder|younger|older|teenage)\s+)?"
                        r"(?P<noun>driver|son|daughter|brother|sister|wife|husband|bodyguard|nephew|cousin|father|"
                        r"mother|aide|assistant|companion|guard)\b(?![’'-])", re.IGNORECASE)
#: "one of two insurgents", "three of the 12 soldiers": a share named by the count that follows.
OF_A_COUNT = re.compile(r"\s+of\s+(?:the\s+|those\s+)?(?:\d|two|three|four|five|six|seven|eight|nine|ten|"
                        r"eleven|twelve|dozens|hundreds)\b", re.IGNORECASE)
#: A total that holds someone told before ("Baqir was one of two insurgents killed").
ONE_OF = re.compile(r"\b(?:one|among)\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
#: A person named with a rank or title right after a killing verb ("killed General Nazarzoda"): one casualty.
TITLED_PERSON = re.compile(r"\b(?:killed|killing|shot dead|assassinated|eliminated|executed)\s+(?P<person>(?:the\s+)?"
                           r"(?:[\w’'-]+\s+){0,3}?(?P<noun>(?i:general|gen\.|commander|colonel|col\.|major|mullah|"
                           r"mullo|mawlawi|mawlavi|qari))\s+(?:[A-Z][\w’'-]+\s+){0,2}?[A-Z][\w’'-]+)")
#: "... and wounded another (one)", "... and killed three others": a verb with an object of its own.
NEW_OBJECT_AFTER = re.compile(r"\s+and\s+(?:killed|wounded|injured|kidnapped|abducted)\s+(?:another|other|the other|"
                              r"\d|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\b", re.IGNORECASE)
#: A person named by name who "was killed" ("As a result, Zieev was killed"): one casualty.
NAMED_KILLED = re.compile(r"(?:^|(?<=[,;]\s)|(?<=\bresult,\s)|(?<=\band\s))(?P<person>(?-i:[A-Z][a-z’'-]+)"
                          r"(?:\s+(?-i:[A-Z][a-z’'-]+)){0,2})\s+(?:was|has been|had been)\s+(?:reportedly\s+)?"
                          r"(?:shot dead|killed|assassinated|murdered|executed|beheaded|" + TO_DEATH + r")\b")
#: "killed X along with 11 of his men": the men are killed too.
ALONG_WITH = re.compile(r"\b(?:killed|killing|shot dead|eliminated|neutrali[sz]ed)\b[^.;]{0,50}?\b(?:along with|"
                        r"alongside(?: of)?|together with|as well as)\W*(?:(?:his|her|their|its)\s+)?"
                        r"(?:(?:at least|some|about|nearly|around)\W+)?$", re.IGNORECASE)
#: Words after the counted noun (up to a few words later) that make it a casualty figure.
KILLED_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?\b(?:killed|dead|died|slain|murdered|executed|perished|lost their lives|martyred|liquidated|"
    r"were lost|was lost|destroyed|eliminated|neutrali[sz]ed|shot dead|beheaded|massacred|" + TO_DEATH + r")\b",
    re.IGNORECASE)
WOUNDED_AFTER = re.compile(r"^\W*(?:\w+\W+){0,4}?\b(?:wounded|injured|hurt|maimed|"
                           r"(?:sustained|suffered|received) (?:\w+\s+)?(?:injuries|wounds))\b", re.IGNORECASE)
KILLED_BEFORE = re.compile(
    r"\b(?:killed|killing|kills|kill|left|leaving|deaths? of|lives of|death toll[\w ]{0,20}?(?:to|at|of)|"
    r"killing (?:himself|themselves) and|"
    r"martyring of|martyred|lost|beheaded|beheading|gunned down|shot dead|shot and killed|"
    r"destroyed|eliminated|neutrali[sz]ed|murdered|executed|massacred|claimed the lives of)\W*"
    r"(?:(?:at least|more than|some|about|nearly|almost|around|over|up to)\W+)?$", re.IGNORECASE)
#: The attacker counted among the dead ("six people including the bomber"): ACLED leaves the attacker out.
WITH_ATTACKER = re.compile(r",?\s+including\s+(?:the\s+)?(?:suicide\s+)?(?:bomber|attacker|assailant|gunman)\b",
                           re.IGNORECASE)
#: The counted people do the killing ("three gunmen killed two policemen", "a gunman shot dead an imam").
ACTIVE_KILL = re.compile(r"^\W*(?:(?!were\b|was\b|been\b|being\b|are\b|is\b)\w+\W+){0,2}?(?:killed|shot dead|"
                         r"gunned down|murdered|executed|beheaded|shot and killed|wounded|injured)\s+(?:a|an|the|one|"
                         r"two|three|four|five|six|seven|eight|nine|ten|\d[\d,]*|his|her|their|its|several|dozens|"
                         r"scores|at least|some|about|more than|(?-i:[A-Z])[a-z]+)\b", re.IGNORECASE)
WOUNDED_BEFORE = re.compile(r"\b(?:wounded|wounding|injured|injuring)(?:\s+of)?\W*"
                            r"(?:(?:at least|more than|some|about)\W+)?$", re.IGNORECASE)
# "(?:\w+\W+)" (a whole word, then what follows it): "(?:\W*\w+)" could split one word many
# ways and backtracked for seconds on long clauses.
AMNESTY_AFTER = re.compile(r"^\W*(?:\w+\W+){0,12}?\b(?:pardoned|amnestied|granted amnesty|released|freed)\b",
                           re.IGNORECASE)
#: Words before a figure that make it part of a total given before ("including 12 children").
PART_OF = re.compile(r"\b(?:including|includ(?:es|ed)|among them|among whom|of whom|of them|among the (?:dead|killed|"
                     r"victims|wounded|injured))\W*(?:(?:at least|more than|some|about)\s+)?$", re.IGNORECASE)
#: A number without a noun that still counts casualties ("... and 362 were wounded").
BARE_CASUALTY = re.compile(r"\s+(?:more\s+)?(?:(?:were|was|had been|have been)\s+)?(?:killed|wounded|injured|hurt|dead|"
                           r"died|(?:sustained|suffered|received) (?:\w+\s+)?(?:injuries|wounds))\b")
#: A total named before a bare number ("the death toll rose to 12"): the number counts the dead.
TOLL_BEFORE = re.compile(r"\bdeath toll\b[\w ]{0,25}?\b(?:to|at|of|reached|hit)\W*$", re.IGNORECASE)
#: A bare count right after a killing or wounding verb ("killed 3 and wounded 5").
_VERB_JUST_BEFORE = re.compile(r"\b(killed|killing|wounded|wounding|injured|injuring)\s+(?:at least\s+)?$",
                               re.IGNORECASE)
BARE_OBJECT = re.compile(r"\s*(?:$|[,.;)]|and\b|in\b|on\b)")
#: "two of them officers, ...": a description of part of the group counted before, not another group.
PART_APPOSITION = re.compile(r"\s+[\w’'-]+\s*[,)]")
_NP_LEAD = re.compile(r"[\s“”\"']*(?:of\s+(?:the\s+|those\s+|these\s+|its\s+|their\s+|our\s+)?)?")
_NP_WORD = re.compile(r"([\w’'-]+)[\s“”\"']*(?:\([\w\s.-]{1,12}\)[\s“”\"']*)?")  # "Army (ANA) soldiers"
_PRONOUN_NOUNS = frozenset({"them", "others", "other", "dead", "lives", "bodies"})
#: Words allowed between a number and its noun ("161 Russian border guards").
NP_MAX_WORDS = 4


@dataclass(frozen=True)
class Figure:
    """A count of people; ``role`` is killed, wounded, strength or people."""

    start: int
    end: int
    role: str
    low: int | None
    best: int | None
    high: int | None
    text: str
    noun: str = ""


#: "members of the armed criminal group", "members of a terrorist cell" (not of the security forces).
_MEMBERS_OF_GROUP = re.compile(r"\s+of\s+(?:the\s+|an?\s+)?(?:(?!security|police|border|armed forces)[\w’'-]+\s+){0,3}?"
                               r"(?:group|gang|cell|organi[sz]ation|network|movement|militia)s?\b", re.IGNORECASE)


def _counted_noun(text: str, pos: int) -> tuple[str, int]:
    """The person noun a number counts and where its phrase ends, or ``("", pos)``."""
    lead = _NP_LEAD.match(text, pos)
    cursor = lead.end() if lead else pos
    fallback = ("", pos)
    for _ in range(NP_MAX_WORDS):
        word = _NP_WORD.match(text, cursor)
        if word is None:
            break
        lower = word.group(1).lower()
        if lower == "other":  # "six other soldiers" counts soldiers; "six other wounded" counts people
            fallback = (lower, cursor + len(word.group(1)))
        elif lower in PERSON_NOUNS:
            end = cursor + len(word.group(1))
            head = _NP_WORD.match(text, word.end())  # "Taliban fighters", "police officers": the head is last
            if (head and lower not in _PRONOUN_NOUNS and head.group(1).lower() in PERSON_NOUNS - _PRONOUN_NOUNS
                    and text[end:word.end()].isspace()):
                return head.group(1).lower(), word.end() + len(head.group(1))
            if lower in ("members", "member") and _MEMBERS_OF_GROUP.match(text, end):
                return "militants", end  # "15 members of the armed criminal group": the militant side
            return lower, end
        cursor = word.end()
    return fallback


#: A day of a month written next to its number ("on 2 July border guards detained", "on July 2 two guards").
DAY_OF_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?{MONTH_NAME}\b")
DAY_OF_MONTH_BEFORE = re.compile(rf"\b{MONTH_NAME}\s+$")


def _is_year(match: re.Match[str], noun: str) -> bool:
    """A year, not a count: four digits after "in", "since"... ("In 2016 the Taliban"), or with no person noun;
    or a day of a month ("on 2 July border guards ...")."""
    raw = (match.group("n") or "").strip()
    if raw.isdigit() and int(raw) <= 31 and (DAY_OF_MONTH_AFTER.match(match.string, match.end("n"))
                                             or DAY_OF_MONTH_BEFORE.search(match.string[:match.start("n")][-12:])):
        return True
    if not re.fullmatch(r"(?:19|20)\d{2}", raw):
        return False
    lead = re.search(r"\b(?:in|since|by|from|during|until|till|before|after|of|early|late|mid)\s*$",
                     match.string[max(0, match.start() - 8):match.start()], re.IGNORECASE)
    return bool(lead) or noun.lower() not in PERSON_NOUNS


#: An aside between a counted group and its verb ("15 people, including six children, were killed").
APPOSITION = re.compile(r"\s*(?:"
                        # "Two people, including X, the governor of Balkh, have been killed"
                        r",\s*(?:including|among them)\b[^;.]{0,90}?,(?=\s+(?:were|was|have|has|had)\b)|"
                        r",\s*(?:including|among them|most of them|mostly)\b[^,;.]{0,60},|\([^()]{0,60}\)|"
                        r"of\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,3}?(?:forces|units?|police|army|group|militia|"
                        r"brigade|battalion|regiment|division|detachment|base|outpost|post|district|province|village|"
                        r"family)(?:\s+in\s+[A-Z][\w-]+)?(?=\s+(?:was|were|had|has|have|died|perished)\b|\s*,))",
                        re.IGNORECASE)


#: Killed and wounded told together ("killed or wounded", "11 casualties"): no fatality figure (ACLED).
COMBINED_TOLL = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:killed (?:or|and) (?:wounded|injured)|"
                           r"(?:wounded|injured) (?:or|and) killed|dead (?:or|and) (?:wounded|injured))\b|"
                           r"^\s*casualties\b", re.IGNORECASE)
#: A number told straight away as wounded ("four killed, six injured"): the verb before is another group's.
WOUNDED_RIGHT_AFTER = re.compile(r"^\s*(?:(?:were|was|others?|more)\s+)?(?:wounded|injured|hurt)\b|"
                                 r"^\s+with\s+(?:\w+\s+){0,2}?(?:injuries|wounds)\b", re.IGNORECASE)


#: A share of the casualties told before ("four of the dead", "two of those wounded").
PARTITIVE = re.compile(r"\s+of\s+(?:the|those)\s+(?:(?P<killed>dead|killed|fatalities|victims)|(?P<wounded>wounded|"
                       r"injured))\b", re.IGNORECASE)


def share_of_toll(figure: Figure) -> str | None:
    """"killed" or "wounded" for a share of a toll told before ("four of the dead"), else None."""
    if figure.role != "part" or figure.noun not in ("dead", "wounded"):
        return None
    return "killed" if figure.noun == "dead" else "wounded"


def _role(text: str, start: int, end: int, noun: str, np_end: int) -> str:
    if PARTITIVE.match(text, end):
        return "part"  # of a toll told before; :func:`share_of_toll` says which
    before = text[max(0, start - 60):start]
    after_at = np_end
    while (aside := APPOSITION.match(text, after_at)) is not None and aside.end() > after_at:
        after_at = aside.end()  # "three members of a family, including two children, were killed"
    after = text[after_at:][:80]
    if NEW_OBJECT_AFTER.match(after):
        after = ""  # "kidnapped two workers and wounded another": the wounding has an object of its own
    if COMBINED_TOLL.match(text[end:end + 80]):
        return "people"
    if ACTIVE_KILL.match(after) and not (KILLED_BEFORE.search(before) or WOUNDED_BEFORE.search(before)):
        return "strength" if noun in ARMED_NOUNS else "people"  # "three gunmen killed two policemen": the killers
    if WOUNDED_RIGHT_AFTER.match(after):
        return "wounded"
    if WOUNDED_BEFORE.search(before) and not KILLED_AFTER.match(after):
        return "wounded"
    if KILLED_BEFORE.search(before):
        return "killed"
    killed, wounded = KILLED_AFTER.match(after), WOUNDED_AFTER.match(after)
    if killed and (not wounded or killed.end() <= wounded.end()):
        return "killed"
    if wounded:
        return "wounded"
    if noun in ARMED_NOUNS or AMNESTY_AFTER.match(after):
        return "strength"
    return "people"


#: A singular casualty with no article at the head of a report ("Tajik border guard has been killed").
BARE_SINGLE = re.compile(r"(?:^|(?<=--\s)|(?<=[-–—]\s)|(?<=[.:]\s))"
                         r"(?:(?!(?:The|This|That|His|Her|Their|Its|Our|One|Another)\b)[A-Z][\w-]+\s+){0,2}?(?P<noun>"
                         r"(?i:border guard|soldier|serviceman|policeman|police officer|officer|commander|civilian|"
                         r"guard))\s+(?:has|had)\s+been\s+(?:shot dead|killed|martyred|wounded|injured)\b")


#: A speech verb right after a person: that person reports the figures, is not one of them.
_SPEAKS_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:said|says|told|added|confirmed|reported|stated|noted|claimed)\b",
                          re.IGNORECASE)


def _single_casualties(text: str, taken: list[tuple[int, int]]) -> list[Figure]:
    """One person killed or wounded, written with an article ("killed a policeman", "a soldier died")
    or, at the head of a report, without one ("Tajik border guard has been killed")."""
    out = []
    for match in [*SINGLE_PERSON.finditer(text), *BARE_SINGLE.finditer(text), *THE_OFFICIAL.finditer(text),
                  *THE_OFFICE.finditer(text), *HIS_PERSON.finditer(text), *TITLED_PERSON.finditer(text),
                  *NAMED_KILLED.finditer(text)]:
        titled = "person" in match.re.groupindex  # "killed General X": the person, from the rank to the name
        start = match.start("person") if titled else match.start()
        if any(s < match.end() and start < e for s, e in taken):
            continue
        named_noun = match.groupdict().get("noun")  # none in NAMED_KILLED or for "another"
        end = match.end("person") if titled else match.end("noun") if named_noun else match.end()
        noun = (named_noun or "other").lower().rstrip(".")  # ("other": "and another wounded")
        role = "killed" if titled or ALONG_WITH.search(text[max(0, start - 90):start]) else _role(
            text, start, end, noun, end)
        if PART_OF.search(text[max(0, start - 30):start]):
            continue  # "including a provincial official": one of the total already counted
        if _SPEAKS_AFTER.match(text, end):
            continue  # "... and 30 wounded, a hospital official said": the one who told it
        if role in ("killed", "wounded") or (role == "people" and (
                _CONJUNCT_AFTER.match(text, end) or match.re is HIS_PERSON)):  # "a guard and his son were killed"
            out.append(Figure(start, end, role, 1, 1, 1, text[start:end], noun))
    return out


def find_figures(text: str, offset: int = 0) -> list[Figure]:
    """Counts of people in ``text`` with their role; spans shifted by ``offset``.

    A singular casualty with an article ("killed a policeman") counts one.
    """
    figures = []
    for match in QUANTITY.finditer(text):
        counted = estimate(match)
        if counted is None:
            continue
        if UNIT_WORDS.match(text, match.end()) or OF_A_COUNT.match(text, match.end()):
            continue  # "one of two insurgents": the count after it is the figure
        noun, np_end = _counted_noun(text, match.end())
        partitive = PARTITIVE.match(text, match.end())
        if partitive:  # "four of the dead": counts the dead (or wounded) already told
            noun, np_end = ("dead" if partitive.group("killed") else "wounded"), partitive.end()
        if noun in ("family", "families") and re.search(r"\bof\s+$", text[max(0, match.start() - 4):match.start()]):
            continue  # "three members of one family": the members are counted, not the family
        toll = "killed" if not noun and TOLL_BEFORE.search(text[max(0, match.start() - 60):match.start()]) else ""
        if ALONG_WITH.search(text[max(0, match.start() - 90):match.start()]):
            toll = "killed"
        if not noun and not toll and BARE_OBJECT.match(text, match.end()):  # "the attack killed 3 and wounded 5"
            verb = _VERB_JUST_BEFORE.search(text[max(0, match.start() - 25):match.start()])
            toll = "" if not verb else "wounded" if verb.group(1).lower().startswith(("wound", "injur")) else "killed"
        if not noun and not BARE_CASUALTY.match(text, match.end()) and not toll:
            continue  # counts things (km, tonnes, clashes) or nothing we know
        if _is_year(match, noun):
            continue
        role = toll or _role(text, match.start(), match.end(), noun, np_end)
        if PART_OF.search(text[max(0, match.start() - 30):match.start()]) or (
                noun == "them" and PART_APPOSITION.match(text, np_end)):
            role = "part"  # "40 people, including 12 children": already counted in the total
        if ONE_OF.search(text[max(0, match.start() - 20):match.start()]):
            noun = "people"  # "he was one of two insurgents killed": a total that holds the one told before
        low, best, high = counted
        if role == "killed" and WITH_ATTACKER.match(text, np_end):  # "six people including the bomber": five
            low, best, high = (None if v is None else max(v - 1, 0) for v in counted)
        figures.append(Figure(match.start() + offset, np_end + offset, role, low, best, high,
                              text[match.start():np_end].strip(" “”\"'"), noun))
    singles = [replace(f, start=f.start + offset, end=f.end + offset)
               for f in _single_casualties(text, [(f.start - offset, f.end - offset) for f in figures])]
    out = _coordinated_roles(text, sorted([*figures, *singles], key=lambda f: f.start), offset)
    # "a woman and 13 militants were killed": one person counts only as a casualty
    single_starts = {f.start for f in singles}
    return [f for f in out if not (f.start in single_starts and f.role == "people")]


#: A group joined to the next one ("a woman and 13 militants ..."): it may share that group's verb.
_CONJUNCT_AFTER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?=\w)", re.IGNORECASE)
#: What joins two counted groups that share one verb ("three soldiers and two civilians were killed").
_CONJUNCT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+)$", re.IGNORECASE)


def _coordinated_roles(text: str, figures: list[Figure], offset: int) -> list[Figure]:
    """Groups joined by "and" take the role of the last one: "three security forces and three
    local police officers were killed" counts six killed (ACLED sums the groups of an event)."""
    out = list(figures)
    for i in range(1, len(out)):  # "including six women and eight children": both parts of the total
        if out[i - 1].role == "part" and _CONJUNCT.fullmatch(text[out[i - 1].end - offset:out[i].start - offset]):
            out[i] = replace(out[i], role="part")
    for i in range(len(out) - 2, -1, -1):
        first, second = out[i], out[i + 1]
        between = text[first.end - offset:second.start - offset]
        if (first.role in ("people", "strength") and second.role in ("killed", "wounded")
                and _CONJUNCT.fullmatch(between)):
            out[i] = replace(first, role=second.role)
    for i in range(len(out) - 1):  # "killed a commander and his three bodyguards in ...": the object goes on
        first, second = out[i], out[i + 1]
        between = text[first.end - offset:second.start - offset]
        if (first.role in ("killed", "wounded") and second.role in ("people", "strength")
                and _OBJECT_GOES_ON.fullmatch(between) and _NO_VERB_AFTER.match(text, second.end - offset)):
            out[i + 1] = replace(second, role=first.role)
    return out


_OBJECT_GOES_ON = re.compile(r"\s*(?:,\s*)?and\s+(?:his|her|their|its|the)?\s*", re.IGNORECASE)
_NO_VERB_AFTER = re.compile(r"\s*(?:$|[,.;)]|(?:in|on|at|near|during|when|while|as)\b)", re.IGNORECASE)


def combine_figures(figures: Sequence[Figure]) -> Figure | None:
    """One estimate from several figures of the same role in one mention.

    A point estimate inside a range refines the range's best ("between 20,000
    and 60,000 ... about 50,000" -> 20,000 / 50,000 / 60,000); otherwise counts
    of different groups are added up (ACLED sums an event's fatalities).
    """
    if not figures:
        return None
    ranges = [f for f in figures if f.low is not None and f.high is not None and f.low != f.high]
    points = [f for f in figures if f not in ranges]
    if len(ranges) == 1 and points and all(
        p.best is not None and ranges[0].low <= p.best <= ranges[0].high for p in points  # type: ignore[operator]
    ):
        best = points[0].best
        text = "; ".join(f.text for f in figures)
        return replace(ranges[0], best=best, text=text, end=max(f.end for f in figures))
    if len(figures) == 1:
        return figures[0]

    def total(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    return Figure(
        start=min(f.start for f in figures), end=max(f.end for f in figures), role=figures[0].role,
        low=total([f.low for f in figures]), best=total([f.best for f in figures]),
        high=total([f.high for f in figures]), text="; ".join(f.text for f in figures), noun=figures[0].noun,
    )
