"""Article to candidate events: reading, rules, assembly and de-duplication.

:func:`read_article` (and :func:`article_from_text` / :func:`article_from_bytes`)
turns a .txt/.md/.html file into clean text; :func:`extract_events` finds the
events it reports (:class:`Candidate`: an :class:`~geo.model.Event` plus
evidence spans and a confidence) from trigger, date, number, place and claim
rules; :func:`find_duplicates` says which are already stored.
"""

from geo.extraction.article import (
    MAX_BYTES,
    Article,
    ArticleError,
    article_from_bytes,
    article_from_text,
    read_article,
    sentence_spans,
)
from geo.extraction.dates import find_dates
from geo.extraction.dedupe import DuplicateMatch, distance_km, find_duplicates
from geo.extraction.numbers import find_figures
from geo.extraction.pipeline import ArticleMeta, Candidate, extract_events

__all__ = [
    "MAX_BYTES",
    "Article",
    "ArticleError",
    "ArticleMeta",
    "Candidate",
    "DuplicateMatch",
    "article_from_bytes",
    "article_from_text",
    "distance_km",
    "extract_events",
    "find_dates",
    "find_duplicates",
    "find_figures",
    "read_article",
    "sentence_spans",
]
