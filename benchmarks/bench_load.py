"""Many users: 20 browser sessions moving Explorer sliders for 60 s against one local server.

Baseline in the same run: one session alone for 20 s. Reports p95 key-press-to-redraw
latency under load against that baseline, errors, lost updates (each session's final
chart against its final slider values) and the server's RSS over time.
`LOAD_SESSIONS` / `LOAD_SECONDS` shrink it on a busy machine.
"""
from __future__ import annotations

import os

from benchmarks.load_driver import describe, run_load

SESSIONS = int(os.environ.get("LOAD_SESSIONS", 20))
SECONDS = float(os.environ.get("LOAD_SECONDS", 60))
BASELINE_SECONDS = 20.0


def main() -> None:
    (alone, crowd), rss, marks = run_load([(1, BASELINE_SECONDS), (SESSIONS, SECONDS)])
    print(describe(alone, "baseline, one session"))
    print(describe(crowd, "under load"))
    ratio = crowd.p(0.95) / alone.p(0.95)
    print(f"p95 latency under load / alone: {ratio:.1f}x; "
          f"p50: {crowd.p(0.5) / alone.p(0.5):.1f}x")
    mb = [(t, r / 2**20) for t, r in rss.samples]
    at = lambda t0: min(mb, key=lambda s: abs(s[0] - t0))[1]
    load = [r for t, r in mb if marks[1] <= t <= marks[2]]
    print(f"server RSS: {at(marks[0]):.0f} MB at start, {at(marks[1]):.0f} MB after the baseline, "
          f"peak {max(load):.0f} MB under load, {mb[-1][1]:.0f} MB at the end")
    step = max(1, len(mb) // 12)
    print("RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {r:.0f}" for t, r in mb[::step]))
    for label, run in (("baseline", alone), ("load", crowd)):
        for problem in (run.errors + run.lost)[:10]:
            print(f"  {label}: {problem}")


if __name__ == "__main__":
    main()
