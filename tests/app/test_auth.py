"""Hosted mode through AppTest: log-in, lock-out, what each role can reach, editing with versions, users page.

Accounts are made with geo.accounts.service in the test's own data directory; the app
reads them from there (``BORDER_MONITOR_AUTH=on``). "Crafted" requests send the
page hash a browser would send for a URL such as ``/edit``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button, TextInput

from geo.accounts import MAX_FAILURES, open_accounts
from geo.accounts.ratelimit import MAX_FAILED_PER_ADDRESS
from geo.stores import open_store
from tests.app.test_pages import APP, TIMEOUT_S, assert_healthy, counts
from tests.conftest import REPO
from ui.auth import login_limiter

PASSWORD = "a long enough passphrase"
USERS = {"vera": "viewer", "anna": "analyst", "adam": "admin"}
READ_PAGES = {"", "timeline", "events", "sources", "about"}


@pytest.fixture()
def hosted(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Log-in required, with one viewer, one analyst and one admin."""
    monkeypatch.setenv("BORDER_MONITOR_AUTH", "on")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    accounts = open_accounts()
    for name, role in USERS.items():
        accounts.add_user(name, role, PASSWORD, actor="setup")
    login_limiter().reset()  # one limiter per server process: each test starts with no failed log-ins counted
    yield USERS
    accounts.close()


def text_input(at: AppTest, label: str) -> TextInput:
    return next(t for t in at.text_input if t.label == label)


def button(at: AppTest, label: str) -> Button:
    return next(b for b in at.button if b.label == label)


def open_app(script: str = APP) -> AppTest:
    at = AppTest.from_file(script, default_timeout=TIMEOUT_S)
    at.run()
    return at


def log_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    text_input(at, "Username").input(username)
    text_input(at, "Password").input(password)
    button(at, "Log in").click().run()
    return at


def logged_in(username: str) -> AppTest:
    at = log_in(open_app(), username)
    assert_healthy(at)
    return at


def page_paths(at: AppTest) -> set[str]:
    """The url paths of the pages this session's navigation offers."""
    return {str(info.get("url_pathname", "")) for info in at._registered_pages.values()}


def test_every_page_asks_for_a_log_in_first(hosted: dict[str, str]) -> None:
    at = open_app()
    assert_healthy(at)
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert text_input(at, "Password").proto.type == text_input(at, "Password").proto.PASSWORD
    assert [b.label for b in at.button] == ["Log in"]
    assert not any("events shown" in md.value for md in at.markdown)  # no data before the log-in
    assert at.dataframe.len == 0 and at.sidebar.button.len == 0
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/events.py")


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(hosted: dict[str, str]) -> None:
    at = open_app()
    log_in(at, "anna", "not the password")
    assert [e.value for e in at.error] == ["Wrong username or password\\."]
    log_in(at, "nobody", PASSWORD)
    assert [e.value for e in at.error] == ["Wrong username or password\\."]
    for _ in range(MAX_FAILURES - 1):
        log_in(at, "anna", "not the password")
    assert "locked until" in at.error[0].value
    log_in(at, "anna", PASSWORD)  # the right password no longer helps
    assert "locked until" in at.error[0].value and not any("events shown" in md.value for md in at.markdown)


def test_failed_log_ins_from_one_address_are_limited_across_accounts(hosted: dict[str, str]) -> None:
    at = open_app()
    for number in range(MAX_FAILED_PER_ADDRESS):
        log_in(at, ["anna", "adam", "vera", "nobody"][number % 4], "not the password")  # no account is locked
        assert [e.value for e in at.error] == ["Wrong username or password\\."], number
    log_in(at, "adam", PASSWORD)  # even the right password is not checked now
    assert at.error[0].value.startswith("Too many failed log-ins from your address")
    assert not any("events shown" in md.value for md in at.markdown)
    assert open_accounts().user("adam").failed_attempts < MAX_FAILURES  # type: ignore[union-attr]


