"""Load test of a hosted Border Monitor: concurrent sessions against a local instance.

    .venv/bin/python scripts/load_test.py --sessions 20 --duration 60
    .venv/bin/python scripts/load_test.py --protocol --sessions 20 --duration 60
    .venv/bin/python scripts/load_test.py --protocol --reloads --sessions 20 --duration 60
    .venv/bin/python scripts/load_test.py --url https://127.0.0.1:8443/border-monitor --user u   # $BM_LOAD_PASSWORD

Without ``--url`` it starts its own hosted instance (``streamlit run server.py``,
with the log-in route and session cookie) on a free 127.0.0.1 port, as
deploy/border-monitor.service does (deploy/streamlit-production.toml, base path
``border-monitor``), with a throwaway PostgreSQL + PostGIS store when
``tests/pgserver.py`` can start one, else a GeoPackage store with
``BORDER_MONITOR_AUTH=on``; when the app has logins (``python -m geo user``) it
creates a viewer and an analyst with the CLI.

Browser sessions (default): one headless Chromium (``/usr/bin/chromium``) with a
context per session, each its own Streamlit session, looping until ``--duration``
seconds are up: log in (once), change the time window (Quick window), open an event
card on the map, go to Events, download CSV or GeoJSON, go back to the map. Each
action is timed until the page shows its result. Protocol sessions (``--protocol``)
log in and change the time window over Streamlit's WebSocket protocol, without a
browser, timed to the server's end of run: the server's own capacity. They log in
through the log-in route as a browser does and send the session cookie with the
WebSocket. ``--reloads`` adds the cookie path: browser sessions also reload the page
and open a shared link, protocol sessions reconnect every third loop; each must come
back logged in without the password.

Prints throughput, errors (with examples), p50/p95 per action and overall, the
load generator's CPU, and the server's peak RSS and CPU when it started the server.
Only 127.0.0.1/localhost is ever contacted: other URLs are refused, and the browser
sends every other request to a proxy that does not exist (counted as an error).
Loops, waits and the run itself are bounded (``--duration`` + 45 s at most).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from scripts.load_browser import drive  # noqa: E402
from scripts.load_common import (  # noqa: E402
    BASE_PATH,
    PRODUCTION_TOML,
    SERVER_START_S,
    USERS,
    Plan,
    ServerProbe,
    Target,
    report,
)
from scripts.load_protocol import drive_protocol  # noqa: E402
from tests.e2e.dashboard import (  # noqa: E402  (after the path set-up, like the other scripts)
    CHROMIUM,
    LOCAL_HOSTS,
)

# -- a local hosted instance ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def check_loopback(url: str) -> str:
    """``url`` without a trailing slash; exits unless it points at this machine."""
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or (parsed.hostname or "") not in LOCAL_HOSTS:
        sys.exit(f"load_test.py only targets this machine (http(s)://127.0.0.1...), not {url!r}")
    return url.rstrip("/")


def geo_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m geo ARGS`` in the repository with ``env``."""
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, env=env, input=stdin, text=True,
                          capture_output=True, timeout=300, check=False)


@contextlib.contextmanager
def postgres_store() -> Iterator[str | None]:
    """A fresh database on a throwaway PostgreSQL + PostGIS (tests/pgserver.py), or None.

    None when that cannot run here or the app has no PostGIS store. The app seeds an
    empty store with the curated dataset on its first start, as in a new deployment.
    """
    try:
        from tests.pgserver import PgServer, PgUnavailable
    except ImportError:
        yield None
        return
    if importlib.util.find_spec("geo.stores.pg") is None:
        yield None
        return
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        print(f"no throwaway PostgreSQL ({exc}): using a GeoPackage store")
        yield None
        return
    with server:
        yield server.fresh_database()


