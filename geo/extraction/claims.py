"""Who did it and who says so: actors and attributions in news sentences.

:func:`find_actors` spots armed groups and forces from :data:`ACTOR_PATTERNS`
(ISIS/Islamic State, Taliban, Jamaat Ansarullah, Russian border guards, Afghan
army, Tajik security forces ...) with a canonical name and a type (militant,
state, civilian, other). :func:`find_attributions` finds who a sentence cites:
"according to a statement issued by X", "X said/told/warned/announced",
"'...,' X said", "quoted X as saying", "X claimed responsibility"; the source
is the title-and-name phrase as written ("Colonel-General Alexander Manilov,
chairman of ..."). Pronouns and definite titles ("he", "the general", "the
organization") are resolved by :class:`SpeakerMemory` to an earlier source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

#: (pattern, canonical actor, type); earlier rows win overlaps. Acronyms are case-sensitive.
ACTOR_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (r"\b(?:ISIS-K|ISKP|IS-K|(?i:Islamic State(?:'s|’s)? Khorasan(?: Province| branch)?))\b",
     "Islamic State Khorasan Province", "militant"),
    (r"\b(?:ISIS|ISIL|IS|Daesh|(?i:Islamic State))\b(?! (?:of|is|was|are|were|not)\b)", "Islamic State", "militant"),
    (r"(?i:\bJama(?:at|'at|at-e|iat|’at) (?:Ansarullah|Ansarallah|Ansar Allah)\b|\bAnsarullah\b)",
     "Jamaat Ansarullah", "militant"),
    (r"(?i:\b(?:Tehrik-i-Taliban|Tehreek-e-Taliban|TTP)\b)", "Tehrik-i-Taliban Pakistan", "militant"),
    (r"\bTaliban\b", "Taliban", "militant"),
    (r"(?i:\bal[- ]Qaeda\b|\bal[- ]Qaida\b)", "al-Qaeda", "militant"),
    (r"(?i:\bIslamic Movement of Uzbekistan\b)|\bIMU\b", "Islamic Movement of Uzbekistan", "militant"),
    (r"(?i:\bdrug (?:traffickers|dealers|smugglers|couriers)\b|\bsmugglers\b)", "Drug traffickers", "militant"),
    (r"(?i:\b(?:Russian|Russia's|Russia’s) (?:border guards|border troops|border forces|border service)\b)",
     "Russian Border Troops", "state"),
    (r"(?i:\b(?:Russian|Russia's|Russia’s) (?:troops|forces|military|army|soldiers|servicemen|armed forces)\b)"
     r"|\b201st\b", "Russian Armed Forces", "state"),
    (r"(?i:\bAfghan (?:National )?(?:Army|military|soldiers|troops)\b)", "Afghan army", "state"),
    (r"(?i:\bAfghan (?:security forces|forces|police|border police|border forces|National Police)\b)",
     "Afghan security forces", "state"),
    (r"(?i:\b(?:Tajik|Tajikistan's|Tajikistan’s) (?:border guards|border troops|border forces|border service)\b)",
     "Tajik Border Troops", "state"),
    (r"(?i:\bNational Security Committee\b|\bState Committee for National Security\b)|\bGKNB\b",
     "Tajik State Committee for National Security", "state"),
    (r"(?i:\b(?:Tajik|Tajikistan's|Tajikistan’s) (?:security forces|forces|troops|army|military|soldiers|"
     r"special forces|police|security services)\b)", "Tajik security forces", "state"),
    (r"(?i:\b(?:Uzbek|Turkmen|Kyrgyz) (?:border guards|border troops|border forces)\b)",
     "Central Asian border troops", "state"),
    (r"(?i:\bborder (?:troops|guards|forces)\b)", "Border troops", "state"),
    (r"(?i:\b(?:prisoners|inmates|detainees)\b)", "Prisoners", "civilian"),
    (r"(?i:\b(?:Russian|Afghan|Tajik|foreign) diplomats?\b)", "Diplomats", "civilian"),
    (r"(?i:\bcivilians\b)", "Civilians", "civilian"),
    (r"(?i:\b(?:militants|terrorists|insurgents|gunmen|jihadists|extremists)\b)", "Unidentified militants", "militant"),
    (r"\bRussia\b|\bMoscow\b|\bthe Kremlin\b", "Russia", "state"),
)
GENERIC_ACTORS = frozenset({"Unidentified militants", "Border troops"})
#: Verbs that introduce what a source says.
SPEECH_VERBS = (
    r"said|says|say|told|tells|warned|warns|stated|stressed|noted|announced|announces|claimed|claims|added|explained|"
    r"recalled|confirmed|reported|declared|alleged|insisted|emphasi[sz]ed|underlined|underscored|"
    r"continues|concluded|believes|estimated|quoted"
)
#: Lower-case words allowed inside a source's title phrase.
TITLE_WORDS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "head", "chief", "minister",
     "deputy", "acting", "official", "officials", "commander", "representative", "secretary", "general", "president",
     "envoy", "ambassador", "officer", "officers", "police", "governor", "sources", "source", "ministry", "service",
     "services", "military", "journalist", "reporter", "analyst", "expert", "army", "agency", "leader", "leaders",
     "intelligence", "security", "national", "federal", "border", "troops", "defence", "defense", "interior",
     "foreign", "of", "the", "for", "and", "in", "on", "a", "an", "to", "committee", "forces", "office", "state",
     "district", "provincial", "local", "senior", "former", "political", "vice", "spokesmen", "organization",
     "organisation", "group", "media", "outlet", "outlets", "news", "statement", "its", "one", "these", "this"}
)
#: Title nouns that open an apposition after a name ("Alexander Bortnikov, director of ...").
APPOSITION_TITLES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "head", "chief", "minister",
     "deputy", "acting", "commander", "representative", "secretary", "president", "envoy", "ambassador", "officer",
     "governor", "leader", "journalist", "reporter", "analyst", "expert", "vice", "former", "senior"}
)
#: Lower-case words that never modify a source's title ("that officials said").
_NOT_MODIFIERS = frozenset({"that", "which", "who", "and", "but", "or", "said", "says", "when", "while", "as", "if",
                            "because", "after", "before", "where", "also", "then", "not", "have", "has", "had",
                            "was", "were", "is", "are", "be", "been", "by", "with", "from", "at", "to", "in", "on"})
_VAGUE_SOURCES = frozenset({"reports", "media reports", "sources", "some reports", "reports say", "it", "they", "we"})
_PRONOUNS = frozenset({"he", "she", "he also", "she also"})
_DEFINITE_SOURCE = re.compile(
    r"^(?:one of )?(?:the|this|that|these) (?:(?:[A-Z]{2,6}|[a-z]+) )?(general|sources|minister|official|spokesman|"
    r"head|chief|source|organization|organisation|group|commander|president|director|ministry|army)$", re.IGNORECASE)
_ACTORS = tuple((re.compile(p), name, kind) for p, name, kind in ACTOR_PATTERNS)
_ACCORDING = re.compile(
    r"\baccording to (?:(?:a|an|the) )?(?:(?:statement|report|reports|figures|data|estimates?|sources?|"
    r"communiqu[eé]|announcement)s? (?:issued |released |published |made )?(?:by|from) )?(?P<src>[^,.;:“”\"]{3,120})",
    re.IGNORECASE)
_VERB_AFTER = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_QUOTED = re.compile(r"\bquoted (?P<src>[^,.;:]{2,80}?) as (?:having )?(?:said|saying)\b")
_RESPONSIBILITY = re.compile(r"\b(?:claimed|claims|claiming|took|has claimed|have claimed) responsibility\b",
                             re.IGNORECASE)
_FORWARD = re.compile(rf"[,”\"’]\s*(?:{SPEECH_VERBS})\s+(?P<src>(?:[A-Z][\w’'.-]*\s*){{1,5}})")
_TOKEN = re.compile(r"\([^()]{0,80}\)|[\w’'.-]+|[,“”\"–—]")


@dataclass(frozen=True)
class ActorMention:
    """An actor named in text; ``kind`` is militant, state, civilian or other."""

    start: int
    end: int
    name: str
    kind: str
    generic: bool = False


@dataclass(frozen=True)
class Attribution:
    """A cited source; ``how`` is said, according_to, quoted or responsibility."""

    start: int
    end: int
    source: str
    how: str


#: From the fall of Kabul the Taliban are Afghanistan's de facto authorities: their forces' moves are postures.
TALIBAN_IN_POWER = dt.date(2021, 8, 15)


def as_of(actors: list[ActorMention], day: dt.date) -> list[ActorMention]:
    """``actors`` as they stood on ``day``: the Taliban a state's force from :data:`TALIBAN_IN_POWER` on."""
    if day < TALIBAN_IN_POWER:
        return actors
    return [replace(a, kind="state") if a.name == "Taliban" else a for a in actors]


