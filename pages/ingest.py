"""Ingest page (analysts and admins): turn a news article into reviewed, sourced events (see ui/ingest.py)."""

from __future__ import annotations

from ui.auth import require_role
from ui.ingest import render_ingest_page
from ui.state import current_view

require_role("analyst")  # also refuses a viewer who crafts the URL
current_view()  # makes sure the page runs inside app.py (a deep link is rerouted through it)
render_ingest_page()
