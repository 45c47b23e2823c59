"""Two counts of one group's dead or wounded made one estimate: competing claims (ACLED's conservative rule)
and a toll that a later count updates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from geo.extraction.numbers import TOLL_BEFORE, Figure

#: A later count that updates the toll told before ("the death toll rose to 20").
TOLL_ROSE = re.compile(r"\b(?:rose|risen|raised|climbed|increased|jumped|grew|reached)\b[\w ]{0,12}?\b(?:to|at)\W*$",
                       re.IGNORECASE)
#: Words between two counts of one group that make them two sources' counts ("..., but officials said ...").
OTHER_SOURCE = re.compile(r"\b(?:but|however|while|whereas|said|says|say|claimed|claims|according to|put)\b",
                          re.IGNORECASE)


def _same_group(a: Figure, b: Figure, text: str) -> bool:
    """Two counts of one group: the same noun, or a death toll ("put the death toll at 20") against a count
    of people that names no side ("the Taliban said only three were killed")."""
    if a.noun and a.noun == b.noun:
        return True
    tolls = [f for f in (a, b) if not f.noun and TOLL_BEFORE.search(text[max(0, f.start - 60):f.start])]
    return bool(tolls) and all(f.noun in ("", "people", "persons") for f in (a, b))


def conservative_counts(figures: Sequence[Figure], text: str) -> list[Figure]:
    """Two sources' counts of the same group's dead or wounded made one estimate (ACLED's conservative rule):
    the lower is low and best, the higher is high ("rebels said they killed 30 soldiers, but the ministry said
    four soldiers died" -> 4 / 4 / 30). Counts of different groups stay apart (they are added up later)."""
    out: list[Figure] = []
    for figure in figures:
        same = next((f for f in out if f.role == figure.role and f.role in ("killed", "wounded")
                     and _same_group(f, figure, text) and f.best is not None and figure.best is not None
                     and OTHER_SOURCE.search(text, f.end, figure.start)), None)
        if same is None:
            out.append(figure)
            continue
        low, high = sorted((same, figure), key=lambda f: f.best or 0), max(same.high or 0, figure.high or 0)
        merged = replace(low[0], high=max(high, low[1].best or 0), text=f"{same.text}; {figure.text}", end=figure.end)
        if TOLL_ROSE.search(text, max(0, figure.start - 40), figure.start):  # "the toll later rose to 20": the update
            merged = replace(merged, best=figure.best)
        out[out.index(same)] = merged
    return out


__all__ = ["OTHER_SOURCE", "TOLL_ROSE", "conservative_counts"]
