"""Many people at once, at the protocol: sessions of benchmarks.st_protocol against one local server.

Each Explorer session opens the default view (`/`, the six seed functions) and moves Leaky ReLU's
slope k the way a person does: a burst of moves (5-10 a second for 1-2 s), then a pause of 1-3 s.
A move is the live control's commit (what the browser sends on release or an arrow key); with
`live`, each burst starts with the hover that asks for frames (the component's "want" event) and
the thumb is released once, at the end of the drag. Sends do not wait for answers.

Every answer is checked against the core: the run's chart says which commit it has seen (`seen`),
and its Leaky ReLU curve must be `analysis.sample` at that commit's k, bit for bit as the page
casts it. Sessions move k on disjoint grids (session i of N uses positions i, i+N, i+2N...), so a
curve from another session's value is caught. A burst whose last move is never answered is a lost
update. A frames answer must hold the asked-for value, its curve at a few of its values checked too.
A frames request must be answered: when the page says it dealt with a request (`wanted`) whose frames
never came, the session asks again as the browser does (counted), and one never answered is lost.

Latency of a request: from its send to the end (script_finished) of the first run that answers it.
The server's CPU time and resident memory come from psutil. Loopback only; every wait is bounded.
"""
from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import psutil

import activations
from activations import analysis
from benchmarks.st_protocol import Disconnected, Session, component_event, component_state, press
from components.live_control import resolve_payload
from deploy.replicas import MISSING_NGINX, Replicas, find_nginx
from figures.explorer import _f32
from tests.e2e.conftest import ROOT, free_port, start_server, stop_server
from tests.plotly_arrays import arr
from ui.pure import url_state

FN, KNOB, CHART = "leaky_relu", "k", "explorer_chart"
ACT = activations.get(FN)
K_STEP, K_LOW, K_POSITIONS = 0.001, 0.001, 999
ANSWER_TIMEOUT_S = 30.0      # a move not answered by then is lost
POINTS = url_state.POINTS_DEFAULT   # the default view's points per curve
PX = 800                     # the chart's width a frames request gives (a session's `px`)
FRAME_CHECKS = 3             # frames checked against the core per answer (each is a full curve)


def k_at(position: int) -> float:
    return round(K_LOW + position * K_STEP, 3)


@lru_cache(maxsize=4096)
def expected_f(k: float, lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The core's Leaky ReLU curve as the page sends it (x and f as float32 where that is exact enough)."""
    c = analysis.sample(ACT, {KNOB: k}, lo, hi, n)
    return _f32(c.x), _f32(c.f)


def f_trace(traces: list[dict]) -> dict | None:
    return next((t for t in traces if t.get("legendgroup") == FN and t.get("mode") == "lines"
                 and t.get("xaxis", "x") == "x" and "fill" not in t), None)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)


@dataclass
class Tally:
    """One session's findings."""

    latencies: list[float] = field(default_factory=list)        # seconds, commits
    frame_latencies: list[float] = field(default_factory=list)  # seconds, frames requests
    moves: int = 0
    answers: int = 0
    errors: list[str] = field(default_factory=list)   # exceptions, error boxes, failed runs, disconnects
    wrong: list[str] = field(default_factory=list)    # an answer that is not the core's for what was sent
    lost: list[str] = field(default_factory=list)     # a burst's last move, or a frames request, never answered
    asked_again: int = 0  # frames requests dealt with but whose frames never came (asked again, as a browser does)


