"""The trigger lexicon: words of conflict reporting and the ACLED event they stand for.

Each :class:`TriggerRule` has a pattern, the Border Monitor ``kind`` (incident,
posture, concentration, context), the ACLED event and sub-event type, a neutral
label for notes, a coreference family and a requirement (a military object for
a posture verb, an armed group for a concentration, a victim for a killing).
:mod:`geo.extraction.triggers` applies it to sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.extraction.calendar_days import MONTH_NAME
from geo.extraction.people import TO_DEATH

SD = "Strategic developments"
ARMED_OBJECT = (r"\b(?:bases?|garrisons?|troops|forces|border (?:defen[cs]e|guards?|troops|posts?|outposts?|"
                 r"protection|security)|military (?:presence|forces|contingent|units|infrastructure|facilities|"
                 r"installations|equipment|hardware|personnel|vehicles)|defen[cs]es?|outposts?|air ?bases?|"
                 r"airfields?|divisions?|contingents?|military presence|fortifications|checkpoints|units|"
                 r"battalions?|brigades?|soldiers|servicemen|reservists|conscripts|paratroopers|commandos|"
                 r"reinforcements|"
                 r"special forces|tanks|armou?red vehicles|helicopters|fighter jets|artillery|"
                 r"(?:air )?defen[cs]e systems|rocket launchers|patrols|(?:heavy )?weaponry|military hardware|"
                 r"drones|warplanes|security (?:forces|measures)|(?:extra|additional|more|heavy|tight) security|"
                 r"(?:extra|additional|more) (?:police(?:men)?|officers|personnel|guards))\b")

#: Armed men of a non-state group who can be sent somewhere ("sent 130 fighters to the district").
ARMED_MOVERS = r"\b(?:militants|fighters|gunmen|insurgents|mercenaries|jihadists|terrorists)\b"


@dataclass(frozen=True)
class TriggerRule:
    """One row of the trigger lexicon."""

    name: str
    pattern: str
    kind: str
    event_type: str
    sub_event_type: str
    label: str
    family: str
    strength: int = 2  # 2 specific, 1 generic (joins a specific one), 0 coreference only
    needs: str = ""  # "", armed_object, armed_group, militant_actor, victim, person_object, dated_or_counted


#: The trigger lexicon, most specific first (a longer or earlier match wins an overlap).
TRIGGER_RULES: tuple[TriggerRule, ...] = (
    TriggerRule("suicide", r"\bsuicide (?:attack(?:s|ers?)?|(?:car |truck |vehicle )?bomb(?:ings?|ers?|s)?|blasts?|"
                r"explosions?)\b",
                "incident", "Explosions/Remote violence", "Suicide bomb", "suicide attack", "explosion"),
    TriggerRule("shelling", r"\b(?:rocket|mortar|artillery|missile)s? (?:attacks?|fire|strikes?|shells?|barrages?)\b"
                r"|\bshelling\b|\bshelled\b|\bfired (?:[\w-]+\s+){0,2}?(?:rockets|mortars|shells|missiles)\b"
                r"|\b(?:rocket|mortar|shell|missile)s?\s+(?:[\w-]+\s+){0,4}?(?:struck|hit|landed|slammed)\b",
                "incident", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                "rocket or artillery attack", "explosion"),
    TriggerRule("airstrike", r"\b(?:air ?strikes?|drone (?:strikes?|attacks?)|air raids?|aerial bombardment)\b|"
                r"\b(?:drones?|aircraft|(?:war|air)?planes|jets|(?:helicopter )?gunships?|helicopters|"
                r"air weapons teams?)\b"
                r"(?:\s+(?!(?:was|were|been|being|is|are)\b)[\w-]+){0,6}?\s+(?:struck|bombed|hit|targeted|fired)\b",
                "incident", "Explosions/Remote violence", "Air/drone strike", "air or drone strike", "explosion"),
    # "rocket-propelled grenades": a weapon of a fight, not a grenade thrown
    TriggerRule("grenade", r"(?<!hand )(?<!rocket-propelled )(?<!rocket propelled )\bgrenades?\b(?!\s+launchers?)"
                r"(?![^.;]{0,40}\b(?:seized|found|confiscated))",
                "incident", "Explosions/Remote violence", "Grenade",
                "grenade attack", "explosion"),
    TriggerRule("ied", r"\b(?:(?:roadside |car |magnetic )?bombs?|IEDs?|improvised explosive devices?|"
                r"(?:land ?)?mines?|explosive devices?)\b(?:\s+\w+){0,2}?\s+(?:exploded|went off|detonated|blew up|"
                r"rocked|ripped through|tore through|shook)\b"
                r"|\b(?:explosions?|blasts?|bombings?|roadside bombs?|car bombs?|IEDs?|land ?mines?|roadside mines?)\b",
                "incident", "Explosions/Remote violence", "Remote explosive/landmine/IED", "explosion", "explosion"),
    TriggerRule("violent_demo", r"\bviolent (?:protests?|demonstrations?)\b", "incident", "Riots",
                "Violent demonstration", "violent demonstration", "riot"),
    TriggerRule("riot", r"\b(?:prison )?riots?\b|\brioting\b|\brioted\b|\bprison (?:unrest|uprising|mutiny|revolt)\b",
                "incident", "Riots", "Mob violence", "riot", "riot"),
    TriggerRule("protest", r"(?<!note of )(?<!notes of )(?<!letter of )(?<!in )(?<!lodged a )(?<!a formal )"
                r"\bprotest(?:s|ed|ing)?\b(?! (?:note|letter)s?\b)|\bprotesters\b|\bdemonstrators\b|"
                r"\bstreet demonstrations?\b|"
                r"\brall(?:y|ies|ied)\b",
                "incident", "Protests", "Peaceful protest", "protest", "protest"),
    TriggerRule("abduction", r"\b(?:abducted|kidnapped|abductions?|kidnappings?|taken hostage)\b|"
                r"(?<!freed )(?<!released )(?<!returned )\bin\s+(?:[\w-]+\s+)?captivity\b|"
                r"\b(?:hold|holds|holding|held|took|take|taking)\s+(?:\w+\s+){1,3}?hostage\b",
                "incident", "Violence against civilians", "Abduction/forced disappearance", "abduction", "violence"),
    TriggerRule("overtake", r"\b(?:seized|captured|overran|overrun|took control of|taken control of|fell to|"
                r"collapsed to|fell into the hands of)\b|\btook(?=\s+(?-i:[A-Z])\w+(?:\s+(?:district|and)\b|,))",
                "incident", "Battles", "Non-state actor overtakes territory", "capture of territory", "battle",
                needs="militant_actor"),
    # "the district centre fell after heavy fighting": a place taken, its taker untold (the subject must be a place)
    TriggerRule("fell", r"\bfell\b(?!\s+(?:ill|asleep|silent|short|apart|by|from|off|down|sharply|on|to\s+(?:the\s+)?"
                r"(?:ground|death)))", "incident", "Battles", "Non-state actor overtakes territory",
                "capture of territory", "battle", needs="territory_subject"),
    TriggerRule("regain", r"\b(?:recaptured|recapture|recapturing|retook|retake|retaken|retaking|regained control of|"
                r"regain control of|"
                r"wrest(?:ed)? back|wrested control|liberated)\b|\bcleared\b(?=[^.;]{0,60}?\b"
                r"(?:of|from)\s+(?:the\s+)?(?:presence of\s+(?:the\s+)?)?(?:armed\s+)?(?:insurgents|militants|"
                r"Taliban|rebels|terrorists|oppositions?|enemy|fighters)\b)", "incident", "Battles",
                "Government regains territory", "recapture of territory", "battle"),
    TriggerRule("clash", r"\bclash(?:es|ed)?\b|\bfire ?fights?\b|\bgun ?fights?\b|\bgun ?battles?\b|"
                r"\bexchanges? of fire\b|\b(?:exchanged|traded|opened) (?:heavy )?fire\b|\bfired (?:on|at|upon)\b|"
                r"\bfired\s+(?:[\w-]+\s+){1,5}?(?:on|at|upon)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:posts?|"
                r"outposts?|positions?|checkpoints?|guards?|troops|soldiers|patrols?|convoys?|police|servicemen)\b|"
                r"\bgunfire\b|\bskirmish(?:es)?\b|"
                # "militants fighting alongside the Taliban": who they fight beside; "infantry fighting vehicles"
                r"\bfighting\b(?!\s+(?:alongside|on behalf of|on the side of|in the ranks of|under the banner of|"
                r"vehicles?)\b)|"
                r"\bbattles?\b|\bambush(?:ed|es)?\b|"

                r"\bcivil war\b|\bshoot-?outs?\b|\b(?:counter-?terrorism|special|military) operations?\b|"
                r"\blaunched (?:an?|the|their|its) (?:[\w-]+\s+){0,2}?(?:operation|offensive)\b",
                "incident", "Battles", "Armed clash", "armed clash", "battle"),
    TriggerRule("kill", r"\b(?:killed|killing|murdered|slain|shot dead|executed|beheaded|massacred|destroyed|"
                + TO_DEATH + r"|"
                r"martyred|martyring of|liquidated|"
                r"eliminated|neutrali[sz]ed|deaths? of|lives were lost|died|lost their lives|perished)\b",
                "incident", "Battles", "Armed clash", "killing", "battle", strength=1, needs="victim"),
    TriggerRule("shooting", r"\bshooting\b(?!\s+(?:range|practice|exercises?|drills?))", "incident", "Battles",
                "Armed clash", "shooting", "battle", strength=1, needs="dated_or_counted"),
    TriggerRule("wound", r"\b(?:wounded|injured|wounding|injuring)\b(?!\s+(?:in|during)\s+(?:the\s+)?(?:war|19\d\d))",
                "incident", "Battles", "Armed clash", "wounding", "battle", strength=1, needs="victim"),
    TriggerRule("attack", r"\battacks?\b(?!\s+(?:jets?|aircraft|planes?|helicopters?|drones?|aviation|submarines?|"
                r"dogs?|boats?|vehicles?))|\battacked\b|\braids?\b|"
                # "assault aircraft", "assault troops": a kind of weapon or unit, not an assault
                r"\bassaults?\b(?!\s+(?:rifles?|aircraft|helicopters?|troops|units?|brigades?|battalions?|boats?|"
                r"vehicles?|forces|teams?|weapons?|ships?))|\bstorm(?:ed|ing)\b",
                "incident", "Battles",
                "Armed clash", "attack", "battle", strength=1),
    TriggerRule("fall", r"\b(?:collapse|fall|capture|takeover)\s+of\s+(?:the\s+)?(?:district|province|city|town|"
                r"post|base|checkpoint)\b", "incident", "Battles", "Non-state actor overtakes territory",
                "capture of territory", "battle", strength=0),
    TriggerRule("crash", r"\b(?:helicopter|plane|aircraft|airplane|chopper|jet)s?\s+(?:[\w-]+\s+){0,2}?"
                r"crash(?:ed|es)?\b|"
                r"\bcrash of (?:a|an|the|its|their) (?:[\w-]+\s+){0,2}?(?:helicopter|plane|aircraft|airplane|jet)\b",
                "context", SD, "Other", "aircraft crash", "crash"),
    TriggerRule("incident", r"\b(?:incident|event|tragedy|accident|war|violence|operation)s?\b", "incident", "Battles",
                "Armed clash", "incident", "any_incident", strength=0),
    TriggerRule("arrest", r"\b(?:arrested|detained|arrests?|detention of)\b", "incident", SD, "Arrests",
                "arrests", "arrest", strength=1, needs="person_object"),
    TriggerRule("base_established", r"\b(?:opened|established|set up|building|built|opening)\s+(?:a |an |the )?"
                r"(?:new )?(?:military )?(?:base|outpost|border post|garrison)s?\b"
                # "a second line of defence of army units has been set up"
                r"|\b(?:line of defen[cs]e|defen[cs]e line)\b[^.;]{0,60}?\b(?:has|have|had|was|were) been "
                r"(?:set up|established|built|created|formed)\b", "posture", SD,
                "Headquarters or base established", "new base or outpost", "posture"),
    TriggerRule("reinforce", r"\b(?:reinforc\w*|strengthen\w*|moderni[sz]\w*|upgrad\w*|bolster\w*|beef\w* up|"
                r"build(?:s|ing)? up|built up|expand\w*|increas(?:e|es|ed|ing)|step(?:s|ped|ping)? up|intensif\w*|"
                r"tighten\w*)\b"
                r"|\bsecurity measures (?:were|have been|had been) (?:taken|introduced|imposed)\b"
                r"|\b(?:took|taken|introduced|imposed) (?:[\w-]+ ){0,2}security measures\b", "posture", SD, "Other",
                "reinforcement of forces", "posture", needs="armed_object"),
    TriggerRule("deploy", r"\b(?:deploy\w*|redeploy\w*|stationed|dispatched|based in|headquartered in|massed|"
                r"(?:sent|sends|sending|moved|moves|moving|transferred|relocated|rushed|mobili[sz]ed|mobili[sz]ing|"
                r"called up|calling up|mobili[sz]ation of|"
                r"brought|pulled back|withdr[ae]w|withdrawn|withdrawing|airlift(?:ed|ing)?|movements? of)\b"
                r"(?=[^.;]{0,40}(?:" + ARMED_OBJECT + "|" + ARMED_MOVERS + r")))"
                # the passive, forces named before: "units have been airlifted to the border area"
                r"|(?:(?<=been\s)|(?<=were\s)|(?<=was\s))(?:airlifted|flown|ferried|redeployed|moved|transferred|sent|"
                r"dispatched|relocated|"
                r"rushed)\b",
                "posture", SD, "Other", "deployment", "posture", needs="armed_object"),
    TriggerRule("alert", r"\b(?:put|placed|kept)\s+on\s+(?:high|full|combat|heightened|maximum)\s+alert\b|"
                r"\b(?:put|placed)\s+on\s+(?:full\s+)?combat\s+readiness\b", "posture", SD, "Other", "alert",
                "posture"),
    TriggerRule("exercise", r"\b(?:military |joint |border )?(?:exercises|drills|manoeuvres|maneuvers|war games)\b|"
                r"\b(?:military|joint|border|tactical|command(?:-staff)?|live-fire|large-scale|"
                r"snap|combat|field|army|strategic|military-strategic|counter-?terror(?:ism|ist)?|anti-?terror(?:ism|ist)?|"
                r"staff)\s+"
                r"(?:exercise|drill)\b|\b(?:combat )?readiness (?:check|inspection|drills?)\b|"
                # "during the four-day exercise at X", "held an exercise", "another exercise at X"
                r"(?:(?<=\bthe\s)|(?<=\ba\s)|(?<=\ban\s)|(?<=\banother\s)|(?<=\bthis\s))(?:[\w-]+\s+){0,2}?exercise\b"
                r"(?!\s+of\b)",
                "posture", SD, "Other", "military exercise", "posture"),
    TriggerRule("concentration", r"\bconcentrat\w+|\bmass(?:ed|ing)\b|\bamass\w*|\bgather(?:ed|ing)\b|\bpresence\b|"
                r"\bemergence\b|\bappeared\b|\bappearance of\b|\bregroup\w*|\bbuild-?up\b|"
                r"\bgained a (?:foothold|toehold)\b|"
                r"\bsleeper cells?\b|\bcells\b|\btraining camps?\b|\bhideouts?\b|\bdeployed\b|"
                r"\b(?:scattered|roaming|active)\s+(?:along|near|in|on|across|around|the)\b|"
                # "fighters loyal to him had returned to the Rasht valley", "infiltrated into Badakhshan"
                r"\b(?:returned|arrived|infiltrated|penetrated|settled)\s+(?:back\s+)?(?:to|in|into|near)\b|"
                # "the base had been surrounded by the Taliban for months", "a Taliban stronghold"
                r"\b(?:surrounded|besieged|encircled|under siege)\b|\b(?:Taliban|militants?[’']?|insurgents?[’']?|"
                r"rebels?[’']?|IS|ISIS|ISKP|Daesh)\s+(?:strongholds?|bastions?)\b|"
                r"\b(?:strongholds?|bastions?)\s+of\s+(?:the\s+)?(?:Taliban|militants|insurgents|rebels|IS|ISIS|Daesh)\b",
                "concentration", SD, "Other", "militant concentration", "concentration", needs="armed_group"),
    TriggerRule("meeting", r"\b(?:meetings?|summits?|conferences?|talks|discussions|negotiations|consultations|"
                r"sessions?|forums?)\b|\bmet (?:with|in)\b",
                "context", SD, "Other", "meeting", "meeting"),
    TriggerRule("agreement", r"\b(?:agreements?|accords?|treaty|treaties|memorandum|ceasefire|truce|pact)\b"
                r"(?! organi[sz]ation)", "context", SD, "Agreement", "agreement", "agreement"),
    TriggerRule("amnesty", r"\b(?:amnesty|amnestied|pardoned|pardons?)\b", "context", SD, "Other", "amnesty",
                "amnesty"),
    TriggerRule("crossing", r"\b(?:crossed|fled|retreated|escaped)\b(?=[^.;]{0,40}\b(?:border|frontier)\b)|"
                r"\b(?:crossed|fled|retreated|escaped)\s+(?:\w+\s+)?into\s+(?:neighbou?ring\s+)?(?:Tajikistan|"
                r"Uzbekistan|Afghanistan|Turkmenistan)\b|"
                # "crossed into the Jaloliddin Balkhi district", "fled across the Panj River"
                r"\b(?:crossed|fled|retreated|escaped)\s+(?:into|across|over)\s+(?:the\s+)?(?=[A-Z])",
                "posture", SD, "Other", "crossing of the border", "crossing", needs="crossers"),
    TriggerRule("retreat", r"\b(?:retreated|withdrew|pulled out)\s+from\b|\breturned to (?:their|its) bases?\b",
                "posture", SD, "Other", "withdrawal of forces", "posture", needs="crossers"),
    TriggerRule("transfer", r"\b(?:transfer\w*|hand(?:ed|ing|s)? over)\b(?=[^.;]{0,60}\b(?:control|territory|"
                r"portions?|responsibility|sections?|posts?)\b)|"
                # "the government assumed security responsibility for Bamyan province from NATO-led troops"
                r"\b(?:assumed|took over|takes over|assumes)\s+(?:full\s+)?security\s+(?:responsibility|control)\b",
                "context", SD, "Non-violent transfer of territory",
                "handover of control", "transfer"),
)

#: Words that make a civil war the time of something else ("during the five-year civil war", "since the civil war").
WAR_AS_TIME = re.compile(r"\b(?:during|since|after|before|end of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: Verbs that make an agreement (ACLED's "Agreement" is one reached, not one in force).
AGREEMENT_MADE = re.compile(r"\b(?:sign(?:s|ed|ing)?|conclud(?:e|es|ed|ing)|reach(?:es|ed|ing)?|agreed|"
                            r"initial(?:l)?ed|ratif(?:y|ies|ied)|ink(?:s|ed)?|struck|brokered|declared|announced|"
                            r"entered into force|came into force|initiated)\b", re.IGNORECASE)
#: An agreement named by the month it was made ("the June 1997 General Agreement", "a May 1993 accord").
AGREEMENT_OF_A_MONTH = re.compile(rf"\b{MONTH_NAME}\s+(?:\d{{1,2}},?\s+)?(?:19|20)\d\d\s+(?:[A-Z][\w-]*\s+){{0,4}}$")


def told_in_passing(family: str, trigger: str, clause: str, sentence: str) -> bool:
    """Whether a trigger (``clause`` is its clause up to it) names no event: a civil war as the time of something
    else ("mines laid during the civil war"), or an agreement in force, not one made then ("under the 1997
    agreement, the base stays until 2042"; but "signed an agreement", "the June 1997 General Agreement")."""
    if trigger.lower() == "civil war":
        return bool(WAR_AS_TIME.search(clause[-40:]))
    return family == "agreement" and not (AGREEMENT_MADE.search(sentence) or AGREEMENT_OF_A_MONTH.search(clause[-50:]))
