"""Nouns that count people, the side each armed group fights for (a toll's groups of different sides
are added up; an armed group's count is a strength), and the victims who type an attack (civilians make
it violence against civilians)."""

from __future__ import annotations

import re

#: Nouns that count people; the armed ones make a strength figure.
ARMED_NOUNS = frozenset(
    {"soldiers", "soldier", "troops", "servicemen", "serviceman", "militants", "militant", "fighters", "fighter",
     "terrorists", "terrorist", "insurgents", "rebels", "jihadists", "extremists", "gunmen", "combatants",
     "members", "elements", "guards", "guard", "guardsmen", "police", "policemen", "personnel", "recruits",
     "draftees", "reservists",
     "conscripts", "attackers", "assailants", "commanders", "mercenaries", "paratroopers", "marines", "cadets",
     "officers", "agents", "operatives", "bombers", "dealers", "traffickers", "smugglers", "gunman",
     "forces", "trespassers", "violators", "intruders", "raiders", "infiltrators", "taliban"}
)
#: Who a counted group fights for: two groups of different sides are two shares of one event's toll.
SIDES = {
    "militants": frozenset({"militants", "militant", "fighters", "fighter", "terrorists", "terrorist", "insurgents",
                            "rebels", "jihadists", "extremists", "gunmen", "gunman", "attackers", "assailants",
                            "smugglers", "smuggler", "traffickers", "trafficker", "trespassers", "intruders",
                            "raiders", "infiltrators", "taliban", "bombers"}),
    "forces": frozenset({"soldiers", "soldier", "troops", "servicemen", "serviceman", "guards", "guard",
                         "guardsmen", "police", "policemen", "policeman", "officers", "officer", "personnel",
                         "forces", "commander", "conscripts", "reservists"}),
}


def side(noun: str) -> str | None:
    """``"militants"``, ``"forces"`` or None for the group a person noun counts."""
    head = noun.lower().split(" ")[-1]  # "border guard" fights for the forces like "guard"
    return next((name for name, nouns in SIDES.items() if head in nouns), None)
PERSON_NOUNS = ARMED_NOUNS | frozenset(
    {"people", "persons", "person", "civilians", "civilian", "diplomats", "diplomat", "prisoners", "inmates",
     "detainees", "children", "women", "men", "residents", "villagers", "citizens", "workers", "others",
     "individuals", "refugees", "migrants", "students", "nationals", "tajiks", "afghans", "russians", "uzbeks",
     "kyrgyz", "turkmens", "pakistanis", "lives", "bodies", "dead", "victims", "passengers", "officials",
     "employees", "pilgrims", "staff", "journalists", "teachers", "doctors", "farmers", "shepherds", "them",
     "reservists", "conscripts", "smuggler", "trafficker", "dealer", "policeman", "officer", "commander", "child",
     "woman", "man", "resident", "villager", "citizen", "worker", "driver", "farmer", "shepherd", "student",
     "teacher", "doctor", "journalist", "official", "fisherman", "fishermen", "boy", "girl", "boys", "girls",
     "convicts", "cyclists", "tourists", "foreigners", "engineers", "mourners", "worshippers", "worshipers",
     "rangers", "foresters", "loggers", "other", "protesters", "protester", "demonstrators", "demonstrator",
     "bodyguards", "bodyguard", "relatives", "sons", "brothers", "companions", "colleagues", "family",
     "traders", "trader", "merchants", "merchant", "herders", "herder", "herdsmen", "herdsman", "labourers",
     "laborers", "labourer", "laborer", "miners", "miner", "hikers", "hiker", "climbers", "mountaineers", "nurses",
     "nurse", "deminers", "clerics", "cleric", "imams", "imam", "guests", "shopkeepers", "suspects", "suspect"}
)


#: The people a killing or an attack hits ("killed three shepherds"): who they are types the event.
VICTIM_RE = re.compile(r"\b(?:people|persons?|civilians?|soldiers?|troops|servicem[ae]n|militants?|terrorists?|"
                       r"insurgents?|fighters?|guards?|police(?:m[ae]n)?|officers?|diplomats?|prisoners?|inmates?|"
                       r"children|child|women|woman|men|man|others|members?|residents?|villagers?|lives|"
                       r"individuals?|workers?|refugees?|(?:forest )?rangers?|foresters?|loggers?|cyclists?|tourists?|"
                       r"farmers?|shepherds?|engineers?|elders?|teachers?|students?|journalists?|drivers?|passengers?|"
                       r"officials?|commanders?|chiefs?|worshipp?ers?|mourners?|pilgrims?|boys?|girls?|traders?|"
                       r"merchants?|herders?|herdsm[ae]n|labou?rers?|miners?|hikers?|climbers?|mountaineers?|nurses?|"
                       r"doctors?|deminers?|clerics?|imams?|guests?|shopkeepers?|fishermen|fisherman|ministers?|lawmakers?|"
                       r"mayors?|ambassadors?)\b",
                       re.IGNORECASE)
CIVILIAN_VICTIMS = frozenset({"ambassador", "ambassadors", "boy", "boys", "brother", "child", "children", "civilian",
                              "civilians", "cleric", "clerics", "climber", "climbers", "cousin", "cyclists", "daughter",
                              "deminer", "deminers", "diplomats", "doctor", "doctors", "driver", "drivers", "elder",
                              "elders", "engineers", "farmers", "father", "fisherman", "fishermen", "foresters", "girl",
                              "girls", "guest", "guests", "herder", "herders", "herdsman", "herdsmen", "hiker",
                              "hikers", "husband", "imam", "imams", "individuals", "inmates", "journalist",
                              "journalists", "laborer", "laborers", "labourer", "labourers", "lawmaker", "lawmakers",
                              "loggers", "man", "mayor", "mayors", "men", "merchant", "merchants", "miner", "miners",
                              "minister", "ministers", "mother", "mountaineers", "mourner", "mourners", "nephew",
                              "nurse", "nurses", "passenger", "passengers", "people", "person", "persons", "pilgrims",
                              "prisoners", "rangers", "refugees", "resident", "residents", "shepherds", "shopkeeper",
                              "shopkeepers", "sister", "son", "student", "students", "teacher", "teachers", "tourists",
                              "trader", "traders", "villager", "villagers", "wife", "woman", "women", "workers",
                              "worshiper", "worshipers", "worshipper", "worshippers"})
STATE_FORCE_NOUNS = frozenset({"troops", "soldiers", "servicemen", "guards", "guardsmen", "personnel", "draftees",
                               "reservists", "conscripts", "police", "policemen"})


#: Killing told by how ("shot to death", "stabbed to death", "beaten to death").
TO_DEATH = r"(?:shot|stabbed|beaten|hacked|burned|burnt|bludgeoned|strangled|tortured|stoned) to death"

__all__ = ["ARMED_NOUNS", "CIVILIAN_VICTIMS", "PERSON_NOUNS", "SIDES", "STATE_FORCE_NOUNS", "TO_DEATH", "VICTIM_RE",
           "side"]