class ExplorerUser:
    """One person on the Explorer, moving k on their own grid (see the module docstring)."""

    def __init__(self, url: str, index: int, of: int, seed: int, live: bool = False):
        self.session = Session(url)
        self.index, self.of, self.live = index, of, live
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.sent: dict[int, tuple[float, float]] = {0: (0.0, ACT.param(KNOB).default)}   # n -> (time, k)
        self.answered = 0          # the newest commit n an answer has seen
        self.wants: dict[int, float] = {}   # frames requests not yet answered: n -> first send time
        self.want_n = 0
        self.px = PX
        self.chart_id = ""
        self.sig = ""
        self.j = self.rng.randrange(max(1, (K_POSITIONS - 1 - index) // of))

    @property
    def position(self) -> int:
        return self.index + self.j * self.of

    async def open(self) -> None:
        run = await self.session.connect()
        self.tally.errors += run.errors
        chart = self.session.widget(CHART)
        self.chart_id = chart.id
        self._check(run)

    # -- sending -----------------------------------------------------------------------------
    async def move(self) -> None:
        top = (K_POSITIONS - 1 - self.index) // self.of
        self.j = min(max(self.j + self.rng.choice((-1, 1)) * self.rng.randint(1, 3), 0), top)
        n = max(self.sent) + 1
        k = k_at(self.position)
        self.sent[n] = (await self.session.send(component_state(self.chart_id, {
            "commit": {"key": KNOB, "value": k, "n": n}})), k)
        self.tally.moves += 1

    async def ask_frames(self) -> None:
        self.want_n += 1
        self.wants[self.want_n] = await self._send_want(self.want_n)

    def _ask_again(self) -> None:
        """As the browser does when its request was dealt with and no frames came."""
        first = min(self.wants.values())   # the latency counts from the first request
        self.wants.clear()
        self.want_n += 1
        self.wants[self.want_n] = first
        self.tally.asked_again += 1
        asyncio.get_running_loop().create_task(self._send_want(self.want_n))

    async def _send_want(self, n: int) -> float:
        want = {"knob": KNOB, "sig": self.sig, "around": k_at(self.position), "px": self.px, "n": n}
        return await self.session.send(component_event(self.chart_id, "want", want))

    async def act(self, until: float) -> None:
        """Bursts and pauses until `until` (perf_counter), then wait for the last answers."""
        while time.perf_counter() < until:
            if self.live:
                await self.ask_frames()
                await asyncio.sleep(self.rng.uniform(0.5, 1.5))   # the drag happens in the browser
                await self.move()                                   # the release
            else:
                rate, length = self.rng.uniform(5, 10), self.rng.uniform(1, 2)
                for _ in range(max(1, round(rate * length))):
                    await self.move()
                    await asyncio.sleep(1 / rate)
            await self._settle(self.rng.uniform(1, 3))
        await self._settle(ANSWER_TIMEOUT_S, final=True)

    async def _settle(self, pause: float, final: bool = False) -> None:
        """Pause; a final one ends as soon as every request is answered."""
        deadline = time.perf_counter() + pause
        while time.perf_counter() < deadline and not (final and self._done()):
            await asyncio.sleep(0.05)
        if final and not self._done():
            last = max(self.sent)
            self.tally.lost.append(f"commit {last} (k={self.sent[last][1]}) not answered in {pause:.0f} s"
                                   if self.answered < last else f"{len(self.wants)} frames requests not answered")

    def _done(self) -> bool:
        return self.answered >= max(self.sent) and not self.wants

    # -- receiving ---------------------------------------------------------------------------
    async def listen(self) -> None:
        try:
            while True:
                self._check(await self.session.next_run(timeout=3600))
        except Disconnected as err:
            self.tally.errors.append(f"disconnected: {err}")

    def _check(self, run) -> None:
        self.tally.answers += 1
        self.tally.errors += run.errors
        if not run.ok and run.status != 2:   # 2: cut short for a newer request, as designed
            self.tally.errors.append(f"run ended with status {run.status}")
        for proto in run.elements("bidi_component"):
            if proto.id == self.chart_id or not self.chart_id:
                self._check_chart(json.loads(proto.json), run.finished)

    def _check_chart(self, data: dict, at: float) -> None:
        seen = int(data.get("seen", 0))
        knob = next(k for k in data["knobs"] if k["key"] == KNOB)
        self.sig = knob["sig"]
        if seen not in self.sent:
            self.tally.wrong.append(f"answer for commit {seen}, never sent")
            return
        k = self.sent[seen][1]
        if knob["value"] != k:
            self.tally.wrong.append(f"commit {seen}: slider says k={knob['value']}, sent {k}")
        lo, hi = next(k["value"] for k in data["knobs"] if k["key"] == "x")
        fig = resolve_payload(data["cells"][0]["figure"])
        trace = f_trace(fig["data"])
        x, y = expected_f(k, lo, hi, POINTS)
        if trace is None or not (same(arr(trace["x"]), x) and same(arr(trace["y"]), y)):
            self.tally.wrong.append(f"commit {seen}: the curve is not f at k={k}")
        for n in range(self.answered + 1, seen + 1):
            if n in self.sent:
                self.tally.latencies.append(at - self.sent[n][0])
        self.answered = max(self.answered, seen)
        if data.get("frames"):
            self._check_frames(data["frames"], fig["data"].index(trace) if trace else -1, lo, hi, at)
        elif "wanted" not in data:   # a page that does not say (before the fix): a request a later commit's run cut short is lost
            for n, sent in list(self.wants.items()):
                if sent < self.sent[seen][0]:
                    self.tally.lost.append(f"frames request {n} cut short by commit {seen}")
                    del self.wants[n]
        elif any(n <= data["wanted"] for n in self.wants):
            self._ask_again()

    def _check_frames(self, frames: dict, trace: int, lo: float, hi: float, at: float) -> None:
        answered = [n for n in self.wants if n <= frames.get("n", max(self.wants, default=0))]
        if not answered and not self.want_n:
            self.tally.wrong.append("frames nobody asked for")
            return
        if answered:   # else a request's answer that came after all (its latency was counted)
            self.tally.frame_latencies.append(at - min(self.wants[n] for n in answered))
        for n in answered:
            del self.wants[n]
        values = frames["values"]
        patch = next((p for p in frames["patches"] if (p["cell"], p["trace"]) == (0, trace)), None)
        if patch is None:
            self.tally.wrong.append("frames without the moving curve")
            return
        for i in self.rng.sample(range(len(values)), min(FRAME_CHECKS, len(values))):
            entry = patch["frames"][i]
            x = arr(frames["arrays"][entry["x"]["ref"]])
            y = arr(frames["arrays"][entry["y"]["ref"]])
            # the Explorer draws a frame at a point per pixel of its f panel (views/explorer.py)
            want_x, want_y = expected_f(values[i], lo, hi, self.px // 2)
            if not np.allclose(y, want_y, rtol=1e-6, atol=1e-6, equal_nan=True) or not np.allclose(x, want_x, equal_nan=True):
                self.tally.wrong.append(f"frame at k={values[i]} is not f at that k")


class Trainer:
    """A session on the Training lab, its default settings, pressing Train again whenever a run ends."""

    def __init__(self, url: str):
        self.session = Session(url, path="training")
        self.runs = 0
        self.updates = 0   # progress bar moves received: the training went on
        self.errors: list[str] = []

    async def keep_training(self, until: float) -> None:
        try:
            await self.session.connect()
            while time.perf_counter() < until:
                run = await self.session.rerun(press(self.session.widget("tl_train").id))
                self.errors += run.errors
                self.runs += 1
                self.updates += len(run.elements("progress"))
        except (Disconnected, TimeoutError) as err:
            self.errors.append(f"trainer: {type(err).__name__}: {err}")
        finally:
            partial = self.session.receiving
            self.updates += len(partial.elements("progress")) if partial else 0
            await self.session.close()


# ---- the server and one step of load -----------------------------------------------------------
class Server:
    """The app (of the tree at `root`) on a free loopback port, with psutil on its process."""

    def __init__(self, root: Path = ROOT):
        self.root = root

    def __enter__(self) -> Server:
        self.port = free_port()
        self.proc = start_server(self.root / "app.py", self.port)
        self.ps = psutil.Process(self.proc.pid)
        self.url = f"http://127.0.0.1:{self.port}"
        return self

    def __exit__(self, *exc) -> None:
        stop_server(self.proc)

    def cpu(self) -> float:
        t = self.ps.cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    def rss(self) -> int:
        return self.ps.memory_info().rss


class Replicated(Server):
    """This tree as `make replicas` runs it: two app processes behind nginx (deploy/), CPU and RSS
    summed over the apps and nginx. A session is one websocket, so it stays on one process."""

    def __enter__(self) -> Replicated:
        nginx = find_nginx()
        if nginx is None:
            raise RuntimeError(MISSING_NGINX)
        self.replicas = Replicas(free_port(), nginx, say=lambda _: None, app_log=subprocess.DEVNULL).__enter__()
        self.url = self.replicas.url
        return self

    def __exit__(self, *exc) -> None:
        self.replicas.close()

    def _tree(self) -> list[psutil.Process]:
        procs = [psutil.Process(p.pid) for p in (*self.replicas.apps, self.replicas.proxy)]
        return procs + [c for p in procs for c in p.children(recursive=True)]

    def cpu(self) -> float:
        return sum(t.user + t.system for t in (p.cpu_times() for p in self._tree()))

    def rss(self) -> int:
        return sum(p.memory_info().rss for p in self._tree())


@dataclass
class Step:
    """One step of load: `sessions` people for `seconds`, and what the server spent."""

    sessions: int
    seconds: float
    tallies: list[Tally]
    cpu_s: float            # server CPU time during the active part
    rss_before: int         # bytes, before the sessions opened
    rss_peak: int
    training: tuple[int, int] | None = None   # (training runs finished, progress updates) beside, if any
    open_s: list[float] = field(default_factory=list)
    peak_cores: float = 0.0     # server CPU over its busiest quarter second (its runs come in bursts)
    driver_cpu_s: float = 0.0   # this process's CPU time: the driver must not be what is measured
    driver_late: list[float] = field(default_factory=list)   # how late this process's loop woke (s)

    @property
    def latencies(self) -> list[float]:
        return [v for t in self.tallies for v in t.latencies + t.frame_latencies]

    def p(self, q: float) -> float:
        return _quantile(self.latencies, q)

    def problems(self, kind: str) -> list[str]:
        return [e for t in self.tallies for e in getattr(t, kind)]

    @property
    def asked_again(self) -> int:
        return sum(t.asked_again for t in self.tallies)

    @property
    def runs(self) -> int:
        """Runs the sessions received (requests sent while one ran are answered together)."""
        return sum(t.answers for t in self.tallies)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def describe(self, label: str) -> str:
        lat = self.latencies
        frames = [v for t in self.tallies for v in t.frame_latencies]
        extra = f", frames p95 {sorted(frames)[int(0.95 * (len(frames) - 1))] * 1000:.0f} ms" if frames else ""
        return (f"{label}: {self.sessions} sessions x {self.seconds:.0f} s, {self.requests} answered requests, "
                f"p50 {statistics.median(lat) * 1000 if lat else float('nan'):.0f} ms, "
                f"p95 {self.p(0.95) * 1000:.0f} ms{extra}; errors {len(self.problems('errors'))}, "
                f"wrong {len(self.problems('wrong'))}, lost {len(self.problems('lost'))}"
                + (f", frames asked again {self.asked_again}" if self.asked_again else "") + "; "
                f"server CPU{' (training too)' if self.training else ''} {self.cpu_s / self.seconds:.2f} cores ({self.cpu_s / self.seconds / self.sessions:.3f} "
                f"per session), "
                f"{1000 * self.cpu_s / max(1, self.runs):.0f} ms per run ({self.runs} runs); "
                f"RSS +{(self.rss_peak - self.rss_before) / 2**20 / self.sessions:.1f} MB per active session; "
                f"busiest 0.25 s {self.peak_cores:.2f} cores; driver CPU {self.driver_cpu_s / self.seconds:.2f} cores, "
                f"its loop late p95 {1000 * _quantile(self.driver_late, 0.95):.0f} ms"
                + (f"; beside: {self.training[0]} training runs finished, {self.training[1]} progress updates"
                   if self.training else ""))


def _own_cpu() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


def _quantile(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def _open_all(users: list[ExplorerUser], at_once: int = 2) -> list[float]:
    gate, times = asyncio.Semaphore(at_once), []

    async def one(u: ExplorerUser) -> None:
        async with gate:   # opening is not what is measured: a few at a time
            t0 = time.perf_counter()
            await u.open()
            times.append(time.perf_counter() - t0)
    await asyncio.gather(*map(one, users))
    return times


async def run_step(server: Server, sessions: int, seconds: float, *, live: bool = False,
                   training: bool = False, seed: int = 0) -> Step:
    """`sessions` Explorer users for `seconds` (and a training run beside them, with `training`)."""
    rss_before = server.rss()
    users = [ExplorerUser(server.url, i, sessions, seed * 1000 + i, live) for i in range(sessions)]
    trainer = Trainer(server.url) if training else None
    try:
        open_s = await _open_all(users)
        listeners = [asyncio.create_task(u.listen()) for u in users]
        peak, cpu0, t0, mine0 = server.rss(), server.cpu(), time.perf_counter(), _own_cpu()
        side = asyncio.create_task(trainer.keep_training(t0 + seconds + ANSWER_TIMEOUT_S)) if trainer else None
        acting = asyncio.gather(*(u.act(t0 + seconds) for u in users))
        late, peak_cores, last = [], 0.0, (t0, cpu0)
        while not acting.done():
            peak = max(peak, server.rss())
            await asyncio.sleep(0.25)
            now, used = time.perf_counter(), server.cpu()
            late.append(now - last[0] - 0.25)
            peak_cores, last = max(peak_cores, (used - last[1]) / (now - last[0])), (now, used)
        await acting
        cpu, elapsed = server.cpu() - cpu0, time.perf_counter() - t0
        mine = _own_cpu() - mine0
        for task in listeners:
            task.cancel()
        if side:
            side.cancel()
            await asyncio.gather(side, return_exceptions=True)
        step = Step(sessions, elapsed, [u.tally for u in users], cpu, rss_before, peak,
                    (trainer.runs, trainer.updates) if trainer else None, open_s, peak_cores, mine, late)
        if trainer:
            step.tallies[0].errors += trainer.errors
        return step
    finally:
        await asyncio.gather(*(u.session.close() for u in users), return_exceptions=True)


async def ceiling(server: Server, sessions: int, seconds: float) -> tuple[float, float, float, float]:
    """Sessions that commit again as soon as they are answered (no pauses): the most runs a second the
    server gives, with its CPU then (cores) and p50, p95 latency (s). Every answer is checked."""
    users = [ExplorerUser(server.url, i, sessions, i) for i in range(sessions)]

    async def eager(u: ExplorerUser, until: float) -> None:
        while time.perf_counter() < until:
            await u.move()
            u._check(await u.session.next_run())
    try:
        await _open_all(users)
        cpu0, t0 = server.cpu(), time.perf_counter()
        await asyncio.gather(*(eager(u, t0 + seconds) for u in users))
        cpu, elapsed = server.cpu() - cpu0, time.perf_counter() - t0
    finally:
        await asyncio.gather(*(u.session.close() for u in users), return_exceptions=True)
    problems = [e for u in users for e in u.tally.errors + u.tally.wrong]
    if problems:
        raise AssertionError(f"wrong or failed answers at full load: {problems[:3]}")
    lat = [v for u in users for v in u.tally.latencies]
    return len(lat) / elapsed, cpu / elapsed, _quantile(lat, 0.5), _quantile(lat, 0.95)


async def idle_memory(server: Server, sessions: int, settle_s: float = 2.0) -> float:
    """Bytes of server RSS per idle session: `sessions` opened on the Explorer, then left alone."""
    before = server.rss()
    users = [ExplorerUser(server.url, i, sessions, i) for i in range(sessions)]
    try:
        await _open_all(users)
        await asyncio.sleep(settle_s)
        return (server.rss() - before) / sessions
    finally:
        await asyncio.gather(*(u.session.close() for u in users), return_exceptions=True)
