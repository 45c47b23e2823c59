"""Users page (admins only, hosted mode): the accounts and their log (see ui/users.py)."""

from __future__ import annotations

from ui.auth import require_role
from ui.state import current_view
from ui.users import render_users_page

me = require_role("admin")  # also refuses anyone else who crafts the URL
current_view()  # only to make sure the page runs inside app.py (it reroutes a deep link otherwise)
render_users_page(me)
