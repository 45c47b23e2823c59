"""Local accounts (geo.accounts.service) on SQLite and, when PostgreSQL is installed, on a throwaway PostgreSQL.

Time is an injected clock, never a sleep; hashing uses argon2id with a small
memory cost to keep the suite quick (the production parameters are checked once).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher, Type

from geo.accounts.db import MIGRATIONS, migrate, schema_version
from geo.accounts.service import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    LOCKOUT,
    MAX_FAILURES,
    MIN_PASSWORD_LENGTH,
    AccountError,
    AccountLocked,
    Accounts,
    LoginFailed,
    accounts_url,
    open_accounts,
    role_allows,
)
from tests.conftest import REPO

PASSWORD = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Clock:
    """A settable UTC clock for the accounts (``clock.now += timedelta``)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty accounts database: a SQLite file, or a fresh PostgreSQL database (tests/pgserver.py)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'accounts.sqlite'}"
    try:
        return str(request.getfixturevalue("pg_url"))
    except pytest.FixtureLookupError:
        pytest.skip("no pg_url fixture (tests/conftest.py) yet")


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def accounts(database_url: str, clock: Clock) -> Iterator[Accounts]:
    opened = open_accounts(database_url, clock=clock, hasher=FAST_HASHER)
    yield opened
    opened.close()


def every_stored_text(accounts: Accounts) -> str:
    """Every value of every accounts table, as one text (to look for secrets)."""
    with accounts.engine.connect() as con:
        tables = sa.inspect(con).get_table_names()
        return "\n".join(str(row) for name in tables if name.startswith("accounts_")
                         for row in con.execute(sa.text(f"SELECT * FROM {name}")))


def test_passwords_are_stored_only_as_argon2id_hashes(accounts: Accounts) -> None:
    accounts.add_user("Alice", "admin", PASSWORD, actor="setup")
    session = accounts.authenticate("alice", PASSWORD)
    stored = every_stored_text(accounts)
    assert PASSWORD not in stored
    assert session.token not in stored  # only the token's hash is kept
    with accounts.engine.connect() as con:
        hashed = con.scalar(sa.text("SELECT password_hash FROM accounts_users"))
    assert hashed.startswith("$argon2id$")
    default = Accounts(accounts.engine).hasher  # what production uses
    assert default.type is Type.ID and default.memory_cost >= 19_456 and default.time_cost >= 2


