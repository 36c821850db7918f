"""The worker process that differentiates and simplifies one accepted formula.

Started as `python -c` (see `derive`), not through multiprocessing:
Streamlit runs each page with its own `__main__` module, and multiprocessing's
spawn/forkserver would re-run that page inside the worker. Importing this
module imports SymPy, so a spare worker is warm before its request arrives.
Requests come only from our own parent process over stdin.
"""
from __future__ import annotations

import importlib
import os
from multiprocessing.connection import Connection

from .derive import work


def _resolve(ref: str):
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def main() -> None:
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the reply stream
    replies.send(("ready", None))  # imports done: the parent's clock may start
    while True:
        try:
            text, steps = requests.recv()
        except (EOFError, OSError):
            return  # the parent went away
        work(text, replies, _resolve(steps))
