"""The Ingest page's article form: pasted text or an uploaded file, and what is known about the article.

:func:`article_form` draws the form; its "Extract" callback calls
:func:`read_form`, which returns the cleaned article and its
:class:`~geo.extraction.pipeline.ArticleMeta`, or one message per problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from pydantic import ValidationError

from geo.extraction import MAX_BYTES, Article, ArticleError, ArticleMeta, article_from_bytes, article_from_text
from geo.model import Citation

FORM_KEY = "ing_article"
TEXT_KEY, FILE_KEY = "ing_text", "ing_file"
DATE_KEY, PUBLISHER_KEY, TITLE_KEY, URL_KEY = "ing_published", "ing_publisher", "ing_title", "ing_url"
EXTRACT_KEY = "ing_extract"
UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm"]


@dataclass(frozen=True)
class ArticleInput:
    """A readable article and its metadata, ready for extraction."""

    article: Article
    meta: ArticleMeta


def check_meta(published: dt.date | None, publisher: str, title: str, url: str,
               today: dt.date) -> tuple[ArticleMeta | None, list[str]]:
    """The metadata as :class:`ArticleMeta`, or None and one message per problem.

    The publication date is required and may not lie after ``today`` (UTC);
    a URL, when given, must be an http(s) address (the rule of :class:`geo.model.schema.Citation`).
    """
    problems = []
    if published is None:
        problems.append("The publication date is required: dates such as 'two days ago' are counted from it.")
    elif published > today:
        problems.append(f"The publication date {published} is in the future (today is {today}, UTC).")
    address = (url or "").strip() or None
    if address:
        try:
            Citation(source_id="check", publisher="check", url=address)
        except ValidationError:
            problems.append(f"The URL '{address}' is not a web address: it must start with http:// or https://.")
    if problems or published is None:
        return None, problems
    return ArticleMeta(published=published, publisher=(publisher or "").strip(), title=(title or "").strip(),
                       url=address), []


def read_input(text: str, upload: object | None) -> tuple[Article | None, str]:
    """The article from pasted text or an upload (``st.file_uploader``'s file), or None and why not."""
    if upload is not None and (text or "").strip():
        return None, "Both pasted text and an uploaded file were given: clear one of them."
    try:
        if upload is not None:
            name = str(getattr(upload, "name", "upload"))
            return article_from_bytes(upload.getvalue(), name=name), ""  # type: ignore[attr-defined]
        if not (text or "").strip():
            return None, "Paste the article text or upload a file first."
        return article_from_text(text), ""
    except ArticleError as exc:
        return None, f"The article cannot be used: {exc}."


def article_form(on_extract: Callable[[], None]) -> None:
    """Draw the article form; "Extract" calls ``on_extract`` (before the next run, as a callback)."""
    with st.form(FORM_KEY):
        text_col, side = st.columns([3, 2], gap="medium")
        text_col.text_area("Article text", key=TEXT_KEY, height=392, persist_state="session",
                           placeholder="Paste the article here (plain text or HTML)…")
        side.file_uploader(f"…or upload a file (.txt, .md, .html; at most {MAX_BYTES // 2**20} MB)",
                           type=UPLOAD_TYPES, key=FILE_KEY)
        side.date_input("Publication date (required)", value=None, key=DATE_KEY, format="YYYY-MM-DD",
                        persist_state="session", min_value=dt.date(1900, 1, 1),
                        help="UTC date the article was published; relative dates in it are counted from this day.")
        side.text_input("Publisher", key=PUBLISHER_KEY, persist_state="session", placeholder="e.g. Asia-Plus")
        side.text_input("Title", key=TITLE_KEY, persist_state="session",
                        placeholder="taken from the HTML title when left empty")
        side.text_input("URL", key=URL_KEY, persist_state="session", placeholder="https://…")
        st.form_submit_button("Extract", type="primary", key=EXTRACT_KEY, on_click=on_extract)


def read_form() -> tuple[ArticleInput | None, list[str]]:
    """The submitted article and metadata, or None and one message per problem (call from the callback)."""
    state = st.session_state
    meta, problems = check_meta(state.get(DATE_KEY), state.get(PUBLISHER_KEY) or "", state.get(TITLE_KEY) or "",
                                state.get(URL_KEY) or "", dt.datetime.now(dt.UTC).date())
    article, problem = read_input(state.get(TEXT_KEY) or "", state.get(FILE_KEY))
    if problem:
        problems.append(problem)
    if problems or meta is None or article is None:
        return None, problems
    if not meta.title and article.title:
        meta = ArticleMeta(published=meta.published, publisher=meta.publisher, title=article.title[:500],
                           url=meta.url)
    return ArticleInput(article, meta), []
