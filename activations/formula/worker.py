"""The worker process that differentiates and simplifies one accepted formula.

Started as `python -c` (an `activations.child.Child`, see `derive`), not through
multiprocessing. Importing this module imports SymPy, so a spare worker is warm
before its request arrives. Requests come only from our own parent process over stdin.
"""
from __future__ import annotations

from ..child import parent_pipes, resolve
from .derive import work


def main() -> None:
    requests, replies = parent_pipes()
    replies.send(("ready", None))  # imports done: the parent's clock may start
    while True:
        try:
            text, steps = requests.recv()
        except (EOFError, OSError):
            return  # the parent went away
        work(text, replies, resolve(steps))