def find_actors(text: str, offset: int = 0) -> list[ActorMention]:
    """Actors named in ``text`` (longest match first, no overlaps), in text order."""
    found: list[ActorMention] = []
    for pattern, name, kind in _ACTORS:
        for match in pattern.finditer(text):
            span = (match.start() + offset, match.end() + offset)
            if all(span[1] <= a.start or span[0] >= a.end for a in found):
                found.append(ActorMention(*span, name, kind, generic=name in GENERIC_ACTORS))
    return sorted(found, key=lambda a: a.start)


def _clean_source(phrase: str) -> str:
    phrase = " ".join(phrase.replace("\n", " ").split()).strip(" ,;:–-“”\"'")
    phrase = re.sub(r",?\s*\b(?:however|also|meanwhile|though|in turn|in his|in her)\b.*$", "", phrase)
    phrase = re.sub(r"^(?:and|but|while|that|as|so|according to)\s+", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"(?<=\))\s+[\d,.]+$", "", phrase)
    return phrase[:160].strip(" ,")


def source_before(text: str, verb_start: int) -> str:
    """The title-and-name phrase that ends just before a speech verb ("" when none)."""
    tokens = list(_TOKEN.finditer(text, max(0, verb_start - 220), verb_start))
    kept: list[re.Match[str]] = []
    commas = modifiers = 0
    for token in reversed(tokens):
        word = token.group()
        if word in "“”\"–—":
            break
        if word == ",":
            commas += 1
            if not kept:
                continue
            after = kept[-1].group()
            if commas > 2 or not after[0].islower() or after not in APPOSITION_TITLES:
                break
            kept.append(token)
            continue
        if word[0].isupper() or word[0] == "(" or re.sub(r"[’']s$", "", word.lower()) in TITLE_WORDS:
            kept.append(token)
            continue
        if word.lower() in _PRONOUNS:
            kept.append(token)
        elif kept and modifiers < 2 and word.isalpha() and word.lower() not in _NOT_MODIFIERS and \
                re.sub(r"[’']s$", "", kept[-1].group().lower()) in TITLE_WORDS:
            kept.append(token)  # "the justice ministry", "a provincial police spokesman"
            modifiers += 1
            continue
        break
    while kept and (kept[-1].group() == "," or kept[-1].group().lower() in ("of", "the", "and", "in", "for", "to")):
        kept.pop()
    while kept and kept[0].group() == ",":
        kept.pop(0)
    if not kept:
        return ""
    kept.reverse()
    phrase = _clean_source(text[kept[0].start():kept[-1].end()])
    return phrase if any(c.isupper() for c in phrase) or phrase.lower() in _PRONOUNS or " " in phrase else ""