def test_right_password_opens_a_session_and_wrong_ones_say_the_same_thing(accounts: Accounts) -> None:
    accounts.add_user("bob", "viewer", PASSWORD, actor="setup")
    session = accounts.authenticate(" BOB ", PASSWORD)
    assert (session.username, session.role) == ("bob", "viewer") and len(session.token) >= 40
    assert accounts.authenticate("bob", PASSWORD).token != session.token
    with pytest.raises(LoginFailed) as wrong:
        accounts.authenticate("bob", PASSWORD + "x")
    with pytest.raises(LoginFailed) as unknown:
        accounts.authenticate("nobody", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "Wrong username or password."


def test_repeated_failures_lock_the_account_until_the_lockout_ends_or_an_admin_unlocks(
        accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("carol", "analyst", PASSWORD, actor="setup")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed):
            accounts.authenticate("carol", "wrong password!")
    assert accounts.user("carol").failed_attempts == MAX_FAILURES - 1
    with pytest.raises(AccountLocked) as locked:
        accounts.authenticate("carol", "wrong password!")
    assert locked.value.until == clock.now + LOCKOUT
    assert "locked until" in str(locked.value)
    with pytest.raises(AccountLocked):  # even the right password, while locked
        accounts.authenticate("carol", PASSWORD)
    clock.now += LOCKOUT + dt.timedelta(seconds=1)
    assert accounts.authenticate("carol", PASSWORD).username == "carol"
    assert accounts.user("carol").failed_attempts == 0

    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            accounts.authenticate("carol", "wrong password!")
    assert accounts.user("carol").locked(clock.now)
    accounts.unlock("carol", actor="admin1")
    assert accounts.authenticate("carol", PASSWORD).username == "carol"
    actions = [(r.actor, r.action) for r in accounts.audit_log(username="carol")]
    assert ("system", "locked out") in actions and ("admin1", "unlocked") in actions


def test_a_success_resets_the_failure_count(accounts: Accounts) -> None:
    accounts.add_user("dora", "viewer", PASSWORD, actor="setup")
    for _ in range(3):
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(LoginFailed):
                accounts.authenticate("dora", "wrong password!")
        accounts.authenticate("dora", PASSWORD)
    assert not accounts.user("dora").locked_until


def test_sessions_expire_when_idle_and_after_the_absolute_limit(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("erin", "analyst", PASSWORD, actor="setup")
    idle = accounts.authenticate("erin", PASSWORD).token
    clock.now += IDLE_TIMEOUT - dt.timedelta(minutes=1)
    assert accounts.resume(idle) is not None  # used in time: the idle clock restarts
    clock.now += IDLE_TIMEOUT - dt.timedelta(minutes=1)
    assert accounts.resume(idle) is not None
    clock.now += IDLE_TIMEOUT
    assert accounts.resume(idle) is None
    assert accounts.resume(idle) is None  # and it stays gone

    busy = accounts.authenticate("erin", PASSWORD).token
    started = clock.now
    while clock.now + dt.timedelta(hours=1) < started + ABSOLUTE_TIMEOUT:
        clock.now += dt.timedelta(hours=1)
        assert accounts.resume(busy) is not None
    clock.now = started + ABSOLUTE_TIMEOUT
    assert accounts.resume(busy) is None
    assert accounts.resume("not a token") is None and accounts.resume("") is None


def test_logout_disable_and_new_password_end_sessions(accounts: Accounts) -> None:
    accounts.add_user("root", "admin", PASSWORD, actor="setup")
    accounts.add_user("fred", "analyst", PASSWORD, actor="root")
    first, second, third = (accounts.authenticate("fred", PASSWORD).token for _ in range(3))
    accounts.end_session(first)
    assert accounts.resume(first) is None and accounts.resume(second) is not None
    accounts.set_password("fred", "another long passphrase", actor="root")
    assert accounts.resume(second) is None and accounts.resume(third) is None
    with pytest.raises(LoginFailed):
        accounts.authenticate("fred", PASSWORD)
    token = accounts.authenticate("fred", "another long passphrase").token
    accounts.set_disabled("fred", True, actor="root")
    assert accounts.resume(token) is None
    with pytest.raises(AccountError, match="disabled"):
        accounts.authenticate("fred", "another long passphrase")
    accounts.set_disabled("fred", False, actor="root")
    assert accounts.authenticate("fred", "another long passphrase").role == "analyst"


def test_roles_rank_and_a_role_change_applies_to_live_sessions(accounts: Accounts) -> None:
    allowed = {(have, need) for have in ("viewer", "analyst", "admin") for need in ("viewer", "analyst", "admin")
               if role_allows(have, need)}
    assert allowed == {("viewer", "viewer"), ("analyst", "viewer"), ("analyst", "analyst"),
                       ("admin", "viewer"), ("admin", "analyst"), ("admin", "admin")}
    assert not role_allows("intruder", "viewer")
    accounts.add_user("root", "admin", PASSWORD, actor="setup")
    accounts.add_user("gina", "viewer", PASSWORD, actor="root")
    token = accounts.authenticate("gina", PASSWORD).token
    accounts.set_role("gina", "analyst", actor="root")
    session = accounts.resume(token)
    assert session is not None and session.role == "analyst" and session.allows("analyst")
    with pytest.raises(AccountError, match="Unknown role"):
        accounts.set_role("gina", "superuser", actor="root")
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_role("root", "viewer", actor="root")
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_disabled("root", True, actor="root")
    accounts.set_role("gina", "admin", actor="root")
    accounts.set_role("root", "viewer", actor="gina")  # now there is another admin


def test_username_and_password_rules(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match=f"at least {MIN_PASSWORD_LENGTH}"):
        accounts.add_user("hank", "viewer", "short", actor="setup")
    for bad in ("", "a b", "<script>", "x" * 65, "-dash"):
        with pytest.raises(AccountError, match="username"):
            accounts.add_user(bad, "viewer", PASSWORD, actor="setup")
    accounts.add_user("Hank.Smith@unit-1", "viewer", PASSWORD, actor="setup")
    with pytest.raises(AccountError, match="already"):
        accounts.add_user("hank.smith@UNIT-1", "viewer", PASSWORD, actor="setup")
    assert [u.username for u in accounts.list_users()] == ["hank.smith@unit-1"]


def test_account_actions_are_in_the_accounts_audit_log(accounts: Accounts) -> None:
    accounts.add_user("root", "admin", PASSWORD, actor="cli:ops")
    accounts.add_user("ivan", "viewer", PASSWORD, actor="root")
    accounts.set_role("ivan", "analyst", actor="root")
    with pytest.raises(LoginFailed):
        accounts.authenticate("ivan", "not his password")
    log = [(r.actor, r.action, r.username, r.detail) for r in reversed(accounts.audit_log())]
    assert log == [("cli:ops", "user created", "root", "role admin"),
                   ("root", "user created", "ivan", "role viewer"),
                   ("root", "role changed", "ivan", "viewer -> analyst"),
                   ("ivan", "login failed", "ivan", "failure 1")]


def test_migration_is_idempotent_and_keeps_the_data(database_url: str) -> None:
    first = open_accounts(database_url, hasher=FAST_HASHER)
    first.add_user("june", "viewer", PASSWORD, actor="setup")
    first.close()
    engine = sa.create_engine(accounts_url(database_url))
    try:
        assert migrate(engine) == migrate(engine) == len(MIGRATIONS)
        with engine.connect() as con:
            assert con.execute(sa.select(schema_version.c.version)).scalars().all() == list(
                range(1, len(MIGRATIONS) + 1))
    finally:
        engine.dispose()
    again = open_accounts(database_url, hasher=FAST_HASHER)
    try:
        assert [u.username for u in again.list_users()] == ["june"]
    finally:
        again.close()


def test_accounts_url_prefers_database_url_and_gives_postgres_the_psycopg_driver(
        monkeypatch: pytest.MonkeyPatch, data_home: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert accounts_url() == f"sqlite:///{data_home / 'accounts.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://bm@127.0.0.1:5432/bm")
    assert accounts_url() == "postgresql+psycopg://bm@127.0.0.1:5432/bm"
    assert accounts_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"


def geo_user(*args: str, data: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "geo", "user", *args], cwd=REPO, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_creates_the_first_admin_and_manages_users(data_home: Path) -> None:
    made = geo_user("add", "Admin", "--role", "admin", "--password-stdin", data=data_home, stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "created user admin (admin)"
    assert geo_user("add", "v1", "--role", "viewer", "--password-stdin", data=data_home,
                    stdin=PASSWORD + "\n").returncode == 0
    no_terminal = geo_user("add", "v2", "--role", "viewer", data=data_home)
    assert no_terminal.returncode == 1 and "--password-stdin" in no_terminal.stderr
    short = geo_user("passwd", "v1", "--password-stdin", data=data_home, stdin="short\n")
    assert short.returncode == 1 and short.stderr.startswith("error: A password needs")
    assert geo_user("set-role", "v1", "analyst", data=data_home).stdout.strip() == "v1 is now analyst"
    assert geo_user("disable", "v1", data=data_home).returncode == 0
    assert geo_user("unlock", "v1", data=data_home).returncode == 0
    listed = geo_user("list", data=data_home).stdout.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [["admin", "admin", "active"], ["v1", "analyst", "disabled"]]
    last_admin = geo_user("set-role", "admin", "viewer", data=data_home)
    assert last_admin.returncode == 1 and "last active admin" in last_admin.stderr
    accounts = open_accounts()
    try:
        assert accounts.authenticate("admin", PASSWORD).role == "admin"
        assert PASSWORD not in every_stored_text(accounts)
        assert {r.actor.split(":")[0] for r in accounts.audit_log() if r.action != "login"} == {"cli"}
    finally:
        accounts.close()
