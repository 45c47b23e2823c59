"""Web sessions for hosted mode: a log-in route that sets an HttpOnly cookie, and guards on every HTTP request.

``server.py`` serves ``app.py`` through ``st.App`` with :class:`WebSessions` as
ASGI middleware. With log-in on (:func:`geo.accounts.login_required`) it

- answers ``<base>/auth/login``: GET shows a plain HTML form, POST checks the
  password (per-account lock-out and per-address rate limit as in the app) and
  sets ``bm_session``, an opaque random token, as a cookie that is HttpOnly,
  SameSite=Lax, limited to the base URL path and Secure over TLS. The database keeps
  only its SHA-256 with idle and absolute expiry (:mod:`geo.accounts.service`);
  log-out, a password change and disabling the user delete it;
- protects the form against CSRF (a double-submit token: a SameSite=Strict HttpOnly
  cookie that must equal the form's hidden field, and a same-origin ``Origin`` when
  the browser sends one) and against session fixation (every log-in issues a new
  token and ends the one the browser presented);
- sends a page request without a live session to the log-in form, which returns to
  that very URL (page and filters) afterwards; the app's own "Log in" link returns to
  the page the tab shows (its ``Referer``); the target must be a path of this
  dashboard, never another site;
- refuses media (downloads, images) and uploads without a live session.

The Streamlit script reads the cookie from ``st.context.cookies`` on each run
(:func:`ui.auth.current_identity`), so a reload or a new tab stays logged in and a
session ended elsewhere is noticed at the next click.
"""

from __future__ import annotations

import hmac
import html
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from streamlit import config

from geo.accounts import (
    ABSOLUTE_TIMEOUT,
    AccountError,
    Accounts,
    accounts_url,
    client_address,
    login_required,
    open_accounts,
    shared_login_limiter,
)

COOKIE = "bm_session"
CSRF_COOKIE = "bm_csrf"
MAX_FORM_BYTES = 8192
#: Paths (below the base path) a browser fetches as assets: never redirected, never data.
_ASSET_PREFIXES = ("_stcore/", "static/", "app/static/", "component/", "favicon")
_GUARDED_PREFIXES = ("media/", "_stcore/upload_file")
Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]
_mounted = False


def mounted() -> bool:
    """True when this process serves the log-in route (``server.py``), so the app relies on the cookie."""
    return _mounted


def serve_web_sessions() -> None:
    """Called by ``server.py``, which adds :class:`WebSessions` to the server: the app then reads the cookie."""
    global _mounted
    _mounted = True


def base_path() -> str:
    """The dashboard's URL prefix with slashes on both ends: ``/`` or ``/border-monitor/``."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def login_url(next_path: str | None = None) -> str:
    """The log-in form's URL, returning to ``next_path`` (a path of this dashboard) afterwards."""
    url = f"{base_path()}auth/login"
    return f"{url}?next={quote(next_path, safe='')}" if next_path else url


def safe_next(value: str | None) -> str:
    """``value`` when it is a path inside this dashboard, else the dashboard's start page."""
    base = base_path()
    if not value or any(ord(c) < 32 for c in value) or "\\" in value:
        return base
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith(base) or value.startswith("//"):
        return base
    return value


@lru_cache(maxsize=4)
def _accounts(url: str) -> Accounts:
    return open_accounts(url)


def accounts() -> Accounts:
    """The accounts database (one handle per URL and process)."""
    return _accounts(accounts_url())


def session_of(token: str | None) -> Any:
    """The live session of a cookie value, or None."""
    return accounts().resume(token) if token else None