def test_a_viewer_reads_and_exports_but_never_reaches_ingest_or_edit(hosted: dict[str, str], data_home: Path) -> None:
    version = open_store().version()
    at = logged_in("vera")
    shown, total = counts(at)
    assert shown == total > 0
    assert page_paths(at) == READ_PAGES
    assert [b.label for b in at.sidebar.button][:1] == ["Log out"]
    assert "vera" in at.sidebar.caption[0].value
    at.switch_page("pages/events.py").run()
    assert [b.proto.label for b in at.get("download_button")] == ["Download CSV", "Download GeoJSON"]
    for page in ("pages/ingest.py", "pages/edit.py", "pages/users.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)

    # A crafted request for /edit or /ingest (the page hash an analyst's browser sends) lands on the map.
    analyst = logged_in("anna")
    privileged = {info["url_pathname"]: h for h, info in analyst._registered_pages.items()
                  if info.get("url_pathname") in ("edit", "ingest")}
    assert set(privileged) == {"edit", "ingest"}
    for page_hash in privileged.values():
        at._page_hash = page_hash
        at.run()
        assert at.exception.len == 0
        assert [e.value for e in at.error] == ["This page needs the analyst role and you are logged in as a viewer."]
        assert "edit_event" not in [s.key for s in at.selectbox]
        assert at.text_area.len == 0 and at.get("form") == []  # no ingest or edit form

    # Each privileged page also checks the role itself (a legacy deep link runs it without app.py).
    for page in ("pages/edit.py", "pages/ingest.py", "pages/users.py"):
        direct = AppTest.from_file(str(REPO / page), default_timeout=TIMEOUT_S)
        direct.session_state["_bm_auth_token"] = at.session_state["_bm_auth_token"]
        direct.run()
        assert [e.value for e in direct.error][:1] and "needs the" in direct.error[0].value, page
        assert direct.button.len == 0 and direct.text_area.len == 0, page
    assert open_store().version() == version  # nothing was written


def test_an_analyst_gets_ingest_and_edit_but_not_users(hosted: dict[str, str]) -> None:
    at = logged_in("anna")
    assert page_paths(at) == READ_PAGES | {"ingest", "edit"}
    at.switch_page("pages/edit.py").run()
    assert_healthy(at)
    assert [s.key for s in at.selectbox][:1] == ["edit_event"]


def test_log_out_ends_the_session(hosted: dict[str, str]) -> None:
    at = logged_in("adam")
    assert page_paths(at) == READ_PAGES | {"ingest", "edit", "users"}
    token = at.session_state["_bm_auth_token"]
    button(at, "Log out").click().run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert open_accounts().resume(token) is None


def test_an_admin_manages_users(hosted: dict[str, str]) -> None:
    at = logged_in("adam")
    at.switch_page("pages/users.py").run()
    assert_healthy(at)
    assert sorted(at.dataframe[0].value["Username"]) == sorted(USERS)
    text_input(at, "New username").input("<b>nina</b>")
    text_input(at, "Initial password").input(PASSWORD)
    text_input(at, "Repeat the password").input(PASSWORD)
    button(at, "Add user").click().run()
    assert "username" in at.error[0].value  # markup is not a username
    text_input(at, "New username").input("nina")
    text_input(at, "Initial password").input(PASSWORD)
    text_input(at, "Repeat the password").input(PASSWORD)
    button(at, "Add user").click().run()
    assert_healthy(at)
    assert at.success[0].value.startswith("User added")
    at.selectbox(key="users_pick").select("nina").run()
    at.selectbox(key="users_role_nina").select("analyst").run()
    button(at, "Change role").click().run()
    assert_healthy(at)
    accounts = open_accounts()
    assert accounts.user("nina").role == "analyst"
    assert ("adam", "role changed", "nina") in [(r.actor, r.action, r.username) for r in accounts.audit_log()]


def test_local_mode_needs_no_log_in_and_has_every_tool_but_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDER_MONITOR_AUTH", "off")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = open_app()
    assert_healthy(at)
    assert counts(at)[0] > 0
    assert page_paths(at) == READ_PAGES | {"ingest", "edit"}
    assert "Log out" not in [b.label for b in at.sidebar.button]


def test_auth_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.auth import auth_enabled

    monkeypatch.delenv("DATABASE_URL", raising=False)
    for value, expected in (("on", True), ("off", False), ("", False), ("ON", True), ("maybe", True)):
        monkeypatch.setenv("BORDER_MONITOR_AUTH", value)
        assert auth_enabled() is expected, value
    monkeypatch.delenv("BORDER_MONITOR_AUTH")
    assert auth_enabled() is False
    monkeypatch.setenv("DATABASE_URL", "postgresql://bm@127.0.0.1/bm")
    assert auth_enabled() is True


def open_editor(username: str, event_id: str) -> AppTest:
    at = logged_in(username)
    at.switch_page("pages/edit.py").run()
    at.selectbox(key="edit_event").select(event_id).run()
    assert_healthy(at)
    return at


def test_an_analyst_edits_and_re_rates_an_event_and_sees_its_history(hosted: dict[str, str]) -> None:
    store = open_store()
    event_id = str(store.load()["event_id"].iloc[0])
    before, version = store.get_versioned(event_id)  # type: ignore[misc]
    at = open_editor("anna", event_id)
    key = f"edit:{event_id}:{version}:"
    at.text_area(key=key + "notes").input("Re-read the report <b>again</b>.")
    new_rating = "A" if before.sources[0].reliability != "A" else "B"
    at.selectbox(key=key + "rel0").select(new_rating)
    button(at, "Save changes").click().run()
    assert_healthy(at)
    assert at.success[0].value.startswith("Saved")
    after, new_version = store.get_versioned(event_id)  # type: ignore[misc]
    assert new_version == version + 1
    assert after.notes == "Re-read the report <b>again</b>." and after.sources[0].reliability == new_rating
    history = at.dataframe[-1].value
    newest = history.iloc[0]
    assert (newest["Who"], newest["Action"], newest["Version"]) == ("anna", "update", new_version)
    assert "notes:" in newest["Changes"] and f"→ {new_rating}" in newest["Changes"]


def test_an_invalid_edit_is_refused_with_the_problem_and_nothing_is_saved(hosted: dict[str, str]) -> None:
    store = open_store()
    event_id = str(store.load()["event_id"].iloc[3])
    event, version = store.get_versioned(event_id)  # type: ignore[misc]
    at = open_editor("anna", event_id)
    at.date_input(key=f"edit:{event_id}:{version}:date_end").set_value(event.date_start - dt.timedelta(days=1))
    button(at, "Save changes").click().run()
    assert at.exception.len == 0
    assert at.error[0].value.startswith("Not saved") and "before date\\_start" in at.error[0].value
    assert store.get_versioned(event_id) == (event, version)


def test_an_edit_of_an_outdated_version_is_refused_with_the_current_version(hosted: dict[str, str]) -> None:
    store = open_store()
    event_id = str(store.load()["event_id"].iloc[1])
    event, version = store.get_versioned(event_id)  # type: ignore[misc]
    at = open_editor("anna", event_id)
    theirs = event.model_copy(update={"notes": "Changed by someone else meanwhile."})
    store.update(theirs, expected_version=version, actor="adam")
    at.text_area(key=f"edit:{event_id}:{version}:notes").input("My edit of the old version.")
    button(at, "Save changes").click().run()
    assert at.exception.len == 0
    message = at.error[0].value
    assert "was changed by adam" in message and f"is now {version + 1}" in message
    assert store.get_versioned(event_id) == (theirs, version + 1)  # nothing overwritten
    button(at, "Load the current version (drops your changes)").click().run()
    assert_healthy(at)
    assert at.text_area(key=f"edit:{event_id}:{version + 1}:notes").value == theirs.notes


def test_an_analyst_deletes_softly_and_an_admin_restores(hosted: dict[str, str]) -> None:
    store = open_store()
    event_id = str(store.load()["event_id"].iloc[2])
    at = open_editor("anna", event_id)
    assert "Restore" not in [b.label for b in at.button]  # restoring is for admins
    at.checkbox(key=next(str(c.key) for c in at.checkbox if str(c.key).endswith(":sure"))).check().run()
    button(at, "Delete event").click().run()
    assert_healthy(at)
    assert store.get(event_id) is None and [e.event_id for e in store.deleted()] == [event_id]
    admin = logged_in("adam")
    admin.switch_page("pages/edit.py").run()
    admin.selectbox(key="edit_deleted_id").select(event_id).run()
    button(admin, "Restore").click().run()
    assert_healthy(admin)
    assert store.get(event_id) is not None
    assert [(e.actor, e.action) for e in store.history(event_id)][-2:] == [("anna", "delete"), ("adam", "restore")]


def test_an_edit_moving_an_event_far_outside_its_country_needs_a_confirmation(hosted: dict[str, str]) -> None:
    store = open_store()
    event_id = str(store.load()["event_id"].iloc[2])
    event, version = store.get_versioned(event_id)  # type: ignore[misc]
    at = open_editor("anna", event_id)
    key = f"edit:{event_id}:{version}:"
    at.number_input(key=key + "lat").set_value(2.0)
    at.number_input(key=key + "lon").set_value(1.0)
    button(at, "Save changes").click().run()
    assert at.exception.len == 0
    assert at.error[0].value.startswith("Not saved") and "outside" in at.error[0].value
    assert store.get_versioned(event_id) == (event, version)
    at.checkbox(key=key + "allow_far").check()
    button(at, "Save changes").click().run()
    assert at.exception.len == 0 and at.success[0].value.startswith("Saved")
    saved, new_version = store.get_versioned(event_id)  # type: ignore[misc]
    assert new_version == version + 1 and (saved.geometry.x, saved.geometry.y) == (1.0, 2.0)
