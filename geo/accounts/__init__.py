"""Hosted-mode accounts: users, roles, log-in sessions and their audit.

:func:`open_accounts` opens the accounts tables (PostgreSQL when
``DATABASE_URL`` is set, else SQLite in the data directory); :class:`Accounts`
adds users, authenticates (argon2id; :data:`MAX_FAILURES` failures lock for
:data:`LOCKOUT`), resumes and ends sessions. :data:`ROLES` are viewer < analyst <
admin (:func:`role_allows`).
:class:`LoginRateLimiter` also limits failed log-ins per client address.
"""

from geo.accounts.db import login_required
from geo.accounts.ratelimit import LoginRateLimiter, client_address, shared_login_limiter
from geo.accounts.service import (
    ABSOLUTE_TIMEOUT,
    LOCKOUT,
    MAX_FAILURES,
    ROLES,
    AccountError,
    AccountLocked,
    Accounts,
    LoginFailed,
    Session,
    User,
    accounts_url,
    open_accounts,
    role_allows,
)

__all__ = [
    "ABSOLUTE_TIMEOUT",
    "LOCKOUT",
    "MAX_FAILURES",
    "ROLES",
    "AccountError",
    "AccountLocked",
    "Accounts",
    "LoginFailed",
    "LoginRateLimiter",
    "Session",
    "User",
    "accounts_url",
    "client_address",
    "login_required",
    "open_accounts",
    "role_allows",
    "shared_login_limiter",
]
