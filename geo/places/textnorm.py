"""Name normalisation for place lookups: exact keys and transliteration keys.

Two keys per name:

* :func:`normalise_name` — the *exact* key. Case, diacritics, apostrophes
  (``'`` ``’`` ``ʼ`` ``ʻ`` and GeoNames' backtick), hyphens versus spaces and the
  Persian/Tajik connectors (``Mazar-i-Sharif`` = ``Mazar-e Sharif``) are folded.
* :func:`translit_key` — the *loose* key. On top of the exact key it folds the
  usual differences between Russian-, Persian-, Tajik- and Uzbek-style
  romanisations (``kh``/``h``/``x``, ``dzh``/``j``, ``q``/``k``, ``y``/``i``,
  ``ya``/``a``, ``o``/``a`` (so ``-obod``/``-abad``), ``e``/``i`` but a final ``e``, ``w``/``v``,
  ``khw``/``kh``, doubled letters, the izafe ``-i`` in ``Mazari Sharif`` and
  ``Panji Poyon``), so ``Kulyab``, ``Kuliab`` and ``Kulob`` share a key, and so do
  ``Dzhilikul``/``Jilikul`` and ``Khwaja Bahawuddin``/``Khoja Bahauddin``.

A two-part name that an izafe joins is also known written as one word (:func:`joined_form`:
``Shakhribuzurg`` for ``Shahr-e Buzurg``), as Russian and Tajik spell such names.

Both keys are deterministic strings; a lookup that matches either one is a hit.
Fuzzy similarity is a different thing and only ever yields suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Generic, TypeVar

#: Apostrophe-like characters that are dropped inside words (Qal'ai, Mu`minobod).
APOSTROPHES = "'’ʼʻ`‘´"
#: Connector words between name parts: Mazar-i-Sharif, Dasht-e Archi, Qal`ah-ye Kuf.
CONNECTORS = frozenset({"i", "e", "y", "ye", "yi"})
#: Abbreviations spelled out so "St. Petersburg" equals "Saint Petersburg".
ABBREVIATIONS = {"st": "saint", "mt": "mount"}
#: Words that only say what kind of place a name is ("Panj district", "Kulob city").
GENERIC_WORDS = frozenset(
    {
        "district", "province", "region", "city", "town", "village", "settlement",
        "jamoat", "jamoati", "oblast", "viloyat", "viloyati", "nohiya", "nohiyai", "rayon",
        "raion", "wuluswali", "woluswali", "shahri", "shahar", "centre", "center",
    }
)
#: The Russian adjective ending of a name before "district"/"rayon" (Pyandzhsky, Farkhorskiy rayon).
RUSSIAN_ADJECTIVE = re.compile(r"(?<=\w{3})(?:skiy|skii|sky|ski|skaya|skaia|skoy|skoi|skogo|skom)$")
#: A word; "Shuro-obod", "Ali-abad" (a name joined to its "-abad"/"-obod" ending) is one word.
_WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*(?:-(?=(?i:obod|abad|obad|abod|ābād)\b)[^\W_]+)?")
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
#: Transliteration folds, applied in this order to each word of the exact key.
FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("tch", "c"), ("ch", "c"), ("kh", "h"),
    ("gh", "g"), ("sh", "s"), ("x", "h"), ("ck", "k"), ("q", "k"), ("ph", "f"), ("w", "v"),
    ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("yo", "o"), ("iy", "i"), ("y", "i"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("o", "a"),
    # Persian romanisations: "khw"/"khv" is kh (Khwaja = Khoja), and so is "khaw" before a vowel
    # (Khawaja = Khwaja); -awu- is -au- (Bahawuddin = Bahauddin).
    ("hava", "ha"), ("hv", "h"), ("avu", "au"),
)
#: Unstressed e is i (Saheb = Sahib, Sheberghan = Shibirghan); a word-final e is
#: usually stressed and kept (Dushanbe is not Dushanbi).
_INNER_E = re.compile(r"e(?=.)")
#: A name spelled another way is only recognised in text when its loose key has this many letters.
LOOSE_MIN_LETTERS = 6
#: Letters of a loose key that a name's first word written apart must share with it.
LOOSE_START = 4
_DOUBLED = re.compile(r"(.)\1+(?=.)")  # not word-final: "Kulyabb" is a typo
#: Shortest last word (folded) whose final "a" the loose key drops ("Tavildara", "Tavildar").
FINAL_A_MIN = 7
T = TypeVar("T")


def fold_word(word: str) -> str:
    """One word lower-cased without diacritics or apostrophes (``Qal’ai`` -> ``qalai``)."""
    text = word if word.isascii() else "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    text = text.lower()
    text = _APOSTROPHE.sub("", text).replace("-", "")
    return ABBREVIATIONS.get(text, text)


def name_words(name: str) -> list[str]:
    """The folded words of a name without connectors or a leading "the"."""
    words = [fold_word(m.group(0)) for m in _WORD.finditer(name)]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    kept = [w for w in words if w not in CONNECTORS]
    return kept or words


def normalise_name(name: str) -> str:
    """The exact lookup key: ``"Mazar-i-Sharif"`` and ``"mazar e sharif"`` -> ``"mazar sharif"``."""
    return " ".join(name_words(name))


def translit_key(name: str) -> str:
    """The loose lookup key that folds common transliteration variants.

    ``translit_key("Kulyab") == translit_key("Kulob") == translit_key("Kuliab")``;
    ``translit_key("Mazari Sharif") == translit_key("Mazar-e Sharif")``.
    """
    words = name_words(name)
    return "".join(_loose_word(word, index < len(words) - 1) for index, word in enumerate(words))


@lru_cache(maxsize=65536)
def _loose_word(word: str, followed: bool) -> str:
    """One folded word's loose form; ``followed`` (another word comes after) drops an izafe."""
    for old, new in FOLDS:
        word = word.replace(old, new)
    word = _INNER_E.sub("i", word)
    word = _DOUBLED.sub(r"\1", word)
    if followed and len(word) > 3 and word[-1] in "ie":
        word = word[:-1]  # izafe: Panji Poyon, Mazari Sharif, Dashti Archi
    elif not followed and len(word) >= FINAL_A_MIN and word[-1] == "a":
        word = word[:-1]  # a final vowel the Russian forms drop: Tavildara = Tavildar
    return word


