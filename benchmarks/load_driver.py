"""Many users at once: browser sessions in one Chromium move Explorer sliders against one local server.

Used by benchmarks/bench_load.py (20 sessions, 60 s) and tests/e2e/test_load.py (4 sessions, 10 s).
Loopback only, bounded in sessions and time: every wait has a timeout and the server
and browser stop in `finally`. Each session loads the Explorer with two parametrised
functions, then presses arrow keys on their sliders one move at a time, timing each
move from key press to the chart's next redraw (the live control bumps `data-draws`).
At the end each session's chart is compared with its own final slider values.
"""
from __future__ import annotations

import asyncio
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import psutil

import activations
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_server, stop_server

FUNCTIONS = ("leaky_relu", "elu")
QUERY = "?" + "&".join(f"fn={k}" for k in FUNCTIONS)
MOVE_TIMEOUT_S = 30.0
LOAD_TIMEOUT_MS = 90_000
TRACES_JS = """(n, group) => n._fullData
    .filter(t => t.legendgroup === group && t.mode === 'lines' && t.fill === 'none' && t.xaxis === 'x'
                 && t.line.width > 0)
    .map(t => ({x: Array.from(t.x), y: Array.from(t.y)}))"""


@dataclass
class SessionResult:
    latencies: list[float] = field(default_factory=list)   # seconds, key press to redraw
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)           # final chart disagrees with final sliders
    moves: int = 0
    timeouts: int = 0                                       # moves not redrawn within MOVE_TIMEOUT_S


@dataclass
class RunResult:
    sessions: list[SessionResult]
    seconds: float

    @property
    def latencies(self) -> list[float]:
        return [v for s in self.sessions for v in s.latencies]

    def p(self, q: float) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    @property
    def errors(self) -> list[str]:
        return [e for s in self.sessions for e in s.errors]

    @property
    def lost(self) -> list[str]:
        return [e for s in self.sessions for e in s.lost]


class RssSampler:
    """The server's resident memory (with any children), sampled in a thread every `every` s."""

    def __init__(self, pid: int, every: float = 1.0):
        self.proc, self.every, self.samples = psutil.Process(pid), every, []
        self._stop = threading.Event()
        self._start = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        procs = [self.proc, *self.proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs if p.is_running())

    def _run(self):
        while not self._stop.is_set():
            try:
                self.samples.append((time.monotonic() - self._start, self._rss()))
            except psutil.Error:
                return
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def mark(self) -> float:
        return time.monotonic() - self._start


def _slider_params() -> dict[str, tuple[str, str]]:
    """Slider label -> (function key, parameter name), as the Explorer labels them."""
    return {f"{a.label} {p.label}": (a.key, p.name) for a in map(activations.get, FUNCTIONS) for p in a.params}


LIVE = ".live-control"   # components/live_control: the sliders and the chart they shape
KNOBS_JS = """() => Array.from(document.querySelectorAll('.live-control .lc-knob'), (k) => ({
    key: k.dataset.key, label: k.querySelector('.lc-label-text').textContent.trim(),
    values: Array.from(k.querySelectorAll('input'), (i) => Number(i.value))}))"""


async def _revision(page) -> int:
    return int(await page.locator(LIVE).get_attribute("data-draws") or 0)


async def _wait_revision(page, after: int, timeout_s: float) -> None:
    await page.wait_for_function(
        "after => { const n = document.querySelector('.live-control');"
        " return n && Number(n.dataset.draws || 0) > after; }", arg=after, timeout=timeout_s * 1000)


async def _idle(page) -> None:
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                                 state="attached", timeout=LOAD_TIMEOUT_MS)


