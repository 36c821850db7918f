"""A Python child process that answers its parent's requests over its stdin/stdout pipes.

The formula engine's worker (derive f′ under a time limit) and the Training lab's sweep workers
(`nets.workers`) are such children. Started as `python -c`, not through multiprocessing:
Streamlit runs each page as `__main__`, and spawn/forkserver would re-run that page inside the
child, while fork would copy a server with many threads. Standard library only.
"""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])  # the directory that holds `activations` (and `nets`)


class Child:
    """`python -c code` run from ROOT, with `requests` (to it) and `replies` (from it) as Connections."""

    def __init__(self, code: str):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        self.requests = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.requests.close()
        self.replies.close()


def parent_pipes() -> tuple[Connection, Connection]:
    """In the child: (requests, replies). Its stdout then goes to stderr, so a stray print cannot
    corrupt the replies."""
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    return requests, replies


def resolve(ref: str):
    """"module:name" -> that object: how a parent names the function its child is to run."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)
