"""Hosted mode's log-in: the gate app.py runs first, roles for pages, "Log out" in the sidebar.

Log-in is required when ``BORDER_MONITOR_AUTH`` is on (``on``/``true``/``1``/``yes``)
or ``DATABASE_URL`` is set; any other value than off/false/0/no also means on
(a typo must not open the dashboard). Otherwise the app is the local single-user
dashboard: no log-in, full rights, every write recorded as actor ``local``.

The session token lives only in ``st.session_state`` (server side); it is checked
against :mod:`geo.accounts.service` on every run, so expiry, a disabled account or a
changed role take effect at the next click. A browser refresh opens a new
Streamlit session and asks for the password again: Streamlit 1.67 can read
cookies (``st.context.cookies``) but a script cannot set one, and putting the
token in the URL would leak it into history and logs. (An HttpOnly cookie would
need an HTTP route outside the script, e.g. ``st.App("app.py", routes=[...])``
served by uvicorn, with its own HTML log-in form and CSRF protection: a change
of how the app is launched, left for later.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from geo.accounts import AccountError, Accounts, LoginRateLimiter, accounts_url, open_accounts, role_allows
from ui.status import md_escape

AUTH_ENV = "BORDER_MONITOR_AUTH"
_OFF = frozenset({"off", "false", "0", "no", ""})
_TOKEN = "_bm_auth_token"
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
    if os.environ.get("DATABASE_URL"):
        return True
    return os.environ.get(AUTH_ENV, "").strip().lower() not in _OFF


@st.cache_resource(show_spinner=False)
def _accounts(url: str) -> Accounts:
    return open_accounts(url)


def accounts() -> Accounts:
    """The accounts database of this server (one per database URL and process)."""
    return _accounts(accounts_url())


@st.cache_resource
def login_limiter() -> LoginRateLimiter:
    """The failed-log-in counter per client address, one per server process."""
    return LoginRateLimiter()


def client_address() -> str:
    """The client's address: the proxy's ``X-Real-IP`` when the connection comes from a trusted proxy.

    ``BORDER_MONITOR_TRUSTED_PROXIES`` (comma-separated, default ``127.0.0.1,::1``) names the
    reverse proxies whose header is believed; from anyone else the header is ignored, so a client
    cannot pick its own address. A local connection without a proxy counts as ``local``.
    """
    peer = st.context.ip_address
    peer = peer if isinstance(peer, str) and peer else "local"  # None for localhost (and no address in tests)
    trusted = {a.strip() for a in os.environ.get("BORDER_MONITOR_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")}
    forwarded = st.context.headers.get("X-Real-IP")
    if isinstance(forwarded, str) and forwarded.strip() and (peer in trusted or peer == "local"):
        return forwarded.strip()[:64]
    return peer


def current_identity() -> Identity | None:
    """This run's identity: the local user, the account of a live session, or None (log in first)."""
    if not auth_enabled():
        return LOCAL
    token = st.session_state.get(_TOKEN)
    session = accounts().resume(token) if isinstance(token, str) else None
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
    token = st.session_state.get(_TOKEN)
    if isinstance(token, str):
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