@contextlib.contextmanager
def hosted_instance(workdir: Path) -> Iterator[tuple[Target, ServerProbe, str]]:
    """Start the app as the systemd unit does, on a free loopback port; yield target, probe, store kind."""
    home = workdir / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "config.toml").write_text(PRODUCTION_TOML.read_text())
    env = {**os.environ, "HOME": str(home), "BORDER_MONITOR_DATA": str(workdir / "data"), "PYTHONUNBUFFERED": "1",
           "STREAMLIT_SERVER_ALLOWED_HOSTS": "127.0.0.1"}
    with postgres_store() as database_url:
        if database_url:
            env["DATABASE_URL"] = database_url
            store = "PostgreSQL 15 + PostGIS (tests/pgserver.py)"
        else:
            env["BORDER_MONITOR_AUTH"] = "on"
            store = "GeoPackage, BORDER_MONITOR_AUTH=on"
        logins = create_users(env)
        if not logins:
            store += "; no login (python -m geo user is not available)"
        port = free_port()
        url = f"http://127.0.0.1:{port}/{BASE_PATH}"
        log_path = workdir / "streamlit.log"
        command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.address", "127.0.0.1",
                   "--server.port", str(port), "--server.baseUrlPath", BASE_PATH, "--server.headless", "true"]
        with log_path.open("wb") as log:
            proc = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_healthy(url, proc, log_path)
            yield Target(url, logins), ServerProbe(proc.pid, log_path), store
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def create_users(env: dict[str, str]) -> list[tuple[str, str]]:
    """A viewer and an analyst made with ``python -m geo user add``; [] when the CLI has no users."""
    if geo_cli(env, "user", "--help").returncode != 0:
        return []
    logins = []
    for name, role in USERS:
        password = secrets.token_urlsafe(16)
        done = geo_cli(env, "user", "add", name, "--role", role, "--password-stdin", stdin=password + "\n")
        if done.returncode != 0:
            sys.exit(f"python -m geo user add {name} failed:\n{done.stderr}")
        logins.append((name, password))
    return logins


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"streamlit exited ({proc.returncode}):\n{log_path.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.read() == b"ok":
                return
        time.sleep(0.5)
    sys.exit(f"streamlit not healthy after {SERVER_START_S} s:\n{log_path.read_text(errors='replace')[-3000:]}")


def warm_up(target: Target) -> None:
    """One sequential session first, so the figures measure steady state, not the first cache fill."""
    stats, _ = asyncio.run(drive(target, Plan(sessions=1, duration_s=5, max_loops=1, ramp_up_s=0, think_s=0),
                                 None, None))
    if stats.errors:
        print(f"warm-up errors: {stats.errors[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--url", help="a running instance's base URL on this machine (default: start one)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--max-loops", type=int, default=500, help="loops per session at most (default 500)")
    parser.add_argument("--ramp-up", type=float, default=20,
                        help="seconds over which the sessions start, evenly spread (default 20)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds a session pauses before each action (1)")
    parser.add_argument("--protocol", action="store_true",
                        help="sessions speak Streamlit's WebSocket protocol instead of driving Chromium: log in, "
                             "then time-window changes on the map page, timed to the server's end of run")
    parser.add_argument("--reloads", action="store_true",
                        help="sessions also reload the page and open a shared link (every 3rd loop in --protocol "
                             "mode): each must come back logged in by the session cookie alone")
    parser.add_argument("--shared-cache", action="store_true",
                        help="all sessions' pages in one browser context (shared browser cache, less client CPU)")
    parser.add_argument("--user", help="with --url: log in as this user")
    parser.add_argument("--password-env", default="BM_LOAD_PASSWORD",
                        help="with --url: environment variable holding --user's password")
    parser.add_argument("--screenshot", type=Path, help="save session 1's page as this PNG at the end")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100 or not 1 <= args.duration <= 3600:
        parser.error("--sessions must be 1..100 and --duration 1..3600 s")
    if not args.protocol and not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set BM_CHROMIUM)")

    with contextlib.ExitStack() as stack:
        probe: ServerProbe | None = None
        if args.url:
            logins = [(args.user, os.environ.get(args.password_env, ""))] if args.user else []
            target, store = Target(check_loopback(args.url), logins), "as running"
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bm-load-")))
            target, probe, store = stack.enter_context(hosted_instance(workdir))
        print(f"target: {target.url} (store: {store}; logins: {', '.join(u for u, _ in target.logins) or 'none'})")
        warm_up(target)
        if probe is not None:
            probe.sample()
        plan = Plan(args.sessions, args.duration, args.max_loops, min(args.ramp_up, args.duration / 2), args.think,
                    args.shared_cache, args.protocol, args.reloads)
        if args.protocol:
            stats, elapsed = asyncio.run(drive_protocol(target, plan, probe))
        else:
            stats, elapsed = asyncio.run(drive(target, plan, probe, args.screenshot))
        print(report(stats, elapsed, plan, probe))
        return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())

