"""Local user accounts for hosted mode: roles, argon2 password hashes, lock-out, sessions, audit.

Accounts live in the ``DATABASE_URL`` PostgreSQL database when it is set, else
in ``accounts.sqlite`` in :func:`geo.paths.data_home`; both go through one
SQLAlchemy Core code path. The tables are created and upgraded by
:func:`geo.accounts.db.migrate` (ordered steps recorded in
``accounts_schema_version``), which :func:`open_accounts` runs once per database
and process.

Passwords are stored only as argon2id hashes (``argon2-cffi``); session tokens
are random and only their SHA-256 is stored. Every account action (user
created, role changed, log-in failure, lock-out, ...) is written to
``accounts_audit``.

Example
-------
>>> accounts = open_accounts("sqlite:///:memory:")
>>> accounts.add_user("ana", "analyst", "a long passphrase", actor="setup")
>>> session = accounts.authenticate("ana", "a long passphrase")
>>> accounts.resume(session.token).role
'analyst'
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo.accounts.db import accounts_url, audit, engine_for, migrate, release_engine, sessions, users

ROLES = ("viewer", "analyst", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_FAILURES = 5  # consecutive wrong passwords before a lock-out
LOCKOUT = dt.timedelta(minutes=15)
IDLE_TIMEOUT = dt.timedelta(hours=8)
ABSOLUTE_TIMEOUT = dt.timedelta(hours=24)
_TOUCH_EVERY = dt.timedelta(minutes=1)  # last_seen is written at most this often
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")

Clock = Callable[[], dt.datetime]


class AccountError(ValueError):
    """An account operation was refused; the message says why and is safe to show."""


class LoginFailed(AccountError):
    """Wrong username or password (deliberately not saying which)."""


class AccountLocked(AccountError):
    """Too many failed log-ins: the account is locked until ``until`` (UTC)."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"Too many failed log-in attempts: this account is locked until "
                         f"{until:%Y-%m-%d %H:%M} UTC. An admin can unlock it sooner.")
        self.until = until


@dataclass(frozen=True)
class User:
    """An account as shown to admins (never with its hash)."""

    username: str
    role: str
    disabled: bool
    failed_attempts: int
    locked_until: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    def locked(self, now: dt.datetime) -> bool:
        """True while a lock-out is running."""
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class Session:
    """A logged-in session. ``token`` is the secret the client keeps (empty when resumed)."""

    username: str
    role: str
    created_at: dt.datetime
    expires_at: dt.datetime
    token: str = ""

    def allows(self, role: str) -> bool:
        """True when this session's role is ``role`` or above."""
        return role_allows(self.role, role)


@dataclass(frozen=True)
class AuditRecord:
    """One account action: when, who did it, what, to which username, details."""

    at: dt.datetime
    actor: str
    action: str
    username: str
    detail: str


def role_allows(role: str, needed: str) -> bool:
    """True when ``role`` has at least the rights of ``needed`` (viewer < analyst < admin)."""
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[needed]


def normalise_username(name: str) -> str:
    """The stored form of a username (lower case), or AccountError when it is not allowed."""
    folded = str(name).strip().lower()
    if not _USERNAME.fullmatch(folded):
        raise AccountError("A username has 1 to 64 characters: letters, digits and . _ @ - "
                           "(starting with a letter or digit).")
    return folded


