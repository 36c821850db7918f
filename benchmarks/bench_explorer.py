"""Explorer speed, against a bare Streamlit page (one slider, one st.plotly_chart) in the same run.

For each page, a real `streamlit run` server and Chromium; each step is one
ArrowRight on the "Leaky ReLU slope k" slider (always a value not seen before). Measured per step:
- server time: from the rerun request leaving the browser to the last message
  of that run arriving (websocket frame timestamps, localhost), and to the
  arrival of the chart's message (the largest one);
- bytes: websocket payload the browser received for the step;
- browser time: from the key press to the chart showing the new curves
  (a change in the drawn `path.js-line` geometry), slider debounce included.
Reported as medians and Explorer/bare ratios; absolute times vary by machine.
"""
from __future__ import annotations

import base64
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = int(__import__("os").environ.get("BENCH_STEPS", 12))

_WATCH_JS = """
([sel]) => new Promise((resolve) => {
  const snap = () => Array.from(document.querySelectorAll(sel + ' path.js-line'))
                          .map((p) => p.getAttribute('d')).join('|');
  window.__benchBefore = snap();
  resolve(true);
})
"""
_WAIT_JS = """
([sel, t0]) => new Promise((resolve) => {
  const snap = () => Array.from(document.querySelectorAll(sel + ' path.js-line'))
                          .map((p) => p.getAttribute('d')).join('|');
  const tick = () => {
    const now = snap();
    if (now && now !== window.__benchBefore) resolve(performance.now() - t0);
    else requestAnimationFrame(tick);
  };
  tick();
})
"""


def _frame_bytes(response: dict) -> int:
    data = response.get("payloadData", "")
    return len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())


def measure(browser, url: str, chart_selector: str) -> dict[str, float]:
    from tests.e2e.conftest import new_context, wait_idle

    page = new_context(browser, viewport={"width": 1400, "height": 1000}).new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    sent: list[float] = []
    received: list[tuple[float, int]] = []
    cdp.on("Network.webSocketFrameSent", lambda e: sent.append(e["timestamp"]))
    cdp.on("Network.webSocketFrameReceived",
           lambda e: received.append((e["timestamp"], _frame_bytes(e["response"]))))
    page.goto(url)
    page.wait_for_selector(f"{chart_selector} path.js-line", state="attached", timeout=60_000)
    wait_idle(page)
    if chart_selector == ".live-control":   # the Explorer's live control: a plain <input type=range>
        slider = page.get_by_role("slider", name="Leaky ReLU slope k", exact=True)
    else:
        slider = page.locator("[data-testid='stSlider']").filter(has_text="Leaky ReLU slope k").get_by_role("slider")
    slider.focus()
    server, to_data, sizes, browser_ms = [], [], [], []
    for _ in range(STEPS):
        page.wait_for_timeout(300)
        sent.clear()
        received.clear()
        page.evaluate(_WATCH_JS, [chart_selector])
        t0 = page.evaluate("performance.now()")
        # always a new value: Streamlit's message cache would resend a seen figure as a reference
        slider.press("ArrowRight")
        browser_ms.append(page.evaluate(_WAIT_JS, [chart_selector, t0]))
        wait_idle(page)
        page.wait_for_timeout(300)
        if sent and received:
            step = [(t, n) for t, n in received if t >= sent[0]]
            server.append((step[-1][0] - sent[0]) * 1000)
            to_data.append((max(step, key=lambda f: f[1])[0] - sent[0]) * 1000)   # the chart's message
            sizes.append(sum(n for _, n in step))
    page.close()
    if __import__("os").environ.get("BENCH_DEBUG"):
        print(url, [round(v) for v in server], [round(v) for v in to_data], sizes, [round(v) for v in browser_ms])
    return {"server_ms": statistics.median(server), "data_ms": statistics.median(to_data), "bytes": statistics.median(sizes),
            "browser_ms": statistics.median(browser_ms)}


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server

    servers = {"explorer": (ROOT / "app.py", ".live-control"),
               "bare": (ROOT / "benchmarks" / "bare_explorer_page.py", "[data-testid='stPlotlyChart']")}
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (script, selector) in servers.items():
            port = free_port()
            proc = start_server(script, port, {"PYTHONPATH": str(ROOT)})
            try:
                measure(browser, f"http://127.0.0.1:{port}/?k=0.5", selector)   # warm-up: imports, plotly.js
                results[name] = measure(browser, f"http://127.0.0.1:{port}/", selector)
            finally:
                stop_server(proc)
        browser.close()
    ex, bare = results["explorer"], results["bare"]
    print(f"{'per slider step (median of ' + str(STEPS) + ')':<40} {'Explorer':>12} {'bare page':>12} {'ratio':>8}")
    rows = (("server time per rerun (ms)", "server_ms", "{:.1f}"),
            ("  of which until the chart data (ms)", "data_ms", "{:.1f}"),
            ("bytes sent to the browser", "bytes", "{:,.0f}"),
            ("key press to redrawn chart (ms)", "browser_ms", "{:.1f}"))
    for label, key, fmt in rows:
        print(f"{label:<40} {fmt.format(ex[key]):>12} {fmt.format(bare[key]):>12} {ex[key] / bare[key]:>8.2f}")


if __name__ == "__main__":
    main()
