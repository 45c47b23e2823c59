"""A per-client-address limit on failed log-ins, on top of the per-account lock-out.

The account lock-out stops guessing one account's password; it does not stop one
address from trying a few passwords against many accounts. :class:`LoginRateLimiter`
counts failed log-ins per client address in a sliding window: after
:data:`MAX_FAILED_PER_ADDRESS` failures within :data:`WINDOW`, that address gets no
further attempt (not even a correct password is checked) until the oldest failure
leaves the window. It lives in the server process (hosted mode runs one Streamlit
process); a restart forgets it, which the per-account lock-out (in the database)
does not.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import deque
from collections.abc import Callable

#: Failed log-ins one client address may make within :data:`WINDOW`.
MAX_FAILED_PER_ADDRESS = 10
WINDOW = dt.timedelta(minutes=15)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LoginRateLimiter:
    """Failed log-ins per client address in a sliding window (thread-safe)."""

    def __init__(self, max_failed: int = MAX_FAILED_PER_ADDRESS, window: dt.timedelta = WINDOW,
                 clock: Callable[[], dt.datetime] = _utcnow) -> None:
        self.max_failed, self.window, self.clock = max_failed, window, clock
        self._failures: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: dt.datetime) -> deque[dt.datetime]:
        failures = self._failures.setdefault(address, deque())
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        return failures

    def retry_after(self, address: str) -> dt.timedelta | None:
        """How long ``address`` must wait before its next attempt, or None when it may try now."""
        with self._lock:
            now = self.clock()
            failures = self._recent(address, now)
            if len(failures) < self.max_failed:
                return None
            return failures[0] + self.window - now

    def failed(self, address: str) -> None:
        """Record one failed log-in from ``address``."""
        with self._lock:
            self._recent(address, self.clock()).append(self.clock())

    def reset(self) -> None:
        """Forget every failure (a test's fresh start)."""
        with self._lock:
            self._failures.clear()


_SHARED = LoginRateLimiter()


def shared_login_limiter() -> LoginRateLimiter:
    """The one limiter of this server process (the log-in route and the in-app form share it)."""
    return _SHARED


def client_address(peer: str | None, real_ip: str | None) -> str:
    """The client's address: the proxy's ``X-Real-IP`` when the connection comes from a trusted proxy.

    ``BORDER_MONITOR_TRUSTED_PROXIES`` (comma-separated, default ``127.0.0.1,::1``) names the
    reverse proxies whose header is believed; from anyone else the header is ignored, so a client
    cannot pick its own address. A connection without a known peer counts as ``local``.
    """
    peer = peer if isinstance(peer, str) and peer else "local"
    trusted = {a.strip() for a in os.environ.get("BORDER_MONITOR_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")}
    if isinstance(real_ip, str) and real_ip.strip() and (peer in trusted or peer == "local"):
        return real_ip.strip()[:64]
    return peer
