"""Failed log-ins per client address: a sliding window, separate per address."""

from __future__ import annotations

import datetime as dt

from geo.accounts import LoginRateLimiter

START = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def test_an_address_is_stopped_after_its_failures_and_freed_as_they_leave_the_window() -> None:
    clock = Clock()
    limiter = LoginRateLimiter(max_failed=3, window=dt.timedelta(minutes=10), clock=clock)
    for minute in (0, 1, 2):
        clock.now = START + dt.timedelta(minutes=minute)
        assert limiter.retry_after("203.0.113.5") is None
        limiter.failed("203.0.113.5")
    assert limiter.retry_after("203.0.113.5") == dt.timedelta(minutes=8)
    assert limiter.retry_after("198.51.100.7") is None  # other addresses are not affected
    clock.now = START + dt.timedelta(minutes=10)  # the first failure leaves the window
    assert limiter.retry_after("203.0.113.5") is None
    limiter.failed("203.0.113.5")
    assert limiter.retry_after("203.0.113.5") == dt.timedelta(minutes=1)
