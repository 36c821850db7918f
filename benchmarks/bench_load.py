"""Capacity of one app process, measured at the protocol (benchmarks.load_driver; no browser).

For each kind of load the number of concurrently active sessions doubles (1, 2, 4, ...) until
p95 latency passes 250 ms (or an answer is wrong, lost or an error); the knee is the most
sessions a step held within it:
  (a) the Explorer's default view, commits of a parameter slider;
  (b) the live control: a frames request on hover, then the commit on release;
  (c) (a) while another session trains on the Training lab.
Also: memory per idle session (sessions opened and left alone) and per active one, the server's
CPU time per run, one session alone as the baseline of the same run, and the ceiling: 4 and 8
sessions committing again as soon as they are answered (runs a second, and the server's cores).

`LOAD_BASELINE=<git revision>` serves that revision's app beside this one and runs every step on
both, alternating which goes first, so that before and after meet the same machine load.
`LOAD_REPLICAS=1` adds this tree as `make replicas` runs it (two processes behind nginx): one
process runs Python on one core at a time, so its knee is where bursts of runs fill that core.
`LOAD_STEP_SECONDS` (15) and `LOAD_MAX_SESSIONS` (64) bound it; `LOAD_MIN_SESSIONS` (4) is how far
the ramp goes even when p95 passed the limit earlier (a shared machine's load can do that alone).
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

import psutil

from benchmarks.load_driver import ROOT, Replicated, Server, ceiling, idle_memory, run_step

STEP_SECONDS = float(os.environ.get("LOAD_STEP_SECONDS", 15))
MAX_SESSIONS = int(os.environ.get("LOAD_MAX_SESSIONS", 64))
MIN_SESSIONS = int(os.environ.get("LOAD_MIN_SESSIONS", 4))   # the ramp goes this far even past the limit
BASELINE = os.environ.get("LOAD_BASELINE", "")
REPLICAS = os.environ.get("LOAD_REPLICAS", "") not in ("", "0")
P95_LIMIT_S = 0.250
CEILING_SESSIONS = (4, 8)
IDLE_SESSIONS = 10
KINDS = {"(a) Explorer default view": {}, "(b) live control, frames and commits": {"live": True},
         "(c) (a) beside a Training-lab run": {"training": True}}


def export_tree(rev: str, into: str) -> Path:
    """The app as it was at `rev`, in a directory of its own (no worktree: `git archive`)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return Path(into)


async def knees(servers: dict[str, Server], label: str, **kind) -> dict[str, int]:
    """Double the sessions until each server's p95 passes the limit (but go to MIN_SESSIONS
    anyway: on a shared machine one noisy step can pass it alone); the most sessions a step held
    within it. Also prints the CPU ceiling."""
    good, going, n, turn = dict.fromkeys(servers, 0), list(servers), 1, 0
    cores = {}   # server -> CPU per active session, at the most sessions it ran cleanly
    while going and n <= MAX_SESSIONS:
        for name in (list(going) if turn % 2 == 0 else going[::-1]):
            step = await run_step(servers[name], n, STEP_SECONDS, seed=n, **kind)
            print(f"  [{name}] " + step.describe(f"{label}, {n}"), flush=True)
            clean = not (step.problems("errors") or step.problems("wrong") or step.problems("lost"))
            if clean:
                cores[name] = step.cpu_s / step.seconds / n
            if clean and step.p(0.95) <= P95_LIMIT_S:
                good[name] = n
            elif not clean or n >= MIN_SESSIONS:
                going.remove(name)
        n, turn = n * 2, turn + 1
    for name, c in cores.items():   # one process runs Python on one core at a time (the GIL)
        print(f"  [{name}] server CPU {c:.3f} cores per active session: one core is used up at "
              f"about {1 / c:.0f} active sessions (derived, not a latency measurement)")
    return good


async def measure(servers: dict[str, Server]) -> None:
    for server in servers.values():
        await run_step(server, 1, 3)   # warm the caches and imports: not measured
    for name, server in servers.items():
        alone = await run_step(server, 1, STEP_SECONDS)
        print(f"[{name}] " + alone.describe("baseline, one session alone"))
        idle = await idle_memory(server, IDLE_SESSIONS)
        print(f"[{name}] memory: {idle / 2**20:.2f} MB of server RSS per idle session "
              f"({IDLE_SESSIONS} opened and left)")
    for n in CEILING_SESSIONS:   # no pauses: what the server gives when every session waits on it
        for name, server in servers.items():
            rate, cores, p50, p95 = await ceiling(server, n, STEP_SECONDS)
            print(f"[{name}] ceiling, {n} sessions committing as soon as answered: {rate:.1f} runs/s, "
                  f"server CPU {cores:.2f} cores, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms", flush=True)
    for label, kind in KINDS.items():
        found = await knees(servers, label, **kind)
        print(f"knee {label} (p95 <= {P95_LIMIT_S * 1000:.0f} ms): "
              + ", ".join(f"[{name}] " + (f"{n} session{'s' * (n > 1)}" if n else "below one session")
                          for name, n in found.items()), flush=True)


def main() -> None:
    print(f"machine: {psutil.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with ExitStack() as stack:
        servers = {}
        if BASELINE:
            tree = export_tree(BASELINE, stack.enter_context(tempfile.TemporaryDirectory(prefix="load-baseline-")))
            servers[f"before: {BASELINE}"] = stack.enter_context(Server(tree))
        servers["this tree" if BASELINE or REPLICAS else "app"] = stack.enter_context(Server())
        if REPLICAS:
            servers["two processes behind nginx"] = stack.enter_context(Replicated())
        asyncio.run(measure(servers))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
