"""deploy/nginx.conf's routing, with two small stand-in HTTP servers as the app processes.

The cookie `lab_route` must keep a browser on one process, follow it to the other when its process
dies, and stay there when the dead one comes back (its session now lives in the survivor).
"""
from __future__ import annotations

import http.cookiejar
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy.replicas import free_port, healthy, start_proxy, stop


class StandIn:
    """An HTTP server on `port` that answers every path with its name (and ok on the health path)."""

    def __init__(self, name: str, port: int):
        self.name, self.port = name, port
        self.start()

    def start(self) -> None:
        name = self.name

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"ok" if self.path == "/_stcore/health" else name.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """A client with its own cookie jar, like one browser."""

    def __init__(self, url: str):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str = "/") -> str:
        with self.opener.open(self.url + path, timeout=10) as r:
            return r.read().decode()

    @property
    def route(self) -> str | None:
        return next((c.value for c in self.jar if c.name == "lab_route"), None)


@pytest.fixture
def proxied(nginx):
    apps = [StandIn("app1", free_port()), StandIn("app2", free_port())]
    port = free_port()
    with tempfile.TemporaryDirectory() as run:
        Path(run).chmod(0o755)
        proc = start_proxy(nginx, port, Path(run), [f"127.0.0.1:{a.port}" for a in apps])
        try:
            healthy(f"http://127.0.0.1:{port}", proc, timeout=20)
            yield f"http://127.0.0.1:{port}", apps
        finally:
            stop(proc)
            for a in apps:
                a.stop()


def test_new_browsers_are_spread_over_both_processes_and_each_stays_on_its_own(proxied):
    url, _ = proxied
    browsers = [Browser(url) for _ in range(4)]
    first = [b.get() for b in browsers]
    assert sorted(first) == ["app1", "app1", "app2", "app2"]
    for b, served in zip(browsers, first):
        assert b.route == served[-1]               # the cookie names the process that answered
        assert {b.get() for _ in range(6)} == {served}


def test_a_browser_follows_the_survivor_and_stays_there_when_its_process_comes_back(proxied):
    url, (app1, app2) = proxied
    browsers = [Browser(url) for _ in range(2)]
    on_1 = next(b for b in browsers if b.get() == "app1")
    app1.stop()
    assert on_1.get() == "app2"                    # retried on the other process within the request
    assert on_1.route == "2"
    app1.start()
    # nginx tries app 1 again once its fail_timeout is over: wait until a new browser lands there
    deadline = time.monotonic() + 20
    while Browser(url).get() != "app1":
        assert time.monotonic() < deadline, "app 1 never received a new browser after coming back"
        time.sleep(0.2)
    assert {on_1.get() for _ in range(6)} == {"app2"}


def test_with_both_processes_down_nginx_answers_502_and_recovers(proxied):
    url, apps = proxied
    for a in apps:
        a.stop()
    with pytest.raises(urllib.error.HTTPError) as err:
        Browser(url).get()
    assert err.value.code == 502
    apps[1].start()
    deadline = time.monotonic() + 20
    while True:
        try:
            assert Browser(url).get() == "app2"
            break
        except urllib.error.HTTPError:
            assert time.monotonic() < deadline, "nginx did not use app 2 again"
            time.sleep(0.2)
