"""A throwaway PostgreSQL 15 + PostGIS 3 server for tests (no Docker, no mocks).

:class:`PgServer` runs ``initdb`` into a fresh temporary directory, starts the
server with ``pg_ctl`` on a free loopback port (trust authentication, superuser
``bm``), and prepares a template database ``bm_template`` with the ``postgis``
extension so that :meth:`PgServer.fresh_database` can hand every test its own
empty database in a few milliseconds (``CREATE DATABASE ... TEMPLATE``).

PostgreSQL refuses to run as root, so when the tests run as root the cluster
directory is given to an unprivileged user (``BM_PG_USER``, default ``nobody``)
and ``initdb``/``pg_ctl`` run as that user. Binaries come from ``BM_PG_BIN`` or
``/usr/lib/postgresql/15/bin`` (Debian ``postgresql-15``); PostGIS from Debian
``postgresql-15-postgis-3``. ``scripts/setup.sh --dev`` installs both.

The pytest fixtures built on it live in ``tests/conftest.py``:

``pg_server`` (session)
    one running server per pytest(-xdist) worker, stopped and removed at the end.
    When PostgreSQL or PostGIS is missing the test is skipped, or fails under
    ``CI=true``.
``pg_url`` (function)
    ``postgresql://bm@127.0.0.1:PORT/t_<random>``: a fresh database with
    PostGIS, for one test. Use it as ``DATABASE_URL`` or with
    ``geo.stores.factory.open_store(pg_url)``::

        def test_login(pg_url, monkeypatch):
            monkeypatch.setenv("DATABASE_URL", pg_url)
            ...

Outside pytest: ``with PgServer.start() as server: url = server.fresh_database()``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
SUPERUSER = "bm"
TEMPLATE = "bm_template"


class PgUnavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed (or cannot start) on this machine."""


def pg_bin() -> Path:
    """The directory holding ``initdb``, ``pg_ctl`` and ``psql``."""
    return Path(os.environ.get("BM_PG_BIN", DEFAULT_BIN))


def missing_parts() -> list[str]:
    """What is missing to run the server: Debian package names (empty when all is there)."""
    missing = []
    if not (pg_bin() / "initdb").exists():
        missing.append("postgresql-15")
    if not POSTGIS_CONTROL.exists() and "BM_PG_BIN" not in os.environ:
        missing.append("postgresql-15-postgis-3")
    return missing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    """A running throwaway cluster; :meth:`stop` ends it and removes its directory."""

    root: Path
    port: int
    run_as: str | None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @classmethod
    def start(cls, *, durable: bool = False) -> PgServer:
        """initdb + pg_ctl start + the PostGIS template; raises PgUnavailable.

        Tests throw the data away, so by default the server does not wait for the disk (``fsync``,
        ``synchronous_commit`` and ``full_page_writes`` off); ``durable`` keeps PostgreSQL's defaults,
        as a benchmark of real writes needs."""
        missing = missing_parts()
        if missing:
            raise PgUnavailable(f"PostgreSQL/PostGIS not installed (Debian: {' '.join(missing)})")
        run_as = os.environ.get("BM_PG_USER", "nobody") if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="bm-pg-"))  # in /tmp, so an unprivileged user can reach it
        server = cls(root=root, port=_free_port(), run_as=run_as)
        try:
            if run_as:
                entry = pwd.getpwnam(run_as)
                os.chown(root, entry.pw_uid, entry.pw_gid)
            server._run("initdb", "-D", str(server.data_dir), "-U", SUPERUSER, "--auth=trust",
                        "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
            # Unix socket in our own directory; TCP on loopback only; fsync off: data is thrown away.
            options = f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=60"
            if not durable:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            server._run("pg_ctl", "-D", str(server.data_dir), "-l", str(root / "server.log"),
                        "-o", options, "-w", "-t", "60", "start")
            server.psql("postgres", f"CREATE DATABASE {TEMPLATE}")
            server.psql(TEMPLATE, "CREATE EXTENSION postgis")
        except Exception:
            server.stop()
            raise
        return server

    def _run(self, program: str, *args: str) -> str:
        user = self.run_as
        try:
            done = subprocess.run([str(pg_bin() / program), *args], capture_output=True, text=True,
                                  cwd=self.root, user=user, group=pwd.getpwnam(user).pw_gid if user else None,
                                  extra_groups=[] if user else None, timeout=120, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PgUnavailable(f"{program} could not run: {exc}") from None
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PgUnavailable(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")
        return done.stdout

    def psql(self, database: str, sql: str) -> str:
        """Run SQL with psql as the superuser; returns its output (raises PgUnavailable)."""
        return self._run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
                         "-U", SUPERUSER, "-d", database, "-c", sql)

    def url(self, database: str) -> str:
        """The ``postgresql://`` URL of a database on this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def fresh_database(self) -> str:
        """Create an empty database with PostGIS (from the template) and return its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        self.psql("postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and delete the cluster directory."""
        if (self.data_dir / "postmaster.pid").exists():
            for _ in range(3):
                try:
                    self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
                    break
                except PgUnavailable:
                    time.sleep(0.5)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
