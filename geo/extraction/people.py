"""Nouns that count people, and the side each armed group fights for (a toll's groups of different sides
are added up; an armed group's count is a strength)."""

from __future__ import annotations

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
     "bodyguards", "bodyguard", "relatives", "sons", "brothers", "companions", "colleagues", "family"}
)


__all__ = ["ARMED_NOUNS", "PERSON_NOUNS", "SIDES", "side"]