async def _final_check(page, result: SessionResult) -> None:
    """Each function's drawn f must be f at the parameters its sliders show now."""
    labels = _slider_params()
    params: dict[str, dict[str, float]] = {k: {} for k in FUNCTIONS}
    for knob in await page.evaluate(KNOBS_JS):
        if knob["label"] in labels and len(knob["values"]) == 1:
            fn, name = labels[knob["label"]]
            params[fn][name] = knob["values"][0]
    chart = page.locator(f"{LIVE} .lc-chart")
    for fn in FUNCTIONS:
        traces = await chart.evaluate(TRACES_JS, fn)
        if not traces:
            result.lost.append(f"{fn}: no curve drawn")
            continue
        x = np.array(traces[0]["x"], dtype=float)
        y = np.array(traces[0]["y"], dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        want = activations.get(fn).f(x[ok], **params[fn])
        if not np.allclose(y[ok], want, rtol=1e-5, atol=1e-6):
            result.lost.append(f"{fn}: chart drawn for other parameters than the sliders' {params[fn]}")


def _console(msg, result: SessionResult) -> None:
    # Loopback only: requests to outside hosts (Streamlit's optional fonts and telemetry) fail by design.
    if msg.type == "error" and "ERR_NAME_NOT_RESOLVED" not in msg.text and "ERR_INTERNET" not in msg.text:
        result.errors.append(f"console: {msg.text[:200]}")


async def _session(browser, url: str, seconds: float, seed: int, start: asyncio.Event,
                   ready: list, gate: asyncio.Semaphore) -> SessionResult:
    result = SessionResult()
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda err: result.errors.append(f"page error: {err}"))
    page.on("console", lambda msg: _console(msg, result))
    stage = "loading the page"
    try:
        async with gate:   # open tabs a few at a time: the loading is not what is measured
            await page.goto(url + QUERY, timeout=LOAD_TIMEOUT_MS, wait_until="domcontentloaded")
            await _idle(page)
            stage = "waiting for the first chart"
            await _wait_revision(page, 0, LOAD_TIMEOUT_MS / 1000)
        stage = "moving sliders"
        keys = [k["key"] for k in await page.evaluate(KNOBS_JS) if len(k["values"]) == 1]   # not the x range
        boxes = [page.locator(f"{LIVE} .lc-knob[data-key='{key}']") for key in keys]
        count = len(boxes)
        ready.append(True)
        await start.wait()
        rng = random.Random(seed)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            box = boxes[rng.randrange(count)]
            slider, shown = box.get_by_role("slider"), box.locator(".lc-value")
            await slider.focus()
            before, value = await _revision(page), await shown.inner_text()
            t0 = time.perf_counter()
            await slider.press(rng.choice(["ArrowRight", "ArrowLeft"]))
            if await shown.inner_text() == value:
                continue   # at a slider end the key changes nothing, so nothing redraws
            try:
                await _wait_revision(page, before, MOVE_TIMEOUT_S)
            except Exception:
                result.timeouts += 1   # the final check tells whether the update was lost or late
                continue
            result.latencies.append(time.perf_counter() - t0)
            result.moves += 1
        stage = "checking the final chart"
        await _idle(page)
        await page.wait_for_timeout(1500)   # a last redraw in flight lands before the check
        await _idle(page)
        if await page.locator("[data-testid='stException']").count():
            result.errors.append("stException on the page")
        await _final_check(page, result)
    except Exception as err:   # a session that broke is a finding, not a crash of the driver
        result.errors.append(f"{stage}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    finally:
        await context.close()
    return result


async def _run(browser, url: str, sessions: int, seconds: float) -> RunResult:
    start, ready, gate = asyncio.Event(), [], asyncio.Semaphore(2)
    tasks = [asyncio.create_task(_session(browser, url, seconds, i, start, ready, gate)) for i in range(sessions)]
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000 * sessions
    while len(ready) < sessions and time.monotonic() < deadline and not all(t.done() for t in tasks):
        await asyncio.sleep(0.2)
    t0 = time.monotonic()
    start.set()
    done = await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + (sessions + 4) * LOAD_TIMEOUT_MS / 1000)
    return RunResult(list(done), time.monotonic() - t0)


async def _drive(url: str, plan: list[tuple[int, float]]) -> list[RunResult]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return [await _run(browser, url, n, s) for n, s in plan]
        finally:
            await browser.close()


def run_load(plan: list[tuple[int, float]]) -> tuple[list[RunResult], RssSampler, list[float]]:
    """Run each (sessions, seconds) step of `plan` in turn against one fresh local server.

    Returns the results, the RSS samples and the sampler times at which each step began."""
    port = free_port()
    server = start_server(ROOT / "app.py", port)
    marks = []
    try:
        with RssSampler(server.pid) as rss:
            results = []
            for step in plan:
                marks.append(rss.mark())
                # Its own thread and event loop: pytest's sync Playwright fixtures may hold this thread's.
                with ThreadPoolExecutor(1) as pool:
                    results += pool.submit(asyncio.run, _drive(f"http://127.0.0.1:{port}/", [step])).result()
            marks.append(rss.mark())
    finally:
        stop_server(server)
    return results, rss, marks


def describe(result: RunResult, label: str) -> str:
    lat = result.latencies
    med = statistics.median(lat) if lat else float("nan")
    return (f"{label}: {len(result.sessions)} sessions, {result.seconds:.0f} s, {len(lat)} moves, "
            f"p50 {med * 1000:.0f} ms, p95 {result.p(0.95) * 1000:.0f} ms, errors {len(result.errors)}, "
            f"lost updates {len(result.lost)}, redraws later than {MOVE_TIMEOUT_S:.0f} s "
            f"{sum(s.timeouts for s in result.sessions)}")
