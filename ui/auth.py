"""Hosted mode's log-in: the gate app.py runs first, roles for pages, "Log out" in the sidebar.

Log-in is required when ``BORDER_MONITOR_AUTH`` is on or ``DATABASE_URL`` is set
(:func:`geo.accounts.login_required`). Otherwise the app is the local single-user
dashboard: no log-in, full rights, every write recorded as actor ``local``.

Served by ``server.py`` (the hosted way), the session is a web session: the log-in
route of :mod:`ui.web` sets an HttpOnly cookie that every run reads here, so a
reload, a new tab or an opened link stays logged in, with that link's page and
filters. Run as plain ``streamlit run app.py`` with log-in on, the app falls back to
an in-app form whose session lives only in ``st.session_state`` (a reload asks
again): a script cannot set an HttpOnly cookie. Either way the token is checked
against :mod:`geo.accounts.service` on every run, so expiry, log-out in another tab,
a disabled account or a changed role take effect at the next click.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import streamlit as st

from geo.accounts import (
    AccountError,
    Accounts,
    LoginRateLimiter,
    login_required,
    role_allows,
    shared_login_limiter,
)
from geo.accounts import client_address as geo_client_address
from ui import web
from ui.status import md_escape

_TOKEN = "_bm_auth_token"
_BUTTON_STYLE = ("display:inline-block;padding:.45rem 1rem;border-radius:.5rem;background:#ff4b4b;color:#fff;"
                 "text-decoration:none;font-weight:500")
_NOTICE = "_bm_auth_notice"


@dataclass(frozen=True)
class Identity:
    """Who is using this session: a logged-in account, or the local single user."""

    username: str
    role: str
    local: bool = False

    def allows(self, role: str) -> bool:
        """True when this identity has ``role``'s rights (viewer < analyst < admin)."""
        return role_allows(self.role, role)


#: The local single-user mode: no log-in, every right, writes recorded as "local".
LOCAL = Identity("local", "admin", local=True)


def auth_enabled() -> bool:
    """True when log-in is required (``BORDER_MONITOR_AUTH`` on, or ``DATABASE_URL`` set)."""
    return login_required()


def accounts() -> Accounts:
    """The accounts database of this server (one per database URL and process, shared with the log-in route)."""
    return web.accounts()


def login_limiter() -> LoginRateLimiter:
    """The failed-log-in counter per client address, one per server process (shared with the log-in route)."""
    return shared_login_limiter()


def client_address() -> str:
    """This session's client address (:func:`geo.accounts.client_address`: ``X-Real-IP`` only from a trusted proxy)."""
    real_ip = st.context.headers.get("X-Real-IP")
    return geo_client_address(st.context.ip_address, real_ip if isinstance(real_ip, str) else None)


def _token() -> str | None:
    """This session's token: the web session's cookie under server.py, else the in-app form's."""
    if web.mounted():
        cookie = st.context.cookies.get(web.COOKIE)
        return cookie if isinstance(cookie, str) and cookie else None
    token = st.session_state.get(_TOKEN)
    return token if isinstance(token, str) else None


def current_identity() -> Identity | None:
    """This run's identity: the local user, the account of a live session, or None (log in first)."""
    if not auth_enabled():
        return LOCAL
    token = _token()
    session = accounts().resume(token) if token else None
    if session is None:
        if token:
            st.session_state.pop(_TOKEN, None)
            st.session_state[_NOTICE] = "Your session has ended: please log in again."
        return None
    return Identity(session.username, session.role)


def actor() -> str:
    """The name every store write of this session is recorded under."""
    identity = current_identity()
    return identity.username if identity else "anonymous"


def _log_in() -> None:
    st.title("Border Monitor")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice)
    if web.mounted():
        # a plain same-tab link (st.link_button would open a new tab); the route returns to this tab's URL
        url = html.escape(web.login_url())
        st.markdown(f'<a href="{url}" target="_self" style="{_BUTTON_STYLE}">Log in</a>', unsafe_allow_html=True)
        return
    with st.form("login", enter_to_submit=True):
        username = st.text_input("Username", key="login_username", autocomplete="username", max_chars=64)
        password = st.text_input("Password", key="login_password", type="password", autocomplete="current-password",
                                 max_chars=1024)
        submitted = st.form_submit_button("Log in")
    if not submitted:
        st.caption("This dashboard is hosted: log in with the account an admin made for you.")
        return
    address = client_address()
    wait = login_limiter().retry_after(address)
    if wait is not None:
        minutes = max(1, round(wait.total_seconds() / 60))
        st.error(f"Too many failed log-ins from your address. Try again in about {minutes} minute(s).")
        return
    try:
        session = accounts().authenticate(username, password)
    except AccountError as exc:
        login_limiter().failed(address)
        st.error(md_escape(str(exc)))
        return
    st.session_state.clear()  # nothing of an earlier user's session survives
    st.session_state[_TOKEN] = session.token
    st.rerun()


def _log_out() -> None:
    token = _token()
    if token:  # ended in the database: the cookie (if any) opens nothing any more, in any tab
        accounts().end_session(token)
    st.session_state.clear()
    st.session_state[_NOTICE] = "You have logged out."


def gate() -> Identity:
    """Run first in app.py: the identity of this session, or the log-in form and ``st.stop()``.

    Logged in, the sidebar shows who is logged in and a "Log out" button.
    """
    identity = current_identity()
    if identity is None:
        st.navigation([st.Page(_log_in, title="Log in", default=True)], position="hidden").run()
        st.stop()
    if not identity.local:
        st.sidebar.caption(f"Logged in as **{md_escape(identity.username)}** ({identity.role})")
        st.sidebar.button("Log out", key="auth_logout", on_click=_log_out)
    return identity


def require_role(role: str) -> Identity:
    """Stop the page with an error unless this session has ``role`` (call it first on privileged pages)."""
    identity = current_identity()
    if identity is None or not identity.allows(role):
        who = "you are not logged in" if identity is None else f"you are logged in as a {identity.role}"
        st.error(f"This page needs the {role} role and {who}.")
        st.stop()
    return identity