class WebSessions:
    """ASGI middleware: the log-in route and the session checks described in this module."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not login_required():
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        base = base_path()
        path = request.url.path
        below = path[len(base):] if path.startswith(base) else None
        response: Response | None = None
        if below == "auth/login":
            response = await (self._log_in(request) if request.method == "POST" else self._form(request))
        elif below is not None and below.startswith(_GUARDED_PREFIXES) and not await self._live(request):
            response = PlainTextResponse("Log in first.", status_code=403)
        elif self._is_page_request(request, below) and not await self._live(request):
            target = path + (f"?{request.url.query}" if request.url.query else "")
            response = RedirectResponse(login_url(target), status_code=303)
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    @staticmethod
    async def _live(request: Request) -> bool:
        return await run_in_threadpool(session_of, request.cookies.get(COOKIE)) is not None

    @staticmethod
    def _is_page_request(request: Request, below: str | None) -> bool:
        if request.method != "GET" or below is None or below.startswith(_ASSET_PREFIXES) or below.startswith("auth/"):
            return False
        dest = request.headers.get("sec-fetch-dest")
        return dest == "document" if dest else "text/html" in request.headers.get("accept", "")

    async def _form(self, request: Request, error: str = "", status: int = 200, next_path: str | None = None
                    ) -> Response:
        next_path = safe_next(next_path or request.query_params.get("next") or _referring_page(request))
        if not error and await self._live(request):
            return RedirectResponse(next_path, status_code=303)
        csrf = secrets.token_urlsafe(32)
        notice = "You have logged out." if request.query_params.get("out") else ""
        response = HTMLResponse(_page(next_path, csrf, error, notice), status_code=status,
                                headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"})
        self._cookie(response, request, CSRF_COOKIE, csrf, same_site="strict", max_age=3600)
        if request.cookies.get(COOKIE):  # a cookie of an ended session: drop it
            response.delete_cookie(COOKIE, path=base_path())
        return response

    async def _log_in(self, request: Request) -> Response:
        body = await request.body()
        form = {k: v[0] for k, v in parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace")).items()}
        if len(body) > MAX_FORM_BYTES or not self._same_origin(request) or not hmac.compare_digest(
                form.get("csrf", ""), request.cookies.get(CSRF_COOKIE, "")):
            return await self._form(request, "The log-in form had expired: please try again.", 403, form.get("next"))
        address = client_address(request.client.host if request.client else None, request.headers.get("x-real-ip"))
        limiter = shared_login_limiter()
        wait = limiter.retry_after(address)
        if wait is not None:
            minutes = max(1, round(wait.total_seconds() / 60))
            return await self._form(request, f"Too many failed log-ins from your address. "
                                             f"Try again in about {minutes} minute(s).", 429, form.get("next"))
        try:
            session = await run_in_threadpool(accounts().authenticate, form.get("username", ""),
                                              form.get("password", ""))
        except AccountError as exc:
            limiter.failed(address)
            return await self._form(request, str(exc), 401, form.get("next"))
        old = request.cookies.get(COOKIE)
        if old:  # never keep a token the browser brought along (session fixation)
            await run_in_threadpool(accounts().end_session, old)
        response = RedirectResponse(safe_next(form.get("next")), status_code=303)
        self._cookie(response, request, COOKIE, session.token, same_site="lax",
                     max_age=int(ABSOLUTE_TIMEOUT.total_seconds()))
        response.delete_cookie(CSRF_COOKIE, path=base_path())
        return response

    @staticmethod
    def _same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        if not origin or origin == "null":
            return origin is None
        return urlsplit(origin).netloc == request.headers.get("host", "")

    @staticmethod
    def _cookie(response: Response, request: Request, name: str, value: str, *, same_site: str, max_age: int) -> None:
        secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
        response.set_cookie(name, value, max_age=max_age, path=base_path(), secure=secure, httponly=True,
                            samesite=same_site)  # type: ignore[arg-type]


def _referring_page(request: Request) -> str | None:
    """Path and query of the same-origin page whose link led here (the tab's URL as the browser shows it)."""
    parts = urlsplit(request.headers.get("referer", ""))
    if parts.netloc != request.headers.get("host") or parts.path.endswith("/auth/login"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page(next_path: str, csrf: str, error: str, notice: str) -> str:
    """The log-in page (every interpolated value escaped)."""
    message = (f'<p class="error" role="alert">{html.escape(error)}</p>' if error else
               f'<p class="notice">{html.escape(notice)}</p>' if notice else "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · Border Monitor</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f5f6f8; color: #1f2430; margin: 0; }}
main {{ max-width: 22rem; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 8px;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); }}
h1 {{ font-size: 1.4rem; margin: 0 0 1rem; }} label {{ display: block; margin: .8rem 0 .3rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }}
button {{ margin-top: 1.2rem; padding: .55rem 1.2rem; font-size: 1rem; }}
.error {{ color: #a11; }} .notice {{ color: #235; }} small {{ color: #667; }}
</style></head>
<body><main><h1>Border Monitor</h1>{message}
<form method="post" action="{html.escape(login_url())}">
<input type="hidden" name="csrf" value="{html.escape(csrf)}">
<input type="hidden" name="next" value="{html.escape(next_path)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" maxlength="64" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required>
<button type="submit">Log in</button>
</form>
<p><small>This dashboard is hosted: log in with the account an admin made for you.</small></p>
</main></body></html>"""