def check_password_rules(password: str) -> None:
    """Raise AccountError unless the password is long enough (and not absurdly long)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"A password has at most {MAX_PASSWORD_LENGTH} characters.")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_role(role: str) -> str:
    if role not in ROLE_RANK:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    return role


class Accounts:
    """Users, sessions and the accounts audit in one database (see :func:`open_accounts`)."""

    def __init__(self, engine: sa.Engine, *, clock: Clock | None = None,
                 hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.hasher = hasher or PasswordHasher()  # argon2id, RFC 9106 low-memory profile

    @functools.cached_property
    def _dummy_hash(self) -> str:
        return self.hasher.hash(secrets.token_hex(16))

    def close(self) -> None:
        """Close the database connections (the next :func:`open_accounts` of this URL reconnects)."""
        release_engine(self.engine)

    # -- users -------------------------------------------------------------------
    def add_user(self, username: str, role: str, password: str, *, actor: str) -> User:
        """Create an account; AccountError when the name is taken or a rule is broken."""
        name, role = normalise_username(username), _check_role(role)
        check_password_rules(password)
        now = self.clock()
        with self.engine.begin() as con:
            if con.scalar(sa.select(users.c.username).where(users.c.username == name)) is not None:
                raise AccountError(f"There is already a user {name!r}.")
            con.execute(users.insert().values(
                username=name, role=role, password_hash=self.hasher.hash(password), disabled=False,
                failed_attempts=0, locked_until=None, created_at=now, updated_at=now))
            self._log(con, actor, "user created", name, f"role {role}")
        return self.user(name)

    def user(self, username: str) -> User:
        """One account; AccountError when there is none."""
        name = str(username).strip().lower()
        with self.engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == name)).mappings().first()
        if row is None:
            raise AccountError(f"There is no user {name!r}.")
        return _user(row)

    def list_users(self) -> list[User]:
        """Every account, by username."""
        with self.engine.connect() as con:
            rows = con.execute(sa.select(users).order_by(users.c.username)).mappings().all()
        return [_user(row) for row in rows]

    def set_role(self, username: str, role: str, *, actor: str) -> User:
        """Change a user's role (takes effect on the user's next page run)."""
        before = self.user(username)
        role = _check_role(role)
        if before.role == "admin" and role != "admin":
            self._keep_an_admin(before.username)
        self._update(before.username, actor, "role changed", f"{before.role} -> {role}", role=role)
        return self.user(before.username)

    def set_disabled(self, username: str, disabled: bool, *, actor: str) -> User:
        """Disable (ends its sessions) or re-enable an account."""
        before = self.user(username)
        if disabled and before.role == "admin":
            self._keep_an_admin(before.username)
        self._update(before.username, actor, "user disabled" if disabled else "user enabled", "",
                     disabled=disabled)
        if disabled:
            self._end_sessions_of(before.username)
        return self.user(before.username)

    def unlock(self, username: str, *, actor: str) -> User:
        """End a lock-out and reset the failure count."""
        user = self.user(username)
        self._update(user.username, actor, "unlocked", "", locked_until=None, failed_attempts=0)
        return self.user(user.username)

    def set_password(self, username: str, password: str, *, actor: str) -> User:
        """Set a new password (ends the user's sessions and any lock-out)."""
        user = self.user(username)
        check_password_rules(password)
        self._update(user.username, actor, "password changed", "", password_hash=self.hasher.hash(password),
                     locked_until=None, failed_attempts=0)
        self._end_sessions_of(user.username)
        return self.user(user.username)

    # -- log-in and sessions -----------------------------------------------------
    def authenticate(self, username: str, password: str) -> Session:
        """Check a password and open a session; LoginFailed, AccountLocked or AccountError otherwise.

        ``MAX_FAILURES`` wrong passwords in a row lock the account for ``LOCKOUT``;
        while locked even the right password is refused.
        """
        name, now = str(username).strip().lower(), self.clock()
        with self.engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == name)).mappings().first()
        if row is None:
            self._verify(self._dummy_hash, password)  # same work as for a real user: no name probing by timing
            self._record(name[:80], "login failed", "unknown user")
            raise LoginFailed("Wrong username or password.")
        user = _user(row)
        if user.locked(now):
            self._record(name, "login refused", "locked")
            raise AccountLocked(user.locked_until)  # type: ignore[arg-type]
        if not self._verify(row["password_hash"], password):
            self._failed(user, now)
            raise LoginFailed("Wrong username or password.")
        if user.disabled:
            self._record(name, "login refused", "disabled")
            raise AccountError("This account is disabled. Ask an admin.")
        token = secrets.token_urlsafe(32)
        changes: dict[str, Any] = {"failed_attempts": 0, "locked_until": None}
        if self.hasher.check_needs_rehash(row["password_hash"]):
            changes["password_hash"] = self.hasher.hash(password)
        with self.engine.begin() as con:
            con.execute(users.update().where(users.c.username == name).values(**changes))
            con.execute(sessions.insert().values(token_hash=_token_hash(token), username=name,
                                                 created_at=now, last_seen=now))
            self._log(con, name, "login", name, "")
        return Session(name, user.role, now, self._expiry(now, now), token)

    def resume(self, token: str) -> Session | None:
        """The session of ``token`` with the user's current role, or None when ended or expired.

        A session expires after ``IDLE_TIMEOUT`` without use and ``ABSOLUTE_TIMEOUT``
        after log-in; a disabled user's sessions are over at once.
        """
        if not token:
            return None
        now, key = self.clock(), _token_hash(token)
        query = (sa.select(sessions, users.c.role, users.c.disabled)
                 .join(users, users.c.username == sessions.c.username).where(sessions.c.token_hash == key))
        with self.engine.connect() as con:
            row = con.execute(query).mappings().first()
        if row is None:
            return None
        expires = self._expiry(row["created_at"], row["last_seen"])
        if row["disabled"] or now >= expires:
            with self.engine.begin() as con:
                con.execute(sessions.delete().where(sessions.c.token_hash == key))
            return None
        if now - row["last_seen"] >= _TOUCH_EVERY:
            with self.engine.begin() as con:
                con.execute(sessions.update().where(sessions.c.token_hash == key).values(last_seen=now))
            expires = self._expiry(row["created_at"], now)
        return Session(row["username"], row["role"], row["created_at"], expires)

    def end_session(self, token: str) -> None:
        """Log out: forget the session of ``token``."""
        with self.engine.begin() as con:
            name = con.scalar(sa.select(sessions.c.username).where(sessions.c.token_hash == _token_hash(token)))
            con.execute(sessions.delete().where(sessions.c.token_hash == _token_hash(token)))
            if name is not None:
                self._log(con, name, "logout", name, "")

    def audit_log(self, limit: int = 200, username: str | None = None) -> list[AuditRecord]:
        """The newest account actions first (optionally only those about ``username``)."""
        query = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
        if username is not None:
            query = query.where(audit.c.username == username.strip().lower())
        with self.engine.connect() as con:
            rows = con.execute(query).mappings().all()
        return [AuditRecord(r["at"], r["actor"], r["action"], r["username"], r["detail"]) for r in rows]

    # -- internals ---------------------------------------------------------------
    def _expiry(self, created: dt.datetime, last_seen: dt.datetime) -> dt.datetime:
        return min(created + ABSOLUTE_TIMEOUT, last_seen + IDLE_TIMEOUT)

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def _failed(self, user: User, now: dt.datetime) -> None:
        failures = user.failed_attempts + 1
        locked = failures >= MAX_FAILURES
        values: dict[str, Any] = {"failed_attempts": 0 if locked else failures}
        if locked:
            values["locked_until"] = now + LOCKOUT
        with self.engine.begin() as con:
            con.execute(users.update().where(users.c.username == user.username).values(**values))
            self._log(con, user.username, "login failed", user.username, f"failure {failures}")
            if locked:
                self._log(con, "system", "locked out", user.username, f"until {now + LOCKOUT:%Y-%m-%d %H:%M} UTC")
        if locked:
            raise AccountLocked(now + LOCKOUT)

    def _keep_an_admin(self, username: str) -> None:
        others = [u for u in self.list_users() if u.role == "admin" and not u.disabled and u.username != username]
        if not others:
            raise AccountError("This is the last active admin: make another user admin first.")

    def _update(self, username: str, actor: str, action: str, detail: str, **values: Any) -> None:
        with self.engine.begin() as con:
            con.execute(users.update().where(users.c.username == username)
                        .values(updated_at=self.clock(), **values))
            self._log(con, actor, action, username, detail)

    def _end_sessions_of(self, username: str) -> None:
        with self.engine.begin() as con:
            con.execute(sessions.delete().where(sessions.c.username == username))

    def _record(self, username: str, action: str, detail: str) -> None:
        with self.engine.begin() as con:
            self._log(con, username, action, username, detail)

    def _log(self, con: sa.Connection, actor: str, action: str, username: str, detail: str) -> None:
        con.execute(audit.insert().values(at=self.clock(), actor=actor[:80], action=action,
                                          username=username[:80], detail=detail))


def _user(row: Any) -> User:
    return User(row["username"], row["role"], bool(row["disabled"]), int(row["failed_attempts"]),
                row["locked_until"], row["created_at"], row["updated_at"])


def open_accounts(url: str | None = None, *, clock: Clock | None = None,
                  hasher: PasswordHasher | None = None) -> Accounts:
    """The accounts of ``url`` (see :func:`accounts_url`), migrated to the current schema."""
    try:
        return Accounts(engine_for(accounts_url(url)), clock=clock, hasher=hasher)
    except sa.exc.SQLAlchemyError as exc:
        raise AccountError(f"The accounts database cannot be opened: {exc.__class__.__name__}: {exc}") from None


__all__ = ["ABSOLUTE_TIMEOUT", "IDLE_TIMEOUT", "LOCKOUT", "MAX_FAILURES", "MIN_PASSWORD_LENGTH", "ROLES",
           "AccountError", "AccountLocked", "Accounts", "AuditRecord", "LoginFailed", "Session", "User",
           "accounts_url", "check_password_rules", "migrate", "normalise_username", "open_accounts", "role_allows"]
