"""Edit page (analysts and admins): change an event, re-rate its sources, delete, history (see ui/edit.py)."""

from __future__ import annotations

from ui.auth import require_role
from ui.edit import render_edit_page
from ui.state import current_view

me = require_role("analyst")  # also refuses a viewer who crafts the URL
render_edit_page(current_view(), me)
