"""The web-session middleware (ui/web.py) over ASGI, with a real accounts database.

Requests are sent straight to the ASGI callable (no network). The app behind the
middleware is a one-line stand-in for the dashboard that answers "dashboard": what is
tested is what the middleware lets through, refuses or answers itself. The real
Streamlit server behind it is tested in a browser (tests/e2e/test_hosted_e2e.py).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

import pytest
from streamlit import config

from geo.accounts import open_accounts, shared_login_limiter
from geo.accounts.ratelimit import MAX_FAILED_PER_ADDRESS
from ui import web

PASSWORD = "a long enough passphrase"
PAGE = {"sec-fetch-dest": "document"}


async def dashboard(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"dashboard"})


class Answer:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: str) -> None:
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")

    def cookies(self) -> dict[str, Any]:
        jar: SimpleCookie = SimpleCookie()
        for key, value in self.headers:
            if key == "set-cookie":
                jar.load(value)
        return dict(jar)


def call(method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"",
         cookies: dict[str, str] | None = None, client: str = "203.0.113.5") -> Answer:
    """One HTTP request through WebSessions(dashboard)."""
    path, _, query = path.partition("?")
    head = {"host": "dash.example", **(headers or {})}
    if cookies:
        head["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": query.encode(),
             "headers": [(k.lower().encode(), v.encode()) for k, v in head.items()], "scheme": "http",
             "server": ("dash.example", 80), "client": (client, 5000), "root_path": "", "http_version": "1.1"}
    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(web.WebSessions(dashboard)(scope, receive, send))  # type: ignore[arg-type]
    start = sent[0]
    return Answer(start["status"], [(k.decode().lower(), v.decode()) for k, v in start["headers"]],
                  b"".join(m.get("body", b"") for m in sent[1:]).decode())


@pytest.fixture()
def hosted(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BORDER_MONITOR_AUTH", "on")
    web._accounts.cache_clear()  # the data directory is new for every test
    accounts = open_accounts()
    accounts.add_user("vera", "viewer", PASSWORD, actor="setup")
    shared_login_limiter().reset()
    yield
    web._accounts.cache_clear()
    accounts.close()


def form() -> tuple[str, str]:
    """(csrf field, csrf cookie) from a fresh log-in form."""
    page = call("GET", "/auth/login")
    field = re.search(r'name="csrf" value="([^"]+)"', page.body)
    assert page.status == 200 and field
    return field.group(1), page.cookies()["bm_csrf"].value


def log_in(password: str = PASSWORD, *, next_path: str = "/", extra: dict[str, str] | None = None,
           headers: dict[str, str] | None = None, client: str = "203.0.113.5", user: str = "vera") -> Answer:
    field, cookie = form()
    body = urlencode({"csrf": field, "username": user, "password": password, "next": next_path}).encode()
    return call("POST", "/auth/login", {"content-type": "application/x-www-form-urlencoded", **(headers or {})},
                body, cookies={"bm_csrf": cookie, **(extra or {})}, client=client)


@pytest.mark.parametrize("value", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                   "javascript:alert(1)", "evil", "/events\nSet-Cookie: x=1", ""])
def test_the_return_target_is_never_another_site(value: str) -> None:
    assert web.safe_next(value) == "/"


def test_the_return_target_keeps_a_dashboard_path_with_its_filters_and_the_base_path() -> None:
    assert web.safe_next("/events?kind=incident&from=2020-01-01") == "/events?kind=incident&from=2020-01-01"
    config.set_option("server.baseUrlPath", "border-monitor")
    try:
        assert web.login_url("/border-monitor/events") == "/border-monitor/auth/login?next=%2Fborder-monitor%2Fevents"
        assert web.safe_next("/events") == "/border-monitor/"  # outside the base path
        assert web.safe_next("/border-monitor/events?kind=incident") == "/border-monitor/events?kind=incident"
    finally:
        config.set_option("server.baseUrlPath", "")


def test_without_log_in_required_the_middleware_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDER_MONITOR_AUTH", "off")
    assert call("GET", "/events", PAGE).body == "dashboard"
    assert call("GET", "/media/x.csv").body == "dashboard"


def test_logged_out_pages_go_to_the_form_and_media_and_uploads_are_refused(hosted: None) -> None:
    answer = call("GET", "/events?kind=incident", PAGE)
    assert answer.status == 303 and answer.header("location") == "/auth/login?next=%2Fevents%3Fkind%3Dincident"
    for path in ("/media/abc.csv", "/_stcore/upload_file/s/f"):
        assert call("GET", path).status == 403, path
    assert call("GET", "/_stcore/health").body == "dashboard"  # assets and the health check stay open
    assert call("GET", "/app/static/vendor/leaflet/leaflet.js").body == "dashboard"
    page = call("GET", "/auth/login?next=%2Fevents%3Fkind%3Dincident")
    assert 'name="next" value="/events?kind=incident"' in page.body


def test_a_log_in_sets_an_httponly_lax_cookie_that_opens_pages_and_media(hosted: None) -> None:
    answer = log_in(next_path="/events?kind=incident")
    assert answer.status == 303 and answer.header("location") == "/events?kind=incident"
    cookie = answer.cookies()["bm_session"]
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain HTTP here; over TLS it is Secure (next test)
    session = {"bm_session": cookie.value}
    assert call("GET", "/events", PAGE, cookies=session).body == "dashboard"
    assert call("GET", "/media/abc.csv", cookies=session).body == "dashboard"
    assert call("GET", "/auth/login?next=%2Fevents", cookies=session).header("location") == "/events"
    open_accounts().end_session(cookie.value)  # as log-out, a password change or disabling the user do
    assert call("GET", "/media/abc.csv", cookies=session).status == 403
    assert call("GET", "/events", PAGE, cookies=session).status == 303


def test_behind_a_tls_proxy_the_cookie_is_secure(hosted: None) -> None:
    cookie = log_in(headers={"x-forwarded-proto": "https"}).cookies()["bm_session"]
    assert cookie["secure"]


def test_a_log_in_without_the_form_token_or_from_another_origin_is_refused(hosted: None) -> None:
    field, cookie = form()
    body = urlencode({"csrf": field, "username": "vera", "password": PASSWORD}).encode()
    no_cookie = call("POST", "/auth/login", body=body)
    other_token = call("POST", "/auth/login", body=body, cookies={"bm_csrf": cookie + "x"})
    other_origin = call("POST", "/auth/login", {"origin": "https://evil.example"}, body, cookies={"bm_csrf": cookie})
    for answer in (no_cookie, other_token, other_origin):
        assert answer.status == 403 and "bm_session" not in answer.cookies()
        assert "The log-in form had expired" in answer.body
    same_origin = call("POST", "/auth/login", {"origin": "http://dash.example"}, body, cookies={"bm_csrf": cookie})
    assert same_origin.status == 303 and "bm_session" in same_origin.cookies()


def test_every_log_in_issues_a_new_token_and_ends_the_one_presented(hosted: None) -> None:
    first = log_in().cookies()["bm_session"].value
    second = log_in(extra={"bm_session": first}).cookies()["bm_session"].value
    assert second != first
    assert open_accounts().resume(first) is None  # a planted or earlier token opens nothing
    assert open_accounts().resume(second) is not None


def test_wrong_passwords_count_per_address_and_then_even_the_right_one_waits(hosted: None) -> None:
    wrong = log_in("not the password")
    assert wrong.status == 401 and "Wrong username or password." in wrong.body
    for n in range(MAX_FAILED_PER_ADDRESS):  # many accounts tried from one address (none gets locked)
        assert log_in("not the password", client="198.51.100.7", user=f"someone{n}").status == 401
    held = log_in(client="198.51.100.7")
    assert held.status == 429 and "Too many failed log-ins from your address" in held.body
    assert log_in(client="198.51.100.8").status == 303  # another address is not held up


def test_the_form_escapes_what_it_shows(hosted: None) -> None:
    page = call("GET", "/auth/login?next=" + "%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert "<script>alert(1)" not in page.body and "&quot;&gt;&lt;script&gt;" in page.body
