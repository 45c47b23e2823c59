"""The article sentences behind a candidate event, with its evidence spans highlighted (no Streamlit).

Article text is untrusted: every piece of it passes through
:func:`geo.map.cards.escape_text` before it is placed between the tags built here,
so ``<script>`` in an article is shown as text.

Example
-------
>>> evidence_html("Two were killed in Khorog. Calm elsewhere.", [{"field": "location", "start": 19, "end": 25}])
'<div class="bm-evidence"><p ...>Two were killed in <mark ...>Khorog</mark>...'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from geo.extraction import sentence_spans
from geo.map import escape_text

#: What each evidence field supports, as shown next to its highlight.
FIELD_LABELS = {
    "event": "event", "event_type": "event type", "date": "date", "location": "place",
    "fatalities": "killed", "wounded": "wounded", "strength": "strength", "actor1": "actor",
    "actor2": "actor", "claimed_by": "claimed by",
}
#: Highlight colour per field (light, so the text stays readable).
FIELD_COLOURS = {
    "event_type": "#fde68a", "date": "#bfdbfe", "location": "#bbf7d0", "fatalities": "#fecaca",
    "wounded": "#fecaca", "strength": "#fed7aa", "actor1": "#e9d5ff", "actor2": "#e9d5ff",
    "claimed_by": "#ddd6fe",
}
_DEFAULT_COLOUR = "#e5e7eb"
_P = '<p style="margin:0 0 .4em 0;line-height:1.55">'
_TAG = ('<span style="font-size:.72em;color:#374151;background:#f3f4f6;border-radius:3px;'
        'padding:0 .3em;margin-left:.15em;vertical-align:super">{}</span>')


def _spans(evidence: Iterable[Mapping[str, Any]], size: int) -> list[tuple[int, int, str]]:
    out = []
    for item in evidence:
        try:
            start, end, name = int(item["start"]), int(item["end"]), str(item.get("field", ""))
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= size:
            out.append((start, end, name))
    return out


def _highlighted(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` escaped, with each stretch covered by marks wrapped in ``<mark>``."""
    cuts = sorted({start, end, *(max(start, s) for s, _, _ in marks if s < end),
                   *(min(end, e) for _, e, _ in marks if e > start)})
    parts = []
    for a, b in itertools.pairwise(cuts):
        chunk = escape_text(text[a:b])
        covering = [(s, e, f) for s, e, f in marks if s <= a and b <= e]
        if not covering:
            parts.append(chunk)
            continue
        colour = FIELD_COLOURS.get(covering[0][2], _DEFAULT_COLOUR)
        labels = escape_text(", ".join(dict.fromkeys(FIELD_LABELS.get(f, f) for _, _, f in covering)))
        parts.append(f'<mark style="background:{colour};padding:0 .1em" title="{labels}">{chunk}</mark>')
        if max(e for _, e, _ in covering) == b:  # the highlight ends here: say what it supports
            parts.append(_TAG.format(labels))
    return "".join(parts)


def evidence_html(text: str, evidence: Iterable[Mapping[str, Any]]) -> str:
    """The sentences of ``text`` that hold any evidence span, escaped, spans highlighted and labelled.

    ``evidence`` items are ``{"field", "start", "end"}`` character offsets into
    ``text`` (as in :attr:`geo.extraction.pipeline.Candidate.evidence`); ``event`` spans
    select sentences without being highlighted themselves. Sentences that are
    not adjacent are separated by an ellipsis.
    """
    spans = _spans(evidence, len(text))
    marks = [s for s in spans if s[2] != "event"]
    sentences = [(s, e) for s, e, _ in sentence_spans(text) if any(a < e and s < b for a, b, _ in spans)]
    if not sentences and spans:  # spans outside the sentence split (should not happen): show them alone
        sentences = sorted({(a, b) for a, b, _ in spans})
    body, previous = [], None
    for start, end in sentences:
        if previous is not None and text[previous:start].strip():
            body.append(f'{_P}<span style="color:#6b7280">[…]</span></p>')
        body.append(_P + _highlighted(text, start, end, marks) + "</p>")
        previous = end
    if not body:
        body.append(f'{_P}<em>No evidence text recorded.</em></p>')
    return '<div class="bm-evidence" style="border-left:3px solid #d1d5db;padding-left:.7em">' + "".join(body) \
        + "</div>"