def _source_start(text: str, source: str, before: int) -> int:
    """Where ``source`` (as cleaned from the words before ``before``) starts in ``text``.

    The whole phrase when it appears verbatim, else its first word as a whole word
    (a bare ``rfind`` of "a" would land inside "official").
    """
    start = text.rfind(source, 0, before)
    if start >= 0:
        return start
    words = list(re.finditer(rf"\b{re.escape(source.split()[0])}\b", text[:before]))
    return words[-1].start() if words else before


def find_attributions(text: str, offset: int = 0) -> list[Attribution]:
    """Sources cited in ``text`` with spans (offset added), in text order."""
    out: list[Attribution] = []
    for match in _ACCORDING.finditer(text):
        source = _clean_source(match.group("src"))
        if source.lower() not in _VAGUE_SOURCES:
            out.append(Attribution(match.start() + offset, match.end() + offset, source, "according_to"))
    for match in _QUOTED.finditer(text):
        source = _clean_source(match.group("src"))
        out.append(Attribution(match.start() + offset, match.end() + offset, source, "quoted"))
    for match in _RESPONSIBILITY.finditer(text):
        source = source_before(text, match.start())
        if source and not re.match(r"(?:no|none|nobody)\b", source, re.IGNORECASE):
            start = match.start() - len(source) + offset
            out.append(Attribution(start, match.end() + offset, source, "responsibility"))
    for match in _FORWARD.finditer(text):
        source = _clean_source(match.group("src"))
        out.append(Attribution(match.start() + offset, match.end() + offset, source, "said"))
    for match in _VERB_AFTER.finditer(text):
        if match.group() in ("claimed", "claims") and _RESPONSIBILITY.match(text, match.start()):
            continue
        if match.group() == "quoted":
            continue
        source = source_before(text, match.start())
        if source and source.lower() not in _VAGUE_SOURCES:
            out.append(Attribution(_source_start(text, source, match.start()) + offset, match.end() + offset,
                                   source, "said"))
    out = [a for a in out if a.source and not any(
        b is not a and b.start <= a.start and a.end <= b.end and b.how != "said" for b in out)]
    return sorted(out, key=lambda a: a.start)


@dataclass
class SpeakerMemory:
    """The sources named so far in an article, to resolve "he", "the general", "the organization"."""

    speakers: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def remember_actor(self, actor: ActorMention) -> None:
        """Note a named (non-generic) militant group for "the organization"/"the group"."""
        if actor.kind == "militant" and not actor.generic:
            self.groups.append(actor.name)

    def resolve(self, source: str) -> str:
        """``source`` with pronouns and definite titles replaced by the earlier source they refer to."""
        lowered = source.lower()
        if lowered in _PRONOUNS:
            return self.speakers[-1] if self.speakers else ""
        definite = _DEFINITE_SOURCE.match(source)
        if definite:
            title = definite.group(1).lower()
            if title in ("organization", "organisation", "group") and self.groups:
                return self.groups[-1]
            for earlier in reversed(self.speakers):
                if title in earlier.lower():
                    return earlier
        return source

    def add(self, source: str) -> str:
        """Resolve ``source``, remember it and return the resolved text ("" if unresolved)."""
        resolved = self.resolve(source)
        if resolved and resolved not in self.groups:
            self.speakers.append(resolved)
        return resolved
