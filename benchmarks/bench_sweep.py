"""Wall time of a 20-seed sweep on XOR (3 activations × 5 learning rates): one process against two workers.

The issue's figure: it finishes in under 60 s on this 2-core machine. The sweep is the
Training lab's defaults (300 points, noise 0.1, 30 % test, 2 × 16 units, Xavier, Adam,
300 full-batch epochs) over tanh, ReLU and sigmoid at learning rates 0.003 to 0.3: 300
training runs. `nets.sweep.Runner` with one worker (this process alone) and with two
(this process starts, two worker processes take over) run alternately; each round checks
that both give the same cells. CPU seconds (this process and its workers) are printed with
the wall time: wall time far above CPU time / cores means other processes had the cores.
"""
from __future__ import annotations

import os
import statistics
import time

import activations
from nets import HiddenActivation, TrainConfig, make_dataset
from nets.sweep import Runner, Sweep

ROUNDS = 2
KEYS = ("tanh", "relu", "sigmoid")
LEARNING_RATES = (0.003, 0.01, 0.03, 0.1, 0.3)
SEEDS = 20
LIMIT = 60.0


def xor_sweep() -> Sweep:
    data = make_dataset("xor", 300, 0.1, 0.3, 0)
    hidden = {k: HiddenActivation.of(activations.get(k)) for k in KEYS}
    return Sweep(data, hidden, LEARNING_RATES, [2], 16, "xavier", TrainConfig(epochs=300, optimizer="adam"),
                 range(SEEDS))


def timed(workers: int) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of this process and its workers, the cells' outcomes)."""
    sweep, cpu0, t0 = xor_sweep(), os.times(), time.perf_counter()
    with Runner(sweep, workers) as runner:
        while not sweep.finished:
            runner.advance(0.25)
    wall, cpu1 = time.perf_counter() - t0, os.times()
    cpu = sum(cpu1[:4]) - sum(cpu0[:4])  # user and system, ours and the workers' (they are waited for)
    return wall, cpu, {k: (o.test_score, o.diverged) for k, o in sweep.outcomes.items()}


def main() -> None:
    print(f"{SEEDS}-seed sweep on XOR, {len(KEYS)} activations × {len(LEARNING_RATES)} learning rates "
          f"({SEEDS * len(KEYS) * len(LEARNING_RATES)} runs of 300 epochs); {ROUNDS} alternating rounds; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    walls: dict[int, list[float]] = {1: [], 2: []}
    for r in range(ROUNDS):
        cells = []
        for workers in ((1, 2) if r % 2 == 0 else (2, 1)):
            wall, cpu, outcomes = timed(workers)
            walls[workers].append(wall)
            cells.append(outcomes)
            print(f"  round {r + 1}, {workers} worker{'s' if workers > 1 else ''}: {wall:6.1f} s wall, "
                  f"{cpu:6.1f} s CPU", flush=True)
        assert cells[0] == cells[1], "one process and two workers gave different cells"
    one, two = (statistics.median(walls[w]) for w in (1, 2))
    print(f"median wall time: 1 worker {one:.1f} s, 2 workers {two:.1f} s (1 / 2 = {one / two:.2f}x); "
          f"same cells either way; under {LIMIT:.0f} s with 2 workers: {'yes' if two < LIMIT else 'NO'}; "
          f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