def joined_form(name: str) -> str | None:
    """A two-part Persian name written as one word, the way Russian and Tajik spell it: ``Shahr-e Buzurg``
    -> ``Shahribuzurg`` (Shakhribuzurg), ``Qal'ai Khumb`` -> ``Qalaikhumb`` (Kalaikhumb). Only names whose
    parts an izafe joins (a connector word, or a first part ending in it); ``None`` otherwise."""
    raw = [fold_word(m.group(0)) for m in _WORD.finditer(name)]
    parts = [w for w in raw if w not in CONNECTORS]
    if len(parts) != 2 or len(parts[0]) < 3:
        return None
    if len(raw) == 3 and raw[1] in CONNECTORS:
        return f"{parts[0]}i{parts[1]}"
    return f"{parts[0]}{parts[1]}" if len(raw) == 2 and parts[0][-1] in "ie" else None


def joined_forms(names: Iterable[str]) -> list[str]:
    """The one-word spellings (:func:`joined_form`) of those of ``names`` that have one."""
    return [j for j in map(joined_form, names) if j is not None]


def strip_generic_words(name: str) -> str:
    """The name without leading/trailing generic words ("Kulob city" -> "kulob").

    Returns the exact key of what is left, or ``""`` when nothing specific is left.
    """
    words = name_words(name)
    generic = False
    while words and words[-1] in GENERIC_WORDS:
        words, generic = words[:-1], True
    while words and words[0] in GENERIC_WORDS:
        words = words[1:]
    if generic and words:  # "Farkhorsky district" is Farkhor district
        words[-1] = RUSSIAN_ADJECTIVE.sub("", words[-1])
    return " ".join(words)


def strip_qualifier(name: str) -> str:
    """A curated name without its disambiguating bracket: ``"Ishkashim (Afghanistan)"``
    -> ``"Ishkashim"``; names without a bracket are returned unchanged."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` (apostrophes inside words kept,
    a possessive ``'s`` left out: ``Afghanistan’s`` -> ``Afghanistan``)."""
    spans = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group(0)
        if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
            end -= 2
        spans.append((start, end))
    return spans


#: What may stand between two words of one name: spaces, one line break, a hyphen or dash.
_NAME_GAP = re.compile(r"[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0]*|[ \t\u00a0]*[-‐‑–—][ \t\u00a0]*")
#: "St. Petersburg": a full stop may follow an abbreviation inside a name.
_ABBREVIATION_GAP = re.compile(r"\.[ \t\u00a0]+")


