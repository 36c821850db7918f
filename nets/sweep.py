"""Activation × learning rate (× depth) sweeps: which settings converge, over several seeds.

A sweep is a grid of cells, each trained once per seed: the same data, width, initial weights
(per seed) and training settings as the page's comparison, scored by the final test score.
Its jobs (a cell and a seed) are independent, so a `Runner` hands them to worker processes
(two on this 2-core machine) and trains in this process only while they start. A job's outcome
depends on the job alone, so the grid is the same whichever process trained it.
"""
from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import wait

import numpy as np

from .compare import _last
from .datasets import Dataset
from .layers import HiddenActivation, NetError
from .mlp import MLP, TrainConfig, Trainer
from .workers import Worker, picklable

WORKERS = min(2, os.cpu_count() or 1)
WORKER_AFTER_SECONDS = 2.0  # start workers only for more local work than this: a cold one takes about 2 s
CHUNK_EPOCHS = 20  # epochs trained in this process between looks at the clock


@dataclass(frozen=True)
class Cell:
    key: str  # the activation
    lr: float
    depth: int  # hidden layers


@dataclass(frozen=True)
class Job:
    """One training run, everything a worker process needs (the activation pickles as its registry key)."""

    cell: Cell
    seed: int
    data: Dataset
    hidden: HiddenActivation
    width: int
    init: str
    config: TrainConfig  # with the cell's learning rate and the seed's batch order

    def trainer(self) -> Trainer:
        depth = self.cell.depth
        model = MLP.for_data(self.data, [self.width] * depth, [self.hidden] * depth, self.init, self.seed)
        return Trainer(model, self.data, self.config)


@dataclass(frozen=True)
class Outcome:
    test_score: float  # NaN when the run diverged
    diverged: bool
    epochs: int

    @classmethod
    def of(cls, trainer: Trainer) -> Outcome:
        return cls(_last(trainer, "test_score"), trainer.status == "diverged", trainer.epoch)


def run_job(job: Job) -> tuple[Job, Outcome]:
    """Train one job to the end (what a worker process does with each request)."""
    return job, Outcome.of(job.trainer().run(eval_every=job.config.epochs))


@dataclass(frozen=True)
class CellResult:
    runs: int  # seeds trained so far
    diverged: int  # of those, how many diverged
    score: float  # mean final test score of the runs that did not diverge; NaN if none
    sd: float


class Sweep:
    def __init__(self, data: Dataset, hidden: dict[str, HiddenActivation], lrs: Sequence[float],
                 depths: Sequence[int], width: int, init: str, config: TrainConfig, seeds: Sequence[int]):
        if not hidden:
            raise NetError("no_candidates", "choose at least one activation to train")
        if not seeds:
            raise NetError("no_seeds", "give at least one seed")
        if not lrs or not depths:
            raise NetError("empty_sweep", "choose at least one learning rate and one depth")
        self.data, self.hidden, self.width, self.init = data, dict(hidden), int(width), init
        self.lrs, self.depths, self.seeds = sorted(map(float, lrs)), sorted(map(int, depths)), list(seeds)
        # Cells in reading order (depth, activation, learning rate); all seeds of a cell before the
        # next cell, so a stopped sweep shows whole cells.
        self.cells = [Cell(k, lr, d) for d in self.depths for k in self.hidden for lr in self.lrs]
        shipped = replace(data, target=None)  # the noiseless curve is for drawing, and may not pickle
        self.jobs = [Job(cell, seed, shipped, self.hidden[cell.key], self.width, init,
                         replace(config, lr=cell.lr, seed=seed)) for cell in self.cells for seed in self.seeds]
        self.outcomes: dict[tuple[Cell, int], Outcome] = {}

    def record(self, job: Job, outcome: Outcome) -> None:
        self.outcomes[job.cell, job.seed] = outcome

    def pending(self) -> list[Job]:
        return [job for job in self.jobs if (job.cell, job.seed) not in self.outcomes]

    @property
    def progress(self) -> float:
        return len(self.outcomes) / len(self.jobs)

    @property
    def finished(self) -> bool:
        return len(self.outcomes) == len(self.jobs)

    def result(self, cell: Cell) -> CellResult:
        outcomes = [self.outcomes[cell, s] for s in self.seeds if (cell, s) in self.outcomes]
        scores = np.array([o.test_score for o in outcomes if not o.diverged])
        return CellResult(len(outcomes), sum(o.diverged for o in outcomes),
                          float(scores.mean()) if len(scores) else float("nan"),
                          float(scores.std()) if len(scores) else float("nan"))


