"""Faults behind nginx (deploy/): an app process killed under live sessions, then started again.

Two Chromium tabs, one on each process, and protocol sessions (benchmarks.st_protocol) on both,
moving a slider all along. The first tab's process is killed: the tab must reconnect through
nginx to the other process and come back with the same URL and the same curves, and its download
must work there; the protocol sessions of that process reconnect and go on. Then the killed
process is started again: the tab and the sessions that lived on the surviving process all along
must not have noticed either event.
"""
from __future__ import annotations

import asyncio
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Error as PlaywrightError

from benchmarks import load_driver as ld
from benchmarks.st_protocol import Disconnected
from deploy.replicas import Replicas, free_port
from tests.e2e.conftest import assert_no_exception, new_tab, wait_idle
from tests.e2e.test_explorer import CHART, slope_slider

VIEW = "/?fn=relu&fn=leaky_relu&k=0.2&x=-3&x=3&n=500"
APP = "[data-testid='stApp']"
# Every change of the app's connection and script state, stamped with the page's clock.
WATCH_JS = """() => { const app = document.querySelector("[data-testid='stApp']"); window.__events = [];
  new MutationObserver(() => window.__events.push([performance.now(),
      app.getAttribute('data-test-connection-state'), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-connection-state', 'data-test-script-state']}); }"""
DRAWN_JS = """() => Array.from(document.querySelectorAll('.live-control .lc-chart'))
  .map(n => n._fullData.map(t => [t.name, t.xaxis, Array.from(t.x), Array.from(t.y)]))"""


@pytest.fixture(scope="module")
def replicas(nginx):
    with Replicas(free_port(), nginx, app_log=subprocess.DEVNULL) as r:
        yield r


def route(page) -> int:
    """The process (1 or 2) that nginx's cookie sends this tab to."""
    return int(next(c["value"] for c in page.context.cookies() if c["name"] == "lab_route"))


class Tab:
    """A tab on the Explorer through nginx that counts its websockets and the messages they bring."""

    def __init__(self, page, url: str):
        self.page, self.sockets, self.received = page, 0, 0
        page.on("websocket", self._opened)
        page.goto(url + VIEW)
        # A process's first run imports the app: slow on a loaded machine, so a longer wait than wait_chart's.
        page.wait_for_function("() => Number(document.querySelector('.live-control')?.dataset.draws || 0) > 0",
                               timeout=120_000)
        self.loaded_ms = page.evaluate("performance.now()")   # since the navigation began
        wait_idle(page)
        page.evaluate(WATCH_JS)

    def _opened(self, ws) -> None:
        self.sockets += 1
        ws.on("framereceived", lambda _: setattr(self, "received", self.received + 1))

    def events_since(self, t: float) -> list:
        return [e for e in self.page.evaluate("window.__events") if e[0] > t]

    def drawn(self) -> list:
        return self.page.evaluate(DRAWN_JS)


class Steadfast(ld.ExplorerUser):
    """A protocol session on the Explorer that, like a tab, reconnects through nginx when its
    process dies: the new process rebuilds it from the URL and every widget value it holds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.drops = 0
        self.unsent = 0      # moves made while the connection was down (a tab shows "connecting")

    @property
    def route(self) -> int:
        cookie = self.session._ws.response.headers["Set-Cookie"]   # nginx names the process on the 101
        return int(cookie.split(";")[0].removeprefix("lab_route="))

    async def move(self) -> None:
        try:
            await super().move()
        except Disconnected:
            self.unsent += 1

    async def listen(self) -> None:
        while True:
            try:
                self._check(await self.session.next_run(timeout=3600))
            except Disconnected:
                # A new session: the process that answers never had the old one. The query string
                # and widget values the session holds go with its first run, as a tab's rerun does.
                self.drops += 1
                # If the new process takes the URL but not the component's last commit (CI saw this once
                # under load), the page it rebuilds says "commit 0": that is then the URL's k, not the
                # value the session opened with.
                url_k = parse_qs(self.session.query_string or "").get("k")
                if url_k:
                    self.sent[0] = (self.sent[0][0], float(url_k[0]))
                self._check(await self.session.connect())


class Until:
    """A deadline for ExplorerUser.act that is reached when the test sets `done`."""

    def __init__(self):
        self.done = threading.Event()

    def __gt__(self, now: float) -> bool:
        return not self.done.is_set()


@contextmanager
def moving_sessions(url: str, n: int):
    """`n` Steadfast sessions moving Leaky ReLU's k until the block ends (in a thread of their own)."""
    users, until, opened = [Steadfast(url, i, n, seed=i) for i in range(n)], Until(), threading.Event()

    async def drive() -> None:
        try:
            await ld._open_all(users)
        finally:
            opened.set()
        listeners = [asyncio.create_task(u.listen()) for u in users]
        try:
            await asyncio.gather(*(u.act(until) for u in users))
            for task in listeners:
                if task.done():
                    task.result()   # a listener that failed to reconnect, say why
        finally:
            for task in listeners:
                task.cancel()
            await asyncio.gather(*(u.session.close() for u in users), return_exceptions=True)

    failed: list[BaseException] = []
    thread = threading.Thread(target=lambda: _run(drive(), failed))
    thread.start()
    try:
        assert opened.wait(120) and not failed, failed
        yield users
    finally:
        until.done.set()
        thread.join(ld.ANSWER_TIMEOUT_S + 30)
    assert not failed, failed


