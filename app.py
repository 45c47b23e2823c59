"""Border Monitor: the Streamlit router (``streamlit run app.py``).

Hosted mode first asks for a log-in (:func:`ui.auth.gate`) and offers each role
only its pages. Then it draws the shared sidebar once, filters the events once per
run and publishes the result (:func:`ui.state.current_view`), and runs the chosen page.
"""

from __future__ import annotations

import streamlit as st

from geo.stores import StoreError
from ui import auth, sidebar
from ui.data import ensure_assets, load_dataset
from ui.state import publish_view, shell_run, sync_url
from ui.status import md_escape, show_status

st.set_page_config(page_title="Border Monitor", layout="wide")
ensure_assets()
identity = auth.gate()  # hosted mode: the log-in form (and st.stop) until logged in

pages = [
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/timeline.py", title="Timeline"),
    st.Page("pages/events.py", title="Events"),
    st.Page("pages/sources.py", title="Sources"),
    st.Page("pages/about.py", title="About / method", url_path="about"),
]
if identity.allows("analyst"):  # each of these pages checks the role again (require_role)
    pages += [st.Page("pages/ingest.py", title="Ingest", url_path="ingest"),
              st.Page("pages/edit.py", title="Edit", url_path="edit")]
if identity.allows("admin") and not identity.local:
    pages.append(st.Page("pages/users.py", title="Users", url_path="users"))
page = st.navigation(pages, position="top")
try:
    dataset = load_dataset()
except StoreError as exc:  # e.g. an invalid default dataset: say what is wrong instead of a traceback
    st.error(f"The event store cannot be opened: {md_escape(str(exc))}")
    st.stop()
view = publish_view(dataset, sidebar.render(dataset))
show_status(view)
with shell_run():
    page.run()
# Again at the end of the run: the browser's own URL change on a page navigation is handled when the
# run starts and can drop the query the sidebar wrote then; this later write restores it.
sync_url(view.filters)
sidebar.advance_play(dataset)