class Runner:
    """Trains a sweep's pending jobs, a little at a time, so a page can redraw and be interrupted.

    Use as a context manager: leaving it (at the end, on a Stop, on an error) kills the worker
    processes, and jobs they had not finished stay pending. With `workers` > 1 this process trains
    alone at first (`helping`), starts the workers once its own pace says the rest takes longer than
    WORKER_AFTER_SECONDS, and hands them every job it has not begun. Without `helping` the workers
    start at once and do all the training, unless they cannot start.
    """

    def __init__(self, sweep: Sweep, workers: int = WORKERS, helping: bool = True):
        self.sweep, self.max_workers, self.helping = sweep, workers, helping
        self.queue = deque(sweep.pending())
        self.pool: list[Worker] = []
        self.started = 0  # worker processes started
        self.local: Trainer | None = None  # the job this process is training, and its trainer
        self.local_job: Job | None = None
        self.local_seconds, self.local_epochs = 0.0, 0

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.pool:
            worker.stop()
        self.pool = []

    def advance(self, seconds: float = 0.25) -> None:
        """Work for about `seconds` (one local chunk at least), or until the sweep is done."""
        deadline = time.monotonic() + seconds
        while not self.sweep.finished:
            self._maybe_start_workers()
            self._collect(0.0)
            self._feed()
            waiting = any(w.ready for w in self.pool) or (self.pool and not self.helping)
            if self.local is not None or (self.queue and not waiting):
                self._train_locally()
            else:
                self._collect(max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                return

    def _train_locally(self) -> None:
        if self.local is None:
            self.local_job = self.queue.popleft()
            self.local = self.local_job.trainer()
        t0, before = time.perf_counter(), self.local.epoch
        self.local.run(CHUNK_EPOCHS, eval_every=self.local.config.epochs)
        self.local_seconds += time.perf_counter() - t0
        self.local_epochs += max(1, self.local.epoch - before)
        if self.local.finished:
            self.sweep.record(self.local_job, Outcome.of(self.local))
            self.local = self.local_job = None

    def _maybe_start_workers(self) -> None:
        if self.pool or self.max_workers < 2 or not self.queue:
            return
        if self.helping:
            if not self.local_epochs:
                return
            left = sum(job.config.epochs for job in self.queue) * self.local_seconds / self.local_epochs
            if left < WORKER_AFTER_SECONDS:
                return
        if not picklable(self.queue[0]):  # a typed formula's functions stay in this process
            self.max_workers = 1
            return
        try:
            for _ in range(self.max_workers):
                self.pool.append(Worker("nets.sweep:run_job"))
                self.started += 1
        except OSError:  # no processes allowed here: carry on alone
            self.close()
            self.max_workers = 1

    def _feed(self) -> None:
        for worker in self.pool:
            if worker.ready and worker.job is None and self.queue:
                job = self.queue.popleft()
                try:
                    worker.send(job)
                except OSError:  # it died since it last answered; _collect will find out
                    self.queue.appendleft(job)

    def _collect(self, timeout: float) -> None:
        """Read every message the workers have sent within `timeout` seconds."""
        if not self.pool:
            return
        by_conn = {w.replies: w for w in self.pool}
        for conn in wait(list(by_conn), timeout):
            worker = by_conn[conn]
            try:
                message = worker.receive()
            except (EOFError, OSError):  # it died: its job goes back to the front of the queue
                if worker.job is not None:
                    self.queue.appendleft(worker.job)
                worker.stop()
                self.pool.remove(worker)
                self.max_workers = len(self.pool)  # no restarts: what killed it may kill the next
                continue
            if message != "ready":
                self.sweep.record(*message)
