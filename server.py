"""Border Monitor for hosting: ``app.py`` served with web sessions (``streamlit run server.py``).

Adds :class:`ui.web.WebSessions` to Streamlit's ASGI app: a log-in route that sets an
HttpOnly session cookie, so a reload, a new tab or a shared link stays logged in,
and media or uploads need a live session. Without log-in (no ``DATABASE_URL``, no
``BORDER_MONITOR_AUTH``) it serves the dashboard exactly as ``streamlit run app.py``.
Also runs under any ASGI server: ``uvicorn server:app``.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui.web import WebSessions, serve_web_sessions

serve_web_sessions()
app = st.App(Path(__file__).with_name("app.py"), middleware=[Middleware(WebSessions)])
