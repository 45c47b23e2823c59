"""Shared fixtures: every test gets its own empty data directory (and no DATABASE_URL).

``pg_server``/``pg_url``: a throwaway PostgreSQL 15 + PostGIS 3 server per worker and a
fresh database per test; see tests/pgserver.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.stores.pg import close_idle_connections
from tests.pgserver import PgServer, PgUnavailable

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point BORDER_MONITOR_DATA at a fresh temporary directory for each test."""
    path = tmp_path_factory.mktemp("bm-data")
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)  # never a developer's real database
    return path


@pytest.fixture(autouse=True)
def no_idle_pg_connections() -> Iterator[None]:
    """Close the PostGIS stores' pooled connections after each test: every test's databases keep theirs
    otherwise, and a worker running many PostGIS tests would exhaust the server's connections."""
    yield
    close_idle_connections()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL + PostGIS server per worker (skipped if missing; a failure under CI=true)."""
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL/PostGIS is needed under CI: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty PostGIS database for this test: ``postgresql://bm@127.0.0.1:PORT/t_...``."""
    return pg_server.fresh_database()
