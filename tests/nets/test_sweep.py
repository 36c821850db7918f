"""Sweeps: the grid of cells, fair starts, the same results in one process or several, stopping, divergence."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import activations
from activations import Activation
from nets import MLP, Candidate, Comparison, HiddenActivation, NetError, TrainConfig, make_dataset
from nets import sweep as sweep_module
from nets.sweep import Cell, Runner, Sweep

DATA = make_dataset("xor", n=120, noise=0.1, seed=0)
CONFIG = TrainConfig(epochs=40, optimizer="adam")


def hidden(*keys: str) -> dict[str, HiddenActivation]:
    return {k: HiddenActivation.of(activations.get(k)) for k in keys}


def small(seeds=(0, 1), lrs=(0.01, 0.1), depths=(1, 2), keys=("tanh", "relu"), data=DATA, config=CONFIG) -> Sweep:
    return Sweep(data, hidden(*keys), lrs, depths, 6, "xavier", config, list(seeds))


def run(sweep: Sweep, workers: int, helping: bool = True) -> Runner:
    with Runner(sweep, workers, helping) as runner:
        while not sweep.finished:
            runner.advance(0.1)
    return runner


def scores(sweep: Sweep) -> dict:
    return {key: (o.test_score, o.diverged, o.epochs) for key, o in sweep.outcomes.items()}


def test_cells_cover_every_depth_activation_and_learning_rate_once_per_seed():
    sweep = small(seeds=(3, 4, 5), lrs=(0.1, 0.01), depths=(2, 1))
    assert sweep.lrs == [0.01, 0.1] and sweep.depths == [1, 2]
    assert [(c.depth, c.key, c.lr) for c in sweep.cells] == [
        (d, k, lr) for d in (1, 2) for k in ("tanh", "relu") for lr in (0.01, 0.1)]
    assert len(sweep.jobs) == len(sweep.cells) * 3
    assert {(j.cell, j.seed) for j in sweep.jobs} == {(c, s) for c in sweep.cells for s in (3, 4, 5)}
    for job in sweep.jobs:
        assert job.config.lr == job.cell.lr and job.config.seed == job.seed
        assert job.config.epochs == CONFIG.epochs and job.config.optimizer == CONFIG.optimizer
        assert job.trainer().model.sizes == [2, *[6] * job.cell.depth, 1]
    assert sweep.jobs[0].cell == sweep.jobs[2].cell != sweep.jobs[3].cell  # a cell's seeds come together


def test_every_activation_starts_from_the_seeds_weights():
    sweep = small(keys=("tanh", "sigmoid"), depths=(2,))
    for seed in sweep.seeds:
        starts = [job.trainer().model for job in sweep.jobs if job.seed == seed]
        expected = MLP.for_data(DATA, [6, 6], [sweep.hidden["tanh"]] * 2, "xavier", seed)
        for model in starts:
            for got, want in zip(model.parameters(), expected.parameters()):
                np.testing.assert_array_equal(got, want)


def test_a_cell_scores_what_the_comparison_scores_for_the_same_settings():
    sweep = small(lrs=(0.03,), depths=(2,))
    run(sweep, workers=1)
    cands = [Candidate(k, k, (h, h)) for k, h in sweep.hidden.items()]
    comp = Comparison(DATA, cands, [6, 6], "xavier", TrainConfig(epochs=40, lr=0.03, optimizer="adam"), sweep.seeds)
    while not comp.finished:
        comp.step(40)
    for cand in cands:
        result = sweep.result(Cell(cand.key, 0.03, 2))
        finals = [comp.runs[cand.key, s].history.test_score[-1] for s in sweep.seeds]
        assert result.runs == 2 and result.diverged == 0
        assert result.score == pytest.approx(np.mean(finals), abs=1e-12)
        assert result.sd == pytest.approx(np.std(finals), abs=1e-12)


def test_worker_processes_give_the_same_cells_as_one_process(monkeypatch):
    alone, workers, both = (small(seeds=(0, 1, 2)) for _ in range(3))
    run(alone, workers=1)
    runner = run(workers, workers=2, helping=False)
    assert runner.started == 2 and runner.local_epochs == 0  # the workers trained all of it
    assert scores(workers) == scores(alone)
    monkeypatch.setattr(sweep_module, "WORKER_AFTER_SECONDS", 0.0)  # start them after one chunk, however small
    runner = run(both, workers=2)
    assert runner.started == 2 and runner.local_epochs > 0
    assert scores(both) == scores(alone)


def test_leaving_the_runner_stops_its_workers_and_keeps_finished_cells(monkeypatch):
    monkeypatch.setattr(sweep_module, "WORKER_AFTER_SECONDS", 0.0)
    sweep = small(seeds=range(3), config=TrainConfig(epochs=150, optimizer="adam"))
    with Runner(sweep, 2) as runner:
        while len(sweep.outcomes) < 3:
            runner.advance(0.1)
        workers = list(runner.pool)
    assert workers and all(w.proc.poll() is not None for w in workers)  # killed, not left running
    assert 3 <= len(sweep.outcomes) < len(sweep.jobs) and not sweep.finished
    finished = scores(sweep)
    run(sweep, workers=1)  # the rest, later: the partial cells were already the final ones
    assert {k: v for k, v in scores(sweep).items() if k in finished} == finished
    reference = small(seeds=range(3), config=TrainConfig(epochs=150, optimizer="adam"))
    run(reference, workers=1)
    assert scores(sweep) == scores(reference)


def test_a_stopped_sweep_has_whole_cells_first_and_untouched_ones_empty():
    sweep = small(seeds=range(3), config=TrainConfig(epochs=200, optimizer="adam"))
    with Runner(sweep, 1) as runner:
        while len(sweep.outcomes) < 4:
            runner.advance(0.05)
    results = [sweep.result(c) for c in sweep.cells]
    assert results[0].runs == 3 and np.isfinite(results[0].score)
    assert results[-1].runs == 0 and np.isnan(results[-1].score)
    assert sweep.progress == len(sweep.outcomes) / len(sweep.jobs) < 1


def test_a_dead_worker_hands_its_job_back():
    sweep = small(seeds=range(3), config=TrainConfig(epochs=150, optimizer="adam"))
    with Runner(sweep, 2, helping=False) as runner:  # the workers train it all, so one is busy to be killed
        while not any(w.job is not None for w in runner.pool):
            runner.advance(0.05)
        next(w for w in runner.pool if w.job is not None).proc.kill()
        while not sweep.finished:
            runner.advance(0.1)
        assert len(runner.pool) == 1
    reference = small(seeds=range(3), config=TrainConfig(epochs=150, optimizer="adam"))
    run(reference, workers=1)
    assert scores(sweep) == scores(reference)


def test_a_huge_learning_rate_diverges_and_the_cell_says_so():
    data = make_dataset("poly", n=100, noise=0.1, seed=0)
    sweep = small(lrs=(0.001, 50.0), depths=(2,), keys=("tanh",), data=data,
                  config=TrainConfig(epochs=50, optimizer="sgd"))
    run(sweep, workers=1)
    calm, wild = (sweep.result(Cell("tanh", lr, 2)) for lr in (0.001, 50.0))
    assert calm.diverged == 0 and np.isfinite(calm.score)
    assert wild.diverged == wild.runs == 2 and np.isnan(wild.score)
    assert all(sweep.outcomes[Cell("tanh", 50.0, 2), s].epochs < 50 for s in sweep.seeds)  # stopped early


def test_a_typed_formula_is_swept_in_this_process(monkeypatch):
    monkeypatch.setattr(sweep_module, "WORKER_AFTER_SECONDS", 0.0)
    square = Activation(key="square", label="Square", family="Your own", fn=lambda x: x * x,
                        dfn=lambda x: 2 * x, latex="x^2", dlatex="2x")
    sweep = Sweep(DATA, {"square": HiddenActivation.of(square), **hidden("tanh")}, [0.01], [1], 4, "xavier",
                  CONFIG, [0, 1])
    runner = run(sweep, workers=2)
    assert runner.started == 0 and sweep.finished


def test_registry_activations_cross_to_a_process_by_key():
    act = activations.get("leaky_relu")
    assert pickle.loads(pickle.dumps(act)) is act
    h = HiddenActivation.of(act, k=0.2)
    again = pickle.loads(pickle.dumps(h))
    assert again.act is act and again.params == {"k": 0.2}


def test_an_empty_choice_is_refused():
    with pytest.raises(NetError):
        small(lrs=())
    with pytest.raises(NetError):
        small(seeds=())
    with pytest.raises(NetError):
        Sweep(DATA, {}, [0.1], [1], 4, "xavier", CONFIG, [0])


def test_a_worker_whose_parent_goes_away_exits():
    from nets.workers import Worker

    worker = Worker("nets.sweep:run_job")
    assert worker.receive() == "ready"
    worker.requests.close()  # what the parent's death does to the pipe
    assert worker.proc.wait(timeout=60) == 0
    worker.replies.close()