def _run(coro, failed: list) -> None:
    try:
        asyncio.run(coro)
    except BaseException as err:   # reported by the test's thread
        failed.append(err)


def download_first_line(page, replicas: Replicas) -> str:
    with page.expect_download() as download:
        page.get_by_role("button", name="Download curves (CSV)").click()
    try:
        return Path(download.value.path()).read_text().splitlines()[0]
    except PlaywrightError as err:   # say what nginx saw of it
        log = (replicas.run_dir / "access.log").read_text().splitlines()
        raise AssertionError(f"download failed ({err}); nginx: {[ln for ln in log if '/media/' in ln][-4:]}") from err


def test_sessions_outlive_their_process_and_the_other_process_notices_nothing(replicas, browser):
    with new_tab(browser, own_context=True) as p1, new_tab(browser, own_context=True) as p2:
        victim = Tab(p1, replicas.url)
        bystander = Tab(p2, replicas.url)
        assert {route(p1), route(p2)} == {1, 2}     # nginx spread the two new tabs over both processes
        dead, alive = route(p1), route(p2)
        url, drawn, csv = p1.url, victim.drawn(), download_first_line(p1, replicas)
        assert url.endswith(VIEW) and drawn and csv.startswith("x,relu f")

        with moving_sessions(replicas.url, 4) as users:
            routes = [u.route for u in users]
            assert sorted(routes) == [1, 1, 2, 2]
            quiet = bystander.received
            t0 = p1.evaluate("performance.now()")
            replicas.kill(dead - 1)
            # Recovered: connected again, then a whole script run on the other process.
            p1.wait_for_function(
                """t => { const e = window.__events.filter(e => e[0] > t);
                          const back = e.findIndex(e => e[1] === 'CONNECTED');
                          return back >= 0 && e.slice(back).some(e => e[2] === 'running')
                              && e[e.length - 1][2] === 'notRunning'; }""", arg=t0, timeout=60_000)
            p1.wait_for_selector(CHART, state="attached")
            recovered_ms = victim.events_since(t0)[-1][0] - t0
            print(f"\nrecovery, kill to the chart drawn again on the other process: {recovered_ms:.0f} ms")
            assert route(p1) == alive and victim.sockets == 2
            assert p1.url == url
            assert victim.drawn() == drawn               # the same functions, range and parameter, point for point
            assert_no_exception(p1)

            answered = [u.tally.answers for u in users]
            replicas.restart(dead - 1)
            # The tab stays where its session now lives: a slider step is answered there.
            t1 = p1.evaluate("performance.now()")
            slope_slider(p1).focus()
            p1.keyboard.press("ArrowRight")
            p1.wait_for_function("u => location.href !== u", arg=url)
            wait_idle(p1)
            assert "k=0.201" in p1.url and route(p1) == alive and victim.sockets == 2
            assert all(e[1] == "CONNECTED" for e in victim.events_since(t1))

            # The bystander saw neither event: one websocket, no message, no state change, no rerun.
            assert bystander.sockets == 1 and bystander.received == quiet
            assert bystander.events_since(t0) == []
            assert p2.locator(APP).get_attribute("data-test-connection-state") == "CONNECTED"

            # The download is made and served by the process that took the tab over, also now that the
            # dead one is back, while the sessions above still rerun on it (the page builds the CSV in
            # its run, so the file is the session's, not one Streamlit drops after others' runs).
            assert download_first_line(p1, replicas) == csv.replace("0.2", "0.201")

        # The baseline, in the same run: a new tab opening the same link on the warm surviving process.
        with new_tab(browser, own_context=True) as p3:
            p3.context.add_cookies([{"name": "lab_route", "value": str(alive), "url": replicas.url}])
            fresh_ms = Tab(p3, replicas.url).loaded_ms
            assert route(p3) == alive
        print(f"recovery {recovered_ms:.0f} ms; a new tab on the same link: {fresh_ms:.0f} ms "
              f"(recovery / new tab = {recovered_ms / fresh_ms:.2f})")

        moved = [u for u, r in zip(users, routes) if r == dead]
        stayed = [u for u, r in zip(users, routes) if r == alive]
        for group, name in ((moved, "on the killed process"), (stayed, "on the other process")):
            t = [u.tally for u in group]
            print(f"protocol sessions {name}: {len(group)}, moves {sum(x.moves for x in t)}, "
                  f"runs received {sum(x.answers for x in t)}, moves while disconnected "
                  f"{sum(u.unsent for u in group)}, reconnects {sum(u.drops for u in group)}, "
                  f"errors {sum(len(x.errors) for x in t)}, wrong answers {sum(len(x.wrong) for x in t)}, "
                  f"lost updates {sum(len(x.lost) for x in t)}")
        for u in users:
            assert u.tally.errors == [] and u.tally.wrong == [], (u.tally.errors, u.tally.wrong)
        for u in stayed:
            assert u.drops == 0 and u.unsent == 0 and u.tally.lost == []
        for u, before in zip(users, answered):
            assert u.route == alive and u.tally.answers > before, (u.route, u.drops, u.tally.answers, before, u.unsent, u.tally.lost)
        for u in moved:
            assert u.drops == 1 and len(u.tally.lost) <= 1          # at most the run in flight at the kill
