"""The Users page (admins): list, add, change role, unlock, disable or enable, reset a password."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.accounts import ROLES, AccountError, User
from ui.auth import Identity, accounts
from ui.status import md_escape

_RESULT = "_bm_users_result"


def _state(user: User, now: dt.datetime) -> str:
    if user.disabled:
        return "disabled"
    if user.locked(now) and user.locked_until is not None:
        return f"locked until {user.locked_until:%Y-%m-%d %H:%M} UTC"
    return "active"


def users_frame(users: list[User], now: dt.datetime) -> pd.DataFrame:
    """One row per user for the table (no secrets: accounts never hand out hashes)."""
    return pd.DataFrame({
        "Username": [u.username for u in users],
        "Role": [u.role for u in users],
        "State": [_state(u, now) for u in users],
        "Failed log-ins": [u.failed_attempts for u in users],
        "Created (UTC)": [f"{u.created_at:%Y-%m-%d %H:%M}" for u in users],
        "Changed (UTC)": [f"{u.updated_at:%Y-%m-%d %H:%M}" for u in users],
    })


def _do(action: str, run: Callable[[], User]) -> None:
    """Run an account action and keep its outcome to show after the rerun."""
    try:
        user = run()
    except AccountError as exc:
        st.session_state[_RESULT] = ("error", str(exc))
        return
    st.session_state[_RESULT] = ("success", f"{action}: {user.username}")


def _show_result() -> None:
    result = st.session_state.pop(_RESULT, None)
    if result:
        level, text = result
        (st.error if level == "error" else st.success)(md_escape(text))


def _add_user(me: Identity) -> None:
    state = st.session_state
    if state.get("users_new_password") != state.get("users_new_repeat"):
        state[_RESULT] = ("error", "The two passwords differ.")
        return
    _do("User added", lambda: accounts().add_user(state.get("users_new_name", ""), state.get("users_add_role", ""),
                                                  state.get("users_new_password", ""), actor=me.username))


def _add_form(me: Identity) -> None:
    with st.form("users_add", clear_on_submit=True):
        st.markdown("**Add a user**")
        left, right = st.columns(2)
        left.text_input("New username", key="users_new_name", max_chars=64)
        right.selectbox("Role", ROLES, key="users_add_role")
        left.text_input("Initial password", key="users_new_password", type="password", max_chars=1024)
        right.text_input("Repeat the password", key="users_new_repeat", type="password", max_chars=1024)
        st.form_submit_button("Add user", on_click=_add_user, args=(me,))


def _change_form(me: Identity, users: list[User]) -> None:
    names = [u.username for u in users]
    if not names:
        return
    st.markdown("**Change a user**")
    name = st.selectbox("User", names, key="users_pick")
    user = next(u for u in users if u.username == name)
    left, middle, right = st.columns(3, vertical_alignment="bottom")
    role_key = f"users_role_{name}"
    left.selectbox("New role", ROLES, index=ROLES.index(user.role), key=role_key)
    left.button("Change role", key="users_set_role", on_click=lambda: _do(
        f"Role set to {st.session_state[role_key]}",
        lambda: accounts().set_role(name, st.session_state[role_key], actor=me.username)))
    middle.button("Unlock", key="users_unlock",
                  on_click=lambda: _do("Unlocked", lambda: accounts().unlock(name, actor=me.username)))
    label = "Enable" if user.disabled else "Disable"
    right.button(label, key="users_toggle", on_click=lambda: _do(
        f"{label}d", lambda: accounts().set_disabled(name, not user.disabled, actor=me.username)))
    with st.form("users_passwd", clear_on_submit=True):
        st.text_input("New password for this user", key="users_passwd_new", type="password", max_chars=1024)
        st.form_submit_button("Set password", on_click=lambda: _do(
            "Password set (their sessions ended)",
            lambda: accounts().set_password(name, st.session_state.get("users_passwd_new", ""), actor=me.username)))


def render_users_page(me: Identity) -> None:
    """Everything on the Users page for the admin ``me`` (whose name is recorded as the actor)."""
    st.header("Users")
    _show_result()
    now = dt.datetime.now(dt.UTC)
    users = accounts().list_users()
    st.dataframe(users_frame(users, now), hide_index=True, width="stretch")
    _add_form(me)
    _change_form(me, users)
    with st.expander("Account log (newest first)"):
        log = accounts().audit_log(limit=200)
        st.dataframe(pd.DataFrame({
            "When (UTC)": [f"{r.at:%Y-%m-%d %H:%M:%S}" for r in log], "Who": [r.actor for r in log],
            "Action": [r.action for r in log], "User": [r.username for r in log],
            "Detail": [r.detail for r in log]}), hide_index=True, width="stretch")
