"""`make replicas` (deploy/replicas.py) as a user runs it: started, an app process crashing, SIGTERM."""
from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import psutil

from deploy.replicas import ROOT, free_port


def launch(env: dict[str, str]) -> tuple[subprocess.Popen, queue.Queue]:
    proc = subprocess.Popen([sys.executable, "-m", "deploy.replicas"], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    lines.all = []   # every line, also those no wait_line read

    def read() -> None:
        for ln in proc.stdout:
            lines.all.append(ln)
            lines.put(ln)
    threading.Thread(target=read, daemon=True).start()
    return proc, lines


def wait_line(lines: queue.Queue, pattern: str, timeout: float = 90) -> re.Match:
    deadline, seen = time.monotonic() + timeout, []
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"no line matching {pattern!r} in {timeout} s; got {seen}") from None
        seen.append(line)
        if m := re.search(pattern, line):
            return m


def test_without_nginx_it_says_how_to_get_it_and_starts_nothing():
    proc, lines = launch({"NGINX": "/nonexistent/nginx"})
    assert proc.wait(timeout=30) == 2
    assert "apt-get install nginx" in wait_line(lines, "nginx is not installed").string


def test_it_serves_on_PORT_restarts_a_crashed_app_and_leaves_no_process_after_sigterm(nginx):
    port = free_port()
    proc, lines = launch({"PORT": str(port), "NGINX": nginx})
    try:
        app1 = int(wait_line(lines, r"app 1 \(pid (\d+)\)").group(1))
        wait_line(lines, f"Activation Lab on http://localhost:{port}")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.read() == b"ok"
        os.kill(app1, signal.SIGKILL)
        wait_line(lines, "app 1 .* exited with status -9.*restarting app 1")
        assert int(wait_line(lines, r"app 1 \(pid (\d+)\).*ok after").group(1)) != app1
        family = [proc.pid] + [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        assert len(family) >= 1 + 2 + 2   # this, two apps, nginx's master and worker
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        wait_line(lines, "^stopped")
        # no app process sends users to its own port: Streamlit's banner ("URL: http://...") is off
        assert not [ln for ln in lines.all if "You can now view" in ln or re.search(r"URL: ", ln)], lines.all
        alive = [p for p in family if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        assert alive == []
    finally:
        if proc.poll() is None:   # a failed step above: stop the launcher so it stops its children
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
