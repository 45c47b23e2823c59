"""Protocol sessions of the load test: Streamlit's WebSocket protocol, no browser (see scripts/load_test.py)."""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import re
import ssl
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import urlencode, urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import DoubleArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect as ws_connect
from websockets.typing import Origin, Subprotocol

from scripts.load_common import (
    ACTION_TIMEOUT_MS,
    VISIBLE_OPTIONS,
    Plan,
    ServerProbe,
    SessionLoop,
    Skipped,
    Stats,
    Target,
    run_until_done,
)
from tests.e2e.dashboard import (
    COUNT_LINE,
)

# -- protocol sessions (no browser) ---------------------------------------------------------

#: With reloads on, every this many loops a session reconnects as a reload or an opened link would.
RELOAD_EVERY = 3
_CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def _loopback_tls() -> ssl.SSLContext:
    tls = ssl.create_default_context()  # loopback only: a self-signed certificate
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    return tls


def web_log_in(base_url: str, name: str, password: str) -> str | None:
    """Log in through ``server.py``'s log-in route as a browser would; the session cookie, or None.

    None means the server has no log-in route (``streamlit run app.py``): the app's own form is used.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                         urllib.request.HTTPSHandler(context=_loopback_tls()))
    with opener.open(f"{base_url}/auth/login", timeout=ACTION_TIMEOUT_MS / 1000) as answer:
        found = _CSRF_FIELD.search(answer.read().decode("utf-8", "replace"))
    if found is None:
        return None
    form = urlencode({"csrf": found.group(1), "username": name, "password": password, "next": ""}).encode()
    try:
        opener.open(f"{base_url}/auth/login", data=form, timeout=ACTION_TIMEOUT_MS / 1000).close()
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"log-in refused: HTTP {exc.code}") from None
    cookie = next((c.value for c in jar if c.name == "bm_session"), None)
    if cookie is None:
        raise RuntimeError("the log-in route set no session cookie")
    return cookie


class WsSession(SessionLoop):
    """A Streamlit session driven over its WebSocket protocol, as the browser's frontend does.

    Logs in, then changes the time window (Quick window) on the map page again and again:
    each action is timed from sending the widget change to the server's ``script_finished``,
    i.e. server time only, without any rendering. The event card never reaches the server
    (Leaflet opens it in the browser); page changes and exports are left to the browser
    sessions, because they need the full widget state the frontend echoes on every run
    (only sliders are echoed here). A real browser also reports the map's bounds back,
    one more rerun per map drawing, which this client does not.
    """

    def __init__(self, number: int, target: Target, stats: Stats, reloads: bool = False) -> None:
        self.reloads = reloads
        self.number = number
        self.target = target
        self.stats = stats
        self.loop = 0
        self.ws: Any = None
        self.page_hash = ""
        self.widgets: dict[str, Any] = {}  # label -> element proto of the latest run
        self.count_text = ""
        self.sliders: dict[str, list[float]] = {}  # widget id -> value, echoed like the frontend does
        self.cookie: str | None = None  # the web session (server.py), sent with every new connection

    async def connect(self) -> None:
        parsed = urlparse(self.target.url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        headers = {"Cookie": f"bm_session={self.cookie}"} if self.cookie else None
        self.ws = await ws_connect(f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream",
                                   ssl=_loopback_tls() if scheme == "wss" else None,
                                   origin=Origin(f"{parsed.scheme}://{parsed.netloc}"),
                                   subprotocols=[Subprotocol("streamlit")], additional_headers=headers,
                                   max_size=None, open_timeout=ACTION_TIMEOUT_MS / 1000)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()

    def _collect(self, delta: Any) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        proto: Any = getattr(element, kind) if kind else None
        label = getattr(proto, "label", "")
        if label:
            self.widgets[label] = proto
        if kind == "slider":  # the frontend sends every slider's value back on each run
            values = proto.value if proto.set_value or proto.id not in self.sliders else self.sliders[proto.id]
            self.sliders[proto.id] = list(values) or list(proto.default)
        if kind == "markdown" and COUNT_LINE.search(element.markdown.body):
            self.count_text = COUNT_LINE.search(element.markdown.body).group(0)  # type: ignore[union-attr]

    async def _receive_until(self, done: Callable[[Any], bool]) -> Any:
        """Read ForwardMsgs (noting widgets, the page, the count line) until ``done(msg)``; return that msg."""
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(self.ws.recv(), ACTION_TIMEOUT_MS / 1000))
            kind = message.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = message.navigation.page_script_hash
            elif kind == "delta":
                self._collect(message.delta)
            if done(message):
                return message

    async def rerun(self, states: list[Any]) -> None:
        """Run the script with these widget states and wait for the end of the run."""
        back = BackMsg()
        back.rerun_script.page_script_hash = self.page_hash
        given = {state.id for state in states}
        echoed = [WidgetState(id=wid, double_array_value=DoubleArray(data=value))
                  for wid, value in self.sliders.items() if wid not in given]
        back.rerun_script.widget_states.widgets.extend([*states, *echoed])
        self.widgets, self.count_text = {}, ""
        await self.ws.send(back.SerializeToString())
        # A run that calls st.rerun() ends "early for rerun" and the next run follows at once.
        finished = await self._receive_until(lambda m: m.WhichOneof("type") == "script_finished"
                                             and m.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)
        if finished.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
            raise RuntimeError(f"script run ended with status {finished.script_finished}")
        if "stException" in str(self.widgets) or not self.count_text:
            raise RuntimeError("the page shows no event count (not logged in, or an error)")

    def _state(self, label: str, **value: Any) -> Any:
        if label not in self.widgets:
            raise RuntimeError(f"no widget labelled {label!r} on the page")
        return WidgetState(id=self.widgets[label].id, **value)

    async def login(self) -> None:
        """Log in (through the log-in route when the server has one, else the app's form); wait for the map."""
        await self.close()
        self.cookie = None
        if self.target.logins:
            name, password = self.target.logins[self.number % len(self.target.logins)]
            self.cookie = await asyncio.to_thread(web_log_in, self.target.url, name, password)
        await self.connect()
        with contextlib.suppress(RuntimeError):  # without a cookie the first run shows the log-in form
            await self.rerun([])
        if "Username" in self.widgets:
            if not self.target.logins:
                raise RuntimeError("the app asks for a login: pass --user and --password-env")
            name, password = self.target.logins[self.number % len(self.target.logins)]
            await self.rerun([self._state("Username", string_value=name),
                              self._state("Password", string_value=password),
                              self._state("Log in", trigger_value=True)])
        elif not self.count_text:
            raise RuntimeError("the first page shows neither a log-in form nor the event count")

    async def reload(self) -> None:
        """A page reload or an opened link: a new connection that must be logged in by its cookie alone."""
        if self.cookie is None:
            raise Skipped()
        await self.close()
        self.sliders, self.page_hash = {}, ""
        await self.connect()
        await self.rerun([])  # raises unless the first run shows the event count (no password asked)

    async def change_filter(self) -> None:
        options = list(self.widgets["Quick window"].options)[:VISIBLE_OPTIONS]
        choice = options[(self.number + self.loop) % len(options)]
        await self.rerun([self._state("Quick window", string_value=choice)])

    def steps(self) -> Iterator[tuple[str, Callable[[], Awaitable[float | None]]]]:
        yield "filter", self.change_filter
        if self.reloads and self.loop % RELOAD_EVERY == RELOAD_EVERY - 1:
            yield "reload", self.reload



async def drive_protocol(target: Target, plan: Plan, probe: ServerProbe | None) -> tuple[Stats, float]:
    """Run ``plan.sessions`` protocol sessions concurrently; return the stats and the measured time."""
    stats = Stats()
    sessions = [WsSession(n, target, stats, plan.reloads) for n in range(plan.sessions)]
    try:
        return stats, await run_until_done(sessions, plan, probe, stats)
    finally:
        for session in sessions:
            await session.close()


