"""Browser tests: a real `streamlit run` server on 127.0.0.1 and Debian's Chromium via Playwright.

Screenshots go to artifacts/screenshots/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

# A count or text asserted with expect() is awaited, not read once: a chart or title can land a frame after
# the run that sent it. 5 s (the default) is short on a loaded 2-core machine.
expect.set_options(timeout=60_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--process-per-site",   # every tab of 127.0.0.1 (any port) in one renderer process: see `keep_site_alive`
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app: Path, port: int, extra_env: dict | None = None) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    proc = subprocess.Popen(cmd, cwd=app.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, **(extra_env or {})})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def served(app: Path = ROOT / "app.py"):
    """A new server of `app` on a free port while the block runs; yields its base URL."""
    port = free_port()
    proc = start_server(app, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def app_url():
    """Base URL of the real app, served for the whole test session."""
    with served() as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Chromium with a profile on disk, as a person's browser has: see `shared_context`."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        profile = pw.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for blank in profile.pages:   # the window it opens with would make every tab a background tab
            blank.close()
        profile.add_init_script(RUN_COUNTER_JS)
        _SHARED[id(profile.browser)] = profile
        with keep_site_alive(profile):
            yield profile.browser
        profile.close()


class _Keeper(http.server.BaseHTTPRequestHandler):
    def do_GET(self):   # noqa: N802 - the name http.server calls
        body = b"keeps 127.0.0.1's renderer process alive between tests"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


_KEEPERS: set[int] = set()   # id() of the pages that only keep the site's renderer alive


@contextmanager
def keep_site_alive(context):
    """An idle tab on 127.0.0.1 for the whole session, so the test tabs' renderer process outlives each one.

    Under --process-per-site the tabs of a site share one renderer, which keeps what it has compiled and
    loaded (Streamlit's bundles, plotly.js). When the last tab of the site closed, the process went with
    it, and the next test's page started a cold one. Measured (7 pages opened one after another, each in
    a new tab, three rounds): 22-24 s and 37-40 CPU-s without; 13-15 s and 22-25 CPU-s with. The tab is
    on a port of its own: a site is the host, whatever the port, so it serves every app server's tabs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Keeper)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    keeper = context.new_page()
    _KEEPERS.add(id(keeper))
    try:
        keeper.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        yield
    finally:
        _KEEPERS.discard(id(keeper))
        server.shutdown()
        server.server_close()


def tabs(context) -> list:
    """The context's pages that tests opened (not the keeper of `keep_site_alive`)."""
    return [p for p in context.pages if id(p) not in _KEEPERS]


# Counts the script runs the page asked for and the runs the server finished, read off the websocket:
# the DOM's script state alone is "notRunning" between a click and the rerun it asks for.
# Protobuf fields: BackMsg.rerun_script = 11; ForwardMsg.new_session = 4, .script_finished = 6
# (status 2 is FINISHED_EARLY_FOR_RERUN: another run follows).
RUN_COUNTER_JS = """(() => {
  const runs = window.__runs = {asked: 0, started: 0, answered: 0, unreadable: 0};
  function fields(data) {
    const b = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    if (b === null) { runs.unreadable++; return []; }
    const out = []; let i = 0;
    const varint = () => { let v = 0, s = 1, c; do { c = b[i++]; v += (c & 127) * s; s *= 128; } while (c & 128); return v; };
    while (i < b.length) {
      const tag = varint(), kind = tag & 7, field = Math.floor(tag / 8);
      if (kind === 0) out.push([field, varint()]);
      else if (kind === 2) { const n = varint(); i += n; out.push([field, null]); }
      else if (kind === 1 || kind === 5) { i += kind === 1 ? 8 : 4; out.push([field, null]); }
      else { runs.unreadable++; break; }
    }
    return out;
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        for (const [field, value] of fields(e.data)) {
          if (field === 4) runs.started = runs.asked;          // this run answers every request sent so far
          if (field === 6 && value !== 2) runs.answered = runs.started;
        }
      });
    }
    send(data) {
      if (typeof data !== 'string' && fields(data).some(([field]) => field === 11)) runs.asked++;
      return super.send(data);
    }
  };
})()"""

# The app is idle when it has run, every rerun the page asked for has finished, the DOM says so,
# and two animation frames have painted what the run sent.
IDLE_JS = """() => { const r = window.__runs;
  if (!r) throw new Error('this page does not count its runs: open it in a context from new_context()');
  if (r.unreadable) throw new Error('a websocket message could not be read');
  return r.asked > 0 && r.answered === r.asked
    && document.querySelector("[data-testid='stApp']")?.dataset.testScriptState === 'notRunning'; }"""
