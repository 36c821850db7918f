"""Capacity of one app process, measured at the protocol (benchmarks.load_driver; no browser).

For each kind of load the number of concurrently active sessions doubles (1, 2, 4, ...) until
p95 latency passes 250 ms; the knee is the largest count that stayed within it:
  (a) the Explorer's default view, commits of a parameter slider;
  (b) the live control: a frames request on hover, then the commit on release;
  (c) (a) while another session trains on the Training lab.
Also: memory per idle session (sessions opened and left alone) and per active one, the server's
CPU time per answered request, and one session alone as the baseline of the same run.
`LOAD_STEP_SECONDS` (15) and `LOAD_MAX_SESSIONS` (64) bound it.
"""
from __future__ import annotations

import asyncio
import os

import psutil

from benchmarks.load_driver import Server, Step, idle_memory, run_step

STEP_SECONDS = float(os.environ.get("LOAD_STEP_SECONDS", 15))
MAX_SESSIONS = int(os.environ.get("LOAD_MAX_SESSIONS", 64))
P95_LIMIT_S = 0.250
IDLE_SESSIONS = 10
KINDS = {"(a) Explorer default view": {}, "(b) live control, frames and commits": {"live": True},
         "(c) (a) beside a Training-lab run": {"training": True}}


async def knee(server: Server, label: str, **kind) -> tuple[int, list[Step]]:
    steps, good, n = [], 0, 1
    while n <= MAX_SESSIONS:
        step = await run_step(server, n, STEP_SECONDS, seed=n, **kind)
        steps.append(step)
        print("  " + step.describe(f"{label}, {n}"), flush=True)
        clean = not (step.problems("errors") or step.problems("wrong") or step.problems("lost"))
        if not (clean and step.p(0.95) <= P95_LIMIT_S):
            break
        good, n = n, n * 2
    return good, steps


async def measure() -> None:
    print(f"machine: {psutil.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with Server() as server:
        await run_step(server, 1, 3)   # warm the caches and imports: not measured
        alone = await run_step(server, 1, STEP_SECONDS)
        print(alone.describe("baseline, one session alone"))
        idle = await idle_memory(server, IDLE_SESSIONS)
        print(f"memory: {idle / 2**20:.2f} MB of server RSS per idle session ({IDLE_SESSIONS} opened and left)")
        for label, kind in KINDS.items():
            good, steps = await knee(server, label, **kind)
            last = steps[-1]
            where = (f"{good} sessions" if good else "below one session") + (
                "" if last.sessions == good else f" (at {last.sessions}: p95 {last.p(0.95) * 1000:.0f} ms, "
                f"{last.p(0.95) / alone.p(0.95):.1f}x the baseline's)")
            print(f"knee {label}: {where}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def main() -> None:
    asyncio.run(measure())


if __name__ == "__main__":
    main()
