"""The accounts database: tables, ordered schema migrations and one engine per URL (see geo/accounts/service.py).

Both backends (SQLite file, PostgreSQL through psycopg) use the same SQLAlchemy
Core tables; timestamps are stored as naive UTC and read back as aware UTC.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from geo.paths import data_home

ACCOUNTS_FILE = "accounts.sqlite"


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in Python, naive UTC in the database (same on SQLite and PostgreSQL)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


metadata = sa.MetaData()
schema_version = sa.Table(
    "accounts_schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)
users = sa.Table(
    "accounts_users", metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("failed_attempts", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
sessions = sa.Table(
    "accounts_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), sa.ForeignKey("accounts_users.username"), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
)
audit = sa.Table(
    "accounts_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

#: Ordered schema steps; step N brings the schema from version N-1 to N. Never edit a released step.
MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (
    lambda con: metadata.create_all(con, tables=[users, sessions, audit]),
)


def migrate(engine: sa.Engine) -> int:
    """Apply every schema step not yet recorded; returns the schema version. Safe to run again."""
    schema_version.create(engine, checkfirst=True)
    with engine.begin() as con:
        current = con.scalar(sa.select(sa.func.max(schema_version.c.version))) or 0
        for number, step in enumerate(MIGRATIONS, start=1):
            if number > current:
                step(con)
                con.execute(schema_version.insert().values(version=number, applied_at=dt.datetime.now(dt.UTC)))
    return len(MIGRATIONS)


AUTH_ENV = "BORDER_MONITOR_AUTH"
_OFF = frozenset({"off", "false", "0", "no", ""})


def login_required() -> bool:
    """True when log-in is required: ``BORDER_MONITOR_AUTH`` on, or ``DATABASE_URL`` set.

    Any value of ``BORDER_MONITOR_AUTH`` other than off/false/0/no (or empty) means on: a typo
    must not open the dashboard.
    """
    if os.environ.get("DATABASE_URL"):
        return True
    return os.environ.get(AUTH_ENV, "").strip().lower() not in _OFF


def accounts_url(url: str | None = None) -> str:
    """The SQLAlchemy URL of the accounts database: ``url``, ``$DATABASE_URL`` or the SQLite file.

    ``postgres://`` and ``postgresql://`` URLs are given the psycopg (3) driver.
    """
    url = url or os.environ.get("DATABASE_URL") or ""
    if not url:
        return f"sqlite:///{data_home() / ACCOUNTS_FILE}"
    scheme, sep, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if sep and scheme in ("postgres", "postgresql") else url


_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str) -> sa.Engine:
    """One engine per database URL and process, migrated when first made."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            options: dict[str, Any] = {"pool_pre_ping": True}
            if url.startswith("sqlite"):
                options["connect_args"] = {"timeout": 30, "check_same_thread": False}
            engine = sa.create_engine(url, **options)
            migrate(engine)
            _ENGINES[url] = engine
        return engine


def release_engine(engine: sa.Engine) -> None:
    """Close ``engine``'s connections and forget it (the next :func:`engine_for` reconnects)."""
    with _ENGINES_LOCK:
        for url, known in list(_ENGINES.items()):
            if known is engine:
                del _ENGINES[url]
    engine.dispose()