# Waits for the run counters poll every 50 ms rather than on every animation frame: a frame requested
# each 16 ms kept an idle Explorer tab's renderer at 7% of a core (0.56 CPU-s in 8 s, 0.04 at 100 ms).
POLL_MS = 50
PAINTED_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def new_context(browser, **options):
    """A browser context whose pages count their script runs (see `wait_idle`)."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_COUNTER_JS)
    return context


def runs_asked(page) -> int:
    """How many reruns the page has asked the server for so far."""
    return page.evaluate("() => window.__runs.asked")


@contextmanager
def rerun(page, timeout: float = 30_000):
    """Around an action that must rerun the script: wait until it asked for a rerun and that ran."""
    before = runs_asked(page)
    yield
    page.wait_for_function("n => window.__runs.asked > n", arg=before, timeout=timeout, polling=POLL_MS)
    wait_idle(page, timeout)


_SHARED: dict[int, object] = {}   # id(browser) -> the one context its tabs share


def shared_context(browser):
    """One context per browser (so per pytest worker): the persistent one of the `browser` fixture, else new.

    A fresh context starts with an empty HTTP cache, and only a profile on disk keeps V8's code cache:
    without them every page load fetches and compiles Streamlit's scripts and plotly.js again (plotly.js
    alone took 940 ms of the page's main thread to evaluate, 67 ms with its code cache). A Streamlit
    session belongs to a tab's websocket, not to the context, so tabs that share a context still have
    sessions of their own."""
    context = _SHARED.get(id(browser))
    if context is None:
        context = _SHARED[id(browser)] = new_context(browser)
    return context


@contextmanager
def new_tab(browser, width: int = 1400, height: int = 1000, *, own_context: bool = False,
            color_scheme: str | None = None, reduced_motion: str | None = None):
    """A page with its own Streamlit session, of that size, preferring that colour scheme and motion.

    `own_context=True` gives it its own cookies too (a test of nginx's routing cookie needs that); so does
    opening it while another tab is open."""
    shared = shared_context(browser)
    # A second page open at once in the same context is a background tab, whose animation frames and
    # timers Chromium throttles: a tab opened beside another gets a context (and window) of its own.
    # The keeper's idle page does not count: beside it a test's tab was measured visible, its animation
    # frames and 10 ms timers at full rate.
    if not own_context and tabs(shared):
        own_context = True
    context = new_context(browser) if own_context else shared
    pg = context.new_page()
    pg.set_viewport_size({"width": width, "height": height})
    if color_scheme or reduced_motion:
        pg.emulate_media(color_scheme=color_scheme, reduced_motion=reduced_motion)
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        if own_context:
            context.close()
        else:
            # what Streamlit keeps in localStorage (sidebar width, theme) must not reach the next test
            try:
                pg.evaluate("() => { try { localStorage.clear(); } catch (e) {} }")
            except Exception:  # noqa: BLE001 - a page that crashed or never loaded has nothing to clear
                pass
            pg.close()
            if not tabs(context):
                context.clear_cookies()


@pytest.fixture
def page(browser, request):
    """A tab of the shared context; under `@pytest.mark.still` its browser asks for reduced motion."""
    still = request.node.get_closest_marker("still") is not None
    with new_tab(browser, reduced_motion="reduce" if still else None) as pg:
        yield pg


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until every script run the page has asked for has finished and been painted.

    An action whose rerun request is not yet sent when this is called is not waited for: wrap
    such an action in `rerun`."""
    page.wait_for_function(IDLE_JS, timeout=timeout, polling=POLL_MS)
    page.evaluate(PAINTED_JS)


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']", state="attached")
    wait_idle(page)


EXPANDER_READY_JS = """d => d.open && d.style.height === ''
  && !d.querySelector("[data-testid='stExpanderDetails']").hasAttribute('inert')"""


def open_expander(page, label: str):
    """Open the expander titled `label` and wait until its content takes clicks; returns its <details>.

    Streamlit opens the <details> at once but leaves its content `inert` until React has drawn it open,
    and animates its height meanwhile: a click in that window is dropped (seen twice in CI)."""
    details = page.locator("[data-testid='stExpander'] details").filter(
        has=page.locator("summary", has_text=label)).last
    details.locator("summary").first.click()
    page.wait_for_function(EXPANDER_READY_JS, arg=details.element_handle())
    return details


def screenshots_wanted() -> bool:
    """Screenshots are for a person to look at (SCREENSHOTS=1 make test); a plain run skips their cost."""
    return os.environ.get("SCREENSHOTS", "") not in ("", "0")


def screenshot(page, name: str, always: bool = False) -> Path | None:
    """A full-page PNG in artifacts/screenshots, when wanted (or `always`, for a test that checks it)."""
    if not (always or screenshots_wanted()):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']").first.inner_text()
