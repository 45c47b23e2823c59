"""The lines at the top of every page: ignored link parts and the shared event count."""

from __future__ import annotations

import re

import streamlit as st

from geo.filters import describe_filters
from ui import state

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")


def md_escape(text: str) -> str:
    """Untrusted text made inert for st.markdown (no links, emphasis, colours or LaTeX)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def show_status(view: state.View) -> None:
    """Warn about ignored link values, then "N of M events shown" and the active filters."""
    ignored = state.notices()
    if ignored:
        st.warning("Parts of the link were ignored:\n\n" + "\n".join(f"- {md_escape(n)}" for n in ignored))
    st.markdown(f"**{view.count} of {view.dataset.total} events shown**")
    active = describe_filters(view.filters)
    st.caption("Filters: " + md_escape(" · ".join(active)) if active else "No filters: every stored event.")