class NameSpotter(Generic[T]):
    """Finds known names in free text, longest match first, on word boundaries.

    ``names`` are always looked for (their first word must be capitalised in
    the text); ``strict_names`` only when every word is capitalised, the name
    has at least three letters and its key is not in ``stopwords``. Earlier
    entries win over later ones with the same key. ``names`` are also found
    spelled another way (:func:`translit_key`: "Shouroobod" for "Shuroobod",
    "Khorugh" for "Khorog") when every word is capitalised and the loose key has
    at least :data:`LOOSE_MIN_LETTERS` letters; an exact spelling wins.
    """

    def __init__(
        self,
        names: Iterable[tuple[str, T]],
        strict_names: Iterable[tuple[str, T]] = (),
        stopwords: Iterable[str] = (),
    ) -> None:
        self._entries: dict[str, tuple[T, bool]] = {}
        self._loose: dict[str, T] = {}
        self._loose_first: set[str] = set()  # loose form of each loose name's first word
        # and the start of each loose key: "Dowlat Abad" in text for the one-word name "Dawlatabad"
        self._loose_starts: set[str] = set()
        names = list(names)
        for name, value in names:
            loose, words = translit_key(name), name_words(name)
            if len(loose) >= LOOSE_MIN_LETTERS and words:
                self._loose.setdefault(loose, value)
                self._loose_first.add(_loose_word(words[0], len(words) > 1))
                self._loose_starts.add(loose[:LOOSE_START])
        stop = {normalise_name(w) for w in stopwords}
        for strict, pairs in ((False, names), (True, strict_names)):
            for name, value in pairs:
                key = normalise_name(name)
                if not key or (strict and (key in stop or len(key.replace(" ", "")) < 3)):
                    continue
                self._entries.setdefault(key, (value, strict))
        self._first_words = {key.split(" ")[0] for key in self._entries}
        # Connectors are dropped from keys, so a name may span more words than its key.
        self._max_words = 2 * max((k.count(" ") + 1 for k in self._entries), default=1)

    def _reach(self, text: str, spans: list[tuple[int, int]], start: int) -> int:
        """Index of the last word that may still belong to a name starting at ``start``."""
        last = start
        while last + 1 < len(spans) and last + 1 - start < self._max_words:
            gap = text[spans[last][1] : spans[last + 1][0]]
            word = text[spans[last][0] : spans[last][1]].lower()
            if not (_NAME_GAP.fullmatch(gap) or (word in ABBREVIATIONS and _ABBREVIATION_GAP.fullmatch(gap))):
                break
            last += 1
        return last

    def scan(self, text: str) -> list[tuple[int, int, T]]:
        """``(start, end, value)`` for every known name in ``text``, left to right."""
        spans = word_spans(text)
        words = [fold_word(text[s:e]) for s, e in spans]
        for k in range(len(words) - 1):  # "Pyandzhsky district": the name is the adjective's stem
            if words[k + 1] in GENERIC_WORDS and words[k] not in self._first_words:
                words[k] = RUSSIAN_ADJECTIVE.sub("", words[k])
        capital = [text[s].isupper() or text[s].isdigit() for s, _ in spans]
        found: list[tuple[int, int, T]] = []
        i = 0
        while i < len(spans):
            match = None
            if capital[i]:
                reach = self._reach(text, spans, i)
                if words[i] in self._first_words:
                    match = self._longest_at(i, reach, words, capital)
                if match is None and self._loose:
                    match = self._longest_loose_at(i, reach, words, capital)
            if match is None:
                i += 1
                continue
            last, value = match
            found.append((spans[i][0], spans[last][1], value))
            i = last + 1
        return found

    def _longest_loose_at(
        self, first: int, reach: int, words: list[str], capital: list[bool]
    ) -> tuple[int, T] | None:
        """The longest capitalised run from ``first`` whose transliteration key is a known name."""
        firsts = {_loose_word(words[first], True), _loose_word(words[first], False)}
        if not (firsts & self._loose_first or {w[:LOOSE_START] for w in firsts} & self._loose_starts):
            return None
        for last in range(reach, first - 1, -1):
            if words[last] in CONNECTORS or not all(capital[k] or words[k] in CONNECTORS
                                                    for k in range(first, last + 1)):
                continue
            value = self._loose.get(translit_key(" ".join(words[first:last + 1])))
            if value is not None:
                return last, value
        return None

    def _longest_at(
        self, first: int, reach: int, words: list[str], capital: list[bool]
    ) -> tuple[int, T] | None:
        for last in range(reach, first - 1, -1):
            if words[last] in CONNECTORS:
                continue
            indices = [k for k in range(first, last + 1) if words[k] not in CONNECTORS]
            entry = self._entries.get(" ".join(words[k] for k in indices))
            if entry is None:
                continue
            value, strict = entry
            if strict and not all(capital[k] for k in indices):
                continue
            return last, value
        return None
