"""Protocol sessions of the load test: Streamlit's WebSocket protocol, no browser (see scripts/load_test.py)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import urlparse

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
    Stats,
    Target,
    run_until_done,
)
from tests.e2e.dashboard import (
    COUNT_LINE,
)

# -- protocol sessions (no browser) ---------------------------------------------------------


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

    def __init__(self, number: int, target: Target, stats: Stats) -> None:
        self.number = number
        self.target = target
        self.stats = stats
        self.loop = 0
        self.ws: Any = None
        self.page_hash = ""
        self.widgets: dict[str, Any] = {}  # label -> element proto of the latest run
        self.count_text = ""
        self.sliders: dict[str, list[float]] = {}  # widget id -> value, echoed like the frontend does

    async def connect(self) -> None:
        parsed = urlparse(self.target.url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        tls = None
        if scheme == "wss":  # loopback only: a self-signed certificate
            tls = ssl.create_default_context()
            tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
        self.ws = await ws_connect(f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream", ssl=tls,
                                   origin=Origin(f"{parsed.scheme}://{parsed.netloc}"),
                                   subprotocols=[Subprotocol("streamlit")],
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
        await self.close()
        await self.connect()
        with contextlib.suppress(RuntimeError):  # the first run shows the log-in form, not the count
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

    async def change_filter(self) -> None:
        options = list(self.widgets["Quick window"].options)[:VISIBLE_OPTIONS]
        choice = options[(self.number + self.loop) % len(options)]
        await self.rerun([self._state("Quick window", string_value=choice)])

    def steps(self) -> Iterator[tuple[str, Callable[[], Awaitable[float | None]]]]:
        yield "filter", self.change_filter



async def drive_protocol(target: Target, plan: Plan, probe: ServerProbe | None) -> tuple[Stats, float]:
    """Run ``plan.sessions`` protocol sessions concurrently; return the stats and the measured time."""
    stats = Stats()
    sessions = [WsSession(n, target, stats) for n in range(plan.sessions)]
    try:
        return stats, await run_until_done(sessions, plan, probe, stats)
    finally:
        for session in sessions:
            await session.close()


