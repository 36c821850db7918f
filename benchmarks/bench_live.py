"""The Explorer's live control while a thumb is held, against a bare Streamlit page in the same run.

Issue 11's figures. Two real `streamlit run` servers (the app, and
benchmarks/bare_explorer_page.py: one st.slider for k, one st.plotly_chart of the
essay's six functions' f and f') and one headless Chromium driven by Playwright.

1. Drag frame rate: the pointer hovers a thumb, waits until the browser holds that
   knob's frames (`__state.frames.has(key)`: the product fetches them on hover),
   presses, and moves STEP_PX at a time for SECONDS. A requestAnimationFrame loop in
   the page counts the frames in which the drawn `path.js-line` geometry changed (a
   MutationObserver flags candidate frames; the `d` strings are compared), the shown
   value's changes, and its own callbacks (the page's display rate, the ceiling).
   Two ways of moving:
   - "awaited": Playwright's `page.mouse.move`, each awaited, at most one per 16 ms.
     Each move returns only once the browser has handled it, so on a loaded machine
     Playwright's round trip limits the moves; they are reported with frames per move.
   - "paced": a CDP `Input.dispatchMouseEvent` every 16 ms whatever the previous one's
     state (the browser coalesces moves the page has not taken yet, as for a real
     mouse), so the frame rate is the page's own. Moves acknowledged within the
     window are reported.
   For "Leaky ReLU slope k" and "Input range x (from)", with the essay's six
   functions and with all 49 (`?fn=` every registry key), and the bare page's st.slider.
2. Correctness while held: at the end of each drag of ours, before release, the drawn
   leaky f trace must equal `activations` f at the value the slider shows (float32
   tolerance, |x| > 0.01); for the x range the drawn x axis must be the shown range.
3. Keyboard step: focus the k slider (wait for its frames), press ArrowRight, time
   from the keydown event to the first animation frame with a changed path; median
   over PRESSES presses, each after the previous one's rerun has settled, alternating
   between the app and the bare page so that both see the same load.
4. Server work and bytes per drag plus release: websocket messages each way and their
   payload bytes (Playwright `page.on("websocket")`), and the server process's CPU
   time (psutil, user + system, before/after, children included). The hover's frames
   request is listed apart: it is paid once per knob and context, not per drag.

Ratios ours/bare are what to compare; absolute numbers vary with the machine's load.
Results also go to artifacts/bench_live.json. `python -m benchmarks live` runs it
alone; BENCH_LIVE_SECONDS and BENCH_LIVE_PRESSES change the drag length and presses.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import psutil

import activations

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("BENCH_LIVE_SECONDS", 2.0))
PRESSES = int(os.environ.get("BENCH_LIVE_PRESSES", 15))
MOVE_S = 0.016          # one mouse move per display frame
STEP_PX = 2             # per move: about two frame values of the k grid on the app's ~217 px track
QUIET_S = 0.4           # no websocket message for this long and the script idle: the page has settled
TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1400, "height": 1200}
LEAKY = activations.get("leaky_relu")
K_LABEL = "Leaky ReLU slope k"
X_FROM_LABEL = "Input range x (from)"
OURS = ".live-control path.js-line"
BARE = "[data-testid='stPlotlyChart'] path.js-line"
OUT = ROOT / "artifacts" / "bench_live.json"

# A requestAnimationFrame loop that notes each frame in which the drawn lines changed.
_RECORDER_JS = """
(sel) => {
  if (window.__bench) return;
  const B = window.__bench = { dirty: true, last: null, changes: [], values: 0, ticks: 0, t0: performance.now(),
                               t1: null, keyT: null, keyHit: null, lastValue: null, readValue: () => null };
  const snap = () => Array.from(document.querySelectorAll(sel), (p) => p.getAttribute("d") || "");
  const differs = (a, b) => !b || a.length !== b.length || a.some((d, i) => d !== b[i]);
  new MutationObserver(() => { B.dirty = true; })
    .observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["d"] });
  document.addEventListener("keydown", () => { B.last = snap(); B.keyT = performance.now(); B.keyHit = null; }, true);
  B.watch = (js) => { B.readValue = new Function("return (" + js + ")();"); B.lastValue = B.readValue(); };
  B.reset = () => { B.changes = []; B.values = 0; B.ticks = 0; B.t0 = performance.now(); B.t1 = null; };
  B.stop = () => { B.t1 = performance.now();
                   return { changes: B.changes.length, values: B.values, ticks: B.ticks, ms: B.t1 - B.t0,
                            first: B.changes.length ? B.changes[0] - B.t0 : null }; };
  const tick = () => {
    const t = performance.now();
    if (B.t1 === null) B.ticks += 1;
    if (B.dirty) {
      B.dirty = false;
      const now = snap();
      if (differs(now, B.last)) {
        B.last = now;
        if (B.t1 === null) B.changes.push(t);
        if (B.keyT !== null && B.keyHit === null) {
          B.keyHit = t - B.keyT;
          const chart = document.querySelector(".live-control .lc-chart");   // "k=..." if drawn from frames
          B.keyFrame = chart ? chart.dataset.frame || "" : null;
        }
      }
    }
    let v = null;
    try { v = B.readValue(); } catch (e) { v = null; }
    if (v !== B.lastValue) { B.lastValue = v; if (B.t1 === null) B.values += 1; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""
_OUR_VALUE_JS = ("() => { const k = document.querySelector('.live-control .lc-knob[data-key=\"%s\"]');"
                 " return k ? k.dataset.value : null; }")
_BARE_VALUE_JS = "() => document.querySelector(\"[data-testid='stSliderThumbValue']\").textContent"
_HAS_FRAMES_JS = ("(key) => { const r = document.querySelector('.live-control');"
                  " return !!(r && r.__state && r.__state.frames.has(key)); }")

# The leaky f trace as drawn now: the live layer's while a thumb is held over a chart of many traces.
_DRAWN_LEAKY_JS = """
(name) => {
  const pick = (node) => (node && node._fullData || []).find((t) => t.name === name && t.mode === "lines"
      && (t.xaxis || "x") === "x" && t.line && t.line.width > 0 && t.x && t.x.length > 1);
  const live = document.querySelector(".live-control .lc-live");
  const chart = document.querySelector(".live-control .lc-chart");
  const onLive = live && live.style.display === "block" && pick(live);
  const tr = onLive || pick(chart);
  if (!tr) return null;
  return { x: Array.from(tr.x), y: Array.from(tr.y), layer: onLive ? "live" : "base",
           xrange: Array.from(chart._fullLayout.xaxis.range), frame: chart.dataset.frame || "" };
}
"""


class Wire:
    """Websocket messages each way and their payload bytes, counted since the last reset()."""

    def __init__(self, page):
        self.last = self.last_recv = time.monotonic()   # any message; one from the server
        self.reset()
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        ws.on("framesent", lambda payload: self._add("sent", payload))
        ws.on("framereceived", lambda payload: self._add("recv", payload))

    def _add(self, way: str, payload) -> None:
        size = len(payload) if isinstance(payload, bytes | bytearray) else len(str(payload).encode())
        self.counts[way] += 1
        self.bytes[way] += size
        self.last = time.monotonic()
        if way == "recv":
            self.last_recv = self.last

    def reset(self) -> None:
        self.counts = {"sent": 0, "recv": 0}
        self.bytes = {"sent": 0, "recv": 0}

    def snapshot(self) -> dict:
        return {"msgs_sent": self.counts["sent"], "msgs_recv": self.counts["recv"],
                "bytes_sent": self.bytes["sent"], "bytes_recv": self.bytes["recv"]}


def _cpu(pid: int) -> float:
    """User + system CPU seconds of the server process and its children."""
    proc = psutil.Process(pid)
    total = 0.0
    for p in (proc, *proc.children(recursive=True)):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


async def _settle(page, wire: Wire, since: float | None = None, timeout_s: float = 60.0) -> None:
    """Wait until the script is idle and no websocket message came for QUIET_S (and, with `since`,
    the server sent at least one after it: the rerun the last action caused has begun)."""
    deadline = time.monotonic() + timeout_s
    idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        heard = since is None or wire.last_recv > since
        if heard and time.monotonic() - wire.last >= QUIET_S and await idle.count():
            return
    raise TimeoutError("the page did not settle")


class Tab:
    """One page of one server, with the frame recorder and websocket counters installed."""

    def __init__(self, page, pid: int, lines: str, kind: str):
        self.page, self.pid, self.lines, self.kind = page, pid, lines, kind
        self.wire = Wire(page)
        self.errors: list[str] = []
        page.on("pageerror", lambda err: self.errors.append(str(err)[:200]))

    @classmethod
    async def open(cls, browser, url: str, pid: int, kind: str) -> Tab:
        lines = OURS if kind == "ours" else BARE
        tab = cls(await browser.new_page(viewport=VIEWPORT), pid, lines, kind)
        await tab.page.goto(url, timeout=TIMEOUT_MS)
        try:
            await tab.page.wait_for_selector(lines, state="attached", timeout=TIMEOUT_MS)
        except Exception:
            shown = await tab.page.locator("[data-testid='stException'], [data-testid='stAlert']").all_inner_texts()
            raise RuntimeError(f"no chart drawn at {url[:80]}: {shown[:2] or tab.errors[:2]}") from None
        await _settle(tab.page, tab.wire)
        await tab.page.evaluate(_RECORDER_JS, lines)
        return tab

    def slider(self, label: str):
        if self.kind == "ours":
            return self.page.get_by_role("slider", name=label, exact=True)
        # st.slider's input is named by its own label and its group's: find it through its box
        return self.page.locator("[data-testid='stSlider']").filter(has_text=label).get_by_role("slider")

    async def wait_frames(self, key: str) -> None:
        await self.page.wait_for_function(_HAS_FRAMES_JS, arg=key, timeout=TIMEOUT_MS, polling=20)


async def _thumb(tab: Tab, slider) -> tuple[float, float, float, float]:
    """(thumb centre x, y, track left, track width) of a slider's thumb, in viewport pixels."""
    await slider.scroll_into_view_if_needed()
    info = await slider.evaluate("(e) => ({ v: Number(e.value), lo: Number(e.min), hi: Number(e.max) })")
    pct = (info["v"] - info["lo"]) / (info["hi"] - info["lo"])
    if tab.kind == "ours":   # the <input type=range> spans the track; its 12 px thumb travels inside it
        box = await slider.bounding_box()
        left, width, thumb = box["x"], box["width"], 12.0
        return left + thumb / 2 + pct * (width - thumb), box["y"] + box["height"] / 2, left, width
    # st.slider: the input is visually hidden inside the thumb, whose `left` is a share of the track
    box = await slider.evaluate("(e) => { const r = e.closest('[data-rac][style*=\"position: relative\"]')"
                                ".getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }")
    return box["x"] + pct * box["width"], box["y"] + box["height"] / 2, box["x"], box["width"]


def _path(x: float, lo: float, hi: float, count: int) -> list[float]:
    """`count` positions STEP_PX apart from x, turning back at lo and hi."""
    out, direction = [], 1
    for _ in range(count):
        if x + direction * STEP_PX > hi:
            direction = -1
        elif x + direction * STEP_PX < lo:
            direction = 1
        x += direction * STEP_PX
        out.append(x)
    return out


async def drag(tab: Tab, label: str, key: str | None, value_js: str, span: tuple[float, float],
               paced: bool) -> dict:
    """Hover the thumb (wait for frames), press, move STEP_PX per 16 ms for SECONDS, release.

    `span` bounds the moves as shares of the track (a range's lower thumb stays below the upper)."""
    page, wire = tab.page, tab.wire
    slider = tab.slider(label)
    x, y, left, width = await _thumb(tab, slider)
    xs = _path(x, left + span[0] * width, left + span[1] * width, int(SECONDS / MOVE_S) + 1)
    await page.evaluate("(js) => window.__bench.watch(js)", value_js)
    # Hover: the app asks for this knob's frames; measured apart from the drag.
    wire.reset()
    cpu0, t0 = _cpu(tab.pid), time.perf_counter()
    await page.mouse.move(x - 20, y - 30)
    await page.mouse.move(x, y, steps=4)
    fetch = {}
    if key is not None:
        await tab.wait_frames(key)
        fetch["ms"] = (time.perf_counter() - t0) * 1000
    await _settle(page, wire)
    if key is not None:
        fetch.update(wire.snapshot(), cpu_ms=(_cpu(tab.pid) - cpu0) * 1000)
    # The drag.
    wire.reset()
    cpu0 = _cpu(tab.pid)
    cdp = await page.context.new_cdp_session(page) if paced else None
    mouse = lambda kind, px, **kw: cdp.send("Input.dispatchMouseEvent", {
        "type": kind, "x": px, "y": y, "button": "left", "buttons": 1, "clickCount": 1, **kw})
    await page.evaluate("window.__bench.reset()")
    if paced:
        await mouse("mousePressed", x)
    else:
        await page.mouse.down()
    moves, pending, start = 0, [], time.perf_counter()
    for px in xs:
        if time.perf_counter() - start >= SECONDS:
            break
        if paced:   # not awaited: one every 16 ms whatever became of the previous ones
            pending.append(asyncio.ensure_future(mouse("mouseMoved", px)))
        else:
            await page.mouse.move(px, y)
        moves += 1
        wait = start + moves * MOVE_S - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
    held_s = time.perf_counter() - start
    acked = sum(f.done() for f in pending) if paced else moves
    rec = await page.evaluate("window.__bench.stop()")
    if pending:
        await asyncio.gather(*pending)
    held_wire = wire.snapshot()
    # Still held: the last move's frame is drawn at the next animation frame; check after it.
    await page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    check = await correctness(page, key) if tab.kind == "ours" else None
    released = time.monotonic()
    if paced:
        await mouse("mouseReleased", xs[moves - 1], buttons=0)
        await cdp.detach()
    else:
        await page.mouse.up()
    await _settle(page, wire, since=released)
    cpu_ms = (_cpu(tab.pid) - cpu0) * 1000
    seconds = rec["ms"] / 1000
    return {"mode": "paced" if paced else "awaited", "moves": moves, "moves_acked": acked, "held_s": held_s,
            "moves_per_s": moves / held_s, "acked_per_s": acked / held_s, "frames": rec["changes"],
            "fps": rec["changes"] / seconds, "frames_per_move": rec["changes"] / max(1, acked),
            "value_changes_per_s": rec["values"] / seconds, "raf_per_s": rec["ticks"] / seconds,
            "first_frame_ms": rec["first"], "held_msgs": held_wire["msgs_sent"] + held_wire["msgs_recv"],
            **wire.snapshot(), "server_cpu_ms": cpu_ms, "fetch": fetch, "check": check}


async def correctness(page, key: str) -> dict:
    """The drawn leaky f against activations at the shown value, while the thumb is still held."""
    drawn = await page.evaluate(_DRAWN_LEAKY_JS, "Leaky ReLU")
    k_shown = await page.evaluate(_OUR_VALUE_JS % "k")
    if drawn is None or k_shown is None:
        return {"ok": False, "why": "no leaky trace or k value found"}
    x, y = np.asarray(drawn["x"], dtype=np.float64), np.asarray(drawn["y"], dtype=np.float64)
    want = LEAKY.f(x, k=float(k_shown)).astype(np.float32).astype(np.float64)
    away = np.isfinite(x) & np.isfinite(y) & (np.abs(x) > 1e-2)
    err = float(np.max(np.abs(y[away] - want[away]))) if away.any() else float("inf")
    scale = float(np.max(np.abs(want[away]))) if away.any() else 1.0
    ok = bool(away.sum() > 10 and err <= 4 * np.finfo(np.float32).eps * max(1.0, scale))
    out = {"ok": ok, "k_shown": k_shown, "max_abs_err": err, "points": int(away.sum()), "layer": drawn["layer"],
           "frame": drawn["frame"]}
    if key == "x":   # and the drawn axis is the shown range
        shown = await page.evaluate(_OUR_VALUE_JS % "x")
        lo, hi = (float(v) for v in re.split(r"\s+[–-]\s+", shown.strip()))
        out.update(x_shown=shown, x_axis=drawn["xrange"],
                   ok=ok and bool(np.allclose(drawn["xrange"], [lo, hi], atol=1e-9)))
    return out


async def focus_keys(tab: Tab, label: str, key: str | None) -> None:
    """Focus a slider by keyboard focus alone (no pointer over it) and wait for its frames."""
    page = tab.page
    slider = tab.slider(label)
    await slider.scroll_into_view_if_needed()
    await page.mouse.move(5, 5)
    await page.evaluate("() => document.activeElement && document.activeElement.blur()")
    await slider.focus()
    if key is not None:
        await tab.wait_frames(key)
    await _settle(page, tab.wire)


async def press(tab: Tab) -> tuple[float | None, str | None]:
    """ArrowRight on the focused slider: ms from the keydown to the first animation frame with a
    changed path (None if none within 20 s), and the chart's data-frame then; waits for the rerun."""
    page = tab.page
    await page.evaluate("window.__bench.keyHit = null")
    pressed = time.monotonic()
    await page.keyboard.press("ArrowRight")
    try:
        await page.wait_for_function("window.__bench.keyHit !== null", timeout=20_000, polling=10)
        hit = await page.evaluate("[window.__bench.keyHit, window.__bench.keyFrame]")
    except Exception:
        hit = (None, None)
    await _settle(page, tab.wire, since=pressed)
    await asyncio.sleep(0.05)
    return hit[0], hit[1]


def _key_stats(hits: list) -> dict:
    times = [ms for ms, _ in hits if ms is not None]
    return {"median_ms": statistics.median(times) if times else float("nan"),
            "p90_ms": sorted(times)[int(0.9 * (len(times) - 1))] if times else float("nan"),
            "min_ms": min(times) if times else float("nan"), "presses": len(hits),
            "missed": len(hits) - len(times), "from_frames": sum(1 for _, f in hits if f),
            "all_ms": [ms for ms, _ in hits], "frames": [f for _, f in hits]}


def _servers():
    from tests.e2e.conftest import free_port, start_server

    env = {"PYTHONPATH": str(ROOT)}
    plan = {"app": ROOT / "app.py", "bare": ROOT / "benchmarks" / "bare_explorer_page.py"}
    ports = {name: free_port() for name in plan}
    procs, problems = {}, []
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(start_server, script, ports[name], env) for name, script in plan.items()}
        for name, fut in futures.items():
            try:
                procs[name] = fut.result()
            except Exception as err:
                problems.append(err)
    return procs, ports, problems


# (result name, knob label, frames key or None for the bare page, shown-value JS, span of the track, paced)
DRAGS = {
    "ours": [("k", K_LABEL, "k", _OUR_VALUE_JS % "k", (0.0, 0.9), False),
             ("k paced", K_LABEL, "k", _OUR_VALUE_JS % "k", (0.0, 0.9), True),
             ("x from", X_FROM_LABEL, "x", _OUR_VALUE_JS % "x", (0.05, 0.35), False)],
    "bare": [("k", K_LABEL, None, _BARE_VALUE_JS, (0.0, 0.9), False),
             ("k paced", K_LABEL, None, _BARE_VALUE_JS, (0.0, 0.9), True)],
}


async def _drive(urls: dict, procs: dict) -> dict:
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    every = "?" + "&".join(f"fn={k}" for k in activations.names())
    results: dict = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tabs: list[Tab] = []
        try:
            six = await Tab.open(browser, urls["app"], procs["app"].pid, "ours")
            bare = await Tab.open(browser, urls["bare"], procs["bare"].pid, "bare")
            tabs += [six, bare]
            for name, tab in (("six", six), ("bare", bare)):
                for what, label, key, value_js, span, paced in DRAGS[tab.kind]:
                    results[f"{name}/{what}"] = await drag(tab, label, key, value_js, span, paced)
            # Key steps alternate between the two pages, so that both see the same machine load.
            await focus_keys(six, K_LABEL, "k")
            await focus_keys(bare, K_LABEL, None)
            hits = {"six": [], "bare": []}
            for _ in range(PRESSES):
                hits["six"].append(await press(six))
                hits["bare"].append(await press(bare))
            results.update({f"{name}/keys": _key_stats(h) for name, h in hits.items()})
            for tab in (six, bare):
                await tab.page.close()
            every49 = await Tab.open(browser, urls["app"] + every, procs["app"].pid, "ours")
            tabs.append(every49)
            for what, label, key, value_js, span, paced in DRAGS["ours"]:
                results[f"all49/{what}"] = await drag(every49, label, key, value_js, span, paced)
            results.update({f"{name}/errors": tab.errors for name, tab in zip(("six", "bare", "all49"), tabs)})
        finally:
            await browser.close()
    return results


def run() -> dict:
    from tests.e2e.conftest import stop_server

    procs, ports, problems = _servers()
    try:
        if problems:
            raise problems[0]
        return asyncio.run(_drive({n: f"http://127.0.0.1:{p}/" for n, p in ports.items()}, procs))
    finally:
        for proc in procs.values():
            stop_server(proc)


def _fmt(v, spec: str) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return "–"
    return format(v, spec)


COLUMNS = [("k 6", "six/k"), ("k 6 paced", "six/k paced"), ("k 49", "all49/k"), ("k 49 paced", "all49/k paced"),
           ("x from 6", "six/x from"), ("x from 49", "all49/x from"), ("bare k", "bare/k"),
           ("bare paced", "bare/k paced")]


def _baseline(col: str) -> str:
    return "bare/k paced" if col.endswith("paced") else "bare/k"


def report(r: dict, elapsed: float, load: tuple) -> str:
    w0, w = 42, 11
    head = lambda title: f"{title:<{w0}}" + "".join(f"{c:>{w}}" for c, _ in COLUMNS)
    lines = [f"Live control: {SECONDS:g} s drags, a mouse move per {MOVE_S * 1000:.0f} ms of {STEP_PX} px; "
             f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
             f"run took {elapsed:.0f} s",
             "columns: ours with the essay's 6 functions or all 49; bare = one st.slider + one st.plotly_chart;",
             "awaited = Playwright mouse.move, each awaited; paced = CDP mouse events every 16 ms, not awaited",
             "", head("held thumb")]

    def row(label, get, spec):
        lines.append(f"{label:<{w0}}" + "".join(f"{_fmt(get(r[c]), spec):>{w}}" for _, c in COLUMNS))

    def ratio(label, key):
        lines.append(f"{label:<{w0}}" + "".join(
            f"{_fmt(r[c][key] / max(1e-9, r[_baseline(c)][key]), '.2f'):>{w}}" for _, c in COLUMNS))

    row("mouse moves sent /s", lambda d: d["moves_per_s"], ".1f")
    row("mouse moves done (acknowledged) /s", lambda d: d["acked_per_s"], ".1f")
    row("drawn frames /s (path geometry changed)", lambda d: d["fps"], ".1f")
    row("drawn frames per move done", lambda d: d["frames_per_move"], ".2f")
    row("shown value changes /s", lambda d: d["value_changes_per_s"], ".1f")
    row("page rAF callbacks /s (display ceiling)", lambda d: d["raf_per_s"], ".1f")
    row("press to first drawn frame (ms)", lambda d: d["first_frame_ms"], ".0f")
    row("ws messages while held (both ways)", lambda d: d["held_msgs"], "d")
    row("held: drawn leaky f = f(shown value)", lambda d: d["check"] and ("ok" if d["check"]["ok"] else "FAIL"), "")
    lines += ["", head("per drag + release")]
    row("ws messages browser -> server", lambda d: d["msgs_sent"], "d")
    row("ws messages server -> browser", lambda d: d["msgs_recv"], "d")
    row("bytes received by the browser", lambda d: d["bytes_recv"], ",d")
    row("bytes sent by the browser", lambda d: d["bytes_sent"], ",d")
    row("server CPU time (ms)", lambda d: d["server_cpu_ms"], ".0f")
    ratio("  ours/bare: messages received", "msgs_recv")
    ratio("  ours/bare: bytes received", "bytes_recv")
    ratio("  ours/bare: server CPU", "server_cpu_ms")
    lines += ["", head("hover before a drag: frames request")]
    row("  hover to frames in the browser (ms)", lambda d: d["fetch"].get("ms"), ".0f")
    row("  ws messages server -> browser", lambda d: d["fetch"].get("msgs_recv"), "d")
    row("  bytes received by the browser", lambda d: d["fetch"].get("bytes_recv"), ",d")
    row("  server CPU time (ms)", lambda d: d["fetch"].get("cpu_ms"), ".0f")
    ours, bare = r["six/keys"], r["bare/keys"]
    lines += ["", f"{'ArrowRight on k to redrawn chart (6 fns)':<{w0}}{'ours':>{w}}{'bare':>{w}}{'ours/bare':>{w}}"]
    for label, key in ((f"  median of {PRESSES} (ms)", "median_ms"), ("  p90 (ms)", "p90_ms"), ("  min (ms)", "min_ms")):
        note = "   (goal <= 0.5)" if key == "median_ms" else ""
        lines.append(f"{label:<{w0}}{ours[key]:>{w}.1f}{bare[key]:>{w}.1f}{ours[key] / bare[key]:>{w}.2f}{note}")
    lines.append(f"{'  presses with no redraw within 20 s':<{w0}}{ours['missed']:>{w}d}{bare['missed']:>{w}d}")
    lines.append(f"{'  presses first redrawn from frames':<{w0}}{ours['from_frames']:>{w}d}{'–':>{w}}")
    lines.append("")
    for _, c in COLUMNS:
        check = r[c].get("check")
        if check:
            extra = f"; x axis {check['x_axis']} for shown {check['x_shown']}" if "x_axis" in check else ""
            lines.append(f"check {c}: {'ok' if check['ok'] else 'FAIL'}: k shown {check.get('k_shown')}, "
                         f"max |drawn - f| {_fmt(check.get('max_abs_err'), '.2e')} over {check.get('points')} "
                         f"points ({check.get('layer')} layer, frame '{check.get('frame')}'){extra}")
    for name in ("six/errors", "all49/errors", "bare/errors"):
        for err in r.get(name, [])[:5]:
            lines.append(f"page error ({name.split('/')[0]}): {err}")
    return "\n".join(lines)


def _code_version() -> str:
    """The commit measured, and whether the app's files differ from it."""
    git = lambda *a: subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "app.py", "views", "components", "figures", "ui", "activations")
    return head + (" + uncommitted app changes" if dirty else "")


def main() -> None:
    version = _code_version()
    start = time.perf_counter()
    results = run()
    elapsed, load = time.perf_counter() - start, os.getloadavg()
    print(f"app code: {version}")
    print(report(results, elapsed, load))
    ratios = {"keys_median_ours_over_bare": results["six/keys"]["median_ms"] / results["bare/keys"]["median_ms"]}
    for _, c in COLUMNS[:-2]:
        for m in ("msgs_recv", "msgs_sent", "bytes_recv", "server_cpu_ms"):
            ratios[f"{c}/{m}_ours_over_bare"] = results[c][m] / max(1e-9, results[_baseline(c)][m])
    meta = {"code": version, "seconds": SECONDS, "presses": PRESSES, "move_s": MOVE_S, "step_px": STEP_PX, "loadavg": load,
            "cpus": os.cpu_count(), "elapsed_s": elapsed, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"meta": meta, "ratios": ratios, "results": results}, indent=1))
    print(f"\nwritten to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
