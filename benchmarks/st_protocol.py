"""A Streamlit client without a browser: the websocket protocol as the browser speaks it (Streamlit 1.67).

    async with Session("http://127.0.0.1:8501", query="fn=leaky_relu&k=0.2") as s:
        first = s.opened                          # the first run: a Run, up to its script_finished
        chart = s.widget("explorer_chart")        # the newest element whose widget key is this
        run = await s.rerun(component_state(chart.id, {"commit": {...}}))
        run.seconds, run.errors, run.elements("bidi_component")

What the browser does and this does too:
- connects to `/_stcore/stream` with the subprotocols ("streamlit", XSRF token, session to
  resume) and a same-origin `Origin`; loopback addresses only;
- asks for each run with a `rerun_script` BackMsg holding the URL's query string (as the server
  last set it through `page_info_changed`), the page (`page_name` from the path at first, then
  the `page_script_hash` the server named) and every widget value it holds; a trigger (a button
  press, a component event) is sent with one rerun only;
- a change to widgets that all sit in one `st.fragment` reruns only that fragment (`fragment_id`);
- keeps large elements the server marked cacheable, says which it holds
  (`cached_message_hashes`) and resolves the `ref_hash` the server sends for them instead.

A Run is every ForwardMsg between two `script_finished` messages. Sending does not wait for the
previous run (`send`), so a driver can press keys faster than the server answers, as a person can;
`next_run` waits for the next finished one. A closed socket makes every wait raise `Disconnected`.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FINISHED = ForwardMsg.ScriptFinishedStatus
OK = (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
DEFAULT_MAX_AGE = 2   # runs a cached element is kept unused (the server's global.maxCachedMessageAge)


class Disconnected(ConnectionError):
    """The server closed the websocket (or it broke) before the awaited run finished."""


# ---- widget values, as the frontend's WidgetStateManager sends them ----------------------------
def _state(widget_id: str, **value) -> WidgetState:
    return WidgetState(id=widget_id, **value)


def slider(widget_id: str, *values: float) -> WidgetState:
    """st.slider: one value, or two for a range."""
    s = _state(widget_id)
    s.double_array_value.data.extend(values)
    return s


def strings(widget_id: str, values: list[str]) -> WidgetState:
    """st.multiselect, st.select_slider (their options' formatted values), st.pills..."""
    s = _state(widget_id)
    s.string_array_value.data.extend(values)
    return s


def string(widget_id: str, value: str) -> WidgetState:
    """st.radio, st.selectbox, st.text_input..."""
    return _state(widget_id, string_value=value)


def boolean(widget_id: str, value: bool) -> WidgetState:
    """st.checkbox, st.toggle."""
    return _state(widget_id, bool_value=value)


def press(widget_id: str) -> WidgetState:
    """st.button: true for one run."""
    return _state(widget_id, trigger_value=True)


def component_state(widget_id: str, state: dict) -> WidgetState:
    """A `st.components.v2` component's whole state (its `setStateValue` keys), as JSON."""
    return _state(widget_id, json_value=json.dumps(state))


def component_event(widget_id: str, event: str, value) -> WidgetState:
    """A v2 component's `setTriggerValue(event, value)`: the events widget beside it, for one run."""
    return _state(_make_trigger_id(widget_id, "events"), json_trigger_value=json.dumps([{"event": event, "value": value}]))


def is_trigger(state: WidgetState) -> bool:
    return state.WhichOneof("value") in ("trigger_value", "string_trigger_value", "json_trigger_value")


# ---- what comes back ---------------------------------------------------------------------------
@dataclass
class Run:
    """One script run as received: its deltas in order, and how it ended."""

    sent: float                     # perf_counter() of the request: `rerun`'s own, else the last before the first delta
    finished: float = 0.0
    status: int = -1                # ForwardMsg.ScriptFinishedStatus
    deltas: list[tuple[tuple[int, ...], str, object]] = field(default_factory=list)   # (path, kind, proto)
    query_string: str | None = None   # what the server set the URL's query to in this run, if it did

    @property
    def seconds(self) -> float:
        return self.finished - self.sent

    @property
    def ok(self) -> bool:
        return self.status in OK

    def elements(self, kind: str) -> list:
        """The element protos of this kind (e.g. "bidi_component", "exception") in delivery order."""
        return [proto for _, k, proto in self.deltas if k == kind]

    @property
    def errors(self) -> list[str]:
        """Exceptions and st.error boxes this run showed."""
        shown = [f"{e.type}: {e.message}" for e in self.elements("exception")]
        return shown + [f"error box: {a.body[:200]}" for a in self.elements("alert") if a.format == Alert.ERROR]


def widget_key(widget_id: str) -> str:
    """The user key in a widget id ("$$ID-<hash>-<key>"), or "" for a widget without one."""
    head, _, key = widget_id.partition("-")[2].partition("-")
    return key if head else ""


class Session:
    """One browser tab's session over the websocket; see the module docstring."""

    def __init__(self, base_url: str, *, path: str = "", query: str = "", timeout: float = 60.0):
        parts = urlsplit(base_url)
        if parts.hostname not in LOOPBACK:
            raise ValueError(f"loopback servers only, not {parts.hostname}")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.stream = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.page_name, self.query_string, self.timeout = path.strip("/"), query.lstrip("?"), timeout
        self.page_script_hash = ""
        self.session_id = ""
        self.values: dict[str, WidgetState] = {}   # every widget value this tab holds, sent with each rerun
        self.fragment_of: dict[str, str] = {}      # widget id -> the fragment it was drawn in ("" if none)
        self.latest: dict[str, object] = {}        # widget id -> its newest element proto
        self.opened: Run | None = None
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}   # hash -> (message, run it was last used in)
        self._max_age = DEFAULT_MAX_AGE
        self._runs_done = 0
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._current: Run | None = None
        self._last_sent = 0.0
        self._finished: asyncio.Queue[Run] = asyncio.Queue()
        self.closed = asyncio.Event()
        self.close_reason = ""

    # -- connection ------------------------------------------------------------------------------
    async def connect(self, resume: str = "") -> Run:
        """Open the websocket (resuming session `resume` if the server still has it) and ask for the
        first run, as a page load does; returns that run."""
        self._ws = await websockets.connect(
            self.stream, subprotocols=["streamlit", "", resume] if resume else ["streamlit"],
            origin=self.origin, max_size=None, open_timeout=self.timeout, ping_interval=None)
        self.closed.clear()
        self._current = None   # a run the old connection left unfinished is not this one's
        self._reader = asyncio.create_task(self._read())
        self.opened = await self.rerun()
        return self.opened

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- requests --------------------------------------------------------------------------------
    def widget(self, key: str, kind: str | None = None):
        """The newest element whose widget key is `key` (of `kind`, if given)."""
        for wid, proto in reversed(self.latest.items()):
            if widget_key(wid) == key and (kind is None or type(proto).__name__.lower() == kind.replace("_", "")):
                return proto
        raise KeyError(f"no widget {key!r} received; have {sorted(map(widget_key, self.latest))}")

    async def send(self, *changes: WidgetState, fragment_id: str | None = None) -> float:
        """Ask for a rerun with these widget values changed; returns the time it was sent.

        The run is a fragment's when every changed widget was drawn in that one fragment
        (`fragment_id` overrides); values persist for later reruns, triggers do not."""
        if self.closed.is_set():
            raise Disconnected(self.close_reason)
        if fragment_id is None:
            owners = {self.fragment_of.get(widget_id_of(c), "") for c in changes}
            fragment_id = owners.pop() if len(owners) == 1 else ""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = "" if self.page_script_hash else self.page_name
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(self._cache)
        for c in changes:
            if not is_trigger(c):
                self.values[c.id] = c
        lasting = [v for k, v in self.values.items() if k not in {c.id for c in changes if is_trigger(c)}]
        state.widget_states.widgets.extend([*lasting, *(c for c in changes if is_trigger(c))])
        sent = self._last_sent = time.perf_counter()
        try:
            await self._ws.send(msg.SerializeToString())
        except websockets.ConnectionClosed as err:
            raise Disconnected(str(err)) from err
        return sent

    async def next_run(self, timeout: float | None = None) -> Run:
        """The next run that finished (early, for a newer request, or not)."""
        if not self._finished.empty():
            return self._finished.get_nowait()
        get = asyncio.ensure_future(self._finished.get())
        gone = asyncio.ensure_future(self.closed.wait())
        try:
            done, _ = await asyncio.wait({get, gone}, timeout=timeout or self.timeout,
                                         return_when=asyncio.FIRST_COMPLETED)
        finally:   # also when the caller is cancelled: no waiter is left behind
            gone.cancel()
            if not get.done():
                get.cancel()
        if get in done:
            return get.result()
        if gone in done:
            raise Disconnected(self.close_reason)
        raise TimeoutError(f"no run finished within {timeout or self.timeout} s")

    async def rerun(self, *changes: WidgetState, fragment_id: str | None = None) -> Run:
        """Send a rerun and wait for its run (one cut short by a newer request is skipped).
        With no other request outstanding, the next run to finish is this one's."""
        sent = await self.send(*changes, fragment_id=fragment_id)
        while True:
            run = await self.next_run()
            if run.status != FINISHED.FINISHED_EARLY_FOR_RERUN:
                run.sent = sent
                return run

    @property
    def receiving(self) -> Run | None:
        """The run being received now (unfinished), if any."""
        return self._current

    # -- the reader ------------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._receive(msg)
        except websockets.ConnectionClosed as err:
            self.close_reason = str(err)
        except Exception as err:   # a message this client cannot read ends the session, loudly
            self.close_reason = f"{type(err).__name__}: {err}"
        finally:
            self.close_reason = self.close_reason or "closed"
            self.closed.set()

    def _receive(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached, _ = self._cache[msg.ref_hash]   # KeyError: the server named an element we never had
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, full.WhichOneof("type")
        if msg.metadata.cacheable:
            self._cache[msg.hash] = (msg, self._runs_done)
        elif msg.hash in self._cache:
            self._cache[msg.hash] = (self._cache[msg.hash][0], self._runs_done)
        if self._current is None:
            self._current = Run(sent=self._last_sent)
        run = self._current
        if not run.deltas:
            run.sent = self._last_sent
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            self._max_age = msg.new_session.config.max_cached_message_age or DEFAULT_MAX_AGE
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = run.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            proto = getattr(element, what)
            run.deltas.append((tuple(msg.metadata.delta_path), what, proto))
            widget_id = getattr(proto, "id", "")
            if widget_id:
                self.latest.pop(widget_id, None)   # re-inserted last: `widget` finds the newest
                self.latest[widget_id] = proto
                self.fragment_of[widget_id] = msg.delta.fragment_id
        elif kind == "script_finished":
            run.finished, run.status = time.perf_counter(), msg.script_finished
            self._current = None
            self._runs_done += 1
            self._cache = {h: (m, at) for h, (m, at) in self._cache.items() if self._runs_done - at <= self._max_age}
            self._finished.put_nowait(run)


def widget_id_of(state: WidgetState) -> str:
    """The widget a value belongs to (a component's events widget counts as the component)."""
    prefix, suffix = _make_trigger_id("|", "events").split("|")
    if state.id.startswith(prefix) and state.id.endswith(suffix):
        return state.id.removeprefix(prefix).removesuffix(suffix)
    return state.id
