"""One event trigger found in a sentence: :class:`Mention`, shared by the trigger, segment and merge rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.extraction.lexicon import TriggerRule


@dataclass
class Mention:
    """One event trigger in a sentence with the sentence segment it owns (absolute offsets)."""

    start: int
    end: int
    rule: TriggerRule
    event_type: str
    sub_event_type: str
    seg_start: int
    seg_end: int
    definite: bool = False
    cue_words: frozenset[str] = frozenset()
    qualified: bool = True  # the rule's requirement holds (a definite reference may skip it)
    fresh: bool = False  # "another attack", "in a separate incident": never an earlier event
    aside: bool = False  # in a non-restrictive relative clause ("the Taliban, who seized power in 2021, ...")
    #: a time reference to an event told before ("after this incident, ..."): its sentence is about what followed
    since_then: bool = False
    joined: list[tuple[int, int]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def specific(self) -> bool:
        """A specific trigger ("clash", "roadside bomb"), not a generic one ("killed", "attack")."""
        return self.rule.strength == 2
