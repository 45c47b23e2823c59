"""Big tables in the browser: one page of rows at a time, and a cap on in-browser downloads.

A Streamlit dataframe is sent to the browser whole; a million rows are over 500 MB
(beyond Streamlit's message limit). The Events page therefore shows
:data:`PAGE_ROWS` rows at a time with a page picker; sorting by a column header
sorts within the page.
"""

from __future__ import annotations

import math

import streamlit as st

#: Rows of a table sent to the browser at once.
PAGE_ROWS = 2_000
#: Events a download button builds in the server's memory at most (more: ``python -m geo export``).
BROWSER_DOWNLOAD_MAX = 100_000


def table_page(total: int, *, key: str) -> int:
    """The position of the first of the :data:`PAGE_ROWS` rows on the page picked, of ``total`` rows
    (0 without a page picker when they fit one page)."""
    pages = max(1, math.ceil(total / PAGE_ROWS))
    if pages == 1:
        return 0
    cols = st.columns([1, 4], vertical_alignment="bottom")
    page = int(cols[0].number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=key))
    first = (page - 1) * PAGE_ROWS
    last = min(first + PAGE_ROWS, total)
    cols[1].caption(f"Rows {first + 1:,}–{last:,} of {total:,}, {PAGE_ROWS:,} per page; a column header "
                    "sorts the rows of this page.")
    return first
