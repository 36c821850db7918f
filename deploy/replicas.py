"""`make replicas`: two app processes and nginx in front of them, in the foreground.

    python -m deploy.replicas [--port 8500]        (PORT= in the environment works too)

The app processes listen on free ports of 127.0.0.1, so they are reached only through nginx.
Each is checked on /_stcore/health before nginx starts (nginx itself only notices a dead process
when a request to it fails), and an app process that exits is reported and started again once
it is healthy (if it cannot be, everything stops with status 1). Ctrl-C or SIGTERM stops all of them. nginx's pid file, temporary files and
access log go to a temporary folder that is removed on exit. Nothing is installed: without
nginx this says how to get it and exits with status 2.
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf")
HEALTH = "/_stcore/health"
MISSING_NGINX = ("nginx is not installed. Install Debian's package (sudo apt-get install nginx) and run "
                 "make replicas again; it installs nothing itself.")


class Stop(Exception):
    """Raised by the SIGINT and SIGTERM handler so that leaving `Replicas` stops every child."""


def find_nginx() -> str | None:
    """The nginx binary: $NGINX, else nginx on the PATH or in /usr/sbin (not on a user's PATH)."""
    if "NGINX" in os.environ:
        return os.environ["NGINX"] if os.access(os.environ["NGINX"], os.X_OK) else None
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(template: str, **values: str) -> str:
    """Fill `${NAME}` as envsubst does with a list of names; nginx's own `$name` stays."""
    text = re.sub(r"\$\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    left = set(re.findall(r"\$\{(\w+)\}", text))
    if left:
        raise ValueError(f"no value for {sorted(left)}")
    return text


def healthy(base_url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> float:
    """Wait until `base_url` answers ok on /_stcore/health; return the seconds waited.
    Raises RuntimeError if `proc` exits first or the time runs out."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{base_url}: the process exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(base_url + HEALTH, timeout=2) as r:
                if r.read().strip() == b"ok":
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base_url}{HEALTH} did not answer ok in {timeout:.0f} s")


def start_app(port: int, env: dict[str, str], log) -> subprocess.Popen:
    # No "You can now view your Streamlit app ... URL: http://127.0.0.1:<port>" per process: that
    # address skips nginx. The launcher prints the one to use; warnings and errors still show.
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--logger.hideWelcomeMessage", "true"]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def start_proxy(nginx: str, port: int, run_dir: Path, apps: list[str]) -> subprocess.Popen:
    """nginx in the foreground on `port` in front of the two `host:port` of `apps`, its files in `run_dir`."""
    conf = run_dir / "nginx.conf"
    conf.write_text(render(TEMPLATE.read_text(), PORT=str(port), RUN=str(run_dir), APP_1=apps[0], APP_2=apps[1]))
    return subprocess.Popen([nginx, "-e", "stderr", "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
                            start_new_session=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the process and everything it started (its own process group), then reap it."""
    _signal_group(proc, sig)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _signal_group(proc, signal.SIGKILL)
        proc.wait()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)   # the group outlives its leader while a child of it runs
    except ProcessLookupError:
        pass


class Replicas:
    """Two app processes and nginx on `port`; a context manager that stops all on exit."""

    def __init__(self, port: int, nginx: str, say=print, app_log=None):
        self.port, self.nginx, self.say = port, nginx, say
        self.run_dir = Path(tempfile.mkdtemp(prefix="activation-lab-replicas-"))
        self.run_dir.chmod(0o755)   # nginx's workers may run as another user and write temp files here
        # One cookie secret for both: anything Streamlit signs in one process must verify in the other.
        self.env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        self.app_ports = [free_port(), free_port()]
        self.app_log = app_log
        self.apps: list[subprocess.Popen | None] = [None, None]
        self.proxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[i]}"

    def __enter__(self) -> Replicas:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        self.apps = [start_app(p, self.env, self.app_log) for p in self.app_ports]
        for i in range(2):
            self.wait_app(i)
        self.proxy = start_proxy(self.nginx, self.port, self.run_dir, [f"127.0.0.1:{p}" for p in self.app_ports])
        healthy(self.url, self.proxy, timeout=20)
        self.say(f"nginx (pid {self.proxy.pid}) on {self.url} -> app 1 and app 2, sticky by cookie")

    def wait_app(self, i: int) -> None:
        waited = healthy(self.app_url(i), self.apps[i])
        self.say(f"app {i + 1} (pid {self.apps[i].pid}) on {self.app_url(i)}: {HEALTH} ok after {waited:.1f} s")

    def kill(self, i: int) -> None:
        """SIGKILL app i, as a crash would; nginx finds out from the next request that fails."""
        stop(self.apps[i], signal.SIGKILL)

    def restart(self, i: int) -> None:
        """Start app i again on its port and wait for its health."""
        self.apps[i] = start_app(self.app_ports[i], self.env, self.app_log)
        self.wait_app(i)

    def supervise(self, poll: float = 0.5) -> int:
        """Restart app processes that exit; return nginx's status if it exits."""
        while True:
            if self.proxy.poll() is not None:
                self.say(f"nginx exited with status {self.proxy.returncode}; stopping")
                return self.proxy.returncode or 1
            for i, proc in enumerate(self.apps):
                if proc.poll() is not None:
                    self.say(f"app {i + 1} (pid {proc.pid}) exited with status {proc.returncode}; "
                             f"nginx sends its browsers to app {2 - i}; restarting app {i + 1}")
                    self.restart(i)
            time.sleep(poll)

    def close(self) -> None:
        # nginx first, so no request reaches an app that is going away.
        for proc in [self.proxy, *self.apps]:
            if proc is not None:
                stop(proc)
        shutil.rmtree(self.run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8500))
    args = ap.parse_args(argv)
    nginx = find_nginx()
    if nginx is None:
        print(MISSING_NGINX, file=sys.stderr)
        return 2

    def on_signal(signum, frame):
        # Once: a second Ctrl-C must not cut the stopping of the children short.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        raise Stop

    # Children run in their own process groups, so a terminal's Ctrl-C reaches only this process,
    # which stops nginx before the apps.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    say = lambda text: print(text, flush=True)
    try:
        with Replicas(args.port, nginx, say=say) as replicas:
            say(f"Activation Lab on http://localhost:{args.port} (Ctrl-C stops all)")
            return replicas.supervise()
    except Stop:
        say("stopped")
        return 0
    except RuntimeError as e:
        print(f"replicas: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
