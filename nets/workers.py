"""Worker processes for independent jobs: `python -c` children that call one function per request.

Not multiprocessing: Streamlit runs each page as `__main__`, and spawn/forkserver would re-run
that page inside every worker (as for the formula engine's worker), while fork would copy a
server with many threads. A child imports the function's module, says it is ready, then answers
one request at a time over its stdin/stdout pipes until the parent closes them or kills it.
"""
from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])  # the directory that holds `nets`


class Worker:
    """One child process running `serve(function)`; `function` is "module:name" and must pickle its answers."""

    def __init__(self, function: str):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", f"from nets.workers import serve; serve({function!r})"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        self.requests = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.ready = False
        self.job = None  # the request it is working on

    def send(self, job) -> None:
        self.requests.send(job)
        self.job = job

    def receive(self):
        """The next message: "ready" once, then one answer per request (EOFError: the child died)."""
        message = self.replies.recv()
        if message == "ready":
            self.ready = True
        else:
            self.job = None
        return message

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.requests.close()
        self.replies.close()


def serve(function: str) -> None:
    module, _, name = function.partition(":")
    work = getattr(importlib.import_module(module), name)
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the reply stream
    replies.send("ready")
    while True:
        try:
            job = requests.recv()
        except (EOFError, OSError):
            return  # the parent went away
        replies.send(work(job))


def picklable(obj) -> bool:
    try:
        pickle.dumps(obj)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True
