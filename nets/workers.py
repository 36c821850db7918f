"""Worker processes for independent jobs: children (`activations.child.Child`) that call one function per request.

A child imports the function's module, says it is ready, then answers one request at a time until
the parent closes its pipes (the child then exits) or kills it.
"""
from __future__ import annotations

import pickle

from activations.child import Child, parent_pipes, resolve


class Worker(Child):
    """One child running `serve(function)`; `function` is "module:name" and must pickle its answers."""

    def __init__(self, function: str):
        super().__init__(f"from nets.workers import serve; serve({function!r})")
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


def serve(function: str) -> None:
    work = resolve(function)
    requests, replies = parent_pipes()
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
